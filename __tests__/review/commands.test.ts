import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandIo, runDriftReport, runPlanSummary } from "../../lib/review/commands";
import { sharedPlanFixtures } from "../helpers/files";

const PLANS = path.join(__dirname, "..", "fixtures", "plans");
const SHARED = sharedPlanFixtures();

function run(command: typeof runPlanSummary, argv: string[], cwd = PLANS) {
  let out = "";
  const err: string[] = [];
  const io: CommandIo = { cwd, out: (t) => (out += t), err: (l) => err.push(l) };
  return { code: command(argv, io), out, err };
}

describe("npm run plan-summary", () => {
  it("exits 0 and prints Markdown when nothing is blocked; values of sensitive attributes never appear", () => {
    const { code, out } = run(runPlanSummary, ["teststadt=azurerm-safe.json", "--stacks-dir", "stacks"]);
    expect(code).toBe(0);
    expect(out).toContain("✅ 1 stack planned; nothing destroys data.");
    expect(out).toContain("| <code>teststadt</code> | – | 1 | 1 | 0 | 0 | 0 |  |");
    expect(out).toContain("- ✏️ **update** <code>azurerm_virtual_desktop_host_pool.vdi_pool-verwaltung_host-pool_DEEAF337</code>");
    expect(out).toContain("  - <code>maximum_sessions_allowed</code>: <code>8</code> → <code>10</code>");
    expect(out).not.toContain("Geheim");
  });

  it("exits 3 with a ⛔ block for the replace of a storage account", () => {
    const { code, out } = run(runPlanSummary, ["--stacks-dir", "stacks", "--stack", "teststadt=azurerm-replace-storage.json"]);
    expect(code).toBe(3);
    expect(out).toContain("> ⛔ **Must not be applied as it is:**");
    expect(out).toMatch(/> - ⛔ <code>teststadt<\/code>: \*\*replace\*\* <code>azurerm_storage_account.vdi_profile-storage_BF9BCCB3<\/code> \(<code>stteststadtxyz789<\/code>\): azurerm_storage_account holds data/);
    expect(out).toMatch(/<code>name<\/code>: <code>[^<]+<\/code> → <code>[^<]+<\/code> \*\*\(forces replacement\)\*\*/);
    expect(out).not.toMatch(/⛔ <code>teststadt<\/code>: \*\*\w+\*\* <code>azurerm_network_security_group/);
  });

  it("blocks deleting vaults and key vaults, and anything with prevent_destroy in the synthesized stack", () => {
    const { code, out } = run(runPlanSummary, ["--json", "--stacks-dir", "stacks", "teststadt=azurerm-delete-vault.json"]);
    expect(code).toBe(3);
    const json = JSON.parse(out) as { blocked: boolean; stacks: { blocked: { address: string; reason: string }[] }[] };
    expect(json.blocked).toBe(true);
    expect(json.stacks[0]!.blocked).toEqual([
      { address: "azurerm_recovery_services_vault.backup_vault_A3268EAD", action: "delete", reason: "azurerm_recovery_services_vault holds data" },
      { address: "azurerm_key_vault.vdi_key-vault_29485FBC", action: "delete", reason: "azurerm_key_vault holds data" },
      {
        address: "azurerm_recovery_services_vault_resource_guard_association.backup_resource-guard_7DD11FAA",
        action: "delete",
        reason: "azurerm_recovery_services_vault_resource_guard_association is backup protection: the share or VM would no longer be backed up or guarded; has prevent_destroy in its configuration",
      },
    ]);
  });

  it("takes the stack name from the file name, and without its synthesized stack fails closed (⛔, exit 3, never ✅)", () => {
    const { code, out } = run(runPlanSummary, [path.join(SHARED, "basic-create.json")]);
    expect(code).toBe(3);
    expect(out).toContain("| <code>basic-create</code> | – | 3 | 0 | 0 | 0 | 0 | ⛔ cannot be judged |");
    expect(out).toMatch(/> - ⛔ <code>basic-create<\/code>: \*\*cannot be judged\*\*: the synthesized stack is not at hand \(.*basic-create\/cdk\.tf\.json is missing\)/);
    expect(out).not.toContain("✅");
  });

  it("exits 3 for an errored plan", () => {
    expect(run(runPlanSummary, [path.join(SHARED, "plan-error.json")]).code).toBe(3);
  });

  it("exits 1 naming the file that cannot be read, and 2 on wrong arguments", () => {
    const missing = run(runPlanSummary, ["nope.json"]);
    expect([missing.code, missing.err]).toEqual([1, [`${path.join(PLANS, "nope.json")}: cannot be read (ENOENT)`]]);
    const notJson = run(runPlanSummary, [path.join(PLANS, "stacks", "teststadt", "cdk.tf.json")]);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toEqual([`${path.join(PLANS, "stacks", "teststadt", "cdk.tf.json")}: is not a terraform show -json plan (no format_version)`]);
    expect(run(runPlanSummary, ["--frobnicate"]).code).toBe(2);
    expect(run(runPlanSummary, []).code).toBe(2);
  });

  it("has --help", () => {
    const { code, out } = run(runPlanSummary, ["--help"]);
    expect(code).toBe(0);
    expect(out).toContain("Usage: npm run plan-summary");
  });

  it("cuts a summary longer than a pull-request comment, keeps the ⛔ blocks, and writes the full text to a file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-big-"));
    const changes = Array.from({ length: 3000 }, (_, i) => ({
      address: `azurerm_network_interface.vdi_pool-verwaltung_host-${i}_nic_ABCDEF12`,
      type: "azurerm_network_interface",
      name: `n${i}`,
      change: { actions: ["update"], before: { tags: { a: "1" } }, after: { tags: { a: "2" } } },
    }));
    changes.push({ address: "azurerm_key_vault.vdi_key-vault_29485FBC", type: "azurerm_key_vault", name: "kv", change: { actions: ["delete"], before: { tags: { a: "1" } }, after: null as never } });
    fs.writeFileSync(path.join(dir, "big.json"), JSON.stringify({ format_version: "1.2", resource_changes: changes }));
    try {
      const { code, out } = run(runPlanSummary, ["--stacks-dir", PLANS + "/stacks", "teststadt=big.json"], dir);
      expect(code).toBe(3);
      expect(out.length).toBeLessThanOrEqual(65_536);
      expect(out).toContain("✂ Cut to fit a pull-request comment. The whole summary is in <code>plan-summary.full.md</code>.");
      expect(out).toContain("> - ⛔ <code>teststadt</code>: **delete** <code>azurerm_key_vault.vdi_key-vault_29485FBC</code>");
      const full = fs.readFileSync(path.join(dir, "plan-summary.full.md"), "utf8");
      expect(full.length).toBeGreaterThan(65_536);
      expect(full).toContain("host-2999_nic");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("npm run drift-report", () => {
  it("exits 3 and reports changed and deleted resources, sensitive values masked, known noise ignored", () => {
    const { code, out } = run(runDriftReport, ["teststadt=azurerm-drift.json"]);
    expect(code).toBe(3);
    expect(out).toContain("  - <code>security_rule</code> <code>allow-rdp-from-anywhere</code> **added**: <code>Allow Inbound Tcp port 3389 from &#42; to 10.64.224.0/20 (priority 100)</code>");
    expect(out).toContain("  - <code>security_rule</code> <code>deny-all-inbound</code> **removed**: <code>Deny Inbound &#42; port &#42; from &#42; to 10.64.224.0/20 (priority 4096)</code>");
    expect(out).toContain("- ⚠ <code>azurerm_network_security_group.network_nsg-sessionhosts_339A3638</code> **weakens isolation or protection**: NSG rule &#34;allow-rdp-from-anywhere&#34;&#58; new rule allows&#58; Allow Inbound Tcp port 3389 from &#42; to 10.64.224.0/20 (priority 100)");
    expect(out).toContain("  - <code>value</code>: <code>(sensitive)</code> → <code>(sensitive, changed)</code>");
    expect(out).toContain("- 🗑️ <code>azurerm_storage_share.vdi_pool-verwaltung_profile-share_3CC69790</code> was **deleted outside Terraform**");
    expect(out).not.toContain("time_rotating");
    expect(out).not.toContain("registration_info");
    expect(out).toContain("(2 known differences ignored by drift-ignore.json)");
    expect(out).not.toMatch(/Geheim/);
  });

  it("exits 0 without drift, with --json", () => {
    const { code, out } = run(runDriftReport, ["--json", path.join(SHARED, "conditions-refresh-only.json")]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual(expect.objectContaining({ drifted: false, failed: false, driftedStacks: [], failedStacks: [], stacks: [expect.objectContaining({ stack: "conditions-refresh-only", drifted: [] })] }));
  });

  it("exits 1 for unreadable input or a failed refresh; 2 for an ignore entry without a reason", () => {
    expect(run(runDriftReport, ["missing.json"]).code).toBe(1);
    expect(run(runDriftReport, [path.join(SHARED, "plan-error.json")]).code).toBe(1);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-ignore-"));
    fs.writeFileSync(path.join(dir, "ignore.json"), JSON.stringify([{ resource: "time_rotating" }]));
    try {
      const { code, err } = run(runDriftReport, ["--ignore", path.join(dir, "ignore.json"), "azurerm-drift.json"]);
      expect(code).toBe(2);
      expect(err).toEqual([`${path.join(dir, "ignore.json")}: [0].reason: required field is missing (expected string)`]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("has --help that documents distinct exit codes for drift (3) and wrong use (2)", () => {
    const help = run(runDriftReport, ["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: npm run drift-report");
    expect(help.out).toContain("Exit codes: 0 no drift and every stack checked; 3 drift (and every stack checked); 1 a stack could\nnot be checked (refresh failed, plan unreadable, missing), whether or not others drifted; 2 wrong\narguments, or an unreadable ignore list.");
    expect(run(runDriftReport, ["--frobnicate", "teststadt=azurerm-drift.json"]).code).toBe(2);
    expect(run(runDriftReport, []).code).toBe(2);
  });

  it("reports an unreadable plan as a failed stack inside whole JSON, next to the others' drift", () => {
    const { code, out } = run(runDriftReport, ["--json", "teststadt=azurerm-drift.json", "broken=stacks/teststadt/cdk.tf.json"]);
    expect(code).toBe(1);
    const json = JSON.parse(out) as { driftedStacks: string[]; failedStacks: { stack: string; reason: string }[] };
    expect(json.driftedStacks).toEqual(["teststadt"]);
    expect(json.failedStacks).toEqual([{ stack: "broken", reason: `${path.join(PLANS, "stacks", "teststadt", "cdk.tf.json")}: is not a terraform show -json plan (no format_version)` }]);
  });
});
