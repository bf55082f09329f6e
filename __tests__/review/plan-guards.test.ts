import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, runPlanSummary } from "../../lib/review/commands";
import { change, FIXTURE_STACKS, plan, tempFiles } from "../helpers/plans";

/** Runs plan-summary over one hand-made plan for the stack "musterstadt" (hand-made synthesized stack). */
function summary(document: unknown, options: { stacksDir?: string | null; json?: boolean } = {}) {
  const { dir, done } = tempFiles({ "musterstadt.json": document });
  let out = "";
  const err: string[] = [];
  const io: CommandIo = { cwd: dir, out: (t) => (out += t), err: (l) => err.push(l) };
  try {
    const stacks = options.stacksDir === null ? ["--stacks-dir", path.join(dir, "no-stacks")] : ["--stacks-dir", options.stacksDir ?? FIXTURE_STACKS];
    const code = runPlanSummary([...stacks, ...(options.json ? ["--json"] : []), "musterstadt.json"], io, {});
    return { code, out, err, file: path.join(dir, "musterstadt.json") };
  } finally {
    done();
  }
}

const blockedOf = (document: unknown) => {
  const { code, out } = summary(document, { json: true });
  return { code, blocked: (JSON.parse(out) as { stacks: { blocked: { address: string; action: string; reason: string }[] }[] }).stacks[0]!.blocked };
};

describe("plan summary: what blocks (⛔, exit 3)", () => {
  it("blocks forget (removed blocks) of data-bearing resources like a delete, in both forms", () => {
    const { code, blocked } = blockedOf(plan([
      change("azurerm_storage_account.vdi_profile-storage_BF9BCCB3", ["forget"], { name: "stmusterstadt1a2b3c" }, null),
      change("azurerm_recovery_services_vault.backup_vault_A3268EAD", ["create", "forget"], { name: "rsv-musterstadt" }, { name: "rsv-musterstadt" }),
    ]));
    expect(code).toBe(3);
    expect(blocked.map((b) => [b.address, b.action])).toEqual([
      ["azurerm_storage_account.vdi_profile-storage_BF9BCCB3", "forget"],
      ["azurerm_recovery_services_vault.backup_vault_A3268EAD", "forget"],
    ]);
    expect(blocked[0]!.reason).toBe("azurerm_storage_account holds data; has prevent_destroy in its configuration; forget leaves it unmanaged and unprotected (Terraform no longer guards or backs it up)");
  });

  it("does not block forgetting what holds no data, but marks it ⚠", () => {
    const { code, out } = summary(plan([change("azurerm_resource_group.rg_1", ["forget"], { name: "rg-musterstadt-vdi" }, null)]));
    expect(code).toBe(0);
    expect(out).toContain("> - ⚠ <code>musterstadt</code>: <code>azurerm_resource_group.rg_1</code> (<code>rg-musterstadt-vdi</code>): forget&#58; Terraform stops managing it");
  });

  it("blocks a data store that drift shows deleted outside Terraform and the plan recreates empty", () => {
    const share = "azurerm_storage_share.vdi_pool-verwaltung_profile-share_3CC69790";
    const { code, blocked } = blockedOf(plan([change(share, ["create"], null, { name: "profiles-verwaltung" })], { resource_drift: [change(share, ["delete"], { name: "profiles-verwaltung" }, null)] }));
    expect(code).toBe(3);
    expect(blocked).toEqual([{ address: share, action: "recreate", reason: "azurerm_storage_share holds data; has prevent_destroy in its configuration; it was deleted outside Terraform and this plan creates it new and empty: restore it instead" }]);
  });

  it("does not block recreating something without data that drift shows deleted", () => {
    const nic = "azurerm_network_interface.vdi_pool-verwaltung_host-000_nic_2874C15F";
    expect(blockedOf(plan([change(nic, ["create"], null, { name: "nic-1" })], { resource_drift: [change(nic, ["delete"], { name: "nic-1" }, null)] }))).toEqual({ code: 0, blocked: [] });
  });

  it.each([
    ["azuread_group.directory_group-admins_9EC65CF1", ["delete"], "a Träger's Entra group: its object id, members and role assignments are lost"],
    ["azuread_administrative_unit.directory_administrative-unit_F2A99868", ["delete", "create"], "a Träger's administrative unit: its object id, members and role assignments are lost"],
    ["azurerm_backup_protected_file_share.backup_protect-share-profiles-verwaltung_88664751", ["delete"], "azurerm_backup_protected_file_share is backup protection: the share or VM would no longer be backed up or guarded"],
    ["azurerm_backup_protected_vm.backup_protect-vm-vm-musterstadt-chef-000_1A2B3C4D", ["create", "delete"], "azurerm_backup_protected_vm is backup protection: the share or VM would no longer be backed up or guarded"],
    ["azurerm_windows_virtual_machine.vdi_pool-chef_host-000_vm_5E6F7A8B", ["delete"], "a personal desktop: its user's data is on its OS disk"],
  ])("blocks %s (%j)", (address, actions, reason) => {
    const { code, blocked } = blockedOf(plan([change(address, actions, { name: "x" }, actions.includes("create") ? { name: "x" } : null)]));
    expect(code).toBe(3);
    expect(blocked).toEqual([{ address, action: actions.length === 2 ? "replace" : "delete", reason }]);
  });

  it("recognises a personal desktop from the plan itself (its host pool is Personal), not only from the stack", () => {
    const { blocked } = blockedOf(plan([
      change("azurerm_virtual_desktop_host_pool.p", ["no-op"], { name: "vdpool-musterstadt-neu", type: "Personal" }, { name: "vdpool-musterstadt-neu", type: "Personal" }),
      change("azurerm_windows_virtual_machine.neu_vm", ["delete"], { name: "vm-neu-000", tags: { "avd-host-pool": "vdpool-musterstadt-neu" } }, null),
    ]));
    expect(blocked.map((b) => b.address)).toEqual(["azurerm_windows_virtual_machine.neu_vm"]);
  });

  it("does not block deleting a session host of a pooled desktop pool", () => {
    expect(blockedOf(plan([change("azurerm_windows_virtual_machine.vdi_pool-verwaltung_host-001_vm_B1BDFDF9", ["delete"], { name: "vm-musterstadt-verwaltung-001" }, null)])).code).toBe(0);
  });

  it("fails closed without the synthesized stack: ⛔ cannot be judged, exit 3, never ✅, even without changes", () => {
    const { code, out } = summary(plan([]), { stacksDir: null });
    expect(code).toBe(3);
    expect(out).not.toContain("✅");
    expect(out).toContain("| <code>musterstadt</code> | – | 0 | 0 | 0 | 0 | 0 | ⛔ cannot be judged |");
    expect(out).toMatch(/> - ⛔ <code>musterstadt<\/code>: \*\*cannot be judged\*\*: the synthesized stack is not at hand \(.*no-stacks\/musterstadt\/cdk\.tf\.json is missing\)/);
  });
});

describe("plan summary: malformed plans are errors naming the file (exit 1, nothing printed)", () => {
  it.each([
    ["an unsupported major format_version", { ...plan([]), format_version: "2.0" }, ['format_version "2.0" is not supported (this tool reads 1.x, written by Terraform 1.x)']],
    ["resource_changes that is not an array", { ...plan([]), resource_changes: { a: 1 } }, ["resource_changes: must be an array"]],
    ["a change without actions", plan([{ address: "a.b", type: "a", name: "b", change: { before: null } }]), ["resource_changes[0].change.actions: missing or empty (every change names its actions)"]],
    ["an unknown action", plan([change("a.b", ["obliterate"], null, null)]), ['resource_changes[0].change.actions: unknown action "obliterate" (known: no-op, create, read, update, delete, forget)']],
    ["a drift entry without an address", plan([], { resource_drift: [{ type: "a", change: { actions: ["delete"] } }] }), ["resource_drift[0].address: must be a non-empty string"]],
    ["bytes that are not UTF-8", Buffer.concat([Buffer.from('{"format_version":"1.2","resource_changes":[{"address":"a.b'), Buffer.from([0xff, 0xfe]), Buffer.from('"}]}')]), ["is not UTF-8 text (Terraform writes UTF-8; this file was altered or is not a plan)"]],
    ["text that is not JSON", "{ not json", [expect.stringMatching(/^is not JSON \(/)]],
  ])("%s", (_, document, problems) => {
    const { code, out, err, file } = summary(document);
    expect([code, out]).toEqual([1, ""]);
    expect(err).toEqual(problems.map((p) => (typeof p === "string" ? `${file}: ${p}` : expect.stringMatching(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: is not JSON`)))));
  });

  it("prints one line and no stack trace from the command line", () => {
    const { dir, done } = tempFiles({ "broken.json": { format_version: "1.2", resource_changes: "nope" } });
    try {
      const run = spawnSync(process.execPath, ["-r", "./lib/ts-register.js", path.join(__dirname, "..", "..", "bin", "plan-summary.ts"), "--stacks-dir", FIXTURE_STACKS, path.join(dir, "broken.json")], { cwd: path.join(__dirname, "..", ".."), encoding: "utf8" });
      expect([run.status, run.stdout, run.stderr]).toEqual([1, "", `${path.join(dir, "broken.json")}: resource_changes: must be an array\n`]);
    } finally {
      done();
    }
  });
});

it("the hand-made fixtures say that they are hand-made", () => {
  const dir = path.join(FIXTURE_STACKS, "..");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".json"))) expect(JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))["//"]).toMatch(/^hand-made/);
  expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toContain("**Hand-made.**");
});
