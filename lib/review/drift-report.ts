/**
 * Drift per Träger from refresh-only plans (`terraform plan -refresh-only`): which resources were
 * changed or deleted outside Terraform, and which attributes changed (before → after, sensitive
 * values masked). A checked-in ignore list suppresses known, explained noise.
 */
import * as fs from "node:fs";
import { z } from "zod";
import { formatProblem, problemsFromZod } from "../problems";
import { code, escapeMarkup } from "./escape";
import { maskPlanDocument } from "./mask";
import { type BlockChange, diffChange } from "./attribute-diff";
import { actionOf, asObject, changedAttributes, type PlanDocument, type StackPlan } from "./plan-json";
import { weakeningsOf } from "./weakening";

/** One ignore-list entry: a resource address or type, optionally one attribute, and why. */
export interface DriftIgnore {
  readonly resource: string;
  readonly attribute?: string;
  readonly reason: string;
}

const ignoreSchema = z.array(
  z.strictObject({
    resource: z.string().min(1, { error: "must name a resource address or type" }),
    attribute: z.string().min(1).optional(),
    reason: z.string().trim().min(10, { error: "must say why this drift is expected (at least 10 characters)" }),
  }),
);

/** Reads the ignore list; every entry needs a reason. Returns one-line problems naming the file. */
export function readDriftIgnore(file: string): { ignores: DriftIgnore[]; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ignores: [], problems: [`${file}: ${code ? `cannot be read (${code})` : `is not JSON (${(error as Error).message})`}`] };
  }
  const parsed = ignoreSchema.safeParse(json, { reportInput: true });
  if (parsed.success) return { ignores: parsed.data, problems: [] };
  return { ignores: [], problems: problemsFromZod(file, parsed.error.issues).map(formatProblem) };
}

/** One drifted resource. */
export interface DriftEntry {
  readonly address: string;
  readonly type: string;
  readonly kind: "changed" | "deleted";
  readonly attributes: readonly { readonly name: string; readonly before: string; readonly after: string }[];
  /** Nested blocks matched by name (an NSG's security_rule): added, removed or changed outside Terraform. */
  readonly blocks: readonly BlockChange[];
  /** What this drift weakens (an NSG rule opened in the portal, say): the same rules as the plan's ⚠. */
  readonly warnings: readonly string[];
}

/** One stack's drift. */
export interface StackDrift {
  readonly stack: string;
  readonly file: string;
  readonly errored: boolean;
  readonly drifted: readonly DriftEntry[];
  /** How many drifted resources or attributes the ignore list suppressed. */
  readonly ignored: number;
}

/** The drift of one stack's refresh-only plan, with the ignore list applied. */
export function driftOf(input: StackPlan, ignores: readonly DriftIgnore[] = []): StackDrift {
  const drifted: DriftEntry[] = [];
  let ignored = 0;
  const matches = (address: string, type: string) => ignores.filter((i) => i.resource === address || i.resource === type);
  const plan = maskPlanDocument(input.plan) as PlanDocument;
  for (const rc of plan.resource_drift ?? []) {
    const action = actionOf(rc.change);
    if (action === "no-op" || action === "read") continue;
    const rules = matches(rc.address, rc.type);
    if (rules.some((r) => r.attribute === undefined)) {
      ignored += 1;
      continue;
    }
    if (action === "delete") {
      drifted.push({ address: rc.address, type: rc.type, kind: "deleted", attributes: [], blocks: [], warnings: weakeningsOf(rc, "delete").map((w) => w.reason) });
      continue;
    }
    const skipped = new Set(rules.map((r) => r.attribute));
    const names = changedAttributes(rc.change);
    const kept = names.filter((name) => !skipped.has(name));
    const diff = diffChange(rc.type, rc.change, []);
    const attributes = diff.attributes.filter((a) => kept.includes(a.name)).map(({ name, before, after }) => ({ name, before, after }));
    const blocks = diff.blocks.filter((b) => kept.includes(b.attribute));
    ignored += names.length - kept.length;
    const onlyKept = { ...rc, change: { ...rc.change, before: pick(rc.change.before, kept), after: pick(rc.change.after, kept) } };
    if (attributes.length + blocks.length > 0) drifted.push({ address: rc.address, type: rc.type, kind: "changed", attributes, blocks, warnings: weakeningsOf(onlyKept, action).map((w) => w.reason) });
  }
  return { stack: input.stack, file: input.file, errored: plan.errored === true, drifted, ignored };
}

/** Markdown for the drift report (the scheduled job posts it per Träger); plan data is escaped. */
export function renderDriftReport(drifts: readonly StackDrift[], failed: readonly { readonly stack: string; readonly reason: string }[] = drifts.filter((d) => d.errored).map((d) => ({ stack: d.stack, reason: `${d.file}: the refresh failed` }))): string {
  const withDrift = drifts.filter((d) => d.drifted.length > 0);
  const total = new Set([...drifts.map((d) => d.stack), ...failed.map((f) => f.stack)]).size;
  const lines = [
    "## Drift per Träger",
    "",
    withDrift.length === 0 && failed.length === 0 ? `✅ No drift in ${total} stack${total === 1 ? "" : "s"}.` : `⚠️ Drift in ${withDrift.length} of ${total} stacks${failed.length > 0 ? `; ${failed.length} could not be checked` : ""}.`,
    "",
  ];
  for (const f of failed) lines.push(`### ${code(f.stack)}`, "", `⛔ Could not be checked: drift is unknown, not absent. ${escapeMarkup(f.reason)}`, "");
  for (const d of withDrift) {
    lines.push(`### ${code(d.stack)}`, "");
    for (const e of d.drifted) {
      for (const w of e.warnings) lines.push(`- ⚠ ${code(e.address)} **weakens isolation or protection**: ${escapeMarkup(w)}`);
      if (e.kind === "deleted") {
        lines.push(`- 🗑️ ${code(e.address)} was **deleted outside Terraform**`);
        continue;
      }
      lines.push(`- ✏️ ${code(e.address)} changed outside Terraform:`);
      for (const a of e.attributes) lines.push(`  - ${code(a.name)}: ${code(a.before)} → ${code(a.after)}`);
      for (const b of e.blocks) lines.push(`  - ${code(b.attribute)} ${code(b.key)} **${b.kind}**: ${code(b.detail)}`);
    }
    if (d.ignored > 0) lines.push(`- (${d.ignored} known difference${d.ignored === 1 ? "" : "s"} ignored by drift-ignore.json)`);
    lines.push("");
  }
  return lines.join("\n");
}

/** Only the given attributes of a value (what the ignore list leaves), for judging weakenings. */
function pick(value: unknown, keys: readonly string[]): unknown {
  if (value === null || value === undefined) return value;
  return Object.fromEntries(Object.entries(asObject(value)).filter(([k]) => keys.includes(k)));
}
