/**
 * The plan summary as Markdown for a pull-request comment. Every ⛔ (blocked change, failed, missing or
 * unjudged stack) is listed at the top, before anything that could be cut; every value from a plan is
 * escaped (escape.ts). When the text exceeds GitHub's comment limit, the plan texts go first, then the
 * per-resource lists; the whole summary is written to a file.
 */
import { code, escapeMarkup, preformatted } from "./escape";
import type { AwaitingSubscription } from "./awaiting-subscription";
import type { FailureRecord } from "./failure-record";
import { isBlocking, REVIEWED, type ReviewAction, type StackSummary } from "./plan-summary";

/** GitHub's limit for a comment body (characters). */
export const COMMENT_LIMIT = 65_536;

/** Where the plan was made: the CI run and the commit. */
export interface RunInfo {
  readonly runUrl?: string;
  readonly commit?: string;
  readonly commitUrl?: string;
}

/** Everything one comment reports on. */
export interface SummaryInput {
  readonly summaries: readonly StackSummary[];
  readonly failures: readonly FailureRecord[];
  readonly missing: readonly string[];
  /** New Träger stacks that cannot be planned before their vended subscription exists (awaiting-subscription.ts). */
  readonly awaiting?: readonly AwaitingSubscription[];
  readonly run?: RunInfo;
}

const ICON: Readonly<Record<ReviewAction, string>> = { create: "➕", update: "✏️", replace: "♻️", delete: "🗑️", forget: "⊘" };

/** Whether the whole run needs to stop the merge. */
export function runIsBlocked(input: SummaryInput): boolean {
  return input.failures.length > 0 || input.missing.length > 0 || input.summaries.some(isBlocking);
}

/** Markdown for the comment (cut to `limit`) and the whole text. */
export function renderPlanSummary(input: SummaryInput | readonly StackSummary[], options: { readonly limit?: number; readonly fullTextHint?: string } = {}): { markdown: string; full: string; cut: boolean } {
  const data: SummaryInput = Array.isArray(input) ? { summaries: input as readonly StackSummary[], failures: [], missing: [] } : (input as SummaryInput);
  const full = render(data, { planText: true, maxRows: Number.POSITIVE_INFINITY });
  const limit = options.limit ?? COMMENT_LIMIT;
  if (full.length <= limit) return { markdown: full, full, cut: false };
  const note = `\n> ✂ Cut to fit a pull-request comment.${options.fullTextHint ? ` The whole summary is in ${code(options.fullTextHint)}.` : ""}\n`;
  for (let rows = 400; rows >= 0; rows = rows > 10 ? Math.floor(rows / 2) : rows - 1) {
    const text = render(data, { planText: false, maxRows: rows }) + note;
    if (text.length <= limit) return { markdown: text, full, cut: true };
  }
  // Only the top part fits: it holds every ⛔; cut at a line end so no tag or reference is split.
  const top = render(data, { planText: false, maxRows: 0 });
  const cutAt = top.lastIndexOf("\n", limit - note.length - 2);
  return { markdown: `${top.slice(0, Math.max(0, cutAt))}\n…${note}`, full, cut: true };
}

function render(data: SummaryInput, options: { readonly planText: boolean; readonly maxRows: number }): string {
  const { summaries, failures, missing } = data;
  const awaiting = data.awaiting ?? [];
  const total = summaries.length + failures.length + missing.length + awaiting.length;
  const blockedStacks = summaries.filter(isBlocking).length + failures.length + missing.length;
  const warnings = summaries.reduce((n, s) => n + s.warnings.length, 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const lines = ["## Terraform plan per Träger", ""];
  const run = runLine(data.run);
  if (run) lines.push(run, "");
  const waits = awaiting.length > 0 ? `; ${awaiting.length} ${awaiting.length === 1 ? "waits" : "wait"} for ${awaiting.length === 1 ? "its" : "their"} subscription` : "";
  lines.push(blockedStacks > 0 ? `⛔ **${blockedStacks} of ${plural(total, "stack")} blocked**: see below.` : `✅ ${plural(total - awaiting.length, "stack")} planned${waits}; nothing destroys data.`);
  if (warnings > 0) lines.push("", `⚠ **${plural(warnings, "change")} weaken${warnings === 1 ? "s" : ""} isolation or protection**: read ${warnings === 1 ? "it" : "them"} below.`);
  lines.push("", `| stack | Träger | ${REVIEWED.join(" | ")} | |`, `|---|---|${REVIEWED.map(() => "---:").join("|")}|---|`);
  const rows: [string, string][] = [
    ...summaries.map((s): [string, string] => [s.stack, `| ${code(s.stack)} | ${s.traegerName ? escapeMarkup(s.traegerName) : "–"} | ${REVIEWED.map((a) => (s.errored ? "–" : String(s.counts[a]))).join(" | ")} | ${status(s)} |`]),
    ...failures.map((f): [string, string] => [f.stack, `| ${code(f.stack)} | – | ${REVIEWED.map(() => "–").join(" | ")} | ⛔ ${f.mode} failed |`]),
    ...missing.map((m): [string, string] => [m, `| ${code(m)} | – | ${REVIEWED.map(() => "–").join(" | ")} | ⛔ missing |`]),
    ...awaiting.map((a): [string, string] => [a.stack, `| ${code(a.stack)} | – | ${REVIEWED.map(() => "–").join(" | ")} | ⏳ waits for its subscription |`]),
  ];
  lines.push(...rows.sort((a, b) => a[0].localeCompare(b[0])).map(([, row]) => row), "");

  const stops: string[] = [];
  for (const f of failures) stops.push(`- ⛔ ${code(f.stack)}: ${escapeMarkup(f.message)}`);
  for (const m of missing) stops.push(`- ⛔ ${code(m)}: missing: neither a plan nor a failure record (the job did not finish or its output was lost)`);
  for (const s of summaries) {
    if (s.errored) stops.push(`- ⛔ ${code(s.stack)}: **the plan failed** (${code(s.file)}): Terraform reported an error, so this is not "no changes"`);
    if (s.unjudged) stops.push(`- ⛔ ${code(s.stack)}: **cannot be judged**: ${escapeMarkup(s.unjudged)}`);
    for (const b of s.blocked) stops.push(`- ⛔ ${code(s.stack)}: **${b.action}** ${code(b.address)}${nameOf(s, b.address)}: ${escapeMarkup(b.reason)}`);
  }
  if (awaiting.length > 0) {
    lines.push("> [!NOTE]", "> ⏳ **Waits for its subscription** (not a failure):");
    for (const a of awaiting) {
      lines.push(`> - ⏳ ${code(a.stack)}: its subscription is vended by ${code(a.subscriptionStack)}, planned above; the Träger's stack reads the subscription's id from that stack's state, so it can only be planned once the deploy has applied ${code(a.subscriptionStack)}. Its first plan is then shown in a deploy run and applied after approval of ${code(`deploy-${a.stack}`)} (README, "Onboarding a Träger").`);
    }
    lines.push("");
  }
  if (stops.length > 0) lines.push("> [!CAUTION]", "> ⛔ **Must not be applied as it is:**", ...stops.map((l) => `> ${l}`), "");
  if (warnings > 0) {
    lines.push("> [!WARNING]", "> ⚠ **Weakens isolation or protection** (not destroyed, but check that it is meant):");
    for (const s of summaries) for (const w of s.warnings) lines.push(`> - ⚠ ${code(s.stack)}: ${code(w.address)}${nameOf(s, w.address)}: ${escapeMarkup(w.reason)}`);
    lines.push("");
  }

  for (const s of [...summaries].sort((a, b) => a.stack.localeCompare(b.stack))) lines.push(...stackSection(s, options));
  return lines.join("\n");
}

function stackSection(s: StackSummary, options: { readonly planText: boolean; readonly maxRows: number }): string[] {
  const lines = [`### ${code(s.stack)}${s.traegerName ? ` — ${escapeMarkup(s.traegerName)}` : ""}`, ""];
  if (s.errored) return [...lines, "⛔ The plan failed: read the plan log.", ""];
  const radius = s.blastRadius;
  lines.push(`**Blast radius:** Träger ${radius.traeger ? escapeMarkup(radius.traeger) : code(s.stack)}; desktops: ${escapeMarkup(radius.desktops)}; data stores touched: ${radius.dataStores.length > 0 ? radius.dataStores.map(code).join(", ") : "none"}.`, "");
  const changes = REVIEWED.reduce((n, a) => n + s.counts[a], 0);
  if (changes === 0 && s.moves.length === 0 && s.outputs.length === 0) return [...lines, "No changes.", ""];
  if (s.resources.length > 0) {
    lines.push(`${REVIEWED.map((a) => `${s.counts[a]} to ${a}`).join(", ")}.`, "");
    for (const r of s.resources.slice(0, options.maxRows)) {
      lines.push(`- ${ICON[r.action]} **${r.action}** ${code(r.address)}${r.azureName ? ` · ${code(r.azureName)}` : ""}`);
      for (const a of r.attributes) lines.push(`  - ${code(a.name)}: ${code(a.before)} → ${code(a.after)}${a.forcesReplacement ? " **(forces replacement)**" : ""}`);
      for (const b of r.blocks) lines.push(`  - ${code(b.attribute)} ${code(b.key)} **${b.kind}**: ${code(b.detail)}`);
    }
    if (s.resources.length > options.maxRows) lines.push(`- … ${s.resources.length - options.maxRows} more (in the whole summary)`);
    lines.push("");
  }
  if (s.moves.length > 0) {
    lines.push("Moved (the resource keeps its identity):", "");
    for (const m of s.moves) lines.push(`- ${code(m.from)} → ${code(m.to)}`);
    lines.push("");
  }
  if (s.outputs.length > 0) {
    lines.push("| output | action | before | after |", "|---|---|---|---|");
    for (const o of s.outputs) lines.push(`| ${code(o.name)} | ${o.action} | ${code(o.before)} | ${code(o.after)} |`);
    lines.push("");
  }
  if (options.planText) lines.push("<details><summary>The whole plan as text</summary>", "", `<pre>${preformatted(s.text)}</pre>`, "", "</details>", "");
  return lines;
}

function status(s: StackSummary): string {
  if (s.errored) return "⛔ plan failed";
  if (s.unjudged) return "⛔ cannot be judged";
  if (s.blocked.length > 0) return "⛔ destroys data";
  if (s.warnings.length > 0) return "⚠ weakens protection";
  return REVIEWED.every((a) => s.counts[a] === 0) ? "no changes" : "";
}

function nameOf(s: StackSummary, address: string): string {
  const name = s.resources.find((r) => r.address === address)?.azureName;
  return name ? ` (${code(name)})` : "";
}

function runLine(run: RunInfo | undefined): string | undefined {
  if (!run?.runUrl && !run?.commit) return undefined;
  const parts: string[] = [];
  const runHref = safeUrl(run.runUrl);
  if (runHref) parts.push(`[CI run](${runHref})`);
  if (run.commit) {
    const href = safeUrl(run.commitUrl);
    parts.push(`commit ${href ? `[${code(run.commit.slice(0, 12))}](${href})` : code(run.commit.slice(0, 12))}`);
  }
  return parts.length > 0 ? `<sub>Planned in ${parts.join(", ")}.</sub>` : undefined;
}

/** An https URL with every character that could end a Markdown link destination percent-encoded. */
function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== "https:") return undefined;
    return parsed.href.replace(/[()<>\s"'`\\[\]]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, "0").toUpperCase()}`);
  } catch {
    return undefined;
  }
}
