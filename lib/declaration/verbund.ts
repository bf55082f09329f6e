import { z } from "zod";
import { nameText } from "./text";

/** German Azure regions: where everything that runs or holds data must be. */
export const GERMAN_REGIONS = ["germanywestcentral", "germanynorth"] as const;
/**
 * EU regions that host Azure Virtual Desktop service objects (host pools, application groups,
 * workspaces, scaling plans): AVD has no German location for them.
 */
export const AVD_EU_REGIONS = ["westeurope", "northeurope"] as const;

/**
 * Placeholder GUIDs start with four all-zero groups. They stand in for subscriptions and tenants whose
 * real ids are not yet known; every synth warns about them.
 */
/** Azure's region pairs: where geo-redundant storage keeps its second copy. */
export const REGION_PAIRS: Readonly<Record<(typeof GERMAN_REGIONS)[number], (typeof GERMAN_REGIONS)[number]>> = {
  germanywestcentral: "germanynorth",
  germanynorth: "germanywestcentral",
};

export const PLACEHOLDER_GUID_PREFIX = "00000000-0000-0000-0000-";

/** Whether a GUID is one of the placeholders (see PLACEHOLDER_GUID_PREFIX). */
export function isPlaceholderGuid(guid: string): boolean {
  return guid.toLowerCase().startsWith(PLACEHOLDER_GUID_PREFIX);
}

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const marketplaceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "must be a Marketplace image name (letters, digits, . _ -)" });
const guid = z.guid({ error: (iss) => `must be a GUID (got ${JSON.stringify(iss.input)})` });
const azureName = (max: number) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._()-]*$/, { error: "must be an Azure resource name (letters, digits, . _ - ( ))" }).max(max);

/** The schema of the Verbund config (`verbund.ts`): hub, address pool, regions, state backend, Entra tenant. */
export const verbundSchema = z.strictObject({
  /** Human name of the Verbund, e.g. "Kommunalservice Mecklenburg AöR". */
  name: nameText,
  /** The Land's two-digit key (Länderschlüssel, "13" for Mecklenburg-Vorpommern): every AGS and key starts with it. */
  landKey: z.string().regex(/^(0[1-9]|1[0-6])$/, { error: (iss) => `must be a Land's two-digit key 01–16, e.g. "13" for Mecklenburg-Vorpommern (got ${JSON.stringify(iss.input)})` }),
  /** The year the Verbund was founded: no Träger joined before it. */
  founded: z.number({ error: "must be a year" }).int({ error: "must be a year" }).min(1990, { error: "must be a year from 1990" }).max(2100, { error: "must be a year before 2100" }),
  /** Short lowercase name used in tags and as the seed of globally unique names. */
  shortName: z.string().regex(/^[a-z][a-z0-9]{1,7}$/, { error: "must be 2–8 lowercase letters or digits, starting with a letter" }),
  /** The one Entra ID tenant all Träger live in. */
  entraTenantId: guid,
  regions: z.strictObject({
    primary: z.enum(GERMAN_REGIONS, { error: `must be a German region: ${GERMAN_REGIONS.join(" | ")}` }),
    paired: z.enum(GERMAN_REGIONS, { error: `must be a German region: ${GERMAN_REGIONS.join(" | ")}` }),
    avd: z.enum(AVD_EU_REGIONS, { error: `must be an EU region that hosts AVD service objects: ${AVD_EU_REGIONS.join(" | ")}` }),
  }),
  /** The block every Träger's address space is carved from. */
  addressPool: z.string(),
  hub: z.strictObject({
    subscriptionId: guid,
    resourceGroupName: azureName(90),
    virtualNetworkName: azureName(64),
    addressSpace: z.string(),
    firewallPrivateIp: z.string(),
    /** DNS servers every spoke uses (in the hub: firewall DNS proxy or resolver). */
    dnsServers: z.array(z.string()).min(1, { error: "must name at least one DNS server" }),
    /** Whether spokes use the hub's VPN/ExpressRoute gateway. @default false */
    useRemoteGateways: z.boolean().default(false),
  }),
  /** Entra ID settings shared by all Träger. */
  directory: z.strictObject({
    /** Owners of every Träger group (the platform team), so that no group is ownerless. */
    groupOwnerObjectIds: z.array(guid).min(1, { error: "must name at least one owner" }),
    /** The Verbund's platform operators: Owner on every Träger's resource groups. */
    platformOperatorsGroupObjectId: guid,
    /** The account session hosts use to join the Verbund's Active Directory (Träger with join mode "ad"). */
    adJoin: z
      .strictObject({
        /** User principal name of the join account. */
        username: z.string().regex(/^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+$/, { error: "must be a user principal name like svc-domainjoin@ksm.local" }),
        /** Resource id of the Key Vault holding the join account's password. */
        keyVaultId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z0-9-]{3,24}$/, {
          error: "must be a Key Vault resource id (/subscriptions/…/resourceGroups/…/providers/Microsoft.KeyVault/vaults/…)",
        }),
        /** Name of the secret holding the password; the password itself never appears in any file. */
        passwordSecretName: z.string().regex(/^[a-zA-Z0-9-]{1,127}$/, { error: "must be a Key Vault secret name (letters, digits, -)" }),
        /** Domain facts Azure Files needs for AD DS authentication of profile shares. */
        domainGuid: guid,
        domainSid: z.string().regex(/^S-1-5-21-\d+-\d+-\d+$/, { error: "must be a domain SID like S-1-5-21-1234567890-1234567890-1234567890" }),
        forestName: z.string().regex(DNS_NAME, { error: (iss) => `must be a DNS domain name like ksm.local (got ${JSON.stringify(iss.input)})` }),
        /** The OU all Träger OUs live in: a Träger's session hosts join exactly OU=<id>,<this>. */
        traegerOuPath: z.string().regex(/^OU=[A-Za-z0-9-]+(,OU=[A-Za-z0-9-]+)*(,DC=[A-Za-z0-9-]+)+$/, {
          error: (iss) => `must be the distinguished name of the Träger OU, e.g. "OU=Traeger,DC=ksm,DC=local" (got ${JSON.stringify(iss.input)})`,
        }),
        netbiosDomainName: z.string().regex(/^[A-Za-z0-9-]{1,15}$/, { error: "must be a NetBIOS name (at most 15 letters, digits, -)" }),
      })
      .optional(),
  }),
  backup: z.strictObject({
    /** The Verbund's resource guard: multi-user authorization for every Träger vault. */
    resourceGuardId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.DataProtection\/resourceGuards\/[-\w.()]+$/, {
      error: "must be a resource guard id (/subscriptions/…/resourceGroups/…/providers/Microsoft.DataProtection/resourceGuards/…)",
    }),
  }),
  /** The hub's private DNS zones, where spokes register their private endpoints. */
  privateDns: z.strictObject({
    /** privatelink.file.core.windows.net */
    fileZoneId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.file\.core\.windows\.net$/, {
      error: "must be the resource id of a privatelink.file.core.windows.net private DNS zone",
    }),
    /** privatelink.vaultcore.azure.net */
    vaultZoneId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.Network\/privateDnsZones\/privatelink\.vaultcore\.azure\.net$/, {
      error: "must be the resource id of a privatelink.vaultcore.azure.net private DNS zone",
    }),
  }),
  monitoring: z.strictObject({
    /** The central Log Analytics workspace every diagnostic setting sends to. */
    logAnalyticsWorkspaceId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[-\w.()]+\/providers\/Microsoft\.OperationalInsights\/workspaces\/[-\w.()]+$/, {
      error: "must be a Log Analytics workspace id (/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…)",
    }),
  }),
  /** Marketplace images session hosts may use (publisher, offer, SKU exactly as Azure names them). */
  sessionHostImages: z
    .array(z.strictObject({ publisher: marketplaceName, offer: marketplaceName, sku: marketplaceName }))
    .min(1, { error: "must allow at least one image" }),
  /** Where each Träger's Terraform state lives: one key per Träger in one container. */
  stateBackend: z.strictObject({
    subscriptionId: guid,
    resourceGroupName: azureName(90),
    storageAccountName: z.string().regex(/^[a-z0-9]{3,24}$/, { error: "must be 3–24 lowercase letters or digits" }),
    containerName: z.string().regex(/^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/, { error: "must be a storage container name (3–63 lowercase letters, digits, single hyphens)" }),
  }),
});

/** What `verbund.ts` declares. */
export type VerbundDeclaration = z.input<typeof verbundSchema>;
/** The Verbund config after schema validation, defaults applied. */
export type ParsedVerbund = z.output<typeof verbundSchema>;
