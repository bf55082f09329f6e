/**
 * `npm run apply`: deploy applies what was reviewed. For each stack it plans afresh (saved planfile),
 * computes the canonical digest of the plan's changes, compares it with the digest reviewed in the
 * pull request (or in the deploy run's own approved plan job), refuses when they differ or when data
 * would be destroyed without a logged override, and only then runs `terraform apply <saved planfile>`
 * with `-lock-timeout`. Never `-auto-approve` on a plan nobody saw.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { loadVerbund } from "../verbund";
import { PROJECT_ROOT } from "../verbund/load";
import { OFFBOARDING_RECORD_DIR, type OffboardingRecord, offboardingRecordSchema } from "./offboarding-record";
import { actionOf, canonicalJson, type Change, changedAttributes, isSensitive, markerOf, type PlanDocument, readPlans } from "./plan-json";
import { isBlocking, summarizePlan } from "./plan-summary";
import { readStackContext } from "./stack-context";
import { type CommandRunner, exec, lastLines, runStack } from "./terraform-runner";
import { subscriptionStackId, traegerOfSubscriptionStack } from "../verbund/model";
import { readsVendedSubscription } from "./awaiting-subscription";

export const APPLY_USAGE = `Usage: npm run apply -- --stacks a,b --reviewed <reviewed.json> [options]

Plans each stack afresh (saved planfile), compares the digest of its changes with the reviewed digest,
and applies the saved planfile only when they are equal. A plan that deletes or replaces a
data-bearing resource needs --allow-destroy "<reason>", which is logged.

Options:
  --stacks a,b             the stacks to deploy
  --reviewed <file>        {"source": "...", "stacks": {"<id>": "sha256:…"}} (npm run reviewed-plan)
  --allow-destroy <reason> apply a data-destroying plan; the reason is logged with the actor
  --lock-timeout <dur>     how long terraform apply waits for the state lock (default: 30m)
  --stacks-dir <dir>       the synthesized stacks (default: cdktf.out/stacks)
  --out-dir <dir>          planfiles, plan JSON and <id>.result.json records (default: deploy/)
  --commit <sha>           the commit deployed, for offboarding records (default: GITHUB_SHA)
  --digest <plan.json>     only print the digest of a plan JSON (repeatable; no Terraform run)
  --help                   show this help

A stack whose declaration has status "offboarding" and that applied (or had nothing left to apply)
gets <out-dir>/<id>.offboarding.json, the record check-removals requires; the deploy workflow opens a
pull request that adds it as ${OFFBOARDING_RECORD_DIR}/<id>.json.

Exit codes: 0 every stack applied or had nothing to apply; 1 a stack was refused or failed (each
has a one-line reason and a result record), or an offboarding record could not be written; 64 wrong
usage.`;

/** What the deploy records per stack, for the issue of a failed deploy and its retry. */
export interface ApplyResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly outcome: "applied" | "nothing-to-apply" | "refused" | "failed";
  readonly reason?: string;
  readonly digest?: string;
  readonly reviewed?: string;
  readonly override?: { readonly reason: string; readonly actor: string; readonly addresses: readonly string[] };
  /** Set when the stack is offboarding and applied: the record written beside the result. */
  readonly offboardingRecord?: string;
}

/** The reviewed digests a deploy trusts. */
export interface ReviewedPlans {
  readonly source: string;
  readonly stacks: Readonly<Record<string, string>>;
}

/** What a reviewer saw of one change: the action and, per changed attribute, before → after (sensitive masked). */
function reviewedChange(change: Change): unknown {
  const action = actionOf(change);
  const shown = (values: unknown, sensitive: unknown, key: string) => (isSensitive(markerOf(sensitive, key)) ? "(sensitive)" : (values as Record<string, unknown> | null)?.[key] ?? null);
  const keys = action === "create" ? Object.keys({ ...(change.after as object), ...(change.after_unknown as object) }) : action === "delete" ? [] : changedAttributes(change);
  const attributes = Object.fromEntries(keys.sort().map((k) => [k, {
    before: action === "create" ? null : shown(change.before, change.before_sensitive, k),
    after: shown(change.after, change.after_sensitive, k),
    unknown: isSensitive(markerOf(change.after_unknown, k)),
  }]));
  return { action, attributes, replace: (change.replace_paths ?? []).map((p) => String(p[0])).sort() };
}

/**
 * The canonical digest of a plan's changes: every resource change other than no-op and read (address,
 * move, action, changed attributes before → after) and every changed output. Values Terraform refreshes
 * but does not change do not count, so the same change planned twice has the same digest.
 */
export function planDigest(plan: PlanDocument): string {
  const resources = (plan.resource_changes ?? [])
    .filter((rc) => !["no-op", "read"].includes(actionOf(rc.change)) || (rc.previous_address !== undefined && rc.previous_address !== rc.address))
    .map((rc) => ({ address: rc.address, from: rc.previous_address, change: reviewedChange(rc.change) }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const outputs = Object.fromEntries(Object.entries(plan.output_changes ?? {}).filter(([, c]) => !["no-op", "read"].includes(actionOf(c))).map(([name, c]) => [name, actionOf(c)]));
  return `sha256:${createHash("sha256").update(canonicalJson({ resources, outputs })).digest("hex")}`;
}

/** Whether a plan changes anything at all. */
export function hasChanges(plan: PlanDocument): boolean {
  return (plan.resource_changes ?? []).some((rc) => !["no-op", "read"].includes(actionOf(rc.change))) || Object.values(plan.output_changes ?? {}).some((c) => actionOf(c) !== "no-op");
}

/** Reads and checks a reviewed-plans file; returns it or the reason it cannot be used. */
export function readReviewed(file: string): ReviewedPlans | string {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    return `${file}: cannot be read as JSON (${(error as Error).message})`;
  }
  const r = json as Partial<ReviewedPlans>;
  if (!r || typeof r.source !== "string" || !r.stacks || typeof r.stacks !== "object") return `${file}: must be {"source": "...", "stacks": {"<id>": "sha256:…"}}`;
  for (const [stack, digest] of Object.entries(r.stacks)) if (typeof digest !== "string" || !/^sha256:[0-9a-f]{64}$/.test(digest)) return `${file}: stacks.${stack}: not a sha256 digest`;
  return r as ReviewedPlans;
}

/** `npm run apply`. Resolves to the exit code. `run` runs terraform (tests pass an in-process stand-in). */
export async function runApply(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, run: CommandRunner = exec): Promise<number> {
  const args = parseCommandArgs(argv, { stacks: { type: "string" }, reviewed: { type: "string" }, "allow-destroy": { type: "string" }, "lock-timeout": { type: "string" }, "stacks-dir": { type: "string" }, "out-dir": { type: "string" }, commit: { type: "string" }, digest: { type: "string", multiple: true } }, APPLY_USAGE, io);
  if (typeof args === "number") return args;
  const v = args.values;
  if (Array.isArray(v.digest)) {
    const { plans, errors } = readPlans(v.digest.map((f) => path.resolve(io.cwd, f)));
    for (const e of errors) io.err(e);
    for (const p of plans) io.out(`${p.stack} ${planDigest(p.plan)}\n`);
    return errors.length > 0 ? 1 : 0;
  }
  if (typeof v.stacks !== "string" || typeof v.reviewed !== "string") return usageError("--stacks and --reviewed are required", APPLY_USAGE, io);
  const lockTimeout = typeof v["lock-timeout"] === "string" ? v["lock-timeout"] : "30m";
  if (!/^\d+[smh]$/.test(lockTimeout)) return usageError("--lock-timeout must be a duration such as 30m", APPLY_USAGE, io);
  const allowDestroy = typeof v["allow-destroy"] === "string" ? v["allow-destroy"].trim() : undefined;
  if (allowDestroy === "") return usageError("--allow-destroy needs a reason", APPLY_USAGE, io);
  const stacks = deployOrder(v.stacks.split(",").map((s) => s.trim()).filter(Boolean));
  const bad = stacks.filter((s) => !/^[a-z][a-z0-9-]*$/.test(s));
  if (stacks.length === 0 || bad.length > 0) return usageError(`--stacks must name Träger ids (got ${JSON.stringify(v.stacks)})`, APPLY_USAGE, io);
  const reviewed = readReviewed(path.resolve(io.cwd, v.reviewed));
  if (typeof reviewed === "string") {
    io.err(reviewed);
    return 1;
  }
  const stacksDir = path.resolve(io.cwd, typeof v["stacks-dir"] === "string" ? v["stacks-dir"] : path.join(PROJECT_ROOT, "cdktf.out", "stacks"));
  const outDir = path.resolve(io.cwd, typeof v["out-dir"] === "string" ? v["out-dir"] : "deploy");
  fs.mkdirSync(outDir, { recursive: true });

  const commit = typeof v.commit === "string" ? v.commit : env.GITHUB_SHA || undefined;
  if (commit !== undefined && !/^[0-9a-f]{7,40}$/.test(commit)) return usageError(`--commit must be a commit SHA (got ${JSON.stringify(commit)})`, APPLY_USAGE, io);

  const results: ApplyResult[] = [];
  let statuses: ReadonlyMap<string, string> | string | undefined;
  let recordsFailed = false;
  for (const stack of stacks) {
    const subscription = results.find((r) => r.stack === subscriptionStackId(stack));
    let result: ApplyResult =
      subscription && !subscription.ok
        ? { stack, ok: false, outcome: "refused", reason: `its subscription stack ${subscription.stack} did not apply (${subscription.outcome}): the Träger's stack reads its state and waits for it` }
        : await applyStack(stack, { stacksDir, outDir, reviewed, allowDestroy, lockTimeout, env, run });
    if (result.ok) {
      statuses ??= declaredStatuses(env);
      const recorded = writeOffboardingRecord(stack, statuses, outDir, commit, new Date());
      if (recorded.error) {
        io.err(`::error::${stack} applied, but its offboarding record was not written: ${recorded.error}`);
        recordsFailed = true;
      } else if (recorded.file) {
        result = { ...result, offboardingRecord: recorded.file };
        io.err(`${stack} is offboarding: wrote ${path.relative(io.cwd, recorded.file)} (becomes ${OFFBOARDING_RECORD_DIR}/${stack}.json)`);
      }
    }
    fs.writeFileSync(path.join(outDir, `${stack}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (result.override) {
      const line = `OVERRIDE: ${result.override.actor} allowed ${stack} to delete or replace ${result.override.addresses.join(", ")}: ${result.override.reason}`;
      io.err(`::warning::${line}`);
      if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `⚠ ${line}\n`);
    }
    io.out(`${result.ok ? "✔" : "⛔"} ${stack}: ${result.outcome}${result.reason ? ` — ${result.reason}` : ""}\n`);
    results.push(result);
  }
  return results.every((r) => r.ok) && !recordsFailed ? 0 : 1;
}

/**
 * The order stacks are applied in: each Träger's subscription stack (`<id>--subscription`) before the
 * Träger's own stack, which reads the subscription's id from its state; otherwise as given.
 */
export function deployOrder(stacks: readonly string[]): string[] {
  const subscriptions = stacks.filter((s) => traegerOfSubscriptionStack(s) !== undefined);
  return [...subscriptions, ...stacks.filter((s) => traegerOfSubscriptionStack(s) === undefined)];
}

/** Each declared Träger's status by id, or why the declarations cannot be read. */
function declaredStatuses(env: NodeJS.ProcessEnv): ReadonlyMap<string, string> | string {
  const { verbund, problems } = loadVerbund({ env });
  if (!verbund) return `the declarations do not validate (${problems.length} problem${problems.length === 1 ? "" : "s"}; npm run synth names them)`;
  return new Map(verbund.model.traeger.map((t) => [t.id, t.status]));
}

/**
 * After a successful apply: when the stack's declaration says "offboarding", writes
 * <out-dir>/<id>.offboarding.json ({ traeger, deployedAt, commit }, offboarding-record.ts), which the
 * deploy workflow proposes as deployments/offboarding/<id>.json. Retention counts from deployedAt, so a
 * later date (a record written again on a re-run) only ever keeps data longer.
 */
export function writeOffboardingRecord(stack: string, statuses: ReadonlyMap<string, string> | string, outDir: string, commit: string | undefined, now: Date): { file?: string; error?: string } {
  if (typeof statuses === "string") return { error: statuses };
  if (statuses.get(stack) !== "offboarding") return {};
  if (!commit) return { error: "no commit to record: pass --commit <sha> (GITHUB_SHA in CI)" };
  const record: OffboardingRecord = { traeger: stack, deployedAt: now.toISOString().slice(0, 10), commit };
  const checked = offboardingRecordSchema.safeParse(record);
  if (!checked.success) return { error: checked.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const file = path.join(outDir, `${stack}.offboarding.json`);
  fs.writeFileSync(file, `${JSON.stringify(checked.data, null, 2)}\n`);
  return { file };
}

interface ApplyOptions {
  readonly stacksDir: string;
  readonly outDir: string;
  readonly reviewed: ReviewedPlans;
  readonly allowDestroy: string | undefined;
  readonly lockTimeout: string;
  readonly env: NodeJS.ProcessEnv;
  readonly run: CommandRunner;
}

async function applyStack(stack: string, o: ApplyOptions): Promise<ApplyResult> {
  const reviewedDigest = o.reviewed.stacks[stack];
  const planned = await runStack(stack, o.stacksDir, o.outDir, "plan", o.env, { run: o.run });
  if (!planned.ok || !planned.planJson) return { stack, ok: false, outcome: "failed", reason: planned.failure ?? "no plan", reviewed: reviewedDigest };
  const { plans, errors } = readPlans([`${stack}=${planned.planJson}`]);
  if (errors.length > 0 || !plans[0]) return { stack, ok: false, outcome: "failed", reason: errors.join("; "), reviewed: reviewedDigest };
  const plan = plans[0].plan;
  const digest = planDigest(plan);
  const base = { stack, digest, reviewed: reviewedDigest };
  // A stack deployed along with its Träger (its subscription stack, or the Träger's own) that has nothing to apply needs no review.
  if (!reviewedDigest && !hasChanges(plan)) return { ...base, ok: true, outcome: "nothing-to-apply" };
  if (!reviewedDigest) {
    // A new Träger's stack cannot be planned in its pull request: its vended subscription did not exist yet.
    const waited = readsVendedSubscription(o.stacksDir, stack) ? `; its subscription was vended after its pull request was planned, so this first plan of ${stack} is reviewed in a deploy run: run Deploy with retry-failed (or traeger=${stack}), read the plan and approve deploy-${stack}` : "";
    return { ...base, ok: false, outcome: "refused", reason: `no reviewed plan for ${stack} in ${o.reviewed.source}${waited}` };
  }
  if (digest !== reviewedDigest) return { ...base, ok: false, outcome: "refused", reason: `the plan differs from the reviewed plan (${o.reviewed.source}: ${reviewedDigest}, now ${digest}); review it again` };
  if (!hasChanges(plan)) return { ...base, ok: true, outcome: "nothing-to-apply" };
  const summary = summarizePlan(plans[0], readStackContext(o.stacksDir, stack));
  let override: ApplyResult["override"];
  if (isBlocking(summary)) {
    const addresses = summary.blocked.map((b) => `${b.address} (${b.action})`);
    if (!o.allowDestroy) return { ...base, ok: false, outcome: "refused", reason: `would delete or replace data: ${addresses.join(", ")}; deploy again with the allow-destroy input and a reason` };
    override = { reason: o.allowDestroy, actor: o.env.GITHUB_ACTOR ?? o.env.USER ?? "unknown", addresses };
  }
  const planFile = path.join(o.outDir, `${stack}.tfplan`);
  const applied = await o.run("terraform", ["apply", "-input=false", "-no-color", `-lock-timeout=${o.lockTimeout}`, planFile], path.join(o.stacksDir, stack), o.env);
  if (applied.code !== 0) return { ...base, ok: false, outcome: "failed", reason: `terraform apply failed (exit ${applied.code}): ${lastLines(applied.stderr || applied.stdout)}`, override };
  return { ...base, ok: true, outcome: "applied", override };
}
