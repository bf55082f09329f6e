import { compareDocs, generateDocs, backupPlanPath } from "../../lib/docs";
import { PROJECT_ROOT } from "../../lib/verbund";
import { loadModel, resourcesOf, synthStacks } from "../helpers/synth";

const model = loadModel();
const docs = generateDocs(model);
const stacks = synthStacks(model);

/** The numbers of a retention table row ("| system | policy | 30 days | 12 weeks | …"). */
function retentionRow(markdown: string, system: string): number[] {
  const row = markdown.split("\n").find((line) => line.startsWith(`| ${system}`));
  if (!row) throw new Error(`no row for ${system}`);
  return row
    .split("|")
    .slice(3, 7)
    .map((cell) => cell.trim())
    .filter((cell) => cell !== "–")
    .map((cell) => Number(/^(\d+) (days|weeks|months|years)$/.exec(cell)?.[1]));
}

describe("the generated backup plans", () => {
  it("are checked in and up to date (run npm run docs when this fails)", () => {
    expect(compareDocs(docs, PROJECT_ROOT)).toEqual({ stale: [], orphaned: [] });
  });

  it.each(model.traeger.map((t) => t.id))("state the retention that %s's synthesized policies have", (id) => {
    const plan = docs.get(backupPlanPath(id))!;
    const stack = stacks.get(id)!;
    const [[, vm]] = resourcesOf(stack, "azurerm_backup_policy_vm") as [[string, Record<string, { count: number }>]];
    const [[, files]] = resourcesOf(stack, "azurerm_backup_policy_file_share") as [[string, Record<string, { count: number }>]];
    expect(retentionRow(plan, "Session hosts")).toEqual([vm.retention_daily!.count, vm.retention_weekly!.count, vm.retention_monthly!.count, vm.retention_yearly!.count]);
    expect(retentionRow(plan, "File shares")).toEqual([files.retention_daily!.count]);
    const time = (vm.backup as unknown as { time: string }).time;
    expect(plan).toContain(`Backups run daily at ${time} (W. Europe Standard Time`);
  });

  it.each(model.traeger.map((t) => t.id))("list exactly the shares and desktops %s's stack protects", (id) => {
    const plan = docs.get(backupPlanPath(id))!;
    const stack = stacks.get(id)!;
    const shareRefs = resourcesOf(stack, "azurerm_backup_protected_file_share").map(([, p]) => String(p.source_file_share_name));
    const shareNames = shareRefs.map((ref) => String(resourcesOf(stack, "azurerm_storage_share").find(([name]) => ref.includes(`.${name}.`))![1].name));
    const listed = [...plan.matchAll(/\| `st[a-z0-9]+\/(profiles-[a-z0-9-]+)` \|/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(shareNames.sort());
    const desktops = [...plan.matchAll(/\(([0-9]+)\) \| personal desktops/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(desktops).toBe(resourcesOf(stack, "azurerm_backup_protected_vm").length);
  });

  it.each(model.traeger.filter((t) => t.pools.length > 0).map((t) => t.id))("promise %s a cross-region restore of profiles only from vaulted recovery points", (id) => {
    const plan = docs.get(backupPlanPath(id))!;
    const [[, files]] = resourcesOf(stacks.get(id)!, "azurerm_backup_policy_file_share") as [[string, Record<string, unknown>]];
    // Share snapshots never leave the storage account: only the vault tier copies profiles to the paired region.
    expect(files.backup_tier).toBe("vault-standard");
    expect(plan).toContain("restore the FSLogix profile shares from the vaulted recovery points");
    expect(plan).toContain(`Share snapshots are also kept ${String(files.snapshot_retention_in_days)} days in the storage account itself`);
    expect(plan).not.toMatch(/recovery points are share snapshots kept in the storage account/);
  });

  it("name the vault, both regions, immutability, the resource guard and the restore order", () => {
    const plan = docs.get(backupPlanPath("zarrentin"))!;
    expect(plan).toContain("| Recovery Services vault | `rsv-zarrentin` in resource group `rg-zarrentin-backup` |");
    expect(plan).toContain("| Second copy | germanynorth (Germany): geo-redundant storage, cross-region restore enabled |");
    expect(plan).toContain("- Immutability: **locked**");
    expect(plan).toContain(model.backup.resourceGuardId);
    const order = ["1. **Network**", "2. **Identity**", "3. **Profiles**", "4. **Desktops**"].map((step) => plan.indexOf(step));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });
});
