import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageShare } from "@cdktf/provider-azurerm/lib/storage-share";
import { App, Testing } from "cdktf";
import { runSynth } from "../../lib/app/synth-command";
import { BACKUP_REPORT_CATEGORIES } from "../../lib/constructs/backup-vault";
import { TraegerStack } from "../../lib/stacks/traeger-stack";
import { PROJECT_ROOT } from "../../lib/verbund";
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { stadt, tenantsDir } from "../helpers/tenants";

const CUSTOM = {
  retention: { vm: { daily: 60, weekly: 26, monthly: 24, yearly: 30 }, fileShare: { daily: 90 } },
  time: "01:30",
  immutability: "unlocked",
};
const dir = tenantsDir({ "teststadt.ts": stadt(), "zweitstadt.ts": stadt({ id: "zweitstadt", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" }, backup: CUSTOM }) });
const model = loadModel({ TENANTS_DIR: dir });
const stacks = synthStacks(model);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const only = (stack: StackJson, type: string): Record<string, unknown> => {
  const all = resourcesOf(stack, type);
  expect(all).toHaveLength(1);
  return all[0]![1];
};

describe.each([
  ["a default declaration", "teststadt", { daily: 30, weekly: 12, monthly: 12, yearly: 10, files: 30, time: "23:00", immutability: "Locked" }],
  ["a customised declaration", "zweitstadt", { daily: 60, weekly: 26, monthly: 24, yearly: 30, files: 90, time: "01:30", immutability: "Unlocked" }],
])("the backup of %s", (_label, id, expected) => {
  const stack = stacks.get(id)!;

  it("has a geo-redundant, soft-deleting vault in Germany with cross-region restore and no public access", () => {
    expect(only(stack, "azurerm_recovery_services_vault")).toMatchObject({
      name: `rsv-${id}`,
      location: "germanywestcentral",
      sku: "Standard",
      storage_mode_type: "GeoRedundant",
      cross_region_restore_enabled: true,
      soft_delete_enabled: true,
      public_network_access_enabled: false,
      immutability: expected.immutability,
    });
  });

  it("protects the vault and its resource guard association with prevent_destroy", () => {
    expect(only(stack, "azurerm_recovery_services_vault").lifecycle).toMatchObject({ prevent_destroy: true });
    const vaultName = resourcesOf(stack, "azurerm_recovery_services_vault")[0]![0];
    expect(only(stack, "azurerm_recovery_services_vault_resource_guard_association")).toMatchObject({
      vault_id: `\${azurerm_recovery_services_vault.${vaultName}.id}`,
      resource_guard_id: model.backup.resourceGuardId,
      lifecycle: { prevent_destroy: true },
    });
  });

  it("has an enhanced VM policy with the declared retention in W. Europe Standard Time", () => {
    expect(only(stack, "azurerm_backup_policy_vm")).toMatchObject({
      policy_type: "V2",
      timezone: "W. Europe Standard Time",
      backup: { frequency: "Daily", time: expected.time },
      retention_daily: { count: expected.daily },
      retention_weekly: { count: expected.weekly, weekdays: ["Sunday"] },
      retention_monthly: { count: expected.monthly, weekdays: ["Sunday"], weeks: ["First"] },
      retention_yearly: { count: expected.yearly, weekdays: ["Sunday"], weeks: ["First"], months: ["January"] },
    });
  });

  it("has a file share policy with the declared daily retention", () => {
    expect(only(stack, "azurerm_backup_policy_file_share")).toMatchObject({
      timezone: "W. Europe Standard Time",
      backup: { frequency: "Daily", time: expected.time },
      retention_daily: { count: expected.files },
    });
  });

  it("sends backup reports and jobs to the central Log Analytics workspace", () => {
    const vaultName = resourcesOf(stack, "azurerm_recovery_services_vault")[0]![0];
    const settings = resourcesOf(stack, "azurerm_monitor_diagnostic_setting").map(([, s]) => s).filter((s) => s.target_resource_id === `\${azurerm_recovery_services_vault.${vaultName}.id}`);
    expect(settings).toHaveLength(1);
    expect(settings[0]).toMatchObject({ log_analytics_workspace_id: model.monitoring.logAnalyticsWorkspaceId, log_analytics_destination_type: "Dedicated" });
    expect((settings[0]!.enabled_log as { category: string }[]).map((l) => l.category)).toEqual([...BACKUP_REPORT_CATEGORIES]);
  });

  it("keeps recovery points when protected VMs are destroyed", () => {
    for (const provider of stack.provider.azurerm) {
      expect((provider.features as Record<string, unknown>[])[0]).toMatchObject({
        recovery_service: [{ vm_backup_stop_protection_and_retain_data_on_destroy: true, purge_protected_items_from_vault_on_destroy: false }],
      });
    }
  });
});

describe("protecting what other constructs create", () => {
  it("registers a storage account once and protects each share and VM with the vault's policies", () => {
    const traeger = model.traeger.find((t) => t.id === "teststadt")!;
    const app = Testing.app() as App;
    const stack = new TraegerStack(app, { verbund: model, traeger });
    const account = new StorageAccount(stack, "profiles", { name: "stteststadt", resourceGroupName: "rg", location: "germanywestcentral", accountTier: "Premium", accountKind: "FileStorage", accountReplicationType: "ZRS" });
    const shareA = new StorageShare(stack, "share-a", { name: "profiles-a", storageAccountId: account.id, quota: 100 });
    const shareB = new StorageShare(stack, "share-b", { name: "profiles-b", storageAccountId: account.id, quota: 100 });
    stack.backup.protectFileShare("profiles-a", account, shareA);
    stack.backup.protectFileShare("profiles-b", account, shareB);
    stack.backup.protectVm("host-001", { id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/host-001" });
    const json = JSON.parse(Testing.synth(stack)) as StackJson;

    expect(resourcesOf(json, "azurerm_backup_container_storage_account")).toHaveLength(1);
    const policyName = resourcesOf(json, "azurerm_backup_policy_file_share")[0]![0];
    const shares = resourcesOf(json, "azurerm_backup_protected_file_share").map(([, s]) => s);
    expect(shares.map((s) => s.source_file_share_name).sort()).toEqual(["${azurerm_storage_share.share-a.name}", "${azurerm_storage_share.share-b.name}"]);
    for (const share of shares) {
      expect(share.backup_policy_id).toBe(`\${azurerm_backup_policy_file_share.${policyName}.id}`);
      expect(share.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^azurerm_backup_container_storage_account\./)]));
    }
    const vmPolicyName = resourcesOf(json, "azurerm_backup_policy_vm")[0]![0];
    expect(resourcesOf(json, "azurerm_backup_protected_vm").map(([, v]) => v)).toEqual([
      expect.objectContaining({ backup_policy_id: `\${azurerm_backup_policy_vm.${vmPolicyName}.id}`, source_vm_id: "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/host-001" }),
    ]);
  });
});

describe("weakened immutability", () => {
  it("is warned about on every synth", () => {
    const weak = tenantsDir({
      "teststadt.ts": stadt({ backup: { immutability: "unlocked" } }),
      "zweitstadt.ts": stadt({ id: "zweitstadt", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" }, backup: { immutability: "disabled", allowMutableBackups: { reason: "Pilot without production data" } } }),
    });
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-out-"));
    const err: string[] = [];
    try {
      const code = runSynth({ env: { TENANTS_DIR: weak, CDKTF_OUTDIR: outdir }, cwd: PROJECT_ROOT, out: () => undefined, err: (l) => err.push(l) });
      expect(code).toBe(0);
      expect(err).toContain(`warning: ${weak}/teststadt.ts: backup.immutability: is "unlocked": an administrator could still switch immutability off (CON.3.A14); lock it once restores are tested`);
      expect(err).toContain(`warning: ${weak}/zweitstadt.ts: backup.immutability: is "disabled": backups can be overwritten or deleted (CON.3.A14). Reason given: Pilot without production data`);
    } finally {
      fs.rmSync(weak, { recursive: true, force: true });
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

it("the checked-in Verbund's vaults all lie in Germany with prevent_destroy", () => {
  const verbund = loadModel();
  for (const [id, stack] of synthStacks(verbund)) {
    const vault = only(stack, "azurerm_recovery_services_vault");
    expect([id, vault.location, (vault.lifecycle as { prevent_destroy?: boolean }).prevent_destroy]).toEqual([id, "germanywestcentral", true]);
  }
});
