/**
 * `npm run bench`: speed and memory of the main job on this machine, each target a ratio to one
 * `require` of the provider package root measured in the same run (in a child process, never imported),
 * from the minimum and the median of BENCH_RUNS runs (default 5) of each measurement:
 *  - the checked-in Verbund (`npm run synth`, cache warm) under 0.5× the require, and under 1× cold;
 *  - 1,000 generated Träger (cache off, both cores) under 5.5× the require; 10,000 under 60 s;
 *  - flat memory: peak at 3,000 Träger within 1.3× that at 1,000, and 10,000 under 1 GB;
 *  - `npm run affected` for a one-Träger change at 1,000 Träger under 3× the require.
 * Writes bench/results.md (machine, figures, targets, a CPU profile) and exits 1 when a target is missed.
 * BENCH_SIZES (e.g. "100,300") runs smaller sizes for a quick look; the size targets then are skipped.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeGeneratedTraeger, writeGeneratedVerbund } from "./generate";
import { summarizeProfile } from "./profile";

const ROOT = path.resolve(__dirname, "..");
const USAGE = path.join(__dirname, "report-usage.js");
const SIZES = (process.env.BENCH_SIZES ?? "1000,3000,10000").split(",").map(Number);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const TARGET = { verbundWarm: 0.5, verbundCold: 1, traeger1000: 5.5, seconds10000: 60, memoryGrowth3000: 1.3, mib10000: 1024, affected1000: 3 } as const;
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

/** Runs a command `runs` times (after `before` each time); min and median wall time, largest peak RSS of any of its processes. */
function measure(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv, runs = RUNS, before?: () => void): Measurement {
  const times: number[] = [];
  let peak = 0;
  const usageFile = path.join(os.tmpdir(), `ksm-bench-usage-${process.pid}`);
  for (let i = 0; i < runs; i += 1) {
    before?.();
    fs.rmSync(usageFile, { force: true });
    const started = process.hrtime.bigint();
    const result = spawnSync(command, [...args], {
      cwd: ROOT,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${USAGE}`.trim() },
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr.slice(-2000)}`);
    const perProcess = fs.readFileSync(usageFile, "utf8").trim().split("\n").map(Number);
    peak = Math.max(peak, ...perProcess.map((kib) => kib / 1024));
  }
  fs.rmSync(usageFile, { force: true });
  times.sort((a, b) => a - b);
  const m = { label, minSeconds: times[0] ?? Number.NaN, medianSeconds: times[Math.floor(times.length / 2)] ?? Number.NaN, peakMiB: peak };
  process.stderr.write(`${label}: min ${m.minSeconds.toFixed(2)} s, median ${m.medianSeconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB\n`);
  return m;
}

/** A clone of this project (working tree's code, generated Träger) with one commit, for `npm run affected`. */
function affectedRepo(work: string, count: number): { repo: string; change: () => void } {
  const repo = path.join(work, "affected-repo");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=bench@ksm.test", "-c", "user.name=bench", ...args], { cwd: repo, encoding: "utf8" });
  execFileSync("git", ["clone", "-q", "--no-hardlinks", ROOT, repo]);
  for (const item of ["lib", "bin", "main.ts", "verbund.ts", "package.json", "package-lock.json"]) fs.cpSync(path.join(ROOT, item), path.join(repo, item), { recursive: true });
  fs.rmSync(path.join(repo, "tenants"), { recursive: true, force: true });
  writeGeneratedTraeger(path.join(repo, "tenants"), count);
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  git("add", "-A");
  git("commit", "-qm", "generated Verbund");
  const file = path.join(repo, "tenants", "gemeinde-0007.ts");
  const original = fs.readFileSync(file, "utf8");
  let users = 24;
  // Each run changes the same Träger to a new value, so its stack is never in the cache.
  return { repo, change: () => fs.writeFileSync(file, original.replace('"users": 24', `"users": ${(users += 8)}`)) };
}

function main(): number {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-bench-"));
  try {
    const out = path.join(work, "out");
    const cold = { KSM_SYNTH_CACHE: "off" };
    const synth = (label: string, env: NodeJS.ProcessEnv, runs?: number) => measure(label, "npm", ["run", "--silent", "synth"], { CDKTF_OUTDIR: out, ...env }, runs);
    const requireRoot = measure(`node -e 'require("${PROVIDER_ROOT}")'`, "node", ["-e", `require(${JSON.stringify(PROVIDER_ROOT)})`], {});
    const cache = { KSM_SYNTH_CACHE: path.join(work, "cache") };
    synth("prime the cache", cache, 1);
    const verbundWarm = synth("npm run synth, checked-in Verbund, cache warm", cache);
    const verbundCold = synth("npm run synth, checked-in Verbund, cache off", cold);
    const scaled = SIZES.map((n) => {
      const env = writeGeneratedVerbund(path.join(work, `verbund-${n}`), n, ROOT);
      const m = synth(`npm run synth, ${n.toLocaleString("en")} generated Träger, cache off`, { ...env, ...cold });
      fs.rmSync(path.join(work, `verbund-${n}`), { recursive: true, force: true });
      return { n, ...m };
    });
    const singleThread = SIZES.includes(1000) ? synth("npm run synth, 1,000 generated Träger, cache off, one thread", { ...writeGeneratedVerbund(path.join(work, "single"), 1000, ROOT), ...cold, KSM_SYNTH_WORKERS: "1" }) : undefined;

    const affectedSize = SIZES.includes(1000) ? 1000 : Math.min(...SIZES);
    const { repo, change } = affectedRepo(work, affectedSize);
    spawnSync("node", ["-r", "sucrase/register", "main.ts"], { cwd: repo, env: { ...process.env, CDKTF_OUTDIR: path.join(work, "affected-out"), ...cache } }); // a CI runner's cache after the base's synth
    const affected = measure(`npm run affected -- --base HEAD, one Träger changed of ${affectedSize.toLocaleString("en")}`, "node", ["-r", "sucrase/register", path.join(repo, "bin", "affected.ts"), "--base", "HEAD", "--json"], { ...cache, CDKTF_OUTDIR: "" }, RUNS, change);

    // Where the time goes: a CPU profile of the main job at 300 Träger, cache off, one thread.
    const profileDir = path.join(work, "profile");
    const profileEnv = writeGeneratedVerbund(path.join(work, "verbund-300"), 300, ROOT);
    spawnSync(process.execPath, ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, "-r", "sucrase/register", "main.ts"], { cwd: ROOT, env: { ...process.env, ...profileEnv, ...cold, KSM_SYNTH_WORKERS: "1", CDKTF_OUTDIR: out }, encoding: "utf8" });
    const profileFile = fs.existsSync(profileDir) ? fs.readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile")) : undefined;
    const profile = profileFile ? summarizeProfile(path.join(profileDir, profileFile)) : undefined;

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
    const skipped = [1000, 3000, 10000].filter((n) => !SIZES.includes(n));

    const cpu = os.cpus();
    const lines = [
      "# Benchmark results",
      "",
      "Written by `npm run bench` (bench/run.ts); rerun it after changes that touch synth. Each figure is the minimum and",
      `the median of ${RUNS} runs of a whole process's wall time (\`npm run synth\` includes npm's own start); memory is the`,
      "largest peak RSS of any process involved (worker threads count in their process). Targets are ratios to one",
      "`require` of the provider package root measured in the same run. The generated Träger each have a spoke network,",
      "a directory tenant with one extra group, a backup vault and one pooled desktop pool of 24 users (3 session hosts):",
      "about 78 resources per stack. \"cache off\" runs synthesize every stack (KSM_SYNTH_CACHE=off); \"cache warm\" runs",
      "take every stack from the synth cache (docs/design.md, \"Speed\").",
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
      "",
      "## Where the time goes",
      "",
      ...(profile
        ? [
            `CPU profile of the main job (\`node --cpu-prof -r sucrase/register main.ts\`, one thread, cache off) at 300 generated Träger, ${profile.totalMs.toFixed(0)} ms sampled. Self time:`,
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
      "Building a stack is mostly cdktf's token resolution (`cdktf/lib/tokens`), then writing the JSON",
      "(`json-stable-stringify`, file writes), garbage collection, and this project's checks on the final JSON.",
      "What was removed, each with output byte-identical before and after (docs/design.md, \"Speed\"): cdktf's token",
      "stack traces, its preparing resolve pass, the final resolve of each stack, the policy aspect's per-construct",
      "resolution (policies now read the written JSON), and keeping every stack until the end (each is released",
      "after it is written). Unchanged stacks come from the synth cache; the rest are built on both cores.",
      "",
    ];
    fs.writeFileSync(path.join(__dirname, "results.md"), lines.join("\n"));
    process.stdout.write(`${lines.slice(lines.indexOf("## Figures"), lines.indexOf("## Where the time goes")).join("\n")}\nFull results: bench/results.md\n`);
    return checks.every((c) => c.ok) && skipped.length === 0 ? 0 : 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

process.exitCode = main();
