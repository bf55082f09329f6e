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
import { PROJECT_ROOT } from "../verbund/load";
import { actionOf, type Change, changedAttributes, isSensitive, markerOf, type PlanDocument, readPlans } from "./plan-json";
import { isBlocking, summarizePlan } from "./plan-summary";
import { readStackContext } from "./stack-context";
import { exec, lastLines, runStack } from "./terraform-runner";

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
  --digest <plan.json>     only print the digest of a plan JSON (repeatable; no Terraform run)
  --help                   show this help

Exit codes: 0 every stack applied or had nothing to apply; 1 a stack was refused or failed (each
has a one-line reason and a result record); 2 wrong arguments.`;

/** What the deploy records per stack, for the issue of a failed deploy and its retry. */
export interface ApplyResult {
  readonly stack: string;
  readonly ok: boolean;
  readonly outcome: "applied" | "nothing-to-apply" | "refused" | "failed";
  readonly reason?: string;
  readonly digest?: string;
  readonly reviewed?: string;
  readonly override?: { readonly reason: string; readonly actor: string; readonly addresses: readonly string[] };
}

/** The reviewed digests a deploy trusts. */
export interface ReviewedPlans {
  readonly source: string;
  readonly stacks: Readonly<Record<string, string>>;
}

/** Sorted keys all the way down, so equal plans serialise equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
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

/** `npm run apply`. Resolves to the exit code. */
export async function runApply(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const args = parseCommandArgs(argv, { stacks: { type: "string" }, reviewed: { type: "string" }, "allow-destroy": { type: "string" }, "lock-timeout": { type: "string" }, "stacks-dir": { type: "string" }, "out-dir": { type: "string" }, digest: { type: "string", multiple: true } }, APPLY_USAGE, io);
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
  const stacks = v.stacks.split(",").map((s) => s.trim()).filter(Boolean);
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

  const results: ApplyResult[] = [];
  for (const stack of stacks) {
    const result = await applyStack(stack, { stacksDir, outDir, reviewed, allowDestroy, lockTimeout, env });
    fs.writeFileSync(path.join(outDir, `${stack}.result.json`), `${JSON.stringify(result, null, 2)}\n`);
    if (result.override) {
      const line = `OVERRIDE: ${result.override.actor} allowed ${stack} to delete or replace ${result.override.addresses.join(", ")}: ${result.override.reason}`;
      io.err(`::warning::${line}`);
      if (env.GITHUB_STEP_SUMMARY) fs.appendFileSync(env.GITHUB_STEP_SUMMARY, `⚠ ${line}\n`);
    }
    io.out(`${result.ok ? "✔" : "⛔"} ${stack}: ${result.outcome}${result.reason ? ` — ${result.reason}` : ""}\n`);
    results.push(result);
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

interface ApplyOptions {
  readonly stacksDir: string;
  readonly outDir: string;
  readonly reviewed: ReviewedPlans;
  readonly allowDestroy: string | undefined;
  readonly lockTimeout: string;
  readonly env: NodeJS.ProcessEnv;
}

async function applyStack(stack: string, o: ApplyOptions): Promise<ApplyResult> {
  const reviewedDigest = o.reviewed.stacks[stack];
  const planned = await runStack(stack, o.stacksDir, o.outDir, "plan", o.env);
  if (!planned.ok || !planned.planJson) return { stack, ok: false, outcome: "failed", reason: planned.failure ?? "no plan", reviewed: reviewedDigest };
  const { plans, errors } = readPlans([`${stack}=${planned.planJson}`]);
  if (errors.length > 0 || !plans[0]) return { stack, ok: false, outcome: "failed", reason: errors.join("; "), reviewed: reviewedDigest };
  const plan = plans[0].plan;
  const digest = planDigest(plan);
  const base = { stack, digest, reviewed: reviewedDigest };
  if (!reviewedDigest) return { ...base, ok: false, outcome: "refused", reason: `no reviewed plan for ${stack} in ${o.reviewed.source}` };
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
  const applied = await exec("terraform", ["apply", "-input=false", "-no-color", `-lock-timeout=${o.lockTimeout}`, planFile], path.join(o.stacksDir, stack), o.env);
  if (applied.code !== 0) return { ...base, ok: false, outcome: "failed", reason: `terraform apply failed (exit ${applied.code}): ${lastLines(applied.stderr || applied.stdout)}`, override };
  return { ...base, ok: true, outcome: "applied", override };
}
