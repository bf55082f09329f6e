/** The review commands (plan-summary, drift-report): argument parsing, output, exit codes. */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { PROJECT_ROOT } from "../verbund/load";
import { driftOf, readDriftIgnore, renderDriftReport } from "./drift-report";
import { readPlans } from "./plan-json";
import { COMMENT_LIMIT, isBlocking, renderPlanSummary, summarizePlan } from "./plan-summary";

export type { CommandIo } from "../cli";

export const PLAN_SUMMARY_USAGE = `Usage: npm run plan-summary -- [options] <plan.json | stack=plan.json>...

Summarises terraform show -json plans, one per Träger stack, as Markdown for a pull-request comment:
counts of create/update/replace/delete, the changed resources and attributes, moves, changed outputs,
and a ⛔ block for every delete or replace of a data-bearing resource. The stack name comes from
--stack name=file or from the file name (boizenburg-elbe.json).

Options:
  --stack name=file     a plan and its stack (repeatable; same as a positional name=file)
  --json                print the summary as JSON instead of Markdown
  --stacks-dir <dir>    synthesized stacks, to find prevent_destroy (default: cdktf.out/stacks)
  --limit <chars>       cut the Markdown to this many characters (default: ${COMMENT_LIMIT}, GitHub's limit)
  --full-output <file>  where the full Markdown goes when it is cut (default: plan-summary.full.md)
  --help                show this help

Exit codes: 0 nothing blocked; 3 a data-bearing resource would be deleted or replaced, or a plan
failed; 1 an input cannot be read (the message names the file); 2 wrong arguments.`;

export const DRIFT_REPORT_USAGE = `Usage: npm run drift-report -- [options] <plan.json | stack=plan.json>...

Reports drift per Träger from refresh-only plans (terraform plan -refresh-only, then terraform show
-json): resources changed or deleted outside Terraform, with before → after per attribute (sensitive
values masked). Known noise listed in the ignore list is suppressed.

Options:
  --stack name=file   a plan and its stack (repeatable)
  --json              print the report as JSON instead of Markdown
  --ignore <file>     the ignore list (default: drift-ignore.json in the project)
  --help              show this help

Exit codes: 0 no drift; 2 drift; 1 an input cannot be read or a refresh failed; 2 is also used
for wrong arguments, with a usage message.`;

/** `npm run plan-summary`. Returns the exit code. */
export function runPlanSummary(argv: readonly string[], io: CommandIo): number {
  const args = parseCommandArgs(argv, { json: { type: "boolean" }, stack: { type: "string", multiple: true }, "stacks-dir": { type: "string" }, limit: { type: "string" }, "full-output": { type: "string" } }, PLAN_SUMMARY_USAGE, io, true);
  if (typeof args === "number") return args;
  const inputs = [...(args.values.stack as string[] | undefined ?? []), ...args.positionals];
  if (inputs.length === 0) return usageError("no plan files given", PLAN_SUMMARY_USAGE, io);
  const { plans, errors } = readPlans(inputs.map((i) => resolveInput(i, io.cwd)));
  if (errors.length > 0) {
    for (const e of errors) io.err(e);
    return 1;
  }
  const stacksDir = path.resolve(io.cwd, (args.values["stacks-dir"] as string | undefined) ?? path.join(PROJECT_ROOT, "cdktf.out", "stacks"));
  const summaries = plans.map((p) => summarizePlan(p, protectedAddresses(stacksDir, p.stack)));
  const blocking = summaries.some(isBlocking);
  if (args.values.json) {
    io.out(`${JSON.stringify({ blocked: blocking, stacks: summaries }, null, 2)}\n`);
    return blocking ? 3 : 0;
  }
  const fullOutput = path.resolve(io.cwd, (args.values["full-output"] as string | undefined) ?? "plan-summary.full.md");
  const limit = args.values.limit ? Number(args.values.limit) : COMMENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1000) return usageError("--limit must be a whole number of at least 1000", PLAN_SUMMARY_USAGE, io);
  const { markdown, full, cut } = renderPlanSummary(summaries, { limit, fullTextHint: path.relative(io.cwd, fullOutput) || fullOutput });
  if (cut) fs.writeFileSync(fullOutput, full);
  io.out(markdown);
  return blocking ? 3 : 0;
}

/** `npm run drift-report`. Returns the exit code. */
export function runDriftReport(argv: readonly string[], io: CommandIo): number {
  const args = parseCommandArgs(argv, { json: { type: "boolean" }, stack: { type: "string", multiple: true }, ignore: { type: "string" } }, DRIFT_REPORT_USAGE, io, true);
  if (typeof args === "number") return args;
  const inputs = [...(args.values.stack as string[] | undefined ?? []), ...args.positionals];
  if (inputs.length === 0) return usageError("no plan files given", DRIFT_REPORT_USAGE, io);
  const ignoreFile = path.resolve(io.cwd, (args.values.ignore as string | undefined) ?? path.join(PROJECT_ROOT, "drift-ignore.json"));
  const { ignores, problems } = readDriftIgnore(ignoreFile);
  const { plans, errors } = readPlans(inputs.map((i) => resolveInput(i, io.cwd)));
  if (problems.length + errors.length > 0) {
    for (const line of [...problems, ...errors]) io.err(line);
    return 1;
  }
  const drifts = plans.map((p) => driftOf(p, ignores));
  const failed = drifts.some((d) => d.errored);
  const drifted = drifts.some((d) => d.drifted.length > 0);
  io.out(args.values.json ? `${JSON.stringify({ drifted, failed, stacks: drifts }, null, 2)}\n` : renderDriftReport(drifts));
  for (const d of drifts.filter((x) => x.errored)) io.err(`${d.file}: the refresh of ${d.stack} failed; its drift is unknown`);
  return failed ? 1 : drifted ? 2 : 0;
}

/** Addresses with prevent_destroy in a synthesized stack (empty when the stack is not synthesized). */
export function protectedAddresses(stacksDir: string, stack: string): Set<string> {
  const file = path.join(stacksDir, stack, "cdk.tf.json");
  if (!fs.existsSync(file)) return new Set();
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as { resource?: Record<string, Record<string, { lifecycle?: { prevent_destroy?: boolean } }>> };
  const out = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, r] of Object.entries(byName)) if (r.lifecycle?.prevent_destroy === true) out.add(`${type}.${name}`);
  }
  return out;
}

function resolveInput(input: string, cwd: string): string {
  const eq = input.indexOf("=");
  if (eq > 0 && !fs.existsSync(path.resolve(cwd, input))) return `${input.slice(0, eq)}=${path.resolve(cwd, input.slice(eq + 1))}`;
  return path.resolve(cwd, input);
}
