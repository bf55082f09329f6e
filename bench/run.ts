/**
 * `npm run bench`: measures the main job against its speed target on this machine, in one run.
 * Target (issue: foundation, speed): `npm run synth` of the checked-in Verbund takes less time than
 * one `require("@cdktf/provider-azurerm")` of the provider package root. Exit 1 when a target is missed.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const USAGE = path.join(__dirname, "report-usage.js");

interface Measurement {
  readonly label: string;
  readonly medianSeconds: number;
  readonly peakMiB: number;
}

/** Runs a command RUNS times and returns its median wall time and largest peak RSS. */
function measure(label: string, command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Measurement {
  const times: number[] = [];
  let peak = 0;
  const usageFile = path.join(os.tmpdir(), `ksm-bench-usage-${process.pid}`);
  for (let i = 0; i < RUNS; i += 1) {
    const started = process.hrtime.bigint();
    const result = spawnSync(command, args, {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} -r ${USAGE}`.trim() },
    });
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
    if (result.status !== 0) throw new Error(`${label} failed (exit ${result.status}):\n${result.stderr}`);
    const perProcess = fs.readFileSync(usageFile, "utf8").trim().split("\n").map(Number);
    fs.rmSync(usageFile, { force: true });
    peak = Math.max(peak, ...perProcess.map((kib) => kib / 1024));
  }
  times.sort((a, b) => a - b);
  return { label, medianSeconds: times[Math.floor(times.length / 2)] ?? Number.NaN, peakMiB: peak };
}

function main(): number {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-bench-"));
  try {
    const requireRoot = measure('node -e \'require("@cdktf/provider-azurerm")\'', "node", ["-e", 'require("@cdktf/provider-azurerm")']);
    const npmSynth = measure("npm run synth (checked-in Verbund)", "npm", ["run", "--silent", "synth"], { CDKTF_OUTDIR: outdir });
    const appSynth = measure("app command alone (node -r sucrase/register main.ts)", "node", ["-r", "sucrase/register", "main.ts"], { CDKTF_OUTDIR: outdir });

    const cpu = os.cpus()[0]?.model ?? "unknown CPU";
    console.log(`Machine: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; median of ${RUNS} runs`);
    console.log("");
    console.log("| what | median wall time | peak memory |");
    console.log("|---|---:|---:|");
    for (const m of [requireRoot, npmSynth, appSynth]) console.log(`| ${m.label} | ${m.medianSeconds.toFixed(3)} s | ${m.peakMiB.toFixed(0)} MiB |`);
    console.log("");
    const ratio = npmSynth.medianSeconds / requireRoot.medianSeconds;
    const met = ratio < 1;
    console.log(`${met ? "✔" : "✖"} npm run synth takes ${ratio.toFixed(2)}× one require of the provider root (target: below 1×)`);
    return met ? 0 : 1;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main();
