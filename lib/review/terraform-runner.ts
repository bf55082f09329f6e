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
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { runDriftReport, runPlanSummary } from "./commands";
import { stripTerminal } from "./escape";
import { EXIT, TERRAFORM_VERSION } from "./exit-codes";
import { failureFile, writeFailureRecord } from "./failure-record";
import { maskPlanDocument } from "./mask";
import { planProblems } from "./plan-json";
import { refreshScope } from "./refresh-scope";
import { SELECTION_OPTIONS, SELECTION_SPEC, selectStacks } from "./stack-selection";
import { findTerraform, TERRAFORM_MISSING } from "./terraform-binary";

export type RunMode = "plan" | "drift";
export { shard } from "./stack-selection";

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

Runs Terraform ${TERRAFORM_VERSION} for each selected Träger stack in cdktf.out/stacks/<id> (run npm run synth
first): terraform init, terraform plan -detailed-exitcode${mode === "drift" ? " -refresh-only" : ""} -out, terraform show -json;${mode === "drift" ? `
resources whose refresh reads a secret (host pool registration tokens, Key Vault secrets) and what
depends on them are left out with -target, since the read-only plan identity runs it (docs/vdi.md);` : ""}
then ${mode === "plan" ? "npm run plan-summary" : "npm run drift-report"} over the results.

Writes per stack into the out-dir: <stack>.tfplan (Terraform's binary plan), <stack>.json (the plan
JSON with every sensitive value masked; Terraform's unmasked output is never written), or
<stack>.failure.json when a step failed (the stack is then reported ⛔, never left out).

Options:
${SELECTION_OPTIONS}
  --parallelism <n>     stacks run at the same time (default: 2)
  --out-dir <dir>       where plan files, plan JSON and failure records go (default: plans/)
  --json                print the ${mode === "plan" ? "summary" : "report"} as JSON
${mode === "plan" ? `  --no-refresh          plan with -refresh=false: compare configuration with state and call no resource's
                        Read (what the read-only plan identity runs: a refresh would retrieve the host
                        pools' registration tokens and read Key Vault secrets; docs/vdi.md)
  --run-url <url>       link to the CI run (default: from GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID)
  --commit <sha>        the commit planned (default: GITHUB_SHA)
  --full-output <file>  where the whole summary goes (default: plan-summary.full.md)
` : ""}  --help                show this help

Exit codes: ${mode === "plan" ? "0 nothing blocked; 3 something blocked (destroys data, cannot be judged)" : "0 no drift; 3 drift"};
1 a stack failed (the others are still reported); 4 terraform is not on PATH; 64 wrong usage.`;

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

/**
 * Runs Terraform for one stack. The plan JSON (`terraform show -json`) is read from Terraform's output
 * in memory and masked before it is written: its unmasked form never reaches the out-dir. A failure
 * leaves `<stack>.failure.json` instead.
 */
export interface StackRunOptions {
  /** Plan mode only: `-refresh=false`, so no managed resource's Read is called. @default true */
  readonly refresh?: boolean;
  /** How terraform is run. @default exec (a process) */
  readonly run?: CommandRunner;
}

export async function runStack(stack: string, stacksDir: string, outDir: string, mode: RunMode, env: NodeJS.ProcessEnv, options: StackRunOptions = {}): Promise<StackRun> {
  const started = Date.now();
  const cwd = path.join(stacksDir, stack);
  const planFile = path.join(outDir, `${stack}.tfplan`);
  const planJson = path.join(outDir, `${stack}.json`);
  for (const stale of [planFile, planJson, failureFile(outDir, stack)]) fs.rmSync(stale, { force: true });
  const fail = (step: string, exitCode: number | null, failure: string): StackRun => {
    writeFailureRecord(outDir, { stack, mode, step, exitCode, message: failure });
    return { stack, ok: false, failure: stripTerminal(failure), seconds: (Date.now() - started) / 1000 };
  };
  if (!fs.existsSync(path.join(cwd, "cdk.tf.json"))) return fail("synth", null, `not synthesized (${path.relative(PROJECT_ROOT, cwd)}/cdk.tf.json missing): run npm run synth first`);

  // Drift runs with the read-only plan identity: it leaves out what reads a secret on refresh (refresh-scope.ts).
  let targets: string[] = [];
  if (mode === "drift") {
    try {
      targets = refreshScope(JSON.parse(fs.readFileSync(path.join(cwd, "cdk.tf.json"), "utf8")) as Parameters<typeof refreshScope>[0]).targets.map((a) => `-target=${a}`);
    } catch (error) {
      return fail("synth", null, `${path.relative(PROJECT_ROOT, cwd)}/cdk.tf.json cannot be read (${(error as Error).message})`);
    }
  }
  const steps: [string, string[], (code: number) => boolean][] = [
    ["init", ["init", "-input=false", "-no-color"], (c) => c === 0],
    ["plan", ["plan", "-input=false", "-no-color", "-lock-timeout=5m", "-detailed-exitcode", ...(mode === "drift" ? ["-refresh-only", ...targets] : options.refresh === false ? ["-refresh=false"] : []), `-out=${planFile}`], (c) => c === 0 || c === 2],
  ];
  const run = options.run ?? exec;
  for (const [name, args, ok] of steps) {
    const result = await run("terraform", args, cwd, env);
    if (!ok(result.code)) return fail(name, result.code, `terraform ${name} failed (exit ${result.code}): ${lastLines(result.stderr || result.stdout)}`);
  }
  const show = await run("terraform", ["show", "-json", "-no-color", planFile], cwd, env);
  if (show.code !== 0) return fail("show", show.code, `terraform show failed (exit ${show.code}): ${lastLines(show.stderr)}`);
  let document: unknown;
  try {
    document = JSON.parse(show.stdout);
  } catch (error) {
    return fail("show", show.code, `terraform show -json did not print JSON (${(error as Error).message})`);
  }
  const problems = planProblems(document);
  if (problems.length > 0) return fail("show", show.code, `terraform show -json printed no usable plan: ${problems.join("; ")}`);
  fs.writeFileSync(planJson, `${JSON.stringify(maskPlanDocument(document))}\n`);
  return { stack, ok: true, planJson, seconds: (Date.now() - started) / 1000 };
}

/** `npm run plan` / `npm run drift`. Resolves to the exit code. `run` runs terraform (tests pass an in-process stand-in). */
export async function runTerraform(mode: RunMode, argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, run: CommandRunner = exec): Promise<number> {
  const extra: Record<string, { type: "string" | "boolean" }> = mode === "plan" ? { "run-url": { type: "string" }, commit: { type: "string" }, "full-output": { type: "string" }, "no-refresh": { type: "boolean" } } : {};
  const args = parseCommandArgs(argv, { ...SELECTION_SPEC, ...extra, parallelism: { type: "string" }, "out-dir": { type: "string" }, json: { type: "boolean" } }, usage(mode), io);
  if (typeof args === "number") return args;
  const values = args.values;
  const parallelism = values.parallelism === undefined ? 2 : Number(values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1) return usageError("--parallelism must be a whole number of at least 1", usage(mode), io);
  if (!findTerraform(env)) {
    io.err(TERRAFORM_MISSING);
    return EXIT.terraformMissing;
  }
  const selection = selectStacks(values, io, usage(mode));
  if (typeof selection === "number") return selection;
  const { stacks, stacksDir } = selection;
  if (stacks.length === 0) {
    io.err(`no stack to ${mode === "plan" ? "plan" : "check"}${fs.existsSync(stacksDir) ? "" : " (cdktf.out/stacks is missing: run npm run synth first)"}`);
    io.out(mode === "plan" ? "No Träger stack to plan.\n" : "No Träger stack to check.\n");
    return fs.existsSync(stacksDir) ? EXIT.ok : EXIT.failed;
  }

  const outDir = path.resolve(io.cwd, typeof values["out-dir"] === "string" ? values["out-dir"] : "plans");
  fs.mkdirSync(outDir, { recursive: true });
  let finished = 0;
  io.err(`${mode === "plan" ? "Planning" : "Checking drift of"} ${stacks.length} stack${stacks.length === 1 ? "" : "s"}, ${parallelism} at a time …`);
  const runs = await mapWithLimit(stacks, parallelism, async (stack) => {
    const result = await runStack(stack, stacksDir, outDir, mode, env, { refresh: values["no-refresh"] !== true, run });
    finished += 1;
    io.err(`[${finished}/${stacks.length}] ${stack}: ${result.ok ? "done" : "FAILED"} in ${result.seconds.toFixed(1)} s${result.failure ? ` — ${result.failure}` : ""}`);
    return result;
  });

  // The report reads the out-dir like the workflow does: plans, failure records, and stacks with neither.
  const reportArgs = ["--dir", outDir, "--expect", stacks.join(","), ...(values.json ? ["--json"] : [])];
  const passOn = (names: readonly string[]) => names.flatMap((n) => (typeof values[n] === "string" ? [`--${n}`, values[n] as string] : []));
  const code = mode === "plan" ? runPlanSummary(["--stacks-dir", stacksDir, ...passOn(["run-url", "commit", "full-output"]), ...reportArgs], io, env) : runDriftReport(reportArgs, io);
  return runs.some((r) => !r.ok) ? EXIT.failed : code;
}

/** Runs a program and collects its output: `exec`, or in tests a stand-in that runs in-process. */
export type CommandRunner = (command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs a command and collects its output; a command that cannot start ends with code 127. */
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

/** The last three lines of a command's output, joined into one, terminal escapes removed. */
export function lastLines(text: string): string {
  return stripTerminal(text.trim().split("\n").filter((l) => l.trim()).slice(-3).join(" | ").replace(/\r/g, "")) || "(no output)";
}
