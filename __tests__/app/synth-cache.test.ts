import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { codeHash } from "../../lib/app/cache";
import { synthesizeVerbund, unitCacheKey } from "../../lib/app/synthesize";
import { stackUnits } from "../../lib/app/units";
import { PROJECT_ROOT } from "../../lib/verbund";
import { loadModel } from "../helpers/synth";
import { amt, declarationSource, stadt, tenantsDir } from "../helpers/tenants";

const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const tenants = tenantsDir({ "teststadt.ts": stadt(), "testamt.ts": amt() });
const cache = temp("ksm-cache-");
cleanup.push(tenants, cache);

/** Synthesizes into a fresh folder; returns which stacks came from the cache and the output files. */
function synth(env: NodeJS.ProcessEnv = {}, options: { code?: string; noCache?: boolean; only?: ReadonlySet<string> } = {}) {
  const outdir = temp("ksm-out-");
  cleanup.push(outdir);
  const stats = { cached: 0, built: 0 };
  const warnings: string[] = [];
  const { noCache, ...rest } = options;
  synthesizeVerbund(loadModel({ TENANTS_DIR: tenants, ...env }), outdir, { cacheDir: noCache ? undefined : cache, stats, warn: (l) => warnings.push(l), ...rest });
  const files = Object.fromEntries(
    fs
      .readdirSync(outdir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [path.relative(outdir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), "utf8")]),
  );
  return { stats: { cached: stats.cached, built: stats.built }, warnings, files };
}

describe("the synth cache", () => {
  const first = synth();

  it("gives byte-identical output from the cache and synthesizes nothing again when nothing changed", () => {
    expect(first.stats).toEqual({ cached: 0, built: 5 }); // two Träger with their subscription stacks, and the platform
    const again = synth();
    expect(again.stats).toEqual({ cached: 5, built: 0 });
    expect(again.files).toEqual(first.files);
    expect(Object.keys(first.files).sort()).toEqual(["manifest.json", "stacks/platform/cdk.tf.json", "stacks/testamt--subscription/cdk.tf.json", "stacks/testamt/cdk.tf.json", "stacks/teststadt--subscription/cdk.tf.json", "stacks/teststadt/cdk.tf.json"]);
  });

  it("rebuilds exactly the Träger whose declaration changed; the platform stack, which reads only the Träger ids, stays cached", () => {
    fs.writeFileSync(path.join(tenants, "teststadt.ts"), fs.readFileSync(path.join(tenants, "teststadt.ts"), "utf8").replace('"10.70.0.0/20"', '"10.70.32.0/20"'));
    const changed = synth();
    // teststadt and its subscription stack (built from the same inputs); the other Träger's two stacks and the platform stack stay cached.
    expect(changed.stats).toEqual({ cached: 3, built: 2 });
    expect(changed.files["stacks/testamt/cdk.tf.json"]).toBe(first.files["stacks/testamt/cdk.tf.json"]);
    expect(changed.files["stacks/platform/cdk.tf.json"]).toBe(first.files["stacks/platform/cdk.tf.json"]);
    expect(changed.files["stacks/teststadt/cdk.tf.json"]).not.toBe(first.files["stacks/teststadt/cdk.tf.json"]);
    // The cached platform stack is what building it (alone) from the changed Verbund gives.
    expect(synth({ KSM_SYNTH_CACHE: "off" }, { noCache: true, only: new Set(["platform"]) }).files["stacks/platform/cdk.tf.json"]).toBe(changed.files["stacks/platform/cdk.tf.json"]);
  });

  it("rebuilds every stack when verbund.ts changes", () => {
    const verbund = path.join(temp("ksm-verbund-"), "verbund.ts");
    cleanup.push(path.dirname(verbund));
    const source = fs.readFileSync(path.join(PROJECT_ROOT, "verbund.ts"), "utf8");
    const changedSource = source.replace(/containerName: "([^"]+)"/, 'containerName: "$1x"');
    expect(changedSource).not.toBe(source);
    fs.writeFileSync(verbund, changedSource);
    expect(synth({ VERBUND_CONFIG: verbund }).stats).toEqual({ cached: 0, built: 5 });
    expect(synth({ VERBUND_CONFIG: verbund }).stats).toEqual({ cached: 5, built: 0 });
  });

  it("rebuilds every stack when the lockfile (or any code) changes", () => {
    const root = temp("ksm-code-");
    cleanup.push(root);
    for (const item of ["lib", "main.ts", "package.json", "package-lock.json"]) fs.cpSync(path.join(PROJECT_ROOT, item), path.join(root, item), { recursive: true });
    const before = codeHash(root);
    expect(before).toBe(codeHash(PROJECT_ROOT));
    fs.appendFileSync(path.join(root, "package-lock.json"), "\n");
    // codeHash remembers one root at a time; asking for another root reads it again.
    const after = codeHash(root);
    expect(after).not.toBe(before);
    expect(synth({}, { code: after }).stats).toEqual({ cached: 0, built: 5 });
    expect(synth({}, { code: before }).stats).toEqual({ cached: 5, built: 0 });
  });

  it("detects a damaged entry by its hash, warns, and rebuilds it", () => {
    const reference = synth();
    expect(reference.stats.built).toBe(0);
    const unit = stackUnits(loadModel({ TENANTS_DIR: tenants })).find((u) => u.id === "teststadt")!;
    const damaged = unitCacheKey(codeHash(PROJECT_ROOT), unit);
    const raw = fs.readFileSync(path.join(cache, damaged), "utf8");
    fs.writeFileSync(path.join(cache, damaged), raw.replace('"prevent_destroy": true', '"prevent_destroy": false'));

    const rebuilt = synth();
    expect(rebuilt.stats).toEqual({ cached: 4, built: 1 });
    expect(rebuilt.warnings).toEqual([`synth cache entry of teststadt failed its hash check and was rebuilt (${path.join(cache, damaged)})`]);
    expect(rebuilt.files).toEqual(reference.files);
    expect(fs.readFileSync(path.join(cache, damaged), "utf8")).toBe(raw);

    fs.writeFileSync(path.join(cache, damaged), "not an entry");
    expect(synth().files).toEqual(reference.files);
  });

  it("keys the platform stack on the Verbund's settings and the Träger ids: a Träger joining rebuilds it (a new deploy credential) and no other Träger's stack", () => {
    const reference = synth();
    expect(reference.stats.built).toBe(0);
    fs.writeFileSync(path.join(tenants, "drittstadt.ts"), declarationSource(stadt({ id: "drittstadt", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e03", network: { addressSpace: "10.70.64.0/20" } })));
    try {
      const joined = synth();
      expect(joined.stats).toEqual({ cached: 4, built: 3 }); // drittstadt, its subscription stack, the platform
      expect(joined.files["stacks/platform/cdk.tf.json"]).not.toBe(reference.files["stacks/platform/cdk.tf.json"]);
      expect(joined.files["stacks/platform/cdk.tf.json"]).toContain("deploy-drittstadt");
      expect(joined.files["stacks/teststadt/cdk.tf.json"]).toBe(reference.files["stacks/teststadt/cdk.tf.json"]);
    } finally {
      fs.rmSync(path.join(tenants, "drittstadt.ts"));
    }
  });

  it("keys a Träger stack on every Verbund setting (the whole normalised settings object), not a chosen few", () => {
    const model = loadModel({ TENANTS_DIR: tenants });
    const code = codeHash(PROJECT_ROOT);
    const keyOf = (m: typeof model) => unitCacheKey(code, stackUnits(m).find((u) => u.id === "testamt")!);
    const settings = Object.keys(model).filter((field) => field !== "traeger" && field !== "sourceFile");
    expect(settings.length).toBeGreaterThan(5);
    for (const field of settings) {
      const changed = { ...model, [field]: { changed: field } } as typeof model;
      expect([field, keyOf(changed)]).not.toEqual([field, keyOf(model)]);
    }
    // Another Träger is not an input of this stack.
    expect(keyOf({ ...model, traeger: model.traeger.filter((t) => t.id === "testamt") })).toBe(keyOf(model));
  });

  it("keys a stack on its files' names, not on the folder the checkout lives in: a copy elsewhere hits the cache", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-cache-copy-"));
    try {
      fs.cpSync(tenants, path.join(copy, "tenants"), { recursive: true });
      const model = loadModel({ TENANTS_DIR: tenants });
      const moved = loadModel({ TENANTS_DIR: path.join(copy, "tenants") });
      expect(moved.traeger.map((t) => t.sourceFile)).not.toEqual(model.traeger.map((t) => t.sourceFile));
      const code = codeHash(PROJECT_ROOT);
      const keys = (m: typeof model) => stackUnits(m).map((unit) => unitCacheKey(code, unit));
      expect(keys(moved)).toEqual(keys(model));
      // A renamed file is another input (and another Träger id).
      const renamed = { ...model, traeger: model.traeger.map((t) => (t.id === "testamt" ? { ...t, sourceFile: t.sourceFile.replace("testamt", "testamt-alt") } : t)) };
      expect(keys(renamed)).not.toEqual(keys(model));
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
