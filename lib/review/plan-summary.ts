/**
 * Per-Träger summaries of Terraform plans for pull-request review: counts per action; each changed
 * resource with its Azure name and its values before → after; ⛔ for everything that destroys or
 * abandons data or protection (guards.ts); ⚠ for what weakens isolation or protection (weakening.ts);
 * a blast-radius line; and the whole plan as text. Without the synthesized stack the judgement fails
 * closed. Values are masked here again, so that an unmasked plan given by hand is safe too.
 */
import { type AttributeChange, type BlockChange, diffChange } from "./attribute-diff";
import { type Blocked, blockedChanges, DATA_BEARING_TYPES, dataReason, isDeclaredDecommissioning, personalPoolsOf } from "./guards";
import { maskPlanDocument } from "./mask";
import { type Action, actionOf, asObject, type PlanDocument, type ResourceChange, showValue, type StackPlan } from "./plan-json";
import { planText } from "./plan-text";
import type { StackContext } from "./stack-context";
import { type Weakening, weakeningsOf } from "./weakening";

export { DATA_BEARING_TYPES } from "./guards";

export type ReviewAction = Exclude<Action, "read" | "no-op">;
export const REVIEWED: readonly ReviewAction[] = ["create", "update", "replace", "delete", "forget"];

/** One resource that changes. */
export interface ResourceSummary {
  readonly address: string;
  readonly type: string;
  /** Its Azure name (`name`, or `display_name` for Entra objects), when the plan or the stack says. */
  readonly azureName?: string;
  readonly action: ReviewAction;
  /** For a replace, the attributes that force it come first. */
  readonly changedAttributes: readonly string[];
  readonly forcesReplacement: readonly string[];
  readonly attributes: readonly AttributeChange[];
  readonly blocks: readonly BlockChange[];
}

/** Who and what a stack's plan touches. */
export interface BlastRadius {
  readonly traeger?: string;
  /** Desktop pools with their session hosts and sessions, and whether this plan changes desktops. */
  readonly desktops: string;
  /** Data-bearing resources this plan changes, by Azure name, with the action. */
  readonly dataStores: readonly string[];
}

/** One stack's plan, summarised. */
export interface StackSummary {
  readonly stack: string;
  readonly file: string;
  /** The plan failed: nothing below can be trusted, and it is reported as an error. */
  readonly errored: boolean;
  /** Why the plan cannot be judged (the synthesized stack is not at hand): blocks, never ✅. */
  readonly unjudged?: string;
  readonly traegerName?: string;
  readonly counts: Readonly<Record<ReviewAction, number>>;
  readonly resources: readonly ResourceSummary[];
  readonly moves: readonly { readonly from: string; readonly to: string }[];
  readonly outputs: readonly { readonly name: string; readonly action: ReviewAction; readonly before: string; readonly after: string }[];
  /** Deletes, replaces, forgets and empty re-creations of what holds or protects data, and why. */
  readonly blocked: readonly Blocked[];
  readonly warnings: readonly Weakening[];
  readonly blastRadius: BlastRadius;
  /** The whole plan as text (masked). */
  readonly text: string;
}

/**
 * Summarises one stack's plan. `context` comes from the stack's synthesized cdk.tf.json (readStackContext);
 * `{ missing }` or undefined means it is not at hand, and the summary blocks as unjudged.
 */
export function summarizePlan(input: StackPlan, context?: StackContext | { readonly missing: string }): StackSummary {
  const plan = maskPlanDocument(input.plan) as PlanDocument;
  const ctx = context && !("missing" in context) ? context : undefined;
  const act = (rc: ResourceChange) => actionOf(rc.change);
  const name = (rc: ResourceChange) => azureNameOf(rc, ctx);
  const counts: Record<ReviewAction, number> = { create: 0, update: 0, replace: 0, delete: 0, forget: 0 };
  const resources: ResourceSummary[] = [];
  const moves: { from: string; to: string }[] = [];
  const warnings: Weakening[] = [];
  const personalPools = personalPoolsOf(plan, ctx);
  const dataStores: string[] = [];

  for (const rc of plan.resource_changes ?? []) {
    if (rc.previous_address && rc.previous_address !== rc.address) moves.push({ from: rc.previous_address, to: rc.address });
    const action = act(rc);
    if (action === "read" || action === "no-op") continue;
    counts[action] += 1;
    const forcesReplacement = (rc.change.replace_paths ?? []).map((p) => String(p[0])).filter((v, i, all) => all.indexOf(v) === i);
    const diff = action === "update" || action === "replace" ? diffChange(rc.type, rc.change, forcesReplacement) : { attributes: [], blocks: [] };
    const changed = [...diff.attributes.map((a) => a.name), ...new Set(diff.blocks.map((b) => b.attribute))];
    const azureName = name(rc);
    resources.push({ address: rc.address, type: rc.type, ...(azureName !== undefined ? { azureName } : {}), action, changedAttributes: changed, forcesReplacement, attributes: diff.attributes, blocks: diff.blocks });
    warnings.push(...weakeningsOf(rc, action));
    if (isDeclaredDecommissioning(rc, action, ctx)) warnings.push({ address: rc.address, reason: `decommissioning: the subscription moves to ${String(asObject(rc.change.after).management_group_id)}, where policy denies everything (declared status "decommissioned")` });
    if (action === "forget" && dataReason(rc, ctx, personalPools) === undefined) warnings.push({ address: rc.address, reason: "forget: Terraform stops managing it (it stays in Azure, unwatched)" });
    if (DATA_BEARING_TYPES.has(rc.type)) dataStores.push(`${azureName ?? rc.address} (${action})`);
  }

  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([output, change]) => ({ name: output, change, action: actionOf(change) }))
    .filter((o): o is { name: string; change: typeof o.change; action: ReviewAction } => o.action !== "no-op" && o.action !== "read")
    .map(({ name: output, change, action }) => ({
      name: output,
      action,
      before: showValue(change.before, change.before_sensitive, undefined),
      after: showValue(change.after, change.after_sensitive, change.after_unknown),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const blocked = blockedChanges(plan, act, ctx);
  const traegerName = ctx?.traegerName;
  return {
    stack: input.stack,
    file: input.file,
    errored: plan.errored === true,
    ...(context && "missing" in context ? { unjudged: `the synthesized stack is not at hand (${context.missing}): prevent_destroy and personal desktops cannot be checked` } : !context ? { unjudged: "no synthesized stack was given: prevent_destroy and personal desktops cannot be checked" } : {}),
    ...(traegerName !== undefined ? { traegerName } : {}),
    counts,
    resources,
    moves,
    outputs,
    blocked,
    warnings,
    blastRadius: { ...(traegerName !== undefined ? { traeger: traegerName } : {}), desktops: desktopsLine(ctx, resources), dataStores },
    text: planText(plan, act, name),
  };
}

/** Whether a review must stop the merge: a blocked change, a failed plan, or a plan that cannot be judged. */
export function isBlocking(summary: StackSummary): boolean {
  return summary.errored || summary.blocked.length > 0 || summary.unjudged !== undefined;
}

const DESKTOP_TYPES = /^azurerm_(windows_virtual_machine|virtual_desktop_|virtual_machine_extension|network_interface|storage_share$)/;

function desktopsLine(ctx: StackContext | undefined, resources: readonly ResourceSummary[]): string {
  if (!ctx) return "unknown (no synthesized stack)";
  if (ctx.pools.length === 0) return "none (no desktop pools)";
  const pools = ctx.pools.map((p) => `${p.name}: ${p.personal ? `${p.hosts.length} personal desktops (one user each)` : `${p.hosts.length} session hosts, up to ${p.hosts.length * p.maxSessions} sessions`}`);
  const touched = resources.some((r) => DESKTOP_TYPES.test(r.type));
  return `${pools.join("; ")}${ctx.desktopUsersGroup ? `; users: members of ${ctx.desktopUsersGroup}` : ""}${touched ? "; this plan changes their desktops" : "; their desktops are not changed"}`;
}

function azureNameOf(rc: ResourceChange, ctx: StackContext | undefined): string | undefined {
  for (const v of [rc.change.after, rc.change.before]) {
    const o = asObject(v);
    for (const key of ["name", "display_name"]) if (typeof o[key] === "string" && o[key] !== "(sensitive)") return o[key] as string;
  }
  return ctx?.names.get(rc.address);
}
