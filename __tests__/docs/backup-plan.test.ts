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
