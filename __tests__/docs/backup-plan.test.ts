import { compareDocs, generateDocs, backupPlanPath } from "../../lib/docs";
import { germanDuration } from "../../lib/docs/german";
import { PROJECT_ROOT } from "../../lib/verbund";
import { fixtureModel, loadModel, resourcesOf, synthStacks } from "../helpers/synth";

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
    .map((cell) => Number(/^([\d.]+) (Tage?|Wochen?|Monate?|Jahre?)$/.exec(cell)?.[1]?.replaceAll(".", "")));
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
    expect(retentionRow(plan, "Sitzungshosts")).toEqual([vm.retention_daily!.count, vm.retention_weekly!.count, vm.retention_monthly!.count, vm.retention_yearly!.count]);
    expect(retentionRow(plan, "Dateifreigaben")).toEqual([files.retention_daily!.count]);
    const time = (vm.backup as unknown as { time: string }).time;
    expect(plan).toContain(`Die Datensicherung läuft täglich um ${time} Uhr (W. Europe Standard Time`);
  });

  it.each(model.traeger.map((t) => t.id))("list exactly the shares and desktops %s's stack protects", (id) => {
    const plan = docs.get(backupPlanPath(id))!;
    const stack = stacks.get(id)!;
    const shareRefs = resourcesOf(stack, "azurerm_backup_protected_file_share").map(([, p]) => String(p.source_file_share_name));
    const shareNames = shareRefs.map((ref) => String(resourcesOf(stack, "azurerm_storage_share").find(([name]) => ref.includes(`.${name}.`))![1].name));
    const listed = [...plan.matchAll(/\| `st[a-z0-9]+\/(profiles-[a-z0-9-]+)` \|/g)].map((m) => m[1]);
    expect(listed.sort()).toEqual(shareNames.sort());
    const desktops = [...plan.matchAll(/\(([0-9]+)\) \| persönliche Desktops/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(desktops).toBe(resourcesOf(stack, "azurerm_backup_protected_vm").length);
  });

  it.each(model.traeger.filter((t) => t.pools.length > 0).map((t) => t.id))("promise %s a cross-region restore of profiles only from vaulted recovery points", (id) => {
    const plan = docs.get(backupPlanPath(id))!;
    const [[, files]] = resourcesOf(stacks.get(id)!, "azurerm_backup_policy_file_share") as [[string, Record<string, unknown>]];
    // Share snapshots never leave the storage account: only the vault tier copies profiles to the paired region.
    expect(files.backup_tier).toBe("vault-standard");
    expect(plan).toContain("Die FSLogix-Profilfreigaben werden aus den Wiederherstellungspunkten in");
    expect(plan).toContain(`Freigabe-Snapshots bleiben zusätzlich ${germanDuration(Number(files.snapshot_retention_in_days), "day")} im Speicherkonto selbst`);
    expect(plan).not.toMatch(/Sicherungen der Dateifreigaben sind Freigabe-Snapshots/);
  });

  it("name the vault, both regions, immutability, the resource guard and the restore order", () => {
    const fixtures = fixtureModel();
    const plan = generateDocs(fixtures).get(backupPlanPath("fixture-amt"))!;
    expect(plan).toContain("| Recovery-Services-Tresor | `rsv-fixture-amt` in der Ressourcengruppe `rg-fixture-amt-backup` |");
    expect(plan).toContain("| Zweite Kopie | germanynorth (Deutschland): georedundanter Speicher, regionsübergreifende Wiederherstellung eingeschaltet |");
    expect(plan).toContain("- Unveränderlichkeit: **gesperrt**");
    expect(plan).toContain(fixtures.backup.resourceGuardId);
    const order = ["1. **Netz**", "2. **Identitäten**", "3. **Profile**", "4. **Desktops**"].map((step) => plan.indexOf(step));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
  });
});
