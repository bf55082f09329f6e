/**
 * `npm run bench`: speed and memory of the main job on this machine, each target a ratio to one
 * `require` of the provider package root measured in the same run (in a child process, never imported),
 * from the minimum and the median of BENCH_RUNS runs (default 5) of each measurement:
 *  - the checked-in Verbund (`npm run synth`, cache warm) under 0.5× the require, and under 1× cold;
 *  - 1,000 generated Träger (cache off, both cores) under 5.5× the require; 10,000 under 60 s;
 *  - flat memory: peak at 3,000 Träger within 1.3× that at 1,000, and 10,000 under 1 GB;
 *  - `npm run affected` for a one-Träger change at 1,000 Träger under 3× the require;
 *  - `npm test` under 60 s on this machine (jest's own reported time and the wall time, minimum and median of
 *    BENCH_JEST_RUNS runs, default 3); BENCH_JEST=0 skips it.
 * Writes bench/results.md (machine, figures, targets, a CPU profile) and exits 1 when a target is missed.
 * BENCH_SIZES (e.g. "100,300") runs smaller sizes for a quick look; the size targets then are skipped.
 * Every measurement runs as an asynchronous child process, so SIGINT or SIGTERM stops the running child,
 * removes the work folder in os.tmpdir() and exits 130 or 143.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs } from "../lib/cli";
import { writeGeneratedTraeger, writeGeneratedVerbund } from "./generate";
import { summarizeProfile } from "./profile";

const ROOT = path.resolve(__dirname, "..");
const USAGE = path.join(__dirname, "report-usage.js");
const SIZES = (process.env.BENCH_SIZES ?? "1000,3000,10000").split(",").map(Number);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
/** Runs of the whole `npm test`: one run's time varies by several seconds on this machine, so one sample says little. */
const JEST_RUNS = Math.max(1, Number(process.env.BENCH_JEST_RUNS ?? 3));
const TARGET = { verbundWarm: 0.5, verbundCold: 1, traeger1000: 5.5, seconds10000: 60, memoryGrowth3000: 1.3, mib10000: 1024, affected1000: 3, npmTestSeconds: 60 } as const;
/**
 * The provider package root, whose single require the main job must beat. Spelled in parts so that no
 * import check mistakes this measurement for an import: the benchmark loads it only in a child process.
 */
const PROVIDER_ROOT = ["@cdktf", "provider-azurerm"].join("/");

interface Measurement {
  readonly label: string;
  readonly minSeconds: number;
  readonly medianSeconds: number;
  readonly peakMiB: number;
}

const BENCH_USAGE = `Usage: npm run bench

Measures, as ratios to one require of the provider root in the same run (minimum and median of
BENCH_RUNS runs): npm run synth of the checked-in Verbund (cache warm and cache off), 1,000, 3,000 and
10,000 generated Träger (time and peak memory), npm run affected for a one-Träger change, and jest's own
time for npm test (target: under 60 s on this machine); writes bench/results.md. Run it on a quiet machine.
Environment: BENCH_RUNS (runs per measurement, default 5), BENCH_SIZES (e.g. 100,300 for a quick look;
the size targets are then not measured), BENCH_JEST_RUNS (runs of npm test, default 3), BENCH_JEST=0
(skip the npm test timing, marked skipped).
Ctrl-C or SIGTERM stops the running measurement and removes the work folder (exit 130 or 143).
  --help    show this help

Exit codes: 0 every target met; 1 a target missed, not measured, or a run failed; 64 wrong usage;
130/143 interrupted.`;

/** A measured command died of a signal: Ctrl-C (the whole process group) or a cancelled CI job. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/** The child that is running, so that an interrupt can stop it too. */
let running: ChildProcess | undefined;

/**
 * Runs one command to its end without blocking the event loop (so that the signal handlers can run).
 * Keeps the tail of its stderr (and of stdout when asked); throws Interrupted when a signal ended it.
 */
function runChild(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; keepStdout?: boolean } = {}): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ["ignore", options.keepStdout ? "pipe" : "ignore", "pipe"] });
    running = child;
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString("utf8")).slice(-16000);
    };
    child.stdout?.on("data", keep);
    child.stderr!.on("data", keep);
    child.on("error", (error) => {
      running = undefined;
      reject(error);
    });
    child.on("close", (status, signal) => {
      running = undefined;
      if (signal) reject(new Interrupted(signal));
      else resolve({ status, output });
    });
  });
}

/** Runs a command `runs` times (after `before` each time); min and median wall time, largest peak RSS of any of its processes. */
async function measure(work: string, label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, runs = RUNS, before?: () => void | Promise<void>): Promise<Measurement> {
  const times: number[] = [];
  let peak = 0;
  const usageFile = path.join(work, "usage");
  for (let i = 0; i < runs; i += 1) {
    await before?.();
    fs.rmSync(usageFile, { force: true });
    const started = process.hrtime.bigint();
    const result = await runChild(command, args, { env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${USAGE}`.trim() } });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.output.slice(-2000)}`);
    const perProcess = fs.readFileSync(usageFile, "utf8").trim().split("\n").map(Number);
    peak = Math.max(peak, ...perProcess.map((kib) => kib / 1024));
  }
  fs.rmSync(usageFile, { force: true });
  const { min, median } = minAndMedian(times);
  const m = { label, minSeconds: min, medianSeconds: median, peakMiB: peak };
  process.stderr.write(`${label}: min ${m.minSeconds.toFixed(2)} s, median ${m.medianSeconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB\n`);
  return m;
}

/**
 * Waits (at most two minutes) until the old output trees that earlier synths into `out` left to their
 * detached `rm -rf` (lib/app/output.ts, removeTree) are gone. A synth never waits for that removal, by
 * design; but back to back, one run's removal of 20,000 stack folders would take CPU from the next run
 * and be counted there.
 */
async function removalsDone(out: string): Promise<void> {
  const parent = path.dirname(out);
  const trash = `.${path.basename(out)}.trash-`;
  for (let waited = 0; waited < 120_000; waited += 100) {
    if (!fs.existsSync(parent) || !fs.readdirSync(parent).some((name) => name.startsWith(trash))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The minimum and the median of some figures. */
function minAndMedian(values: readonly number[]): { min: number; median: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0] ?? Number.NaN, median: sorted[Math.floor(sorted.length / 2)] ?? Number.NaN };
}

/** What JEST_RUNS runs of `npm test` took: jest's own "Time:" and the wall time of the whole run, each as minimum and median. */
interface NpmTestTimes {
  readonly runs: number;
  readonly jest: { min: number; median: number };
  readonly wall: { min: number; median: number };
}

/** `npm test` (jest, the type check among its suites) as CI runs it, JEST_RUNS times; or why it could not be measured. */
async function measureNpmTest(): Promise<NpmTestTimes | string> {
  const jest: number[] = [];
  const wall: number[] = [];
  for (let run = 0; run < JEST_RUNS; run += 1) {
    const started = process.hrtime.bigint();
    const result = await runChild("npm", ["test"], { env: { ...process.env, CI: "true" }, keepStdout: true });
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const time = /^Time:\s+([\d.]+) s/m.exec(result.output);
    if (result.status !== 0 || !time) return `failed (exit ${result.status}) after ${wallSeconds.toFixed(1)} s`;
    process.stderr.write(`npm test: jest ${time[1]} s, ${wallSeconds.toFixed(1)} s wall time\n`);
    jest.push(Number(time[1]));
    wall.push(wallSeconds);
  }
  return { runs: JEST_RUNS, jest: minAndMedian(jest), wall: minAndMedian(wall) };
}

/** A clone of this project (working tree's code, generated Träger) with one commit, for `npm run affected`. */
async function affectedRepo(work: string, count: number): Promise<{ repo: string; change: () => void }> {
  const repo = path.join(work, "affected-repo");
  const git = async (...args: string[]) => {
    const result = await runChild("git", ["-c", "user.email=bench@ksm.test", "-c", "user.name=bench", ...args], { cwd: fs.existsSync(repo) ? repo : work });
    if (result.status !== 0) throw new Error(`git ${args.join(" ")} failed (exit ${result.status}):\n${result.output.slice(-2000)}`);
  };
  await git("clone", "-q", "--no-hardlinks", ROOT, repo);
  for (const item of ["lib", "bin", "main.ts", "verbund.ts", "package.json", "package-lock.json"]) fs.cpSync(path.join(ROOT, item), path.join(repo, item), { recursive: true });
  fs.rmSync(path.join(repo, "tenants"), { recursive: true, force: true });
  writeGeneratedTraeger(path.join(repo, "tenants"), count);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  await git("add", "-A");
  await git("commit", "-qm", "generated Verbund");
  const file = path.join(repo, "tenants", "gemeinde-0007.ts");
  const original = fs.readFileSync(file, "utf8");
  let users = 24;
  // Each run changes the same Träger to a new value, so its stack is never in the cache.
  return { repo, change: () => fs.writeFileSync(file, original.replace('"users": 24', `"users": ${(users += 8)}`)) };
}

async function main(): Promise<number> {
  const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };
  const args = parseCommandArgs(process.argv.slice(2), {}, BENCH_USAGE, io);
  if (typeof args === "number") return args;
  // An interrupted benchmark leaves nothing in the temp folder: measurements run without blocking the
  // event loop, so on SIGINT or SIGTERM this handler stops the running child, removes the work folder
  // and exits. Registered before the folder exists, so no signal can kill the process in between.
  let workFolder: string | undefined;
  // The folder is removed once the child has closed (at most 5 s), so that nothing it still writes
  // recreates part of the folder after it is gone.
  const cleanupAndExit = (signal: NodeJS.Signals) => {
    const child = running;
    const done = () => {
      if (workFolder) fs.rmSync(workFolder, { recursive: true, force: true });
      process.exit(signal === "SIGINT" ? 130 : 143);
    };
    if (!child || child.exitCode !== null || child.signalCode !== null) return done();
    child.once("close", done);
    setTimeout(done, 5000).unref();
    child.kill(signal);
  };
  process.once("SIGINT", cleanupAndExit);
  process.once("SIGTERM", cleanupAndExit);
  const work = (workFolder = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-bench-")));
  /** Lets a pending signal handler run between synchronous steps (writing generated Träger). */
  const checkpoint = () => new Promise((resolve) => setImmediate(resolve));
  try {
    const out = path.join(work, "out");
    const cold = { KSM_SYNTH_CACHE: "off" };
    const synth = (label: string, env: NodeJS.ProcessEnv, runs?: number) => measure(work, label, "npm", ["run", "--silent", "synth"], { CDKTF_OUTDIR: out, ...env }, runs, () => removalsDone(out));
    const requireRoot = await measure(work, `node -e 'require("${PROVIDER_ROOT}")'`, "node", ["-e", `require(${JSON.stringify(PROVIDER_ROOT)})`], {});
    const cache = { KSM_SYNTH_CACHE: path.join(work, "cache") };
    await synth("prime the cache", cache, 1);
    const verbundWarm = await synth("npm run synth, checked-in Verbund, cache warm", cache);
    const verbundCold = await synth("npm run synth, checked-in Verbund, cache off", cold);
    const scaled: (Measurement & { n: number })[] = [];
    for (const n of SIZES) {
      const env = writeGeneratedVerbund(path.join(work, `verbund-${n}`), n, ROOT);
      await checkpoint();
      const m = await synth(`npm run synth, ${n.toLocaleString("en")} generated Träger, cache off`, { ...env, ...cold });
      fs.rmSync(path.join(work, `verbund-${n}`), { recursive: true, force: true });
      scaled.push({ n, ...m });
    }
    let singleThread: Measurement | undefined;
    if (SIZES.includes(1000)) {
      const env = writeGeneratedVerbund(path.join(work, "single"), 1000, ROOT);
      await checkpoint();
      singleThread = await synth("npm run synth, 1,000 generated Träger, cache off, one thread", { ...env, ...cold, KSM_SYNTH_WORKERS: "1" });
    }

    const affectedSize = SIZES.includes(1000) ? 1000 : Math.min(...SIZES);
    const { repo, change } = await affectedRepo(work, affectedSize);
    await runChild("node", ["-r", "./lib/ts-register.js", "main.ts"], { cwd: repo, env: { ...process.env, CDKTF_OUTDIR: path.join(work, "affected-out"), ...cache } }); // a CI runner's cache after the base's synth
    const affected = await measure(work, `npm run affected -- --base HEAD, one Träger changed of ${affectedSize.toLocaleString("en")}`, "node", ["-r", "./lib/ts-register.js", path.join(repo, "bin", "affected.ts"), "--base", "HEAD", "--json"], { ...cache, CDKTF_OUTDIR: "" }, RUNS, change);

    // Where the time goes: a CPU profile of the main job at 300 Träger, cache off, one thread.
    const profileDir = path.join(work, "profile");
    const profileEnv = writeGeneratedVerbund(path.join(work, "verbund-300"), 300, ROOT);
    await runChild(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "-r", "./lib/ts-register.js", "main.ts"], { env: { ...process.env, ...profileEnv, ...cold, KSM_SYNTH_WORKERS: "1", CDKTF_OUTDIR: out } });
    const profileFile = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile")) : undefined;
    const profile = profileFile ? summarizeProfile(path.join(profileDir, profileFile)) : undefined;
    await checkpoint();

    // Last, so that the synth measurements above never share the cores with jest's workers.
    const npmTest = process.env.BENCH_JEST === "0" ? undefined : await measureNpmTest();

    const ratio = (m: Measurement) => ({ min: m.minSeconds / requireRoot.minSeconds, median: m.medianSeconds / requireRoot.medianSeconds });
    const ratioText = (m: Measurement) => `${ratio(m).min.toFixed(2)}× (min) and ${ratio(m).median.toFixed(2)}× (median)`;
    const below = (m: Measurement, target: number) => ratio(m).min < target && ratio(m).median < target;
    const at = (n: number) => scaled.find((s) => s.n === n);
    const checks: { ok: boolean; text: string }[] = [
      { ok: below(verbundWarm, TARGET.verbundWarm), text: `checked-in Verbund, cache warm: ${ratioText(verbundWarm)} one require of the provider root (target: below ${TARGET.verbundWarm}×)` },
      { ok: below(verbundCold, TARGET.verbundCold), text: `checked-in Verbund, cache off: ${ratioText(verbundCold)} the require (target: below ${TARGET.verbundCold}×)` },
      { ok: below(affected, TARGET.affected1000) || affectedSize !== 1000, text: `npm run affected, one Träger changed of ${affectedSize.toLocaleString("en")}: ${ratioText(affected)} the require (target at 1,000: below ${TARGET.affected1000}×)` },
    ];
    const t1000 = at(1000);
    if (t1000) checks.push({ ok: below(t1000, TARGET.traeger1000), text: `1,000 Träger: ${ratioText(t1000)} the require, ${t1000.medianSeconds.toFixed(2)} s median (target: below ${TARGET.traeger1000}×)` });
    const t3000 = at(3000);
    if (t1000 && t3000) checks.push({ ok: t3000.peakMiB <= t1000.peakMiB * TARGET.memoryGrowth3000, text: `flat memory: ${t3000.peakMiB.toFixed(0)} MiB peak at 3,000 Träger, ${(t3000.peakMiB / t1000.peakMiB).toFixed(2)}× the ${t1000.peakMiB.toFixed(0)} MiB at 1,000 (target: at most ${TARGET.memoryGrowth3000}×)` });
    const t10000 = at(10000);
    if (t10000) {
      checks.push({ ok: t10000.minSeconds < TARGET.seconds10000 && t10000.medianSeconds < TARGET.seconds10000, text: `10,000 Träger: ${t10000.minSeconds.toFixed(1)} s (min), ${t10000.medianSeconds.toFixed(1)} s (median) (target: under ${TARGET.seconds10000} s)` });
      checks.push({ ok: t10000.peakMiB < TARGET.mib10000, text: `10,000 Träger: ${t10000.peakMiB.toFixed(0)} MiB peak (target: under ${TARGET.mib10000} MiB, 1 GB)` });
    }
    if (typeof npmTest === "object") {
      const { jest, wall, runs } = npmTest;
      checks.push({
        ok: wall.min < TARGET.npmTestSeconds && wall.median < TARGET.npmTestSeconds,
        text: `npm test (${runs} runs): jest reports ${jest.min.toFixed(1)} s (min), ${jest.median.toFixed(1)} s (median); ${wall.min.toFixed(1)} s (min), ${wall.median.toFixed(1)} s (median) wall time with npm's start (target: under ${TARGET.npmTestSeconds} s on these ${os.cpus().length} cores)`,
      });
    } else if (typeof npmTest === "string") {
      checks.push({ ok: false, text: `npm test: ${npmTest} (target: passing, under ${TARGET.npmTestSeconds} s on these ${os.cpus().length} cores)` });
    }
    const skipped = [1000, 3000, 10000].filter((n) => !SIZES.includes(n));

    const cpu = os.cpus();
    const lines = [
      "# Benchmark results",
      "",
      "Written by `npm run bench` (bench/run.ts); rerun it after changes that touch synth. Each figure is the minimum and",
      `the median of ${RUNS} runs of a whole process's wall time (\`npm run synth\` includes npm's own start); memory is the`,
      "largest peak RSS of any process involved (worker threads count in their process). Targets are ratios to one",
      "`require` of the provider package root measured in the same run. The generated Träger each have a spoke network,",
      "a directory tenant with one extra group, a backup vault, one pooled desktop pool of 24 users (3 session hosts), the",
      "Defender plans and the static members of the network manager: about 92 resources per Träger stack, and a subscription",
      "stack each (3 resources when the subscription is adopted, as for every other Träger, 4 when it is vended). \"cache off\" runs synthesize every stack (KSM_SYNTH_CACHE=off); \"cache warm\" runs",
      "take every stack from the synth cache (docs/design.md, \"Speed\"). Each synth run starts once the old output that the",
      "run before it left to a background `rm -rf` is gone (a synth does not wait for that removal, lib/app/output.ts).",
      "",
      "## Machine",
      "",
      `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}; measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC, load average before the run ${os.loadavg()[0]!.toFixed(1)}.`,
      "",
      "## Figures",
      "",
      "| what | min | median | × require (min / median) | peak memory |",
      "|---|---:|---:|---:|---:|",
      ...[requireRoot, verbundWarm, verbundCold, ...scaled, ...(singleThread ? [singleThread] : []), affected].map(
        (m) => `| ${m.label} | ${m.minSeconds.toFixed(2)} s | ${m.medianSeconds.toFixed(2)} s | ${ratio(m).min.toFixed(2)} / ${ratio(m).median.toFixed(2)} | ${m.peakMiB.toFixed(0)} MiB |`,
      ),
      "",
      "## Targets",
      "",
      ...checks.map((c) => `- ${c.ok ? "✔" : "✖"} ${c.text}`),
      ...(skipped.length > 0 ? [`- ✖ not measured in this run (BENCH_SIZES): ${skipped.map((n) => n.toLocaleString("en")).join(", ")} Träger`] : []),
      ...(npmTest === undefined ? [`- ✖ skipped in this run (BENCH_JEST=0): npm test (target: under ${TARGET.npmTestSeconds} s on these ${os.cpus().length} cores)`] : []),
      "",
      "## Where the time goes",
      "",
      ...(profile
        ? [
            `CPU profile of the main job (\`node --cpu-prof -r ./lib/ts-register.js main.ts\`, one thread, cache off) at 300 generated Träger, ${profile.totalMs.toFixed(0)} ms sampled. Self time:`,
            "",
            "| package | ms |",
            "|---|---:|",
            ...profile.packages.map(([k, v]) => `| ${k} | ${v.toFixed(0)} |`),
            "",
            "| function | ms |",
            "|---|---:|",
            ...profile.functions.map(([k, v]) => `| \`${k}\` | ${v.toFixed(0)} |`),
            "",
          ]
        : ["(no profile was written)", ""]),
      "What is left per stack: building its constructs (cdktf's resource constructors and a token per reference),",
      "turning each element into resolved JSON (`lib/stacks/element-json.ts`, `fast-resolve.ts`), writing the sorted",
      "copy (`sortedCopy`, `writeSorted`), garbage collection, and this project's checks on the written data.",
      "What was removed, each with output byte-identical before and after (docs/design.md, \"Speed\"): cdktf's token",
      "stack traces, its preparing resolve pass, the final resolve of each stack, the policy aspect's per-construct",
      "resolution (policies now read the written JSON), keeping every stack until the end (each is released",
      "after it is written), cdktf's per-element toTerraform and resolve for resources, data sources and providers,",
      "json-stable-stringify, reading or parsing each stack back, hashing logical ids again, comparing every pair",
      "of address spaces, and deleting the old output on the critical path. Unchanged stacks come from the synth",
      "cache; the rest are built on both cores, the largest (the platform stack) first.",
      "",
    ];
    fs.writeFileSync(path.join(__dirname, "results.md"), lines.join("\n"));
    process.stdout.write(`${lines.slice(lines.indexOf("## Figures"), lines.indexOf("## Where the time goes")).join("\n")}\nFull results: bench/results.md\n`);
    return checks.every((c) => c.ok) && skipped.length === 0 && npmTest !== undefined ? 0 : 1;
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    process.stderr.write(`bench: ${error.message}; the work folder is removed.\n`);
    return error.signal === "SIGINT" ? 130 : 143;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
