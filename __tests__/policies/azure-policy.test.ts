/**
 * Guardrails enforced by Azure (issue 15 §2, §5), on the synthesized platform stack of the fixture
 * Verbund: per assignment its definition, scope, effect and parameters; the custom definitions as the
 * registry holds them; the decommissioned management group. Then the custom definitions are run (with
 * __tests__/helpers/azure-policy-eval.ts) against the Träger stacks' resources as Resource Manager will
 * see them: our own deploy is never denied, and where the synth check fails a resource, Azure denies it.
 *
 * Built-in definitions, read in Azure/azure-policy built-in-policies/policyDefinitions/:
 *  General/ResourceGroupAllowedLocations_Deny.json (e765b5de…, listOfAllowedLocations, deny fixed),
 *  General/InvalidResourceTypes_Deny.json (6c112d4e…, listOfResourceTypesNotAllowed, effect Audit|Deny|Disabled),
 *  Network/NetworkPublicIPNic_Deny.json (83a86a26…, no parameters, deny fixed),
 *  Storage/StoragePublicNetworkAccess_AuditDeny.json (b2982f36…, publicNetworkAccess notEquals Disabled),
 *  Key Vault/AzureKeyVaultPublicNetworkAccess_Audit.json (405c5871…, publicNetworkAccess notEquals Disabled),
 *  Backup/RecoveryServices_PublicNetworkAccess_AuditDeny.json (9ebbbba3…, publicNetworkAccess notEquals Disabled),
 *  Storage/StorageAccountAllowSharedKeyAccess_Audit.json (8c6a50c6…, allowSharedKeyAccess equals true),
 *  Storage/Storage_AuditForHTTPSEnabled_Audit.json (404c3081…, supportsHttpsTrafficOnly equals false).
 * Provider: hashicorp/terraform-provider-azurerm v4.55.0 internal/services/policy/management_group_policy_assignment_resource.go
 * (name 1–24 characters), internal/services/managementgroup/management_group_resource.go.
 */
import { assignmentParameters, AZURE_POLICIES, AZURE_POLICY_LIST, type AzurePolicy, CUSTOM_DEFINITIONS, type CustomDefinition } from "../../lib/policies/azure";
import { generateDocs, traegerPagePath } from "../../lib/docs";
import { checkStackJson } from "../../lib/policies/check";
import { GLOBAL_ONLY_TYPES, REQUIRED_TAGS } from "../../lib/policies/constants";
import { POLICY_RULES } from "../../lib/policies/rules";
import { TAGGABLE_RESOURCE_TYPES } from "../../lib/policies/taggable-types";
import { type ArmResource, effectOn } from "../helpers/azure-policy-eval";
import { fixtureModel, synthAll, type StackJson } from "../helpers/synth";

const model = fixtureModel();
const { platform, stacks } = synthAll(model);
const facts = { germanRegions: [model.regions.primary, model.regions.paired], avdRegion: model.regions.avd, hub: model.hub };
const traegerGroup = `/providers/Microsoft.Management/managementGroups/${model.identities.traegerManagementGroupId}`;
const resources = (type: string) => Object.entries(platform.resource[type] ?? {});
const assignment = (key: string) => {
  const found = resources("azurerm_management_group_policy_assignment").filter(([, r]) => r.name === key);
  expect(found).toHaveLength(1);
  return found[0]![1];
};
const definitionRef = (name: string) => {
  const found = resources("azurerm_policy_definition").filter(([, r]) => r.name === name);
  expect(found).toHaveLength(1);
  return `\${azurerm_policy_definition.${found[0]![0]}.id}`;
};
const builtIn = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
const [decommissionedAddress, decommissioned] = resources("azurerm_management_group")[0]!;
const decommissionedRef = `\${azurerm_management_group.${decommissionedAddress}.id}`;

describe("Azure Policy in the platform stack", () => {
  // What each assignment must be, written out (not derived from the registry): definition, scope, parameters with effect.
  const expected: Record<string, { definition: string; scope: string; parameters: Record<string, unknown> }> = {
    "verbund-locations": {
      definition: definitionRef("verbund-allowed-locations"),
      scope: traegerGroup,
      parameters: { allowedLocations: ["germanywestcentral", "germanynorth"], avdLocation: model.regions.avd, globalTypes: ["Microsoft.Insights/actionGroups", "Microsoft.AlertsManagement/actionRules"], effect: "Deny" },
    },
    "verbund-rg-locations": { definition: builtIn("e765b5de-1225-4ba3-bd56-1ac6695af988"), scope: traegerGroup, parameters: { listOfAllowedLocations: ["germanywestcentral", "germanynorth"] } },
    "verbund-no-public-ip": { definition: builtIn("6c112d4e-5bc7-47ae-a041-ea2d9dccd749"), scope: traegerGroup, parameters: { listOfResourceTypesNotAllowed: ["Microsoft.Network/publicIPAddresses", "Microsoft.Network/publicIPPrefixes"], effect: "Deny" } },
    "verbund-no-nic-public-ip": { definition: builtIn("83a86a26-fd1f-447c-b59d-e51f44264114"), scope: traegerGroup, parameters: {} },
    "verbund-storage-private": { definition: builtIn("b2982f36-99f2-4db5-8eff-283140c09693"), scope: traegerGroup, parameters: { effect: "Deny" } },
    "verbund-keyvault-private": { definition: builtIn("405c5871-3e91-4644-8a63-58e19d68ff5b"), scope: traegerGroup, parameters: { effect: "Deny" } },
    "verbund-vault-private": { definition: builtIn("9ebbbba3-4d65-4da9-bb67-b22cfaaff090"), scope: traegerGroup, parameters: { effect: "Deny" } },
    "verbund-storage-https": { definition: builtIn("404c3081-a854-4457-ae30-26a93ef643f9"), scope: traegerGroup, parameters: { effect: "Deny" } },
    "verbund-no-shared-key": { definition: builtIn("8c6a50c6-9ffd-4ae7-986f-5fa6111f9a54"), scope: traegerGroup, parameters: { effect: "Deny" } },
    "verbund-no-inbound-inet": { definition: definitionRef("verbund-no-inbound-from-internet"), scope: traegerGroup, parameters: { publicSources: ["*", "Internet", "0.0.0.0/0", "Any"], effect: "Deny" } },
    "verbund-nsg-on-subnet": { definition: definitionRef("verbund-nsg-on-every-subnet"), scope: traegerGroup, parameters: { exemptSubnets: ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"], effect: "Audit" } },
    "verbund-peering-hub-only": { definition: definitionRef("verbund-peering-only-with-hub"), scope: traegerGroup, parameters: { hubVirtualNetworkId: model.hub.virtualNetworkId, effect: "Deny" } },
    "verbund-tags": { definition: definitionRef("verbund-required-tags"), scope: traegerGroup, parameters: { tagNames: ["traeger", "key", "managed-by", "cost-center"], exemptTypes: ["Microsoft.Compute/disks", "Microsoft.Compute/restorePointCollections", "Microsoft.Compute/virtualMachines/extensions", "Microsoft.Network/networkWatchers"], effect: "Deny" } },
    "verbund-rg-tags": { definition: definitionRef("verbund-required-tags-rg"), scope: traegerGroup, parameters: { tagNames: ["traeger", "key", "managed-by", "cost-center"], exemptResourceGroups: ["AzureBackupRG_*", "NetworkWatcherRG"], effect: "Deny" } },
    "decommissioned-deny-all": { definition: definitionRef("verbund-decommissioned-deny-all"), scope: decommissionedRef, parameters: { effect: "Deny" } },
    "decommissioned-no-delete": { definition: definitionRef("verbund-decommissioned-deny-delete"), scope: decommissionedRef, parameters: { effect: "DenyAction" } },
  };

  it.each(Object.keys(expected))("assigns %s with its definition, scope, effect and parameters, enforced", (key) => {
    const a = assignment(key);
    const want = expected[key]!;
    expect(a.policy_definition_id).toBe(want.definition);
    expect(a.management_group_id).toBe(want.scope);
    expect(JSON.parse(String(a.parameters))).toEqual(Object.fromEntries(Object.entries(want.parameters).map(([k, v]) => [k, { value: v }])));
    expect(a.enforce).toBe(true);
    expect(a).not.toHaveProperty("identity");
    expect(a).not.toHaveProperty("not_scopes");
  });

  it("assigns nothing else, each name within the provider's 24 characters", () => {
    const names = resources("azurerm_management_group_policy_assignment").map(([, r]) => String(r.name));
    expect(names.sort()).toEqual(Object.keys(expected).sort());
    for (const name of names) expect(name.length).toBeLessThanOrEqual(24);
  });

  it("creates each custom definition once, at the Träger management group, as the registry holds it", () => {
    const created = resources("azurerm_policy_definition").map(([, r]) => r);
    expect(created.map((d) => d.name).sort()).toEqual(CUSTOM_DEFINITIONS.map((d) => d.name).sort());
    for (const d of created) {
      const registry = CUSTOM_DEFINITIONS.find((c) => c.name === d.name)!;
      expect(d).toMatchObject({ policy_type: "Custom", mode: registry.mode, management_group_id: traegerGroup, display_name: registry.displayName });
      expect(JSON.parse(String(d.policy_rule))).toEqual(registry.policyRule);
      expect(JSON.parse(String(d.parameters))).toEqual(registry.parameters);
    }
  });

  it("gives every assignment exactly the parameters its definition declares (effect where it takes one)", () => {
    for (const policy of AZURE_POLICY_LIST.filter((p) => p.definition.kind === "custom")) {
      const declared = Object.keys((policy.definition as CustomDefinition).parameters).sort();
      expect([policy.key, Object.keys(assignmentParameters(policy, facts)).sort()]).toEqual([policy.key, declared]);
    }
  });

  it("creates the decommissioned management group under the Träger group, protected from destroy", () => {
    expect(resources("azurerm_management_group")).toHaveLength(1);
    expect(decommissioned).toMatchObject({ name: model.identities.decommissionedManagementGroupId, parent_management_group_id: traegerGroup, lifecycle: { prevent_destroy: true } });
    expect(decommissioned).not.toHaveProperty("subscription_ids");
  });

  it("denies every create and update there, and deletes with cascade to resource groups", () => {
    const denyAll = CUSTOM_DEFINITIONS.find((d) => d.name === "verbund-decommissioned-deny-all")!;
    for (const type of ["Microsoft.Compute/virtualMachines", "Microsoft.Resources/subscriptions/resourceGroups", "Microsoft.Network/virtualNetworks/subnets", "Microsoft.Authorization/roleAssignments"]) {
      expect([type, effectOn(denyAll, assignmentParameters(AZURE_POLICIES.decommissionedDenyAll, facts), { type, name: "x", indexed: false })]).toEqual([type, "Deny"]);
    }
    const denyDelete = CUSTOM_DEFINITIONS.find((d) => d.name === "verbund-decommissioned-deny-delete")!;
    expect(denyDelete.mode).toBe("Indexed");
    expect(denyDelete.policyRule).toMatchObject({ then: { details: { actionNames: ["delete"], cascadeBehaviors: { resourceGroup: "deny" } } } });
    expect(effectOn(denyDelete, assignmentParameters(AZURE_POLICIES.decommissionedDenyDelete, facts), { type: "Microsoft.Storage/storageAccounts", name: "st", location: "germanywestcentral", indexed: true })).toBe("DenyAction");
  });

  it("names its Azure counterparts in the synth rules, and every Träger-scope assignment belongs to a rule", () => {
    const named = POLICY_RULES.flatMap((r) => r.azure ?? []);
    expect(new Set(named).size).toBe(named.length);
    expect(named.map((p) => p.key).sort()).toEqual(AZURE_POLICY_LIST.filter((p) => p.scope === "traeger").map((p) => p.key).sort());
  });
});

// ---------------------------------------------------------------------------------------------------
// The Träger stacks' resources as Resource Manager sees them.

type Tf = Record<string, unknown>;
const ARM_TYPES: Readonly<Record<string, string>> = {
  azurerm_resource_group: "Microsoft.Resources/subscriptions/resourceGroups",
  azurerm_virtual_network: "Microsoft.Network/virtualNetworks",
  azurerm_subnet: "Microsoft.Network/virtualNetworks/subnets",
  azurerm_network_security_group: "Microsoft.Network/networkSecurityGroups",
  azurerm_network_security_rule: "Microsoft.Network/networkSecurityGroups/securityRules",
  azurerm_virtual_network_peering: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
  azurerm_network_interface: "Microsoft.Network/networkInterfaces",
  azurerm_route_table: "Microsoft.Network/routeTables",
  azurerm_private_endpoint: "Microsoft.Network/privateEndpoints",
  azurerm_storage_account: "Microsoft.Storage/storageAccounts",
  azurerm_key_vault: "Microsoft.KeyVault/vaults",
  azurerm_recovery_services_vault: "Microsoft.RecoveryServices/vaults",
  azurerm_windows_virtual_machine: "Microsoft.Compute/virtualMachines",
  azurerm_virtual_machine_extension: "Microsoft.Compute/virtualMachines/extensions",
  azurerm_virtual_desktop_host_pool: "Microsoft.DesktopVirtualization/hostPools",
  azurerm_virtual_desktop_application_group: "Microsoft.DesktopVirtualization/applicationGroups",
  azurerm_virtual_desktop_workspace: "Microsoft.DesktopVirtualization/workspaces",
  azurerm_virtual_desktop_scaling_plan: "Microsoft.DesktopVirtualization/scalingPlans",
  ...Object.fromEntries(GLOBAL_ONLY_TYPES.map((t) => [t.terraform, t.azure])),
};
const reference = (value: unknown) => /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(value));
const list = (v: unknown): Tf[] => (Array.isArray(v) ? (v as Tf[]) : v && typeof v === "object" ? [v as Tf] : []);

/** The ARM view of one Terraform resource of a stack; undefined for what Resource Manager does not hold as such (role assignments, diagnostic settings, data plane). */
function armOf(stack: StackJson, type: string, config: Tf): ArmResource | undefined {
  const armType = ARM_TYPES[type];
  if (!armType || (typeof config.provider === "string" && config.provider.includes("."))) return undefined;
  const global = GLOBAL_ONLY_TYPES.some((t) => t.terraform === type);
  let location = typeof config.location === "string" ? config.location : global ? "global" : undefined;
  if (type === "azurerm_virtual_machine_extension") {
    const vm = reference(config.virtual_machine_id);
    location = vm ? String(stack.resource[vm[1]!]?.[vm[2]!]?.location) : undefined;
  }
  const name = String(config.name);
  const disabled = (v: unknown) => (v === false ? "Disabled" : "Enabled");
  const properties: Record<string, unknown> = {};
  if (type === "azurerm_network_security_group") {
    properties.securityRules = list(config.security_rule).map((r) => ({ name: r.name, properties: { direction: r.direction, access: r.access, sourceAddressPrefix: r.source_address_prefix, sourceAddressPrefixes: r.source_address_prefixes } }));
  }
  if (type === "azurerm_network_security_rule") Object.assign(properties, { direction: config.direction, access: config.access, sourceAddressPrefix: config.source_address_prefix, sourceAddressPrefixes: config.source_address_prefixes });
  if (type === "azurerm_subnet") {
    const [address] = Object.entries(stack.resource.azurerm_subnet ?? {}).find(([, c]) => c === config) ?? [];
    const association = Object.values(stack.resource.azurerm_subnet_network_security_group_association ?? {}).find((a) => reference(a.subnet_id)?.[2] === address);
    if (association) properties.networkSecurityGroup = { id: association.network_security_group_id };
  }
  if (type === "azurerm_virtual_network_peering") properties.remoteVirtualNetwork = { id: config.remote_virtual_network_id };
  if (type === "azurerm_storage_account") Object.assign(properties, { publicNetworkAccess: disabled(config.public_network_access_enabled), allowSharedKeyAccess: config.shared_access_key_enabled !== false, supportsHttpsTrafficOnly: config.https_traffic_only_enabled !== false });
  if (type === "azurerm_key_vault" || type === "azurerm_recovery_services_vault") properties.publicNetworkAccess = disabled(config.public_network_access_enabled);
  if (type === "azurerm_network_interface") properties.ipConfigurations = list(config.ip_configuration).map((ip) => ({ properties: { publicIPAddress: ip.public_ip_address_id ? { id: ip.public_ip_address_id } : undefined } }));
  return { type: armType, name, location, tags: config.tags as Record<string, string> | undefined, properties, indexed: TAGGABLE_RESOURCE_TYPES.has(type) && type !== "azurerm_resource_group" };
}

const traegerPolicies = AZURE_POLICY_LIST.filter((p): p is AzurePolicy & { definition: CustomDefinition } => p.scope === "traeger" && p.definition.kind === "custom");
const effectsOn = (resource: ArmResource) => traegerPolicies.map((p) => [p.key, effectOn(p.definition, assignmentParameters(p, facts), resource)] as const).filter(([, e]) => e !== "");

describe("our own Träger resources under the Verbund's policies", () => {
  it("are never denied or flagged by a custom definition (fixture Verbund, every Träger stack)", () => {
    let seen = 0;
    for (const [id, stack] of stacks) {
      for (const [type, byName] of Object.entries(stack.resource)) {
        for (const [name, config] of Object.entries(byName)) {
          const arm = armOf(stack, type, config);
          if (!arm) continue;
          seen++;
          expect([id, `${type}.${name}`, effectsOn(arm)]).toEqual([id, `${type}.${name}`, []]);
        }
      }
    }
    expect(seen).toBeGreaterThan(50);
  });

  it("meet the built-in definitions' conditions: no public network access, no shared keys, HTTPS only, no public IP on a NIC, German resource groups", () => {
    for (const [, stack] of stacks) {
      for (const [type, byName] of Object.entries(stack.resource)) {
        for (const config of Object.values(byName)) {
          const arm = armOf(stack, type, config);
          if (!arm) continue;
          if (["Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults", "Microsoft.RecoveryServices/vaults"].includes(arm.type)) expect([arm.name, arm.properties!.publicNetworkAccess]).toEqual([arm.name, "Disabled"]);
          if (arm.type === "Microsoft.Storage/storageAccounts") expect([arm.name, arm.properties!.allowSharedKeyAccess, arm.properties!.supportsHttpsTrafficOnly]).toEqual([arm.name, false, true]);
          if (arm.type === "Microsoft.Network/networkInterfaces") for (const ip of arm.properties!.ipConfigurations as Tf[]) expect((ip.properties as Tf).publicIPAddress).toBeUndefined();
          if (arm.type === "Microsoft.Resources/subscriptions/resourceGroups") expect(facts.germanRegions).toContain(arm.location);
          expect(["Microsoft.Network/publicIPAddresses", "Microsoft.Network/publicIPPrefixes"]).not.toContain(arm.type);
        }
      }
    }
  });
});

describe("the synth check and Azure judge alike", () => {
  const stackOf = (resources: Record<string, Record<string, Tf>>): StackJson => ({ terraform: { backend: { azurerm: {} }, required_providers: {} }, provider: { azurerm: [] }, resource: resources });
  const tags = Object.fromEntries(REQUIRED_TAGS.map((t) => [t, "x"]));
  // Only the rules that have an Azure counterpart: the others (hub-by-subnet-and-port, …) are synth-only.
  const judge = (type: string, config: Tf, extra: Record<string, Record<string, Tf>> = {}) => {
    const stack = stackOf({ [type]: { it: config }, ...extra });
    const synth = checkStackJson("t", stack, { traegerId: "t", subscriptionId: "00000000-0000-0000-0000-000000000009", germanRegions: facts.germanRegions, avdRegion: facts.avdRegion, hub: model.hub })
      .filter((v) => v.address === `${type}.it` && POLICY_RULES.find((r) => r.id === v.rule)?.azure !== undefined)
      .map((v) => v.rule);
    return { synth: [...new Set(synth)].sort(), azure: effectsOn(armOf(stack, type, config)!).map(([key, effect]) => `${key}:${effect}`).sort() };
  };
  const nsg = (rule: Tf) => ({ name: "nsg", location: "germanywestcentral", tags, security_rule: [{ name: "r", priority: 100, protocol: "Tcp", destination_port_range: "3389", destination_address_prefix: "*", direction: "Inbound", access: "Allow", ...rule }] });

  it.each([
    ["RDP from the Internet", nsg({ source_address_prefix: "Internet" }), ["no-inbound-from-internet"], ["verbund-no-inbound-inet:Deny"]],
    ["SSH from any address, in a list", nsg({ source_address_prefixes: ["10.1.0.0/16", "0.0.0.0/0"], destination_port_range: "22" }), ["no-inbound-from-internet"], ["verbund-no-inbound-inet:Deny"]],
    ["inbound from the Verbund only", nsg({ source_address_prefix: "10.64.0.0/24" }), [], []],
    ["an outbound rule to anywhere", nsg({ source_address_prefix: "*", direction: "Outbound" }), [], []],
  ])("NSG: %s", (_, config, synth, azure) => {
    expect(judge("azurerm_network_security_group", config)).toEqual({ synth, azure });
  });

  it("a separate NSG rule from the Internet", () => {
    expect(judge("azurerm_network_security_rule", { name: "r", direction: "Inbound", access: "Allow", source_address_prefix: "*", destination_port_range: "3389" })).toEqual({ synth: ["no-inbound-from-internet"], azure: ["verbund-no-inbound-inet:Deny"] });
  });

  it.each([
    ["a VM in West Europe", "azurerm_windows_virtual_machine", { name: "vm", location: "westeurope", tags }, ["data-residency"], ["verbund-locations:Deny"]],
    ["a VM in a German region", "azurerm_windows_virtual_machine", { name: "vm", location: "germanynorth", tags }, [], []],
    ["a host pool in Germany", "azurerm_virtual_desktop_host_pool", { name: "hp", location: "germanywestcentral", tags }, ["data-residency"], ["verbund-locations:Deny"]],
    ["a host pool in the AVD region", "azurerm_virtual_desktop_host_pool", { name: "hp", location: model.regions.avd, tags }, [], []],
    ["an action group at global", "azurerm_monitor_action_group", { name: "ag", location: "global", tags }, [], []],
    ["a VM at global", "azurerm_windows_virtual_machine", { name: "vm", location: "global", tags }, ["data-residency"], ["verbund-locations:Deny"]],
  ])("location: %s", (_, type, config, synth, azure) => {
    expect(judge(type as string, config as Tf)).toEqual({ synth, azure });
  });

  it("peering: with the hub allowed, with another VNet denied", () => {
    const peering = (remote: string) => ({ name: "p", resource_group_name: "rg", virtual_network_name: "vnet-t", remote_virtual_network_id: remote });
    expect(judge("azurerm_virtual_network_peering", peering(model.hub.virtualNetworkId))).toEqual({ synth: [], azure: [] });
    expect(judge("azurerm_virtual_network_peering", peering("/subscriptions/00000000-0000-0000-0000-000000000008/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet-other"))).toEqual({
      synth: ["peering-only-with-hub"],
      azure: ["verbund-peering-hub-only:Deny"],
    });
  });

  it("tags: a resource or resource group without one is denied; an empty value counts as missing", () => {
    const { "cost-center": _, ...withoutCostCenter } = tags;
    expect(judge("azurerm_route_table", { name: "rt", location: "germanywestcentral", tags: withoutCostCenter })).toEqual({ synth: ["required-tags"], azure: ["verbund-tags:Deny"] });
    expect(judge("azurerm_route_table", { name: "rt", location: "germanywestcentral", tags: { ...tags, key: "" } })).toEqual({ synth: ["required-tags"], azure: ["verbund-tags:Deny"] });
    expect(judge("azurerm_resource_group", { name: "rg-t", location: "germanywestcentral", tags: withoutCostCenter })).toEqual({ synth: ["required-tags"], azure: ["verbund-rg-tags:Deny"] });
  });

  it("tags: what Azure Backup and Network Watcher create by themselves is exempt in Azure (the synth never sees it)", () => {
    const rg = AZURE_POLICIES.resourceGroupTags;
    const params = assignmentParameters(rg, facts);
    for (const name of ["AzureBackupRG_germanywestcentral_1", "NetworkWatcherRG"]) expect(effectOn(rg.definition, params, { type: "Microsoft.Resources/subscriptions/resourceGroups", name, location: "germanywestcentral", indexed: false })).toBe("");
    expect(effectOn(rg.definition, params, { type: "Microsoft.Resources/subscriptions/resourceGroups", name: "rg-other", location: "germanywestcentral", indexed: false })).toBe("Deny");
    const all = AZURE_POLICIES.tags;
    expect(effectOn(all.definition, assignmentParameters(all, facts), { type: "Microsoft.Compute/restorePointCollections", name: "AzureBackup_vm", location: "germanywestcentral", indexed: true })).toBe("");
  });

  it("tags and locations: the Defender for Endpoint extension that Defender for Servers writes onto a session host (location, no tags) is let through", () => {
    // The resource as Azure/azure-policy …/Security Center/ASC_MicrosoftDefenderForEndpoint_WindowsAgent_VM_DINE.json deploys it.
    const mde: ArmResource = { type: "Microsoft.Compute/virtualMachines/extensions", name: "vm-host-000/MDE.Windows", location: "germanywestcentral", properties: { publisher: "Microsoft.Azure.AzureDefenderForServers", type: "MDE.Windows" }, indexed: true };
    expect(effectsOn(mde)).toEqual([]);
    // A resource we create is still judged: without tags it is denied.
    expect(effectsOn({ ...mde, type: "Microsoft.Compute/virtualMachines" })).toEqual([["verbund-tags", "Deny"]]);
  });

  it("subnets: one without an NSG is flagged (Audit in Azure), one Azure reserves is exempt", () => {
    const subnet = (name: string) => ({ name, resource_group_name: "rg", virtual_network_name: "vnet-t", address_prefixes: ["10.64.0.0/28"] });
    expect(judge("azurerm_subnet", subnet("snet-x"))).toEqual({ synth: ["nsg-on-every-subnet"], azure: ["verbund-nsg-on-subnet:Audit"] });
    expect(judge("azurerm_subnet", subnet("GatewaySubnet"))).toEqual({ synth: [], azure: [] });
    expect(judge("azurerm_subnet", subnet("snet-x"), { azurerm_subnet_network_security_group_association: { a: { subnet_id: "${azurerm_subnet.it.id}", network_security_group_id: "${azurerm_network_security_group.n.id}" } } })).toEqual({ synth: [], azure: [] });
  });
});

describe("the documents", () => {
  const docs = generateDocs(model);

  it("docs/policies.md shows both sides per rule: the synth check, the assignment with its definition, effect, parameters, scope and requirement", () => {
    const page = docs.get("docs/policies.md")!;
    for (const rule of POLICY_RULES) {
      for (const policy of rule.azure ?? []) {
        const row = page.split("\n").find((line) => line.startsWith(`| \`${rule.id}\` | \`${policy.key}\` |`));
        expect([policy.key, row !== undefined]).toEqual([policy.key, true]);
        const id = policy.definition.kind === "built-in" ? policy.definition.id.split("/").pop()! : policy.definition.name;
        for (const part of [id, policy.effect, `\`${model.identities.traegerManagementGroupId}\``, policy.requirement.split(" (")[0]!]) expect([policy.key, part, row!.includes(part)]).toEqual([policy.key, part, true]);
      }
    }
    expect(page).toContain(`\`${model.identities.decommissionedManagementGroupId}\``);
    expect(page).toContain("hubVirtualNetworkId = `\"" + model.hub.virtualNetworkId + "\"`");
  });

  it("every Trägerblatt lists, in German, the policies that apply to the Träger and the decommissioned group", () => {
    for (const t of model.traeger) {
      const page = docs.get(traegerPagePath(t.id))!;
      expect(page).toContain("## Richtlinien in Azure");
      for (const policy of AZURE_POLICY_LIST) {
        if (policy.scope === "traeger") expect([t.id, page.includes(`| ${policy.titleDe} | \`${policy.key}\` |`)]).toEqual([t.id, true]);
        else expect([t.id, page.includes(policy.titleDe)]).toEqual([t.id, true]);
      }
      expect(page).toContain(`\`${model.identities.decommissionedManagementGroupId}\``);
    }
  });
});
