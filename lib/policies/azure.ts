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
import { DENY_ALL, DENY_DELETE, LOCATIONS, NO_INBOUND_FROM_INTERNET, NSG_ON_SUBNET, PEERING_HUB_ONLY, RG_TAGS, TAGS } from "./azure-definitions";
import type { AzurePolicy, BuiltInDefinition, CustomDefinition, PolicyFacts } from "./azure-types";
import { GLOBAL_ONLY_TYPES, PUBLIC_IP_TYPES, PUBLIC_SOURCES, REQUIRED_TAGS, SERVICE_CREATED, SUBNETS_WITHOUT_NSG } from "./constants";

export type { AzurePolicy, BuiltInDefinition, CustomDefinition, ParameterDefinition, PolicyEffect, PolicyFacts } from "./azure-types";

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
