/**
 * The main job's synth, one stack at a time: a stack whose inputs are unchanged comes from the synth
 * cache (lib/app/cache.ts); every other stack is built in an App of its own, synthesized, checked on
 * its final JSON, written, and released before the next (memory stays flat), on all cores when there
 * are enough of them (lib/app/parallel.ts). Output and everything printed are identical whichever
 * way a stack was made. cdktf is loaded only when a stack has to be built.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { compareViolations, formatViolation, type PolicyViolation } from "../policies";
import type { TraegerModel, VerbundModel } from "../verbund";
import { codeHash, readCacheEntry, stackCacheKey, writeCacheEntry } from "./cache";
import type { WrittenStack } from "./build";
import type { WorkerPool } from "./parallel";
import type { StackOutput } from "./synth-stack";
import { stableJson } from "./stable-json";

export { stableJson } from "./stable-json";

/** A stack's output once written (and cached): everything but its text, which is not kept in memory. */
export type StackReport = Omit<StackOutput, "text">;

/** Where built stacks are cached: the folder, and each unit's key by index. */
export interface CacheTarget {
  readonly dir: string;
  readonly keys: readonly string[];
}
import { type StackUnit, stackUnits } from "./units";

/** What one synthesized stack holds, for the synth's report. */
export interface SynthesizedStack {
  readonly id: string;
  readonly name: string;
  readonly addressSpace: string;
  readonly resourceCount: number;
  readonly subscriptionIsPlaceholder: boolean;
  readonly status: TraegerModel["status"];
  /** Path of the stack's Terraform JSON, relative to the output folder. */
  readonly file: string;
}

/** How to synthesize: where the cache is (none: build everything) and how many threads may build. */
export interface SynthOptions {
  readonly cacheDir?: string;
  /** Threads building stacks, this one included; default: one per core once there are enough stacks. */
  readonly workers?: number;
  /** The hash of the code (default: codeHash() of this project); lets tests stand in a changed lockfile. */
  readonly code?: string;
  /** Only these stacks (e.g. those `npm run affected` must compare); default: all. */
  readonly only?: ReadonlySet<string>;
  /** Receives one line per cache entry that failed its hash check and was rebuilt. */
  readonly warn?: (line: string) => void;
  /** From how many stacks to build on worker threads are used (default 24). */
  readonly parallelThreshold?: number;
  /** Worker threads started ahead of time (startWorkerPool); used when enough stacks need building, else stopped. */
  readonly pool?: WorkerPool;
  /** Whether this thread builds stacks too when worker threads do (default true; tests turn it off to be sure the workers build). */
  readonly mainThreadBuilds?: boolean;
  /** Filled with how many stacks came from the cache, how many were built, and by how many worker threads. */
  readonly stats?: { cached: number; built: number; workerThreads?: number };
}

/** Below this many stacks to build, starting threads costs more than it saves. */
const PARALLEL_THRESHOLD = 24;

/** Threads to build with when there are enough stacks: one per core. */
export function defaultThreads(): number {
  return os.availableParallelism();
}

/**
 * Starts worker threads before the model is loaded, when the Verbund is big enough that they will
 * likely be needed (`expectedStacks` from counting declaration files), so that they load cdktf and the
 * providers meanwhile. Undefined when they would not be used.
 */
export function startWorkerPool(expectedStacks: number, threads?: number): WorkerPool | undefined {
  const count = (threads ?? (expectedStacks >= PARALLEL_THRESHOLD ? defaultThreads() : 1)) - 1;
  if (count < 1 || expectedStacks < PARALLEL_THRESHOLD) return undefined;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return new (require("./parallel") as typeof import("./parallel")).WorkerPool(count);
}

/** The synth found policy violations; each is one line. */
export class PolicyViolationError extends Error {
  constructor(readonly violations: readonly PolicyViolation[]) {
    super(`${violations.length} policy violation${violations.length === 1 ? "" : "s"}:\n${violations.map(formatViolation).join("\n")}`);
  }
}

/**
 * Synthesizes the Verbund into `outdir` (which should be a staging folder: on an error, what is in it
 * is incomplete) and reports what each stack holds. Throws PolicyViolationError or an Error with every problem.
 */
export function synthesizeVerbund(model: VerbundModel, outdir: string, options: SynthOptions = {}): SynthesizedStack[] {
  const units = stackUnits(model).filter((unit) => !options.only || options.only.has(unit.id));
  fs.mkdirSync(path.join(outdir, "stacks"), { recursive: true });
  const outputs: (StackReport | undefined)[] = new Array(units.length);
  const keys: string[] = [];
  const toBuild: number[] = [];
  const code = options.cacheDir ? (options.code ?? codeHash()) : "";
  units.forEach((unit, index) => {
    if (!options.cacheDir) return void toBuild.push(index);
    const key = (keys[index] = unitCacheKey(code, unit));
    const entry = readCacheEntry(options.cacheDir, key);
    if (typeof entry === "object") {
      const file = path.join(outdir, "stacks", unit.id, "cdk.tf.json");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, entry.text);
      outputs[index] = { id: unit.id, resourceCount: entry.resourceCount, manifest: entry.manifest, violations: [], problems: [] };
      return;
    }
    if (entry === "corrupt") options.warn?.(`synth cache entry of ${unit.id} failed its hash check and was rebuilt (${path.join(options.cacheDir, key)})`);
    toBuild.push(index);
  });

  const threshold = options.parallelThreshold ?? PARALLEL_THRESHOLD;
  const usePool = options.pool !== undefined && toBuild.length >= threshold;
  if (options.pool && !usePool) options.pool.discard();
  const workers = usePool ? options.pool!.size + 1 : Math.max(1, Math.min(options.workers ?? (toBuild.length >= threshold ? defaultThreads() : 1), toBuild.length));
  if (toBuild.length > 0) {
    const cache = options.cacheDir ? { dir: options.cacheDir, keys } : undefined;
    const order = buildOrder(units, toBuild);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const built = workers > 1 ? (require("./parallel") as typeof import("./parallel")).buildInParallel(model, order, units, outdir, workers, cache, options.mainThreadBuilds ?? true, usePool ? options.pool : undefined) : buildInProcess(units, order, outdir, cache);
    for (const [index, output] of built) outputs[index] = output;
  }
  if (options.stats) {
    options.stats.cached = units.length - toBuild.length;
    options.stats.built = toBuild.length;
    options.stats.workerThreads = toBuild.length > 0 && workers > 1 ? workers - 1 : 0;
  }
  return finishSynth(units, outputs as StackReport[], outdir);
}

/**
 * How much a thread's heap may grow (MB) above what the last full garbage collection left alive
 * before it runs the next one between two stacks. Measured against what the last collection left
 * rather than counted in stacks, so a Verbund whose model alone is large does not collect more often.
 * Each collection marks everything alive (at 10,000 Träger about 75 MB per thread, some 100 ms of
 * CPU) and makes V8 compile again much of the optimised code (see below), so the budget trades
 * memory for CPU: 256 rather than 128 MB halves the collections at 10,000 Träger and keeps peak
 * memory under 1 GB there and within 1.3× from 1,000 to 3,000 Träger (docs/design.md, "Speed").
 */
const HEAP_BUDGET_MB = 256;

/**
 * A function to call after each stack that runs V8's full garbage collection when the heap has
 * grown by the budget since the last one; a no-op where the collection cannot be had. A stack
 * allocates far more than it leaves alive (after a collection the heap is back where it was whatever
 * the stack count), but V8 sizes its heap by allocation rate, so without a full collection now and
 * then peak memory still grows with the number of stacks. Such a collection frees the maps (hidden
 * classes) that no live object uses, and V8 then throws away the optimised code that was compiled
 * against them and compiles it again: about 90 functions per collection when it ran between two
 * stacks (docs/design.md, "Speed"). So it runs while the stack just written is alive, with the latest
 * stack of the other kind (buildInProcess): their constructs, their JSON as built and as written,
 * and their tokens, which are the objects a stack's code works on; TOKEN_STRING_SHAPES
 * (lib/stacks/stack-json.ts) keeps cdktf's short-lived TokenStrings' one. `v8.setFlagsFromString` is Node's
 * documented way to set a V8 flag at run time; `--expose-gc` only makes `gc` available to contexts
 * created afterwards.
 */
function collectWhenGrown(): () => void {
  let gc: () => void;
  try {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  } catch {
    return () => undefined;
  }
  const budget = HEAP_BUDGET_MB * 1024 * 1024;
  let limit = v8.getHeapStatistics().used_heap_size + budget;
  return () => {
    if (v8.getHeapStatistics().used_heap_size < limit) return;
    gc();
    limit = v8.getHeapStatistics().used_heap_size + budget;
  };
}

/**
 * The order in which stacks are handed out to the threads (output order is the units' whatever the
 * build order): the platform stack first, since it grows with the Verbund (a deploy environment and
 * a federated credential per Träger, about 10,000 resources at 10,000 Träger) and, handed out last,
 * kept one thread busy for seconds after the other had finished.
 */
export function buildOrder(units: readonly StackUnit[], indexes: readonly number[]): number[] {
  return [...indexes.filter((index) => units[index]!.kind === "platform"), ...indexes.filter((index) => units[index]!.kind !== "platform")];
}

/** A unit's cache key: the code's hash with everything the unit's stack is built from. */
export function unitCacheKey(code: string, unit: StackUnit): string {
  return stackCacheKey(code, unit.id, { verbund: unit.verbund, traeger: unit.traeger });
}

/**
 * Builds the given stacks one at a time in this thread (or those `next` hands out), caching each that
 * passed its checks and releasing it before the next.
 */
export function buildInProcess(units: readonly StackUnit[], indexes: readonly number[], outdir: string, cache?: CacheTarget, next?: () => number | undefined): Map<number, StackReport> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { synthesizeUnit, newApp } = require("./build") as typeof import("./build");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { markTokens, releaseTokensSince } = require("../stacks/stack-json") as typeof import("../stacks/stack-json");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createManifest, withoutText } = require("./synth-stack") as typeof import("./synth-stack");
  const manifest = createManifest(newApp(outdir), outdir);
  const mark = markTokens();
  const results = new Map<number, StackReport>();
  const collect = collectWhenGrown();
  /**
   * The latest Träger and subscription stack this thread built, with their JSON (as built and as
   * written) and, once released, their tokens: kept until the next of its kind (see collectWhenGrown).
   */
  const latest = new Map<StackUnit["kind"], { readonly written: WrittenStack; tokens?: unknown[] }>();
  let position = 0;
  const take = next ?? (() => (position < indexes.length ? indexes[position++] : undefined));
  for (let index = take(); index !== undefined; index = take()) {
    const unit = units[index]!;
    const output = synthesizeUnit(unit, outdir, manifest, (written) => {
      if (unit.kind !== "platform") latest.set(unit.kind, { written });
      collect();
    });
    const released = releaseTokensSince(mark);
    const held = latest.get(unit.kind);
    if (held) held.tokens = released;
    const report = withoutText(output);
    if (cache && report.violations.length === 0 && report.problems.length === 0) writeCacheEntry(cache.dir, cache.keys[index]!, { text: output.text, ...report });
    results.set(index, report);
  }
  return results;
}

/**
 * The end of every synth: fail on any violation or problem (all of them, in a stable order), else
 * write cdktf's manifest.json and report the Träger stacks in output order.
 */
export function finishSynth(units: readonly StackUnit[], outputs: readonly StackReport[], outdir: string): SynthesizedStack[] {
  const violations = outputs.flatMap((o) => o.violations).sort(compareViolations);
  if (violations.length > 0) throw new PolicyViolationError(violations);
  const problems = outputs.flatMap((o) => o.problems);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  // A Träger stack depends on its subscription stack (units.ts dependsOn): `cdktf deploy` applies that first.
  const manifest = { version: cdktfVersion(), stacks: Object.fromEntries(outputs.map((o, index) => [o.id, dependentEntry(o.manifest, units[index])])) };
  fs.writeFileSync(path.join(outdir, "manifest.json"), stableJson(manifest));
  // The report lists the Träger stacks; the platform stack is written and checked but not listed.
  return units.flatMap((unit, index) =>
    unit.kind === "traeger"
      ? [
          {
            id: unit.id,
            name: unit.traeger.name,
            addressSpace: unit.traeger.network.addressSpace,
            resourceCount: outputs[index]!.resourceCount,
            subscriptionIsPlaceholder: unit.traeger.subscriptionIsPlaceholder,
            status: unit.traeger.status,
            file: path.join("stacks", unit.id, "cdk.tf.json"),
          },
        ]
      : [],
  );
}

/** A stack's manifest entry with the stacks it depends on (each stack is built in an App of its own, so cdktf cannot know them). */
function dependentEntry(entry: Record<string, unknown>, unit: StackUnit | undefined): Record<string, unknown> {
  return unit?.kind === "traeger" && unit.dependsOn.length > 0 ? { ...entry, dependencies: [...unit.dependsOn] } : entry;
}

/** The installed cdktf's version, as its manifest records it, read without loading cdktf. */
function cdktfVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (JSON.parse(fs.readFileSync(require.resolve("cdktf/package.json"), "utf8")) as { version: string }).version;
}
