import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSynth } from "../lib/app/synth-command";
import { compareDocs, generateDocs, writeDocs } from "../lib/docs";
import { runNewTraeger } from "../lib/scaffold/command";
import { PLATFORM_STACK_ID, PROJECT_ROOT, subscriptionStackId } from "../lib/verbund";
import { addressRecord } from "./helpers/addresses";
import { loadModel, synthAll, testSynthCache } from "./helpers/synth";

/**
 * Onboarding and offboarding as pull requests do them, on a copy of the checked-in Verbund (tenants/,
 * verbund.ts, the generated docs and the address records): the scaffolder as the README says, then
 * `npm run docs` and the records, then the checks a pull request runs (synth, docs --check, address
 * records). Whatever Träger are checked in today, both must stay green and touch only new files and
 * generated documents.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-onboarding-"));
const tenants = path.join(root, "tenants");
const records = path.join(root, "__tests__", "addresses");
const env = { TENANTS_DIR: tenants, VERBUND_CONFIG: path.join(root, "verbund.ts") };
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

fs.cpSync(path.join(PROJECT_ROOT, "tenants"), tenants, { recursive: true });
fs.copyFileSync(path.join(PROJECT_ROOT, "verbund.ts"), env.VERBUND_CONFIG);
fs.cpSync(path.join(PROJECT_ROOT, "docs"), path.join(root, "docs"), { recursive: true });
fs.cpSync(path.join(PROJECT_ROOT, "__tests__", "addresses"), records, { recursive: true });

/** `npm run docs`, in the copy. */
const writeCopyDocs = () => writeDocs(generateDocs(loadModel(env)), root);
/** What `npm test` writes for a Träger without a record (and `-u` for a changed one), in the copy. */
function writeRecord(id: string): void {
  const model = loadModel(env);
  const { stacks, subscriptions } = synthAll({ ...model, traeger: model.traeger.filter((t) => t.id === id) });
  fs.writeFileSync(path.join(records, `${id}.txt`), addressRecord(id, stacks.get(id)!));
  fs.writeFileSync(path.join(records, `${subscriptionStackId(id)}.txt`), addressRecord(subscriptionStackId(id), subscriptions.get(id)!));
}

/** The checks of a pull request: synth, docs --check, and the address record of every stack. */
function pullRequestChecks(): void {
  const out: string[] = [];
  const err: string[] = [];
  const outdir = path.join(root, "cdktf.out");
  // Through the run's synth cache: only the stacks the pull request changes are built.
  expect(runSynth({ env: { ...env, CDKTF_OUTDIR: outdir, KSM_SYNTH_CACHE: testSynthCache() ?? "off" }, cwd: root, out: (l) => out.push(l), err: (l) => err.push(l) })).toBe(0);
  expect(err).toEqual([]);
  const model = loadModel(env);
  expect(compareDocs(generateDocs(model), root)).toEqual({ stale: [], orphaned: [] });
  // The platform stack's record folds the per-Träger credentials into one line: on- and offboarding never change it.
  const traegerIds = new Set(model.traeger.map((t) => t.id));
  const stackIds = [...[...traegerIds].flatMap((id) => [id, subscriptionStackId(id)]), PLATFORM_STACK_ID];
  for (const id of stackIds) {
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
    expect([id, fs.readFileSync(path.join(records, `${id}.txt`), "utf8")]).toEqual([id, addressRecord(id, json, traegerIds)]);
  }
  expect(fs.readdirSync(records).sort()).toEqual(stackIds.map((id) => `${id}.txt`).sort());
}

/** Every file of the copy with its content, to see what a step changed. */
function snapshot(): Map<string, string> {
  const files = new Map<string, string>();
  for (const dir of ["tenants", "docs", "__tests__/addresses"]) {
    for (const entry of fs.readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.set(path.relative(root, path.join(entry.parentPath, entry.name)), fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8"));
    }
  }
  return files;
}
const changedBetween = (a: Map<string, string>, b: Map<string, string>) => [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();
/** Generated documents: docs/verbund.md, docs/policies.md and everything under docs/traeger, docs/backup, docs/img. */
const isGenerated = (file: string) =>
  /^docs\/(verbund\.md|policies\.md|identities\.md|traeger\/|backup\/|img\/)/.test(file) || /^\.github\/(CODEOWNERS|environments\.json)$/.test(file) || file.startsWith("__tests__/addresses/");

describe("onboarding a Träger with the scaffolder", () => {
  it("keeps every pull-request check green and touches only the new file, its records and generated documents", async () => {
    writeCopyDocs(); // the copy's docs name its own paths; this is the base of the pull request
    const base = snapshot();
    const out: string[] = [];
    const code = await runNewTraeger(["--name", "Stadt Probehausen", "--kind", "amtsfreie-stadt", "--key", "13076999", "--yes"], { cwd: root, out: (t) => out.push(t), err: (l) => out.push(l) }, { env, interactive: false, today: "2026-11-25" });
    expect([code, out.join("")]).toEqual([0, expect.stringContaining(`Wrote ${tenants}/probehausen.ts`)]);
    writeCopyDocs();
    writeRecord("probehausen");

    pullRequestChecks();
    const changed = changedBetween(base, snapshot());
    expect(changed).toContain("tenants/probehausen.ts");
    expect(changed).toContain("__tests__/addresses/probehausen.txt");
    expect(changed).toContain("__tests__/addresses/probehausen--subscription.txt");
    expect(changed).toContain("docs/traeger/probehausen.md");
    expect(changed).toContain("docs/backup/probehausen.md");
    for (const file of changed) expect([file, file === "tenants/probehausen.ts" || (isGenerated(file) && (!base.has(file) || !file.startsWith("__tests__/")))]).toEqual([file, true]);
  });
});

describe("offboarding a Träger", () => {
  const leaving = () => loadModel(env).traeger.find((t) => t.status === "active" && t.id !== "probehausen")!.id;

  it('sets status "offboarding": green, with its file, its record and generated documents changed', () => {
    const id = leaving();
    const base = snapshot();
    const file = path.join(tenants, `${id}.ts`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^(\s*)(id: .*\n)/m, '$1$2$1status: "offboarding",\n'));
    writeCopyDocs();
    writeRecord(id);

    pullRequestChecks();
    expect(loadModel(env).traeger.find((t) => t.id === id)!.status).toBe("offboarding");
    for (const changed of changedBetween(base, snapshot())) expect([changed, changed === `tenants/${id}.ts` || isGenerated(changed)]).toEqual([changed, true]);
  });

  it("then removes its file and records as the README says: green again", () => {
    const id = loadModel(env).traeger.find((t) => t.status === "offboarding")!.id;
    const base = snapshot();
    for (const file of [`tenants/${id}.ts`, `__tests__/addresses/${id}.txt`, `__tests__/addresses/${id}--subscription.txt`, `docs/backup/${id}.md`, `docs/traeger/${id}.md`]) fs.rmSync(path.join(root, file));
    writeCopyDocs();

    pullRequestChecks();
    const changed = changedBetween(base, snapshot());
    expect(changed).toContain(`tenants/${id}.ts`);
    for (const file of changed) expect([file, file === `tenants/${id}.ts` || isGenerated(file)]).toEqual([file, true]);
  });
});
