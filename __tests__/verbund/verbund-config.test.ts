import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../../lib/problems";
import { loadVerbund } from "../../lib/verbund";
import { stadt, tenantsDir } from "../helpers/tenants";

const base = {
  name: "Testverbund",
  landKey: "13",
  founded: 2013,
  shortName: "tv",
  entraTenantId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e00",
  regions: { primary: "germanywestcentral", paired: "germanynorth", avd: "westeurope" },
  addressPool: "10.64.0.0/12",
  hub: {
    subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff",
    resourceGroupName: "rg-tv-hub",
    virtualNetworkName: "vnet-tv-hub",
    addressSpace: "10.60.0.0/22",
    firewallPrivateIp: "10.60.0.4",
    dnsServers: ["10.60.0.4"],
    subnets: { firewall: "10.60.0.0/26", bastion: "10.60.0.64/26", runners: "10.60.1.0/26" },
  },
  directory: { groupOwners: [{ objectId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0a", type: "User" }], platformOperatorsGroupObjectId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0b" },
  backup: { resourceGuardId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-security/providers/Microsoft.DataProtection/resourceGuards/guard-tv" },
  privateDns: {
    fileZoneId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-dns/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net",
    vaultZoneId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net",
  },
  monitoring: { logAnalyticsWorkspaceId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-monitoring/providers/Microsoft.OperationalInsights/workspaces/log-tv", platformTeamEmail: "plattform@tv.example" },
  stateBackend: { subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff", resourceGroupName: "rg-tv-state", storageAccountName: "sttvstate", containerName: "tfstate", privateEndpointSubnetId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-hub/providers/Microsoft.Network/virtualNetworks/vnet-tv-hub/subnets/snet-pe" },
  identities: { deployPrincipalId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0d", traegerManagementGroupId: "mg-tv-traeger", decommissionedManagementGroupId: "mg-tv-decommissioned" },
  vending: { billingScopeId: "/providers/Microsoft.Billing/billingAccounts/1234567/enrollmentAccounts/7654321", budget: { base: 300, perDesktopUser: 40 } },
  github: { repository: "testverbund/infra" },
  sessionHostImages: [{ publisher: "MicrosoftWindowsDesktop", offer: "office-365", sku: "win11-24h2-avd-m365" }],
};

function configProblems(config: unknown, raw?: string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-verbund-"));
  const file = path.join(dir, "verbund.ts");
  fs.writeFileSync(file, raw ?? `import { defineVerbund } from "../lib/declaration";\nexport default defineVerbund(${JSON.stringify(config)});\n`);
  const tenants = tenantsDir({ "teststadt.ts": stadt() });
  try {
    return loadVerbund({ env: { VERBUND_CONFIG: file, TENANTS_DIR: tenants } }).problems.map((p) => formatProblem(p).replace(file, "verbund.ts"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(tenants, { recursive: true, force: true });
  }
}

describe("the Verbund config", () => {
  it("accepts a complete config given through VERBUND_CONFIG", () => {
    expect(configProblems(base)).toEqual([]);
  });

  it("rejects a group as a group owner, by its declared type or because it is the operators group, and duplicated owners", () => {
    const owner = (objectId: string, type: string) => ({ objectId, type });
    const directory = (groupOwners: unknown[]) => ({ ...base, directory: { ...base.directory, groupOwners } });
    expect(configProblems(directory([owner("3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0a", "Group")]))).toEqual([
      "verbund.ts: directory.groupOwners[0].type: must be User or ServicePrincipal: a group is never an owner (its members would own the Träger's groups)",
    ]);
    expect(configProblems(directory([owner("3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0b", "User"), owner("3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0a", "ServicePrincipal"), owner("3F2C8A51-7D4E-4B1A-9C0E-5A6B7C8D9E0A", "User")]))).toEqual([
      "verbund.ts: directory.groupOwners[0].objectId: is the platform operators group: a group is never an owner (name its users or service principals instead)",
      "verbund.ts: directory.groupOwners[2].objectId: is already directory.groupOwners[1]",
    ]);
  });

  it("rejects a bare list of owner ids, which cannot say what kind of object each is", () => {
    const { groupOwners: _, ...rest } = base.directory;
    expect(configProblems({ ...base, directory: { ...rest, groupOwnerObjectIds: ["3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0a"] } })).toEqual(
      expect.arrayContaining([expect.stringMatching(/^verbund\.ts: directory(\.groupOwners)?: /)]),
    );
  });

  it("rejects hub subnets outside the hub, overlapping each other, or smaller than Azure allows", () => {
    const subnets = { firewall: "10.60.0.0/27", bastion: "10.60.0.0/26", runners: "10.61.0.0/26", dnsResolverInbound: "10.60.1.0/29" };
    expect(configProblems({ ...base, hub: { ...base.hub, subnets } })).toEqual([
      "verbund.ts: hub.subnets.firewall: 10.60.0.0/27 is too small: AzureFirewallSubnet must be /26 or larger",
      "verbund.ts: hub.subnets.bastion: 10.60.0.0/26 overlaps hub.subnets.firewall 10.60.0.0/27",
      "verbund.ts: hub.subnets.runners: 10.61.0.0/26 lies outside the hub's address space 10.60.0.0/22",
      "verbund.ts: hub.subnets.dnsResolverInbound: 10.60.1.0/29 is too small: a DNS resolver inbound endpoint subnet must be /28 or larger",
    ]);
  });

  it("rejects a firewall address outside the firewall subnet and DNS servers where spokes may not send DNS", () => {
    expect(configProblems({ ...base, hub: { ...base.hub, firewallPrivateIp: "10.60.2.4", dnsServers: ["10.60.0.4", "10.60.0.70"] } })).toEqual([
      "verbund.ts: hub.firewallPrivateIp: 10.60.2.4 lies outside hub.subnets.firewall 10.60.0.0/26",
      "verbund.ts: hub.dnsServers[1]: 10.60.0.70 lies in none of hub.subnets.firewall: spokes send DNS only there",
    ]);
  });

  it("requires the domain controllers' subnet when Träger may join Active Directory", () => {
    const adJoin = {
      username: "svc-domainjoin@tv.local",
      keyVaultId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-identity/providers/Microsoft.KeyVault/vaults/kv-tv-identity",
      passwordSecretName: "domainjoin-password",
      domainGuid: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e21",
      domainSid: "S-1-5-21-1000000001-1000000002-1000000003",
      forestName: "tv.local",
      netbiosDomainName: "TV",
      traegerOuPath: "OU=Traeger,DC=tv,DC=local",
    };
    expect(configProblems({ ...base, directory: { ...base.directory, adJoin } })).toEqual([
      "verbund.ts: hub.subnets.domainControllers: is required with directory.adJoin: session hosts that join Active Directory reach the domain controllers there",
    ]);
    expect(configProblems({ ...base, directory: { ...base.directory, adJoin }, hub: { ...base.hub, subnets: { ...base.hub.subnets, domainControllers: "10.60.1.64/27" } } })).toEqual([]);
  });

  it("rejects a platform team address that is not an e-mail address", () => {
    expect(configProblems({ ...base, monitoring: { ...base.monitoring, platformTeamEmail: "Plattform-Team" } })).toEqual([
      "verbund.ts: monitoring.platformTeamEmail: must be an e-mail address (the platform team's shared mailbox)",
    ]);
  });

  it("rejects a hub that overlaps the Träger pool", () => {
    expect(configProblems({ ...base, hub: { ...base.hub, addressSpace: "10.64.0.0/22", firewallPrivateIp: "10.64.0.4", dnsServers: ["10.64.0.4"] } })).toContain(
      "verbund.ts: hub.addressSpace: 10.64.0.0/22 overlaps the Träger pool 10.64.0.0/12: the hub must lie outside it",
    );
  });

  it("rejects a state private endpoint subnet outside the hub VNet", () => {
    const elsewhere = "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-other/providers/Microsoft.Network/virtualNetworks/vnet-other/subnets/snet-pe";
    expect(configProblems({ ...base, stateBackend: { ...base.stateBackend, privateEndpointSubnetId: elsewhere } })).toEqual([
      "verbund.ts: stateBackend.privateEndpointSubnetId: must be a subnet of the hub VNet vnet-tv-hub: runners reach state through the hub",
    ]);
  });

  it("rejects a malformed GitHub repository and deploy identity", () => {
    const lines = configProblems({ ...base, github: { repository: "no-slash" }, identities: { ...base.identities, deployPrincipalId: "nope" } });
    expect(lines).toContainEqual(expect.stringMatching(/^verbund\.ts: github\.repository: must be a GitHub repository as owner\/name/));
    expect(lines).toContainEqual(expect.stringMatching(/^verbund\.ts: identities\.deployPrincipalId: must be a GUID/));
  });

  it("rejects a decommissioned management group that is the Träger management group, in any case", () => {
    expect(configProblems({ ...base, identities: { ...base.identities, decommissionedManagementGroupId: "MG-TV-Traeger" } })).toEqual([
      "verbund.ts: identities.decommissionedManagementGroupId: must differ from identities.traegerManagementGroupId: decommissioned subscriptions leave the Träger management group",
    ]);
  });

  it("rejects a firewall address outside the hub", () => {
    expect(configProblems({ ...base, hub: { ...base.hub, firewallPrivateIp: "10.61.0.4" } })).toEqual([
      "verbund.ts: hub.firewallPrivateIp: 10.61.0.4 lies outside the hub's address space 10.60.0.0/22",
    ]);
  });

  it("rejects a region outside Germany for data and a non-EU region for AVD", () => {
    expect(configProblems({ ...base, regions: { primary: "westeurope", paired: "germanynorth", avd: "eastus" } })).toEqual([
      "verbund.ts: regions.primary: must be a German region: germanywestcentral | germanynorth",
      "verbund.ts: regions.avd: must be an EU region that hosts AVD service objects: westeurope | northeurope",
    ]);
  });

  it("rejects a paired region that is not Azure's pair of the primary", () => {
    expect(configProblems({ ...base, regions: { ...base.regions, paired: "germanywestcentral" } })).toEqual([
      "verbund.ts: regions.paired: must be germanynorth, Azure's pair of germanywestcentral: geo-redundant backups keep their second copy there",
    ]);
  });

  it("rejects a resource guard and a workspace that are not such resource ids", () => {
    expect(configProblems({ ...base, backup: { resourceGuardId: "guard-ksm" }, monitoring: { ...base.monitoring, logAnalyticsWorkspaceId: "log-ksm" } })).toEqual([
      "verbund.ts: backup.resourceGuardId: must be a resource guard id (/subscriptions/…/resourceGroups/…/providers/Microsoft.DataProtection/resourceGuards/…)",
      "verbund.ts: monitoring.logAnalyticsWorkspaceId: must be a Log Analytics workspace id (/subscriptions/…/resourceGroups/…/providers/Microsoft.OperationalInsights/workspaces/…)",
    ]);
  });

  it("rejects unknown fields and a malformed pool", () => {
    expect(configProblems({ ...base, addressPool: "10.64.0.0", hubb: {} })).toEqual([
      "verbund.ts: hubb: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)",
    ]);
    expect(configProblems({ ...base, addressPool: "10.64.0.0" })).toEqual([
      'verbund.ts: addressPool: "10.64.0.0" is not CIDR notation (expected a.b.c.d/n, e.g. 10.64.32.0/20)',
    ]);
  });

  it("rejects a Träger that uses the hub's subscription", () => {
    const tenants = tenantsDir({ "teststadt.ts": stadt({ subscriptionId: "00000000-0000-0000-0000-000000000002" }) });
    try {
      const lines = loadVerbund({ env: { TENANTS_DIR: tenants } }).problems.map(formatProblem);
      expect(lines).toEqual([`${tenants}/teststadt.ts: subscriptionId: is the hub's subscription: a Träger must have its own subscription`]);
    } finally {
      fs.rmSync(tenants, { recursive: true, force: true });
    }
  });

  it("still checks every Träger when the config itself is broken", () => {
    const lines = configProblems(undefined, 'import { defineTraeger } from "./lib/declaration";\nexport default defineTraeger({});\n');
    expect(lines).toEqual(["verbund.ts: default export is not a Verbund config (got a plain object): write `export default defineVerbund({ … })`"]);
  });
});

describe("the checked-in Verbund", () => {
  it("validates, and warns about every placeholder id", () => {
    const { verbund, problems } = loadVerbund({ env: {} });
    expect(problems).toEqual([]);
    expect(verbund?.model.traeger.length).toBeGreaterThan(0);
    const warned = verbund?.warnings.map((w) => `${w.file}: ${w.field}`) ?? [];
    const placeholders = verbund!.model.traeger.filter((t) => t.subscriptionIsPlaceholder);
    expect(warned.filter((w) => w.startsWith("tenants/")).sort()).toEqual(placeholders.map((t) => `tenants/${t.id}.ts: subscriptionId`).sort());
    for (const w of warned.filter((w) => w.startsWith("verbund.ts: "))) expect(w).toMatch(/^verbund\.ts: [\w.[\]]+$/);
  });

  it("gives every Amt its member Gemeinden, each inside the Amt's Kreis, and no other Träger members", () => {
    const model = loadVerbund({ env: {} }).verbund!.model;
    for (const t of model.traeger) {
      if (t.kind === "amt") expect([t.id, t.members.length > 0]).toEqual([t.id, true]);
      else expect([t.id, t.members]).toEqual([t.id, []]);
      for (const m of t.members) expect([t.id, m.ags.slice(0, 5)]).toEqual([t.id, t.key.slice(0, 5)]);
    }
  });
});
