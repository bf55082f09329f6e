/**
 * Per-Träger summaries of Terraform plans for pull-request review: counts of create, update, replace
 * and delete; the changed resources with the names of their changed attributes; moves; changed
 * outputs; and a ⛔ block for every delete or replace of a data-bearing resource.
 */
import { type Action, actionOf, changedAttributes, type PlanDocument, showValue, type StackPlan } from "./plan-json";

/** Resource types that hold data: deleting or replacing one loses it. */
export const DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  "azurerm_recovery_services_vault",
  "azurerm_data_protection_backup_vault",
  "azurerm_storage_account",
  "azurerm_storage_share",
  "azurerm_key_vault",
  "azurerm_virtual_network",
]);

export type ReviewAction = Exclude<Action, "read" | "no-op">;
const REVIEWED: readonly ReviewAction[] = ["create", "update", "replace", "delete"];

/** One resource that changes. */
export interface ResourceSummary {
  readonly address: string;
  readonly type: string;
  readonly action: ReviewAction;
  /** Names only: values are never shown for resources. For a replace, the attributes that force it come first. */
  readonly changedAttributes: readonly string[];
  readonly forcesReplacement: readonly string[];
}

/** One stack's plan, summarised. */
export interface StackSummary {
  readonly stack: string;
  readonly file: string;
  /** The plan failed: nothing below can be trusted, and it is reported as an error. */
  readonly errored: boolean;
  readonly counts: Readonly<Record<ReviewAction, number>>;
  readonly resources: readonly ResourceSummary[];
  readonly moves: readonly { readonly from: string; readonly to: string }[];
  readonly outputs: readonly { readonly name: string; readonly action: ReviewAction; readonly before: string; readonly after: string }[];
  /** Deletes and replaces of data-bearing resources, and why each one is blocked. */
  readonly blocked: readonly { readonly address: string; readonly action: "delete" | "replace"; readonly reason: string }[];
}

/**
 * Summarises one stack's plan. `protectedAddresses` are the resources with `prevent_destroy` in the
 * stack's configuration (read from its synthesized cdk.tf.json; Terraform's plan JSON omits lifecycle).
 */
export function summarizePlan(input: StackPlan, protectedAddresses: ReadonlySet<string> = new Set()): StackSummary {
  const plan: PlanDocument = input.plan;
  const counts: Record<ReviewAction, number> = { create: 0, update: 0, replace: 0, delete: 0 };
  const resources: ResourceSummary[] = [];
  const moves: { from: string; to: string }[] = [];
  const blocked: { address: string; action: "delete" | "replace"; reason: string }[] = [];

  for (const rc of plan.resource_changes ?? []) {
    if (rc.previous_address && rc.previous_address !== rc.address) moves.push({ from: rc.previous_address, to: rc.address });
    const action = actionOf(rc.change);
    if (action === "read" || action === "no-op") continue;
    counts[action] += 1;
    const forcesReplacement = (rc.change.replace_paths ?? []).map((p) => String(p[0])).filter((v, i, all) => all.indexOf(v) === i);
    const changed = action === "update" || action === "replace" ? changedAttributes(rc.change) : [];
    resources.push({ address: rc.address, type: rc.type, action, changedAttributes: [...forcesReplacement, ...changed.filter((a) => !forcesReplacement.includes(a))], forcesReplacement });
    if (action === "delete" || action === "replace") {
      const dataBearing = DATA_BEARING_TYPES.has(rc.type);
      const guarded = protectedAddresses.has(rc.address);
      if (dataBearing || guarded) {
        blocked.push({
          address: rc.address,
          action,
          reason: [dataBearing ? `${rc.type} holds data` : "", guarded ? "has prevent_destroy in its configuration" : ""].filter(Boolean).join("; "),
        });
      }
    }
  }

  const outputs = Object.entries(plan.output_changes ?? {})
    .map(([name, change]) => ({ name, change, action: actionOf(change) }))
    .filter((o): o is { name: string; change: typeof o.change; action: ReviewAction } => o.action !== "no-op" && o.action !== "read")
    .map(({ name, change, action }) => ({
      name,
      action,
      before: showValue(change.before, change.before_sensitive, undefined),
      after: showValue(change.after, change.after_sensitive, change.after_unknown),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  return { stack: input.stack, file: input.file, errored: plan.errored === true, counts, resources, moves, outputs, blocked };
}

/** Whether a review must stop the merge: a blocked change or a failed plan. */
export function isBlocking(summary: StackSummary): boolean {
  return summary.errored || summary.blocked.length > 0;
}

/** GitHub's limit for a comment body. */
export const COMMENT_LIMIT = 65_536;

/**
 * Markdown for a pull-request comment. When the whole text would exceed `limit`, the resource tables
 * are cut (counts, ⛔ blocks and errors are always kept) with a pointer to the full text.
 */
export function renderPlanSummary(summaries: readonly StackSummary[], options: { readonly limit?: number; readonly fullTextHint?: string } = {}): { markdown: string; full: string; cut: boolean } {
  const full = render(summaries, Number.POSITIVE_INFINITY);
  const limit = options.limit ?? COMMENT_LIMIT;
  if (full.length <= limit) return { markdown: full, full, cut: false };
  const note = `\n> ✂ Cut to fit a pull-request comment.${options.fullTextHint ? ` The full summary is in ${options.fullTextHint}.` : ""}\n`;
  // Shrink the per-stack table budget until the text fits.
  for (let rows = 200; rows >= 0; rows = rows > 10 ? Math.floor(rows / 2) : rows - 1) {
    const text = render(summaries, rows) + note;
    if (text.length <= limit) return { markdown: text, full, cut: true };
  }
  return { markdown: `${render(summaries, 0).slice(0, limit - note.length - 1)}…${note}`, full, cut: true };
}

function render(summaries: readonly StackSummary[], maxRows: number): string {
  const blocking = summaries.filter(isBlocking);
  const lines = [
    "## Terraform plan per Träger",
    "",
    blocking.length > 0 ? `⛔ **${blocking.length} of ${summaries.length} stack${summaries.length === 1 ? "" : "s"} blocked**: see below.` : `✅ ${summaries.length} stack${summaries.length === 1 ? "" : "s"} planned; nothing destroys data.`,
    "",
    "| Träger | create | update | replace | delete | |",
    "|---|---:|---:|---:|---:|---|",
    ...summaries.map((s) => `| ${s.stack} | ${s.errored ? "–" : s.counts.create} | ${s.errored ? "–" : s.counts.update} | ${s.errored ? "–" : s.counts.replace} | ${s.errored ? "–" : s.counts.delete} | ${s.errored ? "⛔ plan failed" : s.blocked.length > 0 ? "⛔ destroys data" : total(s) === 0 ? "no changes" : ""} |`),
    "",
  ];
  for (const s of summaries) {
    lines.push(`### ${s.stack}`, "");
    if (s.errored) {
      lines.push("> [!CAUTION]", `> ⛔ **The plan failed** (${s.file}): Terraform reported an error, so this is not \"no changes\". Read the plan log.`, "");
      continue;
    }
    if (s.blocked.length > 0) {
      lines.push("> [!CAUTION]", "> ⛔ **This plan destroys data.** It must not be applied as it is:");
      for (const b of s.blocked) lines.push(`> - **${b.action}** \`${b.address}\`: ${b.reason}`);
      lines.push("");
    }
    if (total(s) === 0 && s.moves.length === 0 && s.outputs.length === 0) {
      lines.push("No changes.", "");
      continue;
    }
    if (s.resources.length > 0) {
      lines.push(`${s.counts.create} to create, ${s.counts.update} to update, ${s.counts.replace} to replace, ${s.counts.delete} to delete.`, "");
      lines.push("| action | resource | changed attributes |", "|---|---|---|");
      for (const r of s.resources.slice(0, maxRows)) {
        const attributes = r.changedAttributes.map((a) => (r.forcesReplacement.includes(a) ? `\`${a}\` (forces replacement)` : `\`${a}\``)).join(", ");
        lines.push(`| ${ICON[r.action]} ${r.action} | \`${r.address}\` | ${attributes || "–"} |`);
      }
      if (s.resources.length > maxRows) lines.push(`| … | ${s.resources.length - maxRows} more | |`);
      lines.push("");
    }
    if (s.moves.length > 0) {
      lines.push("Moved (the resource keeps its identity):", "");
      for (const m of s.moves) lines.push(`- \`${m.from}\` → \`${m.to}\``);
      lines.push("");
    }
    if (s.outputs.length > 0) {
      lines.push("| output | action | before | after |", "|---|---|---|---|");
      for (const o of s.outputs) lines.push(`| \`${o.name}\` | ${o.action} | ${o.before} | ${o.after} |`);
      lines.push("");
    }
  }
  return lines.join("\n");
}

const ICON: Readonly<Record<ReviewAction, string>> = { create: "➕", update: "✏️", replace: "♻️", delete: "🗑️" };

function total(s: StackSummary): number {
  return REVIEWED.reduce((n, a) => n + s.counts[a], 0);
}
