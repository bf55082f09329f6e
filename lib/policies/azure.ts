/**
 * The Azure Policy side of the rules (issue 15 §2, §5): for each guardrail Azure can enforce, the
 * definition (a built-in by its id, else a custom definition the platform stack creates), the effect,
 * the parameters and the BSI IT-Grundschutz requirement. The synth checks (rules.ts) name these by
 * key and read the same constants (constants.ts), so the synth and Azure judge with one set of values.
 * No cdktf imports: lib/constructs/platform/policies.ts turns this into Terraform.
 *
 * Built-in definitions, read in Azure/azure-policy (built-in-policies/policyDefinitions/…, path per
 * entry below): id, mode, parameter names and the effects each allows.
 */
import { GLOBAL_ONLY_TYPES, PUBLIC_IP_TYPES, PUBLIC_SOURCES, REQUIRED_TAGS, SERVICE_CREATED, SUBNETS_WITHOUT_NSG } from "./constants";

/** What the Azure parameters depend on: the same facts the synth checks read from verbund.ts. */
export interface PolicyFacts {
  readonly germanRegions: readonly string[];
  readonly avdRegion: string;
  readonly hub: { readonly virtualNetworkId: string };
}

/** Azure Policy effects we assign. */
export type PolicyEffect = "Deny" | "Audit" | "DenyAction";

/** A built-in definition, by its id (the same in every tenant). */
export interface BuiltInDefinition {
  readonly kind: "built-in";
  readonly id: string;
  readonly displayName: string;
  /** File in Azure/azure-policy that defines it. */
  readonly source: string;
  /** Whether it takes an `effect` parameter; without one its effect is fixed in its rule. */
  readonly effectParameter: boolean;
}

/** A parameter of a custom definition (Azure Policy definition structure: parameters). */
export interface ParameterDefinition {
  readonly type: "String" | "Array";
  readonly metadata: { readonly displayName: string; readonly description: string };
  readonly allowedValues?: readonly string[];
  readonly defaultValue?: string | readonly string[];
}

/** A custom definition the platform stack creates at the Träger management group. */
export interface CustomDefinition {
  readonly kind: "custom";
  /** Definition name (its id's last segment): stable, never renamed (a new name is a new definition). */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** Indexed: only types that carry tags and location; All: every type, resource groups included. */
  readonly mode: "All" | "Indexed";
  readonly parameters: Readonly<Record<string, ParameterDefinition>>;
  readonly policyRule: unknown;
}

/** One policy assignment at a management group. */
export interface AzurePolicy {
  /** Assignment name at the management group (≤ 24 characters) and construct id: stable. */
  readonly key: string;
  /** What it enforces, in English (docs/policies.md). */
  readonly title: string;
  /** Short German name for the Trägerblatt. */
  readonly titleDe: string;
  readonly scope: "traeger" | "decommissioned";
  readonly definition: BuiltInDefinition | CustomDefinition;
  readonly effect: PolicyEffect;
  /** Why the effect is weaker than Deny, where it is. */
  readonly effectWhy?: string;
  /** Assignment parameters besides `effect`, from the Verbund's facts. */
  parameters(facts: PolicyFacts): Readonly<Record<string, unknown>>;
  /** The BSI IT-Grundschutz requirement (or GDPR article) it supports. */
  readonly requirement: string;
}

const effectParameter = (allowed: readonly PolicyEffect[] | readonly string[], defaultValue: string): ParameterDefinition => ({
  type: "String",
  metadata: { displayName: "Effect", description: "What Azure does with a request that matches the rule" },
  allowedValues: allowed,
  defaultValue,
});
const arrayParameter = (displayName: string, description: string): ParameterDefinition => ({ type: "Array", metadata: { displayName, description } });
const stringParameter = (displayName: string, description: string): ParameterDefinition => ({ type: "String", metadata: { displayName, description } });
const EFFECT = "[parameters('effect')]";

const AVD_TYPES = "Microsoft.DesktopVirtualization/*";

/** Allowed locations with the AVD exception and global-only services (custom: the built-in cannot single out types). */
const LOCATIONS: CustomDefinition = {
  kind: "custom",
  name: "verbund-allowed-locations",
  displayName: "KSM Verbund: German regions; AVD service objects only in the AVD region",
  description: "Everything in the allowed German regions; Microsoft.DesktopVirtualization types only in the Verbund's AVD region (no German region hosts them); global-only services (action groups, alert processing rules) at 'global'.",
  mode: "Indexed",
  parameters: {
    allowedLocations: arrayParameter("Allowed locations", "Where every resource except AVD service objects may be"),
    avdLocation: stringParameter("AVD service-object location", "The only location of Microsoft.DesktopVirtualization resources"),
    globalTypes: arrayParameter("Global-only types", "Types Azure offers only at location 'global'"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        { allOf: [{ field: "type", like: AVD_TYPES }, { field: "location", notEquals: "[parameters('avdLocation')]" }] },
        {
          allOf: [
            { field: "type", notLike: AVD_TYPES },
            { field: "location", notIn: "[parameters('allowedLocations')]" },
            { not: { allOf: [{ field: "type", in: "[parameters('globalTypes')]" }, { field: "location", equals: "global" }] } },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

const ruleAlias = (suffix: string) => `Microsoft.Network/networkSecurityGroups/securityRules/${suffix}`;
const inlineAlias = (suffix: string) => `Microsoft.Network/networkSecurityGroups/securityRules[*].${suffix}`;
/** Inbound allow rules from anywhere, as a separate rule resource or inline in an NSG. */
const NO_INBOUND_FROM_INTERNET: CustomDefinition = {
  kind: "custom",
  name: "verbund-no-inbound-from-internet",
  displayName: "KSM Verbund: no NSG rule allows inbound traffic from the Internet",
  description: "Denies NSG rules (inline or separate) that allow inbound traffic from *, Internet, Any or 0.0.0.0/0 on any port, management ports (22, 3389) included.",
  mode: "All",
  parameters: {
    publicSources: arrayParameter("Public sources", "Source prefixes that mean 'from anywhere'"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/networkSecurityGroups/securityRules" },
            { field: ruleAlias("direction"), equals: "Inbound" },
            { field: ruleAlias("access"), equals: "Allow" },
            {
              anyOf: [
                { field: ruleAlias("sourceAddressPrefix"), in: "[parameters('publicSources')]" },
                { count: { field: ruleAlias("sourceAddressPrefixes[*]"), where: { field: ruleAlias("sourceAddressPrefixes[*]"), in: "[parameters('publicSources')]" } }, greater: 0 },
              ],
            },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/networkSecurityGroups" },
            {
              count: {
                field: "Microsoft.Network/networkSecurityGroups/securityRules[*]",
                where: {
                  allOf: [
                    { field: inlineAlias("direction"), equals: "Inbound" },
                    { field: inlineAlias("access"), equals: "Allow" },
                    {
                      anyOf: [
                        { field: inlineAlias("sourceAddressPrefix"), in: "[parameters('publicSources')]" },
                        { count: { field: inlineAlias("sourceAddressPrefixes[*]"), where: { field: inlineAlias("sourceAddressPrefixes[*]"), in: "[parameters('publicSources')]" } }, greater: 0 },
                      ],
                    },
                  ],
                },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Subnets without an NSG, as subnet resources or inline in a VNet (the shape of the landing zones' Deny-Subnet-Without-Nsg). */
const NSG_ON_SUBNET: CustomDefinition = {
  kind: "custom",
  name: "verbund-nsg-on-every-subnet",
  displayName: "KSM Verbund: every subnet has a network security group",
  description: "Subnets other than those Azure reserves (GatewaySubnet, AzureFirewallSubnet, …) carry an NSG.",
  mode: "All",
  parameters: {
    exemptSubnets: arrayParameter("Exempt subnets", "Subnet names Azure forbids an NSG on"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Audit"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks/subnets" },
            { field: "name", notIn: "[parameters('exemptSubnets')]" },
            { field: "Microsoft.Network/virtualNetworks/subnets/networkSecurityGroup.id", exists: "false" },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks" },
            {
              count: {
                field: "Microsoft.Network/virtualNetworks/subnets[*]",
                where: {
                  allOf: [
                    { field: "Microsoft.Network/virtualNetworks/subnets[*].name", notIn: "[parameters('exemptSubnets')]" },
                    { field: "Microsoft.Network/virtualNetworks/subnets[*].networkSecurityGroup.id", exists: "false" },
                  ],
                },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Peerings from a Träger VNet to anything but the hub. */
const PEERING_HUB_ONLY: CustomDefinition = {
  kind: "custom",
  name: "verbund-peering-only-with-hub",
  displayName: "KSM Verbund: virtual network peering only with the hub",
  description: "A Träger VNet peers with the Verbund hub only, never with another Träger or any other network.",
  mode: "All",
  parameters: {
    hubVirtualNetworkId: stringParameter("Hub VNet", "Resource id of the Verbund's hub VNet"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings" },
            { field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/remoteVirtualNetwork.id", notEquals: "[parameters('hubVirtualNetworkId')]" },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks" },
            {
              count: {
                field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*]",
                where: { field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*].remoteVirtualNetwork.id", notEquals: "[parameters('hubVirtualNetworkId')]" },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

const tagMissing = { anyOf: [{ field: "[concat('tags[', current('tagName'), ']')]", exists: "false" }, { field: "[concat('tags[', current('tagName'), ']')]", equals: "" }] };
const anyTagMissing = { count: { value: "[parameters('tagNames')]", name: "tagName", where: tagMissing }, greater: 0 };

/** The required tags on every resource that carries tags, except what Azure's own services create. */
const TAGS: CustomDefinition = {
  kind: "custom",
  name: "verbund-required-tags",
  displayName: "KSM Verbund: every resource carries the Verbund's tags",
  description: "Every resource that supports tags carries each required tag with a value; resources Azure services create themselves (session hosts' OS disks, restore point collections, network watchers) are exempt.",
  mode: "Indexed",
  parameters: {
    tagNames: arrayParameter("Tag names", "Tags every resource carries"),
    exemptTypes: arrayParameter("Exempt types", "Types Azure services create without our tags"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: { if: { allOf: [{ field: "type", notIn: "[parameters('exemptTypes')]" }, anyTagMissing] }, then: { effect: EFFECT } },
};

/** The same for resource groups (Indexed mode never evaluates them), except those Azure creates. */
const RG_TAGS: CustomDefinition = {
  kind: "custom",
  name: "verbund-required-tags-rg",
  displayName: "KSM Verbund: every resource group carries the Verbund's tags",
  description: "Every resource group carries each required tag with a value; resource groups Azure services create themselves (AzureBackupRG_*, NetworkWatcherRG) are exempt.",
  mode: "All",
  parameters: {
    tagNames: arrayParameter("Tag names", "Tags every resource group carries"),
    exemptResourceGroups: arrayParameter("Exempt resource groups", "Name patterns (like) of resource groups Azure services create"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      allOf: [
        { field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" },
        { count: { value: "[parameters('exemptResourceGroups')]", name: "pattern", where: { field: "name", like: "[current('pattern')]" } }, equals: 0 },
        anyTagMissing,
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Decommissioned subscriptions: every create and update is denied. */
const DENY_ALL: CustomDefinition = {
  kind: "custom",
  name: "verbund-decommissioned-deny-all",
  displayName: "KSM Verbund: decommissioned, no resource may be created or changed",
  description: "Denies every create and update request of every type (resource groups included) in a decommissioned Träger subscription.",
  mode: "All",
  parameters: { effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny") },
  policyRule: { if: { field: "type", like: "*" }, then: { effect: EFFECT } },
};

/** Decommissioned subscriptions: deleting a resource (or the resource group holding it) is denied. */
const DENY_DELETE: CustomDefinition = {
  kind: "custom",
  name: "verbund-decommissioned-deny-delete",
  displayName: "KSM Verbund: decommissioned, no resource may be deleted",
  description: "Blocks deleting resources that carry tags and location, and deleting the resource groups that hold them (cascadeBehaviors).",
  mode: "Indexed",
  parameters: { effect: effectParameter(["DenyAction", "Disabled"], "DenyAction") },
  policyRule: { if: { field: "type", like: "*" }, then: { effect: EFFECT, details: { actionNames: ["delete"], cascadeBehaviors: { resourceGroup: "deny" } } } },
};

const builtIn = (id: string, displayName: string, source: string, effectParam: boolean): BuiltInDefinition => ({
  kind: "built-in",
  id: `/providers/Microsoft.Authorization/policyDefinitions/${id}`,
  displayName,
  source: `Azure/azure-policy built-in-policies/policyDefinitions/${source}`,
  effectParameter: effectParam,
});

/** Every assignment, by key. The synth rules in rules.ts name theirs from here. */
export const AZURE_POLICIES = {
  locations: {
    key: "verbund-locations",
    title: "resources in the German regions, AVD service objects in the AVD region, global-only services at global",
    titleDe: "Standorte: nur Deutschland (AVD-Dienstobjekte in der AVD-Region)",
    scope: "traeger",
    definition: LOCATIONS,
    effect: "Deny",
    parameters: (facts) => ({ allowedLocations: [...facts.germanRegions], avdLocation: facts.avdRegion, globalTypes: GLOBAL_ONLY_TYPES.map((t) => t.azure) }),
    requirement: "GDPR Art. 44 ff. (data residency), OPS.2.2 (cloud use: where data lies)",
  },
  resourceGroupLocations: {
    key: "verbund-rg-locations",
    title: "resource groups in the German regions",
    titleDe: "Ressourcengruppen nur in Deutschland",
    scope: "traeger",
    definition: builtIn("e765b5de-1225-4ba3-bd56-1ac6695af988", "Allowed locations for resource groups", "General/ResourceGroupAllowedLocations_Deny.json", false),
    effect: "Deny",
    parameters: (facts) => ({ listOfAllowedLocations: [...facts.germanRegions] }),
    requirement: "GDPR Art. 44 ff. (data residency), OPS.2.2 (cloud use)",
  },
  publicIpTypes: {
    key: "verbund-no-public-ip",
    title: "no public IP addresses or prefixes",
    titleDe: "keine öffentlichen IP-Adressen",
    scope: "traeger",
    definition: builtIn("6c112d4e-5bc7-47ae-a041-ea2d9dccd749", "Not allowed resource types", "General/InvalidResourceTypes_Deny.json", true),
    effect: "Deny",
    parameters: () => ({ listOfResourceTypesNotAllowed: PUBLIC_IP_TYPES.map((t) => t.azure) }),
    requirement: "NET.1.1 (network architecture: no direct exposure), SYS.2.6 (virtual desktop infrastructure)",
  },
  nicPublicIp: {
    key: "verbund-no-nic-public-ip",
    title: "no network interface with a public IP",
    titleDe: "keine Netzwerkkarte mit öffentlicher IP",
    scope: "traeger",
    definition: builtIn("83a86a26-fd1f-447c-b59d-e51f44264114", "Network interfaces should not have public IPs", "Network/NetworkPublicIPNic_Deny.json", false),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "NET.1.1 (network architecture: no direct exposure), SYS.2.6",
  },
  storagePublicAccess: {
    key: "verbund-storage-private",
    title: "storage accounts without public network access",
    titleDe: "Speicherkonten ohne öffentlichen Netzwerkzugang",
    scope: "traeger",
    definition: builtIn("b2982f36-99f2-4db5-8eff-283140c09693", "Storage accounts should disable public network access", "Storage/StoragePublicNetworkAccess_AuditDeny.json", true),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "NET.1.1, CON.3.A14 (backups reachable only from the Verbund's network)",
  },
  keyVaultPublicAccess: {
    key: "verbund-keyvault-private",
    title: "key vaults without public network access",
    titleDe: "Schlüsseltresore ohne öffentlichen Netzwerkzugang",
    scope: "traeger",
    definition: builtIn("405c5871-3e91-4644-8a63-58e19d68ff5b", "Azure Key Vault should disable public network access", "Key Vault/AzureKeyVaultPublicNetworkAccess_Audit.json", true),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "NET.1.1, CON.1 (keys and secrets reachable only from the Verbund's network)",
  },
  vaultPublicAccess: {
    key: "verbund-vault-private",
    title: "Recovery Services vaults without public network access",
    titleDe: "Sicherungstresore ohne öffentlichen Netzwerkzugang",
    scope: "traeger",
    definition: builtIn("9ebbbba3-4d65-4da9-bb67-b22cfaaff090", "[Preview]: Azure Recovery Services vaults should disable public network access", "Backup/RecoveryServices_PublicNetworkAccess_AuditDeny.json", true),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "NET.1.1, CON.3.A14",
  },
  storageHttps: {
    key: "verbund-storage-https",
    title: "storage accounts accept HTTPS only (the minimum TLS version stays a synth check: the built-in allows exactly one version, the synth TLS 1.2 or newer)",
    titleDe: "Speicherkonten nur über HTTPS",
    scope: "traeger",
    definition: builtIn("404c3081-a854-4457-ae30-26a93ef643f9", "Secure transfer to storage accounts should be enabled", "Storage/Storage_AuditForHTTPSEnabled_Audit.json", true),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "CON.1 (cryptography concept: data in transit encrypted)",
  },
  sharedKey: {
    key: "verbund-no-shared-key",
    title: "storage accounts without shared key access",
    titleDe: "Speicherkonten nur mit Entra-ID-/AD-Anmeldung, ohne Zugriffsschlüssel",
    scope: "traeger",
    definition: builtIn("8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54", "Storage accounts should prevent shared key access", "Storage/StorageAccountAllowSharedKeyAccess_Audit.json", true),
    effect: "Deny",
    parameters: () => ({}),
    requirement: "ORP.4 (identity and access management: identities, no shared keys)",
  },
  inboundFromInternet: {
    key: "verbund-no-inbound-inet",
    title: "no NSG rule allows inbound traffic from the Internet (management ports 22 and 3389 included)",
    titleDe: "kein Zugang aus dem Internet (auch nicht RDP/SSH)",
    scope: "traeger",
    definition: NO_INBOUND_FROM_INTERNET,
    effect: "Deny",
    parameters: () => ({ publicSources: [...PUBLIC_SOURCES] }),
    requirement: "NET.1.1.A23 (separation of network segments), NET.3.2 (firewall)",
  },
  nsgOnSubnet: {
    key: "verbund-nsg-on-subnet",
    title: "every subnet has an NSG",
    titleDe: "jedes Subnetz mit Netzwerksicherheitsgruppe",
    scope: "traeger",
    definition: NSG_ON_SUBNET,
    effect: "Audit",
    effectWhy:
      "Terraform creates a subnet (azurerm_subnet) and then attaches its NSG (azurerm_subnet_network_security_group_association) in two requests; Deny would refuse our own first request. The synth check requires the association for every subnet; Azure reports any subnet without one as non-compliant.",
    parameters: () => ({ exemptSubnets: [...SUBNETS_WITHOUT_NSG] }),
    requirement: "NET.1.1.A23, NET.3.2",
  },
  peering: {
    key: "verbund-peering-hub-only",
    title: "virtual network peering only with the hub",
    titleDe: "Netzkopplung (Peering) nur mit dem Hub",
    scope: "traeger",
    definition: PEERING_HUB_ONLY,
    effect: "Deny",
    parameters: (facts) => ({ hubVirtualNetworkId: facts.hub.virtualNetworkId }),
    requirement: "NET.1.1.A23 (no Träger reaches another)",
  },
  tags: {
    key: "verbund-tags",
    title: `every resource carries the tags ${REQUIRED_TAGS.join(", ")}`,
    titleDe: "Pflicht-Tags an jeder Ressource",
    scope: "traeger",
    definition: TAGS,
    effect: "Deny",
    parameters: () => ({ tagNames: [...REQUIRED_TAGS], exemptTypes: [...SERVICE_CREATED.resourceTypes] }),
    requirement: "OPS.2.2 (cloud use: every resource attributable to its Träger and cost centre)",
  },
  resourceGroupTags: {
    key: "verbund-rg-tags",
    title: `every resource group carries the tags ${REQUIRED_TAGS.join(", ")}`,
    titleDe: "Pflicht-Tags an jeder Ressourcengruppe",
    scope: "traeger",
    definition: RG_TAGS,
    effect: "Deny",
    parameters: () => ({ tagNames: [...REQUIRED_TAGS], exemptResourceGroups: [...SERVICE_CREATED.resourceGroupPatterns] }),
    requirement: "OPS.2.2 (cloud use: every resource attributable to its Träger and cost centre)",
  },
  decommissionedDenyAll: {
    key: "decommissioned-deny-all",
    title: "decommissioned: nothing may be created or changed",
    titleDe: "nichts darf angelegt oder geändert werden",
    scope: "decommissioned",
    definition: DENY_ALL,
    effect: "Deny",
    parameters: () => ({}),
    requirement: "CON.6 (deleting and destroying: no further use before the data is deleted), OPS.2.2 (cloud use: orderly exit)",
  },
  decommissionedDenyDelete: {
    key: "decommissioned-no-delete",
    title: "decommissioned: resources (and the resource groups holding them) may not be deleted",
    titleDe: "nichts darf gelöscht werden (Ressourcen mit Standort und Tags, und die Ressourcengruppen, die sie enthalten)",
    scope: "decommissioned",
    definition: DENY_DELETE,
    effect: "DenyAction",
    parameters: () => ({}),
    requirement: "CON.6 (deleting and destroying: nothing deleted outside the documented procedure)",
  },
} as const satisfies Record<string, AzurePolicy>;

/** Every assignment, in a stable order (the order of AZURE_POLICIES). */
export const AZURE_POLICY_LIST: readonly AzurePolicy[] = Object.values(AZURE_POLICIES);

/** Every custom definition, once each. */
export const CUSTOM_DEFINITIONS: readonly CustomDefinition[] = [...new Set(AZURE_POLICY_LIST.map((p) => p.definition).filter((d): d is CustomDefinition => d.kind === "custom"))];

/** Whether a definition takes the `effect` parameter. */
export function takesEffect(definition: BuiltInDefinition | CustomDefinition): boolean {
  return definition.kind === "built-in" ? definition.effectParameter : "effect" in definition.parameters;
}

/** The assignment's parameters as Azure reads them: `{ name: { value } }`, effect included where the definition takes one. */
export function assignmentParameters(policy: AzurePolicy, facts: PolicyFacts): Record<string, { value: unknown }> {
  const values: Record<string, unknown> = { ...policy.parameters(facts), ...(takesEffect(policy.definition) ? { effect: policy.effect } : {}) };
  return Object.fromEntries(Object.keys(values).sort().map((name) => [name, { value: values[name] }]));
}
