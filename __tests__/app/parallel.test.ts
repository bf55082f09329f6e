import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSynth } from "../../lib/app/synth-command";
import { WorkerPool } from "../../lib/app/parallel";
import { buildOrder, synthesizeVerbund } from "../../lib/app/synthesize";
import { stackUnits } from "../../lib/app/units";
import { PROJECT_ROOT } from "../../lib/verbund";
import { loadModel } from "../helpers/synth";
import { amt, stadt, tenantsDir } from "../helpers/tenants";

const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

const tenants = tenantsDir({
  "teststadt.ts": stadt({ vdi: { pools: [{ name: "verwaltung", users: 12, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }] } }),
  "testamt.ts": amt(),
  "zweitstadt.ts": stadt({ id: "zweitstadt", name: "Stadt Zweitstadt", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } }),
});
cleanup.push(tenants);

/** Every file of an output folder with its text. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), "utf8")]),
  );
}

describe("synthesizing on several threads", () => {
  const model = loadModel({ TENANTS_DIR: tenants });
  // The one-thread reference, built once in this thread (stats prove it) and kept in a cache of its
  // own, whose entries are byte-identical to a build (the cache's contract, synth-cache.test.ts): the
  // one-thread synth command below reads it instead of building every stack a second time. (The run's
  // cache may already hold these stacks from another test file: the key does not hold the folder.)
  const single = temp("ksm-par-");
  const referenceCache = temp("ksm-par-cache-");
  cleanup.push(single, referenceCache);
  const singleStats = { cached: 0, built: 0, workerThreads: 0 };
  const reference = synthesizeVerbund(model, single, { workers: 1, cacheDir: referenceCache, stats: singleStats });

  it("writes the same tree and prints the same lines, in the same order, as one thread", () => {
    expect(singleStats).toEqual({ cached: 0, built: 7, workerThreads: 0 });
    const run = (workers: string, cache: string) => {
      const outdir = path.join(temp("ksm-par-"), "cdktf.out");
      cleanup.push(path.dirname(outdir));
      const out: string[] = [];
      const err: string[] = [];
      const code = runSynth({ env: { TENANTS_DIR: tenants, CDKTF_OUTDIR: outdir, KSM_SYNTH_CACHE: cache, KSM_SYNTH_WORKERS: workers }, cwd: PROJECT_ROOT, out: (l) => out.push(l), err: (l) => err.push(l) });
      const printed = [...out, ...err].map((line) => line.replace(outdir, "<out>").replace(/\(\d+\.\d\d s\)/, "(<time>)"));
      return { code, printed, tree: contents(outdir) };
    };
    const one = run("1", referenceCache);
    const two = run("2", "off");
    expect(one.code).toBe(0);
    expect(Object.keys(one.tree)).toHaveLength(8); // three Träger stacks, their subscription stacks, the platform stack, manifest.json
    expect(one.tree).toEqual(contents(single));
    expect(two).toEqual(one);
  });

  it("gives the same output when only worker threads build, started before the model was loaded", () => {
    // Workers started ahead of time (as npm run synth does for a big Verbund), with this thread building nothing.
    const workers = temp("ksm-par-");
    cleanup.push(workers);
    const stats = { cached: 0, built: 0, workerThreads: 0 };
    const report = synthesizeVerbund(model, workers, { pool: new WorkerPool(2), parallelThreshold: 1, mainThreadBuilds: false, stats });
    expect(stats).toEqual({ cached: 0, built: 7, workerThreads: 2 });
    expect(report).toEqual(reference);
    expect(contents(workers)).toEqual(contents(single));
  });

  it("hands out the platform stack first and every other stack in output order", () => {
    const units = stackUnits(loadModel({ TENANTS_DIR: tenants }));
    const all = units.map((_, index) => index);
    const platform = units.findIndex((unit) => unit.kind === "platform");
    expect(platform).toBe(units.length - 1); // last in the output
    expect(buildOrder(units, all)).toEqual([platform, ...all.filter((index) => index !== platform)]);
    expect(buildOrder(units, [0, 2])).toEqual([0, 2]);
  });
});
