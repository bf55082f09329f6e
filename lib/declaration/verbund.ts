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

/** The hub subnets spokes exchange traffic with (see `hub.subnets`). */
export const HUB_SUBNETS = ["firewall", "bastion", "runners", "domainControllers", "dnsResolverInbound"] as const;
export type HubSubnet = (typeof HUB_SUBNETS)[number];

/** What may own a Träger group: never a group. */
export const GROUP_OWNER_TYPES = ["User", "ServicePrincipal"] as const;
/** The user attributes a Träger marker may live in (onPremisesExtensionAttributes of a user). */
export const TRAEGER_USER_ATTRIBUTES = Array.from({ length: 15 }, (_, i) => `extensionAttribute${i + 1}`) as [`extensionAttribute${number}`, ...`extensionAttribute${number}`[]];

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;
const marketplaceName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "must be a Marketplace image name (letters, digits, . _ -)" });
const guid = z.guid({ error: (iss) => `must be a GUID (got ${JSON.stringify(iss.input)})` });
const azureName = (max: number) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._()-]*$/, { error: "must be an Azure resource name (letters, digits, . _ - ( ))" }).max(max);

/** A management group's id (its name): Azure allows 1–90 letters, digits, "-", "_", "(", ")" and ".". */
const managementGroupId = z.string().regex(/^[A-Za-z0-9_().-]{1,90}$/, { error: "must be a management group id (1–90 letters, digits, - _ ( ) .)" });

/**
 * A billing scope a subscription alias may be created in, as azurerm v4.55.0 accepts it
 * (internal/services/billing/parse: enrollment_billing_scope.go, mca_billing_scope.go, mpa_billing_scope.go):
 * an EA enrollment account, an MCA invoice section or an MPA customer.
 */
export const BILLING_SCOPE_PATTERN =
  /^\/providers\/Microsoft\.Billing\/billingAccounts\/[A-Za-z0-9:_.-]+\/(?:enrollmentAccounts\/[A-Za-z0-9:_.-]+|billingProfiles\/[A-Za-z0-9:_.-]+\/invoiceSections\/[A-Za-z0-9:_.-]+|customers\/[A-Za-z0-9:_.-]+)$/;
/** The workloads a subscription alias may declare (azurerm v4.55.0 subscription_resource.go: workload). */
export const SUBSCRIPTION_WORKLOADS = ["Production", "DevTest"] as const;

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
    /**
     * The hub's subnets that spokes exchange traffic with, each inside `addressSpace`. Spoke NSGs allow
     * each of them only the ports it needs (lib/verbund/hub-access.ts), never the whole hub: Azure
     * Firewall SNATs application-rule traffic, so another Träger's traffic can arrive from a hub address.
     */
    subnets: z.strictObject({
      /** AzureFirewallSubnet (/26 or larger): egress and, as DNS proxy, DNS. Never a source spokes accept. */
      firewall: z.string(),
      /** AzureBastionSubnet (/26 or larger): RDP to session hosts, RDP and SSH to the management subnet. */
      bastion: z.string(),
      /** The Verbund's CI runners (plan, drift, deploy): HTTPS to the private endpoints (key vault, storage). */
      runners: z.string(),
      /** The domain controllers: AD DS ports from session hosts and management of AD-joined Träger. Required with directory.adJoin. */
      domainControllers: z.string().optional(),
      /** Inbound endpoint of the Private DNS Resolver, when it (not the firewall) answers the spokes' DNS. */
      dnsResolverInbound: z.string().optional(),
    }),
  }),
  /** Entra ID settings shared by all Träger. */
  directory: z.strictObject({
    /**
     * Owners of the Träger groups that hold no directory role (the platform team), so that no group is
     * ownerless. Users or service principals only: an owning group would let its members, and whoever
     * manages them, change the membership. Role-assignable groups (admins, helpdesk) get none of these:
     * their only owner is the deploy identity (docs/identities.md).
     */
    groupOwners: z
      .array(
        z.strictObject({
          objectId: guid,
          /** What the object id names; Entra accepts only these as group owners we allow. */
          type: z.enum(GROUP_OWNER_TYPES, { error: `must be ${GROUP_OWNER_TYPES.join(" or ")}: a group is never an owner (its members would own the Träger's groups)` }),
        }),
      )
      .min(1, { error: "must name at least one owner" }),
    /**
     * The user attribute that says which Träger a person belongs to; each Träger's people unit has a
     * dynamic membership rule on it (docs/design.md, "Delegated administration reaches people").
     * Set only by the Verbund's provisioning, never writable by a Träger's own admins.
     * @default "extensionAttribute15"
     */
    traegerUserAttribute: z.enum(TRAEGER_USER_ATTRIBUTES, { error: `must be one of extensionAttribute1 … extensionAttribute15` }).default("extensionAttribute15"),
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
    /**
     * Where backup alerts of every Träger vault go: the platform team's shared mailbox. Entra groups
     * cannot be e-mail receivers of an action group, so the Träger's admins group is not one.
     */
    platformTeamEmail: z.email({ error: "must be an e-mail address (the platform team's shared mailbox)" }),
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
    /**
     * The hub subnet where the state account's private endpoint goes (public network access is off):
     * the runners and the platform engineers' workstations reach state through it.
     */
    privateEndpointSubnetId: z.string().regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+\/subnets\/[^/]+$/, {
      error: "must be a subnet id (/subscriptions/…/resourceGroups/…/providers/Microsoft.Network/virtualNetworks/…/subnets/…)",
    }),
  }),
  /**
   * The identities that plan and deploy (created by the platform stack, docs/identities.md). Only the
   * deploy identity's object id reaches the Träger stacks: they grant it rights they create (the key
   * vault's secrets), so that no plan depends on who runs it.
   */
  identities: z.strictObject({
    /** Object (principal) id of the deploy identity: the platform stack's output `deploy_identity.principal_id`. */
    deployPrincipalId: guid,
    /**
     * The management group that holds every Träger subscription. The identities' rights on Träger
     * subscriptions are granted here once, so that a new Träger needs no new role assignment.
     */
    traegerManagementGroupId: managementGroupId,
    /**
     * The management group for decommissioned Träger: once an offboarded Träger's longest retention has
     * run out, its subscription moves here (instead of being cancelled), where policy denies everything.
     */
    decommissionedManagementGroupId: managementGroupId,
  }),
  /**
   * Subscription vending (README, "Subscriptions"): where vended Träger subscriptions are billed and
   * how a Träger's default budget follows from its size.
   */
  vending: z.strictObject({
    /** The billing scope every vended subscription alias is created in: an EA enrollment account, an MCA invoice section or an MPA customer. */
    billingScopeId: z.string().regex(BILLING_SCOPE_PATTERN, {
      error: (iss) =>
        `must be a billing scope id: /providers/Microsoft.Billing/billingAccounts/…/enrollmentAccounts/… (EA), …/billingProfiles/…/invoiceSections/… (MCA) or …/customers/… (MPA) (got ${JSON.stringify(iss.input)})`,
    }),
    /** The workload of vended subscriptions. @default "Production" */
    workload: z.enum(SUBSCRIPTION_WORKLOADS, { error: `must be ${SUBSCRIPTION_WORKLOADS.join(" or ")}` }).default("Production"),
    /**
     * A Träger's default monthly budget: `base` plus `perDesktopUser` for each user of its desktop pools
     * (the Träger's size; desktops are what costs), rounded up to a multiple of 100. Whole units of the
     * billing currency. A declaration's `budget.monthly` overrides it.
     */
    budget: z.strictObject({
      base: z.number({ error: "must be a whole amount" }).int({ error: "must be a whole amount" }).min(1, { error: "must be at least 1" }),
      perDesktopUser: z.number({ error: "must be a whole amount" }).int({ error: "must be a whole amount" }).min(0, { error: "must not be negative" }),
    }),
  }),
  /** The GitHub repository whose workflows plan and deploy: federated credentials trust only its environments. */
  github: z.strictObject({
    /** `owner/name`, as GitHub spells it in the OIDC subject (`repo:owner/name:environment:…`). */
    repository: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/, { error: "must be a GitHub repository as owner/name" }),
  }),
});

/** What `verbund.ts` declares. */
export type VerbundDeclaration = z.input<typeof verbundSchema>;
/** The Verbund config after schema validation, defaults applied. */
export type ParsedVerbund = z.output<typeof verbundSchema>;
