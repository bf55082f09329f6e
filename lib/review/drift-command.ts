/** `npm run drift-report`: arguments, output and exit codes. */
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { PROJECT_ROOT } from "../verbund/load";
import { collectInputs } from "./inputs";
import { driftOf, readDriftIgnore, renderDriftReport, type StackDrift } from "./drift-report";
import { EXIT } from "./exit-codes";
import { parsePlanText, stackNameFromFile } from "./plan-json";

export const DRIFT_REPORT_USAGE = `Usage: npm run drift-report -- [options] <plan.json | stack=plan.json>...
       npm run drift-report -- [options] --dir <out-dir> [--expect a,b]

Reports drift per Träger from refresh-only plans (terraform plan -refresh-only, then terraform show
-json): resources changed or deleted outside Terraform, with before → after per attribute (sensitive
values masked). Known noise listed in the ignore list is suppressed. A stack whose refresh failed,
whose plan file is unreadable, or that is expected but left nothing is reported as failed (its drift
is unknown, not absent); it never breaks the report of the others.

--json prints {"drifted", "failed", "driftedStacks": [id...], "failedStacks": [{"stack", "reason"}...],
"stacks": [...]}: the drift workflow opens or updates one issue per drifted and per failed stack.

Options:
  --stack name=file   a plan and its stack (repeatable)
  --dir <out-dir>     read npm run drift's out-dir: <stack>.json and <stack>.failure.json
  --expect a,b        the stacks that must be in --dir (each one missing is reported failed)
  --json              print the report as JSON instead of Markdown
  --ignore <file>     the ignore list (default: drift-ignore.json in the project)
  --help              show this help

Exit codes: 0 no drift and every stack checked; 3 drift (and every stack checked); 1 a stack could
not be checked (refresh failed, plan unreadable, missing), whether or not others drifted; 2 wrong
arguments, or an unreadable ignore list.`;

/** `npm run drift-report`. Returns the exit code. */
export function runDriftReport(argv: readonly string[], io: CommandIo): number {
  const args = parseCommandArgs(argv, { json: { type: "boolean" }, stack: { type: "string", multiple: true }, ignore: { type: "string" }, dir: { type: "string" }, expect: { type: "string" } }, DRIFT_REPORT_USAGE, io, true);
  if (typeof args === "number") return args;
  const v = args.values as Record<string, string | undefined> & { stack?: string[]; json?: boolean };
  const collected = collectInputs([...(v.stack ?? []), ...args.positionals], v.dir, v.expect, io);
  if (typeof collected === "string") return usageError(collected, DRIFT_REPORT_USAGE, io);
  const ignoreFile = path.resolve(io.cwd, v.ignore ?? path.join(PROJECT_ROOT, "drift-ignore.json"));
  const { ignores, problems } = readDriftIgnore(ignoreFile);
  if (problems.length > 0) {
    for (const line of problems) io.err(line);
    return EXIT.usage;
  }
  const drifts: StackDrift[] = [];
  const failedStacks: { stack: string; reason: string }[] = [];
  for (const input of collected.inputs) {
    const eq = input.indexOf("=");
    const [stack, file] = eq > 0 && !input.slice(0, eq).includes("/") ? [input.slice(0, eq), input.slice(eq + 1)] : [stackNameFromFile(input), input];
    const parsed = parsePlanText(file);
    if ("problems" in parsed) {
      failedStacks.push({ stack, reason: `${file}: ${parsed.problems.join("; ")}` });
      continue;
    }
    const drift = driftOf({ stack, file, plan: parsed.plan }, ignores);
    drifts.push(drift);
    if (drift.errored) failedStacks.push({ stack, reason: `${file}: the refresh failed (Terraform reported an error)` });
  }
  for (const f of collected.failures) failedStacks.push({ stack: f.stack, reason: f.message });
  for (const m of collected.missing) failedStacks.push({ stack: m, reason: "missing: neither a plan nor a failure record (the job did not finish or its output was lost)" });
  failedStacks.sort((a, b) => a.stack.localeCompare(b.stack));
  const driftedStacks = drifts.filter((d) => d.drifted.length > 0).map((d) => d.stack).sort();
  if (v.json) {
    io.out(`${JSON.stringify({ drifted: driftedStacks.length > 0, failed: failedStacks.length > 0, driftedStacks, failedStacks, stacks: drifts }, null, 2)}\n`);
  } else {
    io.out(renderDriftReport(drifts, failedStacks));
  }
  for (const f of failedStacks) io.err(`${f.stack}: could not be checked; its drift is unknown (${f.reason})`);
  return failedStacks.length > 0 ? EXIT.failed : driftedStacks.length > 0 ? EXIT.attention : EXIT.ok;
}
