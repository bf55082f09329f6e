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
  },
  directory: { groupOwnerObjectIds: ["3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0a"], platformOperatorsGroupObjectId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0b" },
  backup: { resourceGuardId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-security/providers/Microsoft.DataProtection/resourceGuards/guard-tv" },
  privateDns: {
    fileZoneId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-dns/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net",
    vaultZoneId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net",
  },
  monitoring: { logAnalyticsWorkspaceId: "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff/resourceGroups/rg-tv-monitoring/providers/Microsoft.OperationalInsights/workspaces/log-tv" },
  sessionHostImages: [{ publisher: "MicrosoftWindowsDesktop", offer: "office-365", sku: "win11-24h2-avd-m365" }],
  stateBackend: { subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eff", resourceGroupName: "rg-tv-state", storageAccountName: "sttvstate", containerName: "tfstate" },
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

  it("rejects a hub that overlaps the Träger pool", () => {
    expect(configProblems({ ...base, hub: { ...base.hub, addressSpace: "10.64.0.0/22", firewallPrivateIp: "10.64.0.4", dnsServers: ["10.64.0.4"] } })).toContain(
      "verbund.ts: hub.addressSpace: 10.64.0.0/22 overlaps the Träger pool 10.64.0.0/12: the hub must lie outside it",
    );
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
    expect(configProblems({ ...base, backup: { resourceGuardId: "guard-ksm" }, monitoring: { logAnalyticsWorkspaceId: "log-ksm" } })).toEqual([
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
    expect(verbund?.model.traeger).toHaveLength(9);
    const warned = verbund?.warnings.map((w) => `${w.file}: ${w.field}`) ?? [];
    expect(warned).toEqual(expect.arrayContaining(["verbund.ts: entraTenantId", "verbund.ts: hub.subscriptionId", "tenants/boizenburg-elbe.ts: subscriptionId"]));
    expect(warned.filter((w) => w.startsWith("tenants/"))).toHaveLength(verbund?.model.traeger.filter((t) => t.subscriptionIsPlaceholder).length ?? -1);
  });

  it("gives the three Ämter their member Gemeinden, all in Landkreis Ludwigslust-Parchim", () => {
    const model = loadVerbund({ env: {} }).verbund!.model;
    const members = Object.fromEntries(model.traeger.filter((t) => t.kind === "amt").map((t) => [t.id, t.members.length]));
    expect(members).toEqual({ "parchimer-umland": 10, stralendorf: 9, zarrentin: 5 });
    for (const t of model.traeger) for (const m of t.members) expect(m.ags.startsWith("13076")).toBe(true);
  });
});
