/**
 * `npm run plan` and `npm run drift`: run Terraform for the affected, named or all Träger stacks from
 * cdktf.out/stacks/<id> (init with the stack's backend, plan -detailed-exitcode -out, show -json), then
 * the plan summary or drift report. Bounded parallelism, --shard i/n to split the Verbund across CI jobs,
 * and one stack's failure reported without hiding the others' results.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../verbund/load";
import { runAffected } from "./affected";
import { type CommandIo, parseCommandArgs } from "../cli";
import { runDriftReport, runPlanSummary } from "./commands";

export type RunMode = "plan" | "drift";

/** The outcome of one stack. */
export interface StackRun {
  readonly stack: string;
  readonly ok: boolean;
  /** The plan JSON (terraform show -json) when the stack planned. */
  readonly planJson?: string;
  /** The step that failed and its last lines of output. */
  readonly failure?: string;
  readonly seconds: number;
}

const usage = (mode: RunMode) => `Usage: npm run ${mode} -- [--stacks a,b | --affected-base <ref> | --all] [options]

Runs Terraform for each selected Träger stack in cdktf.out/stacks/<id> (run npm run synth first):
terraform init, terraform plan -detailed-exitcode${mode === "drift" ? " -refresh-only" : ""} -out, terraform show -json;
then ${mode === "plan" ? "npm run plan-summary" : "npm run drift-report"} over the results.

Options:
  --stacks a,b          these stacks
  --affected-base <ref> the stacks npm run affected -- --base <ref> names (changed and added)
  --all                 every synthesized stack (the default)
  --shard i/n           only the i-th of n equal shares of the selected stacks (1-based)
  --parallelism <n>     stacks run at the same time (default: 2)
  --out-dir <dir>       where plan files and JSON go (default: plans/)
  --stacks-dir <dir>    the synthesized stacks (default: cdktf.out/stacks)
  --json                print the ${mode === "plan" ? "summary" : "report"} as JSON
  --help                show this help

Exit codes: ${mode === "plan" ? "0 nothing blocked, 3 something blocked" : "0 no drift, 2 drift"}, 1 a stack failed (the others are still reported), 2 wrong arguments.`;

/** Picks the i-th of n shares (1-based) of a sorted list. */
export function shard<T>(items: readonly T[], spec: string): T[] {
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  const i = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || i < 1 || i > n) throw new Error(`--shard must be i/n with 1 ≤ i ≤ n (got ${spec})`);
  return items.filter((_, index) => index % n === i - 1);
}

/** Runs `task` over `items` with at most `limit` at a time, keeping the input order in the results. */
export async function mapWithLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** Runs Terraform for one stack and returns its plan JSON or where it failed. */
export async function runStack(stack: string, stacksDir: string, outDir: string, mode: RunMode, env: NodeJS.ProcessEnv): Promise<StackRun> {
  const started = Date.now();
  const cwd = path.join(stacksDir, stack);
  const planFile = path.join(outDir, `${stack}.tfplan`);
  const done = (ok: boolean, extra: Partial<StackRun>): StackRun => ({ stack, ok, seconds: (Date.now() - started) / 1000, ...extra });
  if (!fs.existsSync(path.join(cwd, "cdk.tf.json"))) return done(false, { failure: `not synthesized (${path.relative(PROJECT_ROOT, cwd)}/cdk.tf.json missing): run npm run synth first` });

  const steps: [string, string[], (code: number) => boolean][] = [
    ["init", ["init", "-input=false", "-no-color"], (c) => c === 0],
    ["plan", ["plan", "-input=false", "-no-color", "-lock-timeout=5m", "-detailed-exitcode", ...(mode === "drift" ? ["-refresh-only"] : []), `-out=${planFile}`], (c) => c === 0 || c === 2],
  ];
  for (const [name, args, ok] of steps) {
    const result = await exec("terraform", args, cwd, env);
    if (!ok(result.code)) return done(false, { failure: `terraform ${name} failed (exit ${result.code}): ${lastLines(result.stderr || result.stdout)}` });
  }
  const show = await exec("terraform", ["show", "-json", "-no-color", planFile], cwd, env);
  if (show.code !== 0) return done(false, { failure: `terraform show failed (exit ${show.code}): ${lastLines(show.stderr)}` });
  const planJson = path.join(outDir, `${stack}.json`);
  fs.writeFileSync(planJson, show.stdout);
  return done(true, { planJson });
}

/** `npm run plan` / `npm run drift`. Resolves to the exit code. */
export async function runTerraform(mode: RunMode, argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommandArgs(
    argv,
    { stacks: { type: "string" }, "stacks-dir": { type: "string" }, "affected-base": { type: "string" }, all: { type: "boolean" }, shard: { type: "string" }, parallelism: { type: "string" }, "out-dir": { type: "string" }, json: { type: "boolean" } },
    usage(mode),
    io,
  );
  if (typeof args === "number") return args;
  const values = args.values;
  const parallelism = values.parallelism === undefined ? 2 : Number(values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1) {
    io.err("--parallelism must be a whole number of at least 1");
    return 2;
  }
  const stacksDir = path.resolve(io.cwd, typeof values["stacks-dir"] === "string" ? values["stacks-dir"] : path.join(PROJECT_ROOT, "cdktf.out", "stacks"));
  let stacks: string[];
  if (typeof values.stacks === "string") {
    stacks = values.stacks.split(",").map((s) => s.trim()).filter(Boolean).sort();
  } else if (typeof values["affected-base"] === "string") {
    let json = "";
    const code = runAffected(["--base", values["affected-base"], "--json"], { cwd: io.cwd, out: (t) => (json += t), err: io.err });
    if (code !== 0) return 1;
    const affected = JSON.parse(json) as { changed: string[]; added: string[] };
    stacks = [...affected.changed, ...affected.added].sort();
  } else {
    stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json"))).sort() : [];
  }
  if (typeof values.shard === "string") {
    try {
      stacks = shard(stacks, values.shard);
    } catch (error) {
      io.err((error as Error).message);
      return 2;
    }
  }
  if (stacks.length === 0) {
    io.err(`no stack to ${mode === "plan" ? "plan" : "check"}${fs.existsSync(stacksDir) ? "" : " (cdktf.out/stacks is missing: run npm run synth first)"}`);
    io.out(mode === "plan" ? "No Träger stack to plan.\n" : "No Träger stack to check.\n");
    return fs.existsSync(stacksDir) ? 0 : 1;
  }

  const outDir = path.resolve(io.cwd, typeof values["out-dir"] === "string" ? values["out-dir"] : "plans");
  fs.mkdirSync(outDir, { recursive: true });
  let finished = 0;
  io.err(`${mode === "plan" ? "Planning" : "Checking drift of"} ${stacks.length} stack${stacks.length === 1 ? "" : "s"}, ${parallelism} at a time …`);
  const runs = await mapWithLimit(stacks, parallelism, async (stack) => {
    const run = await runStack(stack, stacksDir, outDir, mode, env);
    finished += 1;
    io.err(`[${finished}/${stacks.length}] ${stack}: ${run.ok ? "done" : "FAILED"} in ${run.seconds.toFixed(1)} s${run.failure ? ` — ${run.failure}` : ""}`);
    return run;
  });

  const planned = runs.filter((r) => r.ok && r.planJson).map((r) => `${r.stack}=${r.planJson}`);
  const failed = runs.filter((r) => !r.ok);
  let code = 0;
  if (planned.length > 0) {
    const reportArgs = [...(values.json ? ["--json"] : []), ...planned];
    code = mode === "plan" ? runPlanSummary(["--stacks-dir", stacksDir, ...reportArgs], io) : runDriftReport(reportArgs, io);
  }
  if (failed.length > 0) {
    io.out(`\n### Stacks that failed\n\n${failed.map((f) => `- ⛔ ${f.stack}: ${f.failure}`).join("\n")}\n`);
    return 1;
  }
  return code;
}

/** Runs a command and collects its output (exit 127 when it cannot start). */
export function exec(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, [...args], { cwd, env: { ...env, TF_IN_AUTOMATION: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", (error) => resolve({ code: 127, stdout, stderr: `${stderr}${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** The last three non-empty lines of a command's output, for one-line failure reasons. */
export function lastLines(text: string): string {
  return text.trim().split("\n").filter(Boolean).slice(-3).join(" | ") || "(no output)";
}
