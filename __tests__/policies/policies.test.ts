import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { Route } from "@cdktf/provider-azurerm/lib/route";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { buildApp, buildStack, newApp, synthesizeApp } from "../../lib/app/build";
import { createManifest, synthesizeStack } from "../../lib/app/synth-stack";
import { policyRulesFor, stackUnits } from "../../lib/app/units";
import { compareViolations, formatViolation, POLICY_RULES } from "../../lib/policies";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { loadModel, synthesizeCached } from "../helpers/synth";
import { stadt, tenantsDir } from "../helpers/tenants";

const dir = tenantsDir({ "teststadt.ts": stadt({ vdi: { pools: [{ name: "verwaltung", users: 5, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }] } }) });
const model = loadModel({ TENANTS_DIR: dir });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const tags = { ...model.traeger[0]!.tags };

/**
 * Builds the Träger's stack in an App of its own, as the main job does (lib/app/build.ts
 * synthesizeUnit), lets `mutate` break something, synthesizes and checks it, and returns the violation lines.
 */
function violationsAfter(mutate: (stack: TraegerStack) => void): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-policy-"));
  try {
    const unit = stackUnits(model).find((u) => u.kind === "traeger")!;
    const app = newApp(outdir);
    const stack = buildStack(app, unit) as TraegerStack;
    mutate(stack);
    const { violations, problems } = synthesizeStack(app, stack, createManifest(app, outdir), unit.facts, policyRulesFor(unit));
    if (problems.length > 0) throw new Error(problems.join("\n"));
    return [...violations].sort(compareViolations).map(formatViolation).map((line) => line.replace(/_[0-9A-F]{8}(?=[:.])/g, "_HASH"));
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** The hash suffix of the profile storage account's logical id. */
const profileHash = (s: TraegerStack) => s.desktops!.profileStorage.friendlyUniqueId.split("_").pop()!;

describe("policy checks", () => {
  it("pass for a compliant stack, and for the whole checked-in Verbund", () => {
    expect(violationsAfter(() => undefined)).toEqual([]);
    // The one-Träger Verbund as the tests' one App builds it, its subscription and platform stacks included.
    const own = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-policy-"));
    expect(() => synthesizeApp(buildApp(model, own), model, own)).not.toThrow();
    fs.rmSync(own, { recursive: true, force: true });
    // As the main job synthesizes it, through the run's synth cache: a stack is cached only once it
    // passed every check, so a stack another test file built is not built and checked again.
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-policy-"));
    const verbund = loadModel();
    expect(() => synthesizeCached(verbund, outdir)).not.toThrow();
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("cover every rule with a test below", () => {
    const tested = fs.readFileSync(__filename, "utf8");
    for (const rule of POLICY_RULES) expect([rule.id, tested.includes(`[${rule.id}]`)]).toEqual([rule.id, true]);
  });

  it("catch a violation injected by a stack-level override, which no construct holds", () => {
    expect(
      violationsAfter((s) =>
        s.addOverride("resource.azurerm_public_ip.sneaky", { name: "pip-sneaky", resource_group_name: "rg", location: "germanywestcentral", allocation_method: "Static", tags }),
      ),
    ).toEqual(["teststadt: azurerm_public_ip.sneaky: [no-public-ip] public IP addresses are not allowed: reach the Träger through the hub"]);
    expect(violationsAfter((s) => s.addOverride("resource.azurerm_storage_account.vdi_profile-storage_" + profileHash(s) + ".shared_access_key_enabled", true))).toEqual([
      "teststadt: azurerm_storage_account.vdi_profile-storage_HASH: [no-shared-key-access] shared_access_key_enabled must be false (use Entra ID or AD DS identities)",
    ]);
  });

  it("required-tags: a taggable resource without the tags", () => {
    expect(violationsAfter((s) => new ResourceGroup(s, "untagged", { name: "rg-extra", location: "germanywestcentral" }))).toEqual([
      "teststadt: azurerm_resource_group.untagged: [required-tags] missing tags traeger, key, managed-by, cost-center",
    ]);
  });

  it("data-residency: a resource outside Germany, and an AVD object outside the AVD region", () => {
    expect(violationsAfter((s) => new ResourceGroup(s, "abroad", { name: "rg-abroad", location: "westeurope", tags }))).toEqual([
      "teststadt: azurerm_resource_group.abroad: [data-residency] location westeurope lies outside Germany (germanywestcentral, germanynorth)",
    ]);
    expect(violationsAfter((s) => s.desktops!.pools.verwaltung!.hostPool!.addOverride("location", "germanywestcentral"))).toEqual([
      "teststadt: azurerm_virtual_desktop_host_pool.vdi_pool-verwaltung_host-pool_HASH: [data-residency] location germanywestcentral: AVD service objects belong in westeurope",
    ]);
  });

  it("no-public-ip: a public IP address", () => {
    expect(violationsAfter((s) => new PublicIp(s, "exposed", { name: "pip", resourceGroupName: "rg", location: "germanywestcentral", allocationMethod: "Static", tags }))).toEqual([
      "teststadt: azurerm_public_ip.exposed: [no-public-ip] public IP addresses are not allowed: reach the Träger through the hub",
    ]);
  });

  it("no-public-network-access: a key vault reachable from the Internet", () => {
    expect(violationsAfter((s) => s.desktops!.keyVault.addOverride("public_network_access_enabled", true))).toEqual([
      "teststadt: azurerm_key_vault.vdi_key-vault_HASH: [no-public-network-access] public_network_access_enabled must be false",
    ]);
  });

  it("storage-transport-encryption: TLS 1.0 and plain HTTP on a storage account", () => {
    expect(
      violationsAfter((s) => {
        s.desktops!.profileStorage.addOverride("min_tls_version", "TLS1_0");
        s.desktops!.profileStorage.addOverride("https_traffic_only_enabled", false);
      }),
    ).toEqual([
      "teststadt: azurerm_storage_account.vdi_profile-storage_HASH: [storage-transport-encryption] https_traffic_only_enabled must be true",
      "teststadt: azurerm_storage_account.vdi_profile-storage_HASH: [storage-transport-encryption] min_tls_version must be TLS1_2 or newer",
    ]);
  });

  it("no-shared-key-access: shared keys on a storage account", () => {
    expect(violationsAfter((s) => s.desktops!.profileStorage.addOverride("shared_access_key_enabled", true))).toEqual([
      "teststadt: azurerm_storage_account.vdi_profile-storage_HASH: [no-shared-key-access] shared_access_key_enabled must be false (use Entra ID or AD DS identities)",
    ]);
  });

  it("no-inbound-from-internet: an NSG rule allowing inbound traffic from the Internet", () => {
    expect(
      violationsAfter(
        (s) =>
          new NetworkSecurityRule(s, "rdp-open", {
            name: "allow-rdp",
            resourceGroupName: "rg",
            networkSecurityGroupName: "nsg",
            priority: 200,
            direction: "Inbound",
            access: "Allow",
            protocol: "Tcp",
            sourcePortRange: "*",
            destinationPortRange: "3389",
            sourceAddressPrefix: "Internet",
            destinationAddressPrefix: "*",
          }),
      ),
    ).toEqual(["teststadt: azurerm_network_security_rule.rdp-open: [no-inbound-from-internet] rule allow-rdp allows inbound traffic from Internet"]);
  });

  it("hub-by-subnet-and-port: the whole hub, the firewall subnet, or every port of a hub subnet", () => {
    const rule = (id: string, config: { direction: "Inbound" | "Outbound"; source: string; destination: string; port: string }) => (s: TraegerStack) =>
      new NetworkSecurityRule(s, id, {
        name: id,
        resourceGroupName: "rg",
        networkSecurityGroupName: "nsg",
        priority: 300,
        direction: config.direction,
        access: "Allow",
        protocol: "Tcp",
        sourcePortRange: "*",
        destinationPortRange: config.port,
        sourceAddressPrefix: config.source,
        destinationAddressPrefix: config.destination,
      });
    const own = model.traeger[0]!.network.addressSpace;
    expect(
      violationsAfter((s) => {
        rule("whole-hub", { direction: "Inbound", source: model.hub.addressSpace, destination: own, port: "3389" })(s);
        rule("from-firewall", { direction: "Inbound", source: "10.60.0.4", destination: own, port: "443" })(s);
        rule("any-port", { direction: "Outbound", source: own, destination: model.hub.subnets.bastion, port: "*" })(s);
      }),
    ).toEqual([
      `teststadt: azurerm_network_security_rule.any-port: [hub-by-subnet-and-port] rule any-port (to ${model.hub.subnets.bastion}) allows every port`,
      `teststadt: azurerm_network_security_rule.from-firewall: [hub-by-subnet-and-port] rule from-firewall (from 10.60.0.4) allows inbound from the firewall subnet ${model.hub.subnets.firewall}, whose SNAT hides other Träger's traffic`,
      `teststadt: azurerm_network_security_rule.whole-hub: [hub-by-subnet-and-port] rule whole-hub (from ${model.hub.addressSpace}) allows the hub's whole range ${model.hub.addressSpace}`,
    ]);
  });

  it("protect-data-from-destroy: a key vault without prevent_destroy", () => {
    expect(violationsAfter((s) => s.desktops!.keyVault.addOverride("lifecycle.prevent_destroy", false))).toEqual([
      "teststadt: azurerm_key_vault.vdi_key-vault_HASH: [protect-data-from-destroy] holds data but lacks lifecycle.prevent_destroy",
    ]);
  });

  it("peering-only-with-hub: a peering to another Träger's VNet", () => {
    const other = "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e02/resourceGroups/rg-testamt-network/providers/Microsoft.Network/virtualNetworks/vnet-testamt";
    expect(violationsAfter((s) => new VirtualNetworkPeering(s, "to-neighbour", { name: "peer-neighbour", resourceGroupName: "rg", virtualNetworkName: "vnet-teststadt", remoteVirtualNetworkId: other }))).toEqual([
      `teststadt: azurerm_virtual_network_peering.to-neighbour: [peering-only-with-hub] peers vnet-teststadt with ${other}: only the Träger's own VNet and the hub may be peered`,
    ]);
  });

  it("nsg-on-every-subnet: a subnet without an NSG association; a subnet Azure reserves is exempt", () => {
    expect(
      violationsAfter((s) => {
        new Subnet(s, "bare", { name: "snet-bare", resourceGroupName: "rg", virtualNetworkName: "vnet-teststadt", addressPrefixes: ["10.64.0.0/28"] });
        new Subnet(s, "gateway", { name: "GatewaySubnet", resourceGroupName: "rg", virtualNetworkName: "vnet-teststadt", addressPrefixes: ["10.64.0.16/28"] });
      }),
    ).toEqual(["teststadt: azurerm_subnet.bare: [nsg-on-every-subnet] subnet snet-bare has no azurerm_subnet_network_security_group_association"]);
  });

  it("default-route-via-hub-firewall: a default route straight to the Internet", () => {
    expect(violationsAfter((s) => new Route(s, "shortcut", { name: "internet", resourceGroupName: "rg", routeTableName: "rt", addressPrefix: "0.0.0.0/0", nextHopType: "Internet" }))).toEqual([
      "teststadt: azurerm_route.shortcut: [default-route-via-hub-firewall] route internet sends 0.0.0.0/0 to Internet, not to the hub firewall 10.60.0.4",
    ]);
  });

  it("role-assignment-in-own-subscription: a role on another subscription", () => {
    expect(violationsAfter((s) => new RoleAssignment(s, "foreign", { scope: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e02", roleDefinitionName: "Reader", principalId: "p" }))).toEqual([
      "teststadt: azurerm_role_assignment.foreign: [role-assignment-in-own-subscription] scope /subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e02 lies outside the Träger's subscription 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e01",
    ]);
  });

  it("directory-role-in-administrative-unit: a tenant-wide directory role", () => {
    expect(violationsAfter((s) => new DirectoryRoleAssignment(s, "tenant-wide", { roleId: "fe930be7-5e62-47db-91af-98c3a49a38b1", principalObjectId: s.directory.groups.admins.objectId }))).toEqual([
      "teststadt: azuread_directory_role_assignment.tenant-wide: [directory-role-in-administrative-unit] directory_scope_id / is not the Träger's administrative unit (tenant-wide or foreign scope)",
    ]);
  });
});
