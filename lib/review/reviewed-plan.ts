/**
 * Where a deploy finds the plan that was reviewed. The pull request's plan job (base-branch code, in
 * pr-plan.yml under pull_request_target) writes `<stack>.digest` per planned stack; its summary job puts
 * them as a hidden marker at the top of the sticky plan comment. Only that job can write the comment:
 * the job that runs the pull request's code has no write permission. After the merge, deploy reads the
 * merged pull request's comments, takes the marker of the github-actions bot, and checks through the
 * API that the run it names is pr-plan.yml under pull_request_target for the merged head commit.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import type { ReviewedPlans } from "./apply";

const MARKER = "ksm-reviewed-plan";
const BOT = "github-actions[bot]";
export const PLAN_WORKFLOW_PATH = ".github/workflows/pr-plan.yml";
const DIGEST_LINE = /^([a-z][a-z0-9-]*) (sha256:[0-9a-f]{64})$/;
const SHA = /^[0-9a-f]{40}$/;

/** The reviewed plans as recorded in the pull request's plan comment. */
export interface ReviewedMarker {
  readonly run: number;
  readonly head: string;
  readonly stacks: Readonly<Record<string, string>>;
}

/** Reads `<stack>.digest` files (lines `<stack> sha256:…` from `npm run apply -- --digest`). */
export function readDigests(dir: string): { stacks: Record<string, string>; problems: string[] } {
  const stacks: Record<string, string> = {};
  const problems: string[] = [];
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".digest")).sort() : [];
  for (const file of files) {
    const match = DIGEST_LINE.exec(fs.readFileSync(path.join(dir, file), "utf8").trim());
    if (!match || `${match[1]}.digest` !== file) problems.push(`${path.join(dir, file)}: expected one line "<stack> sha256:<64 hex>" for ${file.replace(/\.digest$/, "")}`);
    else stacks[match[1]!] = match[2]!;
  }
  return { stacks, problems };
}

/** The hidden marker that goes first in the plan comment (JSON has no "--", so it cannot end the comment). */
export function renderReviewedMarker(marker: ReviewedMarker): string {
  return `<!-- ${MARKER} ${JSON.stringify({ run: marker.run, head: marker.head, stacks: marker.stacks })} -->\n`;
}

interface Comment { readonly user?: { readonly login?: string }; readonly body?: string }
interface PullRequest { readonly number?: number; readonly merged_at?: string | null; readonly head?: { readonly sha?: string } }
interface WorkflowRun { readonly id?: number; readonly path?: string; readonly event?: string; readonly head_sha?: string }

/** The reviewed plans of a merged pull request from its comments, or why there are none. */
export function findReviewed(pr: PullRequest, comments: readonly Comment[]): (ReviewedPlans & ReviewedMarker) | string {
  if (!pr.merged_at || typeof pr.number !== "number" || !SHA.test(pr.head?.sha ?? "")) return "the pull request is not merged (or the API answer lacks number/head.sha)";
  const markers = comments
    .filter((c) => c.user?.login === BOT)
    .flatMap((c) => [...(c.body ?? "").matchAll(new RegExp(`<!-- ${MARKER} (\\{.*?\\}) -->`, "g"))].map((m) => m[1]!));
  if (markers.length === 0) return `pull request #${pr.number} has no plan comment with reviewed digests from ${BOT}`;
  let parsed: ReviewedMarker;
  try {
    parsed = JSON.parse(markers[markers.length - 1]!) as ReviewedMarker;
  } catch {
    return `pull request #${pr.number}: the reviewed-plan marker is not valid JSON`;
  }
  if (!Number.isSafeInteger(parsed.run) || typeof parsed.head !== "string" || !parsed.stacks || typeof parsed.stacks !== "object") return `pull request #${pr.number}: the reviewed-plan marker is malformed`;
  for (const [stack, digest] of Object.entries(parsed.stacks)) if (!DIGEST_LINE.test(`${stack} ${String(digest)}`)) return `pull request #${pr.number}: the reviewed digest of ${stack} is malformed`;
  if (parsed.head !== pr.head!.sha) return `pull request #${pr.number}: the last plan was for ${parsed.head.slice(0, 12)}, but ${pr.head!.sha!.slice(0, 12)} was merged; its plan was never reviewed`;
  return { source: `pull request #${pr.number}, run ${parsed.run}`, run: parsed.run, head: parsed.head, stacks: parsed.stacks };
}

/** Whether the run a marker names is the base branch's pr-plan.yml for that head commit. */
export function verifyRun(reviewed: ReviewedMarker, run: WorkflowRun): string | undefined {
  if (run.id !== reviewed.run) return `run ${String(run.id)} is not run ${reviewed.run}`;
  if (run.path !== PLAN_WORKFLOW_PATH) return `run ${reviewed.run} is ${String(run.path)}, not ${PLAN_WORKFLOW_PATH}`;
  if (run.event !== "pull_request_target") return `run ${reviewed.run} ran on ${String(run.event)}, not pull_request_target (only then is the workflow the base branch's)`;
  if (run.head_sha !== reviewed.head) return `run ${reviewed.run} planned ${String(run.head_sha)}, not ${reviewed.head}`;
  return undefined;
}

export const REVIEWED_PLAN_USAGE = `Usage: npm run reviewed-plan -- <marker|find|verify|from-digests> [options]

  marker --run <id> --head <sha> <dir>      the hidden marker for the plan comment, from <dir>/*.digest
  find --pr <pr.json> --comments <c.json>   the reviewed plans of a merged pull request (GitHub API JSON)
  verify --run <run.json> <reviewed.json>   check that the marker's run is pr-plan.yml for the merged head
  from-digests --source <text> <dir>        reviewed plans from this run's approved plan job (dispatch)

Prints JSON (or the marker) to stdout. Exit codes: 0 done; 1 nothing reviewed or a check failed
(one line why); 2 wrong arguments.`;

/** `npm run reviewed-plan`. Returns the exit code. */
export function runReviewedPlan(argv: readonly string[], io: CommandIo): number {
  const args = parseCommandArgs(argv, { run: { type: "string" }, head: { type: "string" }, pr: { type: "string" }, comments: { type: "string" }, source: { type: "string" } }, REVIEWED_PLAN_USAGE, io, true);
  if (typeof args === "number") return args;
  const [command, ...rest] = args.positionals;
  const v = args.values;
  const file = (name: string) => path.resolve(io.cwd, name);
  const readJson = (name: string): unknown => JSON.parse(fs.readFileSync(file(name), "utf8"));
  try {
    if (command === "marker" || command === "from-digests") {
      if (rest.length !== 1) return usageError(`${command} needs one folder of .digest files`, REVIEWED_PLAN_USAGE, io);
      const { stacks, problems } = readDigests(file(rest[0]!));
      for (const p of problems) io.err(p);
      if (problems.length > 0) return 1;
      if (command === "from-digests") {
        if (typeof v.source !== "string") return usageError("from-digests needs --source", REVIEWED_PLAN_USAGE, io);
        io.out(`${JSON.stringify({ source: v.source, stacks }, null, 2)}\n`);
        return 0;
      }
      const run = Number(v.run);
      if (!Number.isSafeInteger(run) || run <= 0 || typeof v.head !== "string" || !SHA.test(v.head)) return usageError("marker needs --run <id> and --head <40-hex sha>", REVIEWED_PLAN_USAGE, io);
      io.out(renderReviewedMarker({ run, head: v.head, stacks }));
      return 0;
    }
    if (command === "find") {
      if (typeof v.pr !== "string" || typeof v.comments !== "string") return usageError("find needs --pr and --comments", REVIEWED_PLAN_USAGE, io);
      const comments = readJson(v.comments);
      const found = findReviewed(readJson(v.pr) as PullRequest, (Array.isArray(comments) ? comments.flat() : []) as Comment[]);
      if (typeof found === "string") {
        io.err(found);
        return 1;
      }
      io.out(`${JSON.stringify(found, null, 2)}\n`);
      return 0;
    }
    if (command === "verify") {
      if (typeof v.run !== "string" || rest.length !== 1) return usageError("verify needs --run <run.json> and the reviewed JSON", REVIEWED_PLAN_USAGE, io);
      const problem = verifyRun(readJson(rest[0]!) as ReviewedMarker, readJson(v.run) as WorkflowRun);
      if (problem) io.err(problem);
      return problem ? 1 : 0;
    }
  } catch (error) {
    io.err((error as Error).message);
    return 1;
  }
  return usageError(`unknown command ${JSON.stringify(command ?? "")}`, REVIEWED_PLAN_USAGE, io);
}
