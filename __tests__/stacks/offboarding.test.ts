import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSynth } from "../../lib/app/synth-command";
import { loadVerbund, PROJECT_ROOT } from "../../lib/verbund";
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { stadt, tenantsDir } from "../helpers/tenants";

const VDI = {
  pools: [
    { name: "verwaltung", users: 20, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" },
    { name: "finanzen", type: "personal", users: 2, sessionsPerHost: 1, vmSize: "Standard_D4as_v5" },
  ],
};
const declarations = (status?: string) => tenantsDir({ "teststadt.ts": stadt({ vdi: VDI, ...(status ? { status } : {}) }) });
const activeDir = declarations();
const offboardingDir = declarations("offboarding");
const active = synthStacks(loadModel({ TENANTS_DIR: activeDir })).get("teststadt")!;
const offboarding = synthStacks(loadModel({ TENANTS_DIR: offboardingDir })).get("teststadt")!;
afterAll(() => [activeDir, offboardingDir].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const addresses = (stack: StackJson) => new Set(Object.entries(stack.resource).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
const typesOf = (set: Set<string>) => new Set([...set].map((a) => a.split(".")[0]));

describe("offboarding a Träger", () => {
  const before = addresses(active);
  const after = addresses(offboarding);
  const removed = new Set([...before].filter((a) => !after.has(a)));

  it("only removes resources: everything kept keeps its address, so nothing is recreated", () => {
    expect([...after].filter((a) => !before.has(a))).toEqual([]);
  });

  it("removes what runs and costs: session hosts, host pools, application groups, workspace, scaling plans, the hub peering", () => {
    for (const type of [
      "azurerm_windows_virtual_machine",
      "azurerm_network_interface",
      "azurerm_virtual_machine_extension",
      "azurerm_virtual_desktop_host_pool",
      "azurerm_virtual_desktop_application_group",
      "azurerm_virtual_desktop_workspace",
      "azurerm_virtual_desktop_scaling_plan",
      "azurerm_virtual_network_peering",
      "azurerm_backup_protected_vm",
    ]) {
      expect([type, resourcesOf(offboarding, type)]).toEqual([type, []]);
      expect([type, resourcesOf(active, type).length > 0]).toEqual([type, true]);
    }
  });

  it("withdraws every role of the Träger's own people and keeps the platform operators'", () => {
    expect(resourcesOf(offboarding, "azuread_directory_role_assignment")).toEqual([]);
    const roles = resourcesOf(offboarding, "azurerm_role_assignment").map(([, r]) => r);
    const groupIds = new Set(resourcesOf(offboarding, "azuread_group").map(([name]) => `\${azuread_group.${name}.object_id}`));
    expect(roles.filter((r) => groupIds.has(String(r.principal_id)))).toEqual([]);
    const operators = roles.filter((r) => r.role_definition_name === "Owner").map((r) => String(r.scope));
    expect(operators).toHaveLength(resourcesOf(offboarding, "azurerm_resource_group").length);
  });

  it("keeps everything that holds data, still protected: vault, profile storage and shares, key vault, groups", () => {
    for (const type of ["azurerm_recovery_services_vault", "azurerm_backup_policy_vm", "azurerm_storage_account", "azurerm_storage_share", "azurerm_backup_protected_file_share", "azurerm_key_vault", "azurerm_key_vault_secret", "azuread_group", "azuread_administrative_unit"]) {
      expect([type, resourcesOf(offboarding, type).length]).toEqual([type, resourcesOf(active, type).length]);
    }
    for (const type of ["azurerm_recovery_services_vault", "azurerm_storage_account", "azurerm_storage_share", "azurerm_key_vault"]) {
      for (const [, r] of resourcesOf(offboarding, type)) expect(r.lifecycle).toMatchObject({ prevent_destroy: true });
    }
    expect([...removed].filter((a) => /azurerm_(recovery_services_vault|storage_account|storage_share|key_vault)\./.test(a))).toEqual([]);
    expect(typesOf(after).has("azurerm_private_endpoint")).toBe(true);
  });

  it("is marked in the synth summary, and the offboarding stack still passes every policy", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-out-"));
    const out: string[] = [];
    try {
      expect(runSynth({ env: { TENANTS_DIR: offboardingDir, CDKTF_OUTDIR: outdir }, cwd: PROJECT_ROOT, out: (l) => out.push(l), err: () => undefined })).toBe(0);
      expect(out.find((l) => l.includes("teststadt"))).toContain("⏸ offboarding: desktops, access and hub peering removed, data kept");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("rejects an unknown status", () => {
    const dir = tenantsDir({ "teststadt.ts": stadt({ status: "retired" }) });
    try {
      const { problems } = loadVerbund({ env: { TENANTS_DIR: dir } });
      expect(problems.map((p) => `${p.field}: ${p.message}`)).toEqual(["status: must be one of active | offboarding | decommissioned"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
