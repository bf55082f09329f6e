/** The review commands (plan-summary, drift-report): argument parsing, output, exit codes. */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { PROJECT_ROOT } from "../verbund/load";
import { EXIT } from "./exit-codes";
import { splitAwaitingSubscription } from "./awaiting-subscription";
import { collectInputs } from "./inputs";
import { readPlans } from "./plan-json";
import { COMMENT_LIMIT, renderPlanSummary, type RunInfo, runIsBlocked } from "./plan-render";
import { summarizePlan } from "./plan-summary";
import { readStackContext } from "./stack-context";

export type { CommandIo } from "../cli";
export { DRIFT_REPORT_USAGE, runDriftReport } from "./drift-command";

export const PLAN_SUMMARY_USAGE = `Usage: npm run plan-summary -- [options] <plan.json | stack=plan.json>...
       npm run plan-summary -- [options] --dir <out-dir> [--expect a,b]

Summarises terraform show -json plans, one per Träger stack, as Markdown for a pull-request comment:
per stack the Träger, a blast-radius line, counts per action, each changed resource with its Azure
name and its values before → after (sensitive values masked, NSG rules by name), moves, outputs, and
the whole plan as text in a collapsed <details>.
⛔ blocks: delete, replace or forget of what holds or protects data (vaults, storage, shares, key
vaults, VNets, Entra groups and units, backup protection, personal desktops, prevent_destroy), a
data store deleted outside Terraform that the plan recreates empty, a failed or missing stack, and a
stack whose synthesized cdk.tf.json is not at hand (never judged as safe).
⚠ marks what weakens isolation or protection: NSG rules that allow more, role assignments added or
widened, vault immutability, soft delete or resource guard weakened, peering flags changed.

Options:
  --stack name=file     a plan and its stack (repeatable; same as a positional name=file)
  --dir <out-dir>       read npm run plan's out-dir: <stack>.json and <stack>.failure.json
  --expect a,b          the stacks that must be in --dir: each without a plan or failure record is ⛔ missing
  --stacks-dir <dir>    synthesized stacks (default: cdktf.out/stacks)
  --run-url <url>       link to the CI run (default: GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID)
  --commit <sha>        the commit planned (default: GITHUB_SHA)
  --json                print the summary as JSON instead of Markdown
  --limit <chars>       cut the Markdown to this many characters (default: ${COMMENT_LIMIT}, GitHub's limit)
  --full-output <file>  where the whole Markdown goes (default: plan-summary.full.md, written when cut)
  --help                show this help

Exit codes: 0 nothing blocked; 3 blocked (see ⛔ above); 1 an input cannot be read or is not a valid
plan (one line per problem, naming the file); 64 wrong usage.`;

/** `npm run plan-summary`. Returns the exit code. */
export function runPlanSummary(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): number {
  const args = parseCommandArgs(
    argv,
    { json: { type: "boolean" }, stack: { type: "string", multiple: true }, "stacks-dir": { type: "string" }, limit: { type: "string" }, "full-output": { type: "string" }, dir: { type: "string" }, expect: { type: "string" }, "run-url": { type: "string" }, commit: { type: "string" } },
    PLAN_SUMMARY_USAGE,
    io,
    true,
  );
  if (typeof args === "number") return args;
  const v = args.values as Record<string, string | undefined> & { stack?: string[]; json?: boolean };
  const collected = collectInputs([...(v.stack ?? []), ...args.positionals], v.dir, v.expect, io);
  if (typeof collected === "string") return usageError(collected, PLAN_SUMMARY_USAGE, io);
  const limit = v.limit ? Number(v.limit) : COMMENT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1000) return usageError("--limit must be a whole number of at least 1000", PLAN_SUMMARY_USAGE, io);
  if (v.commit !== undefined && !/^[0-9a-f]{7,40}$/i.test(v.commit)) return usageError("--commit must be a commit SHA (7 to 40 hex digits)", PLAN_SUMMARY_USAGE, io);
  const { plans, errors } = readPlans(collected.inputs);
  if (errors.length > 0) {
    for (const e of errors) io.err(e);
    return EXIT.failed;
  }
  const stacksDir = path.resolve(io.cwd, v["stacks-dir"] ?? path.join(PROJECT_ROOT, "cdktf.out", "stacks"));
  const summaries = plans.map((p) => summarizePlan(p, readStackContext(stacksDir, p.stack)));
  const { failures, awaiting } = splitAwaitingSubscription(collected.failures, plans, stacksDir);
  const input = { summaries, failures, missing: collected.missing, awaiting, run: runInfo(v["run-url"], v.commit, env) };
  const blocked = runIsBlocked(input);
  if (v.json) {
    io.out(`${JSON.stringify({ blocked, failed: failures, missing: collected.missing, awaiting, stacks: summaries }, null, 2)}\n`);
    return blocked ? EXIT.attention : EXIT.ok;
  }
  const fullOutput = path.resolve(io.cwd, v["full-output"] ?? "plan-summary.full.md");
  const { markdown, full, cut } = renderPlanSummary(input, { limit, fullTextHint: path.relative(io.cwd, fullOutput) || fullOutput });
  if (cut || v["full-output"] !== undefined) fs.writeFileSync(fullOutput, full);
  io.out(markdown.endsWith("\n") ? markdown : `${markdown}\n`);
  return blocked ? EXIT.attention : EXIT.ok;
}

/** The run link and commit, from flags or GitHub Actions' environment. */
function runInfo(runUrl: string | undefined, commit: string | undefined, env: NodeJS.ProcessEnv): RunInfo {
  const server = env.GITHUB_SERVER_URL;
  const repo = env.GITHUB_REPOSITORY;
  const sha = commit ?? (env.GITHUB_SHA && /^[0-9a-f]{7,40}$/i.test(env.GITHUB_SHA) ? env.GITHUB_SHA : undefined);
  const url = runUrl ?? (server && repo && env.GITHUB_RUN_ID ? `${server}/${repo}/actions/runs/${env.GITHUB_RUN_ID}` : undefined);
  return { ...(url ? { runUrl: url } : {}), ...(sha ? { commit: sha } : {}), ...(sha && server && repo ? { commitUrl: `${server}/${repo}/commit/${sha}` } : {}) };
}
