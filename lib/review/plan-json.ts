/**
 * Reading `terraform show -json` documents (plans and refresh-only plans). Only the parts the review
 * tools use are typed; everything else is passed over. Works for any provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One change of a resource or output as Terraform reports it. */
export interface Change {
  readonly actions: readonly string[];
  readonly before?: unknown;
  readonly after?: unknown;
  readonly after_unknown?: unknown;
  readonly before_sensitive?: unknown;
  readonly after_sensitive?: unknown;
  readonly replace_paths?: readonly (readonly unknown[])[];
}

/** An entry of `resource_changes` or `resource_drift`. */
export interface ResourceChange {
  readonly address: string;
  readonly previous_address?: string;
  readonly module_address?: string;
  readonly mode?: string;
  readonly type: string;
  readonly name: string;
  readonly change: Change;
  readonly action_reason?: string;
}

/** The parts of a plan document the review tools read. */
export interface PlanDocument {
  readonly format_version?: string;
  readonly errored?: boolean;
  readonly resource_changes?: readonly ResourceChange[];
  readonly resource_drift?: readonly ResourceChange[];
  readonly output_changes?: Readonly<Record<string, Change>>;
}

/** A plan file named after its stack. */
export interface StackPlan {
  readonly stack: string;
  readonly file: string;
  readonly plan: PlanDocument;
}

/** The stack a plan belongs to, from its file name: `boizenburg-elbe.json`, `boizenburg-elbe.plan.json`. */
export function stackNameFromFile(file: string): string {
  return path.basename(file).replace(/(\.plan)?\.json$/, "").replace(/\.tfplan$/, "");
}

/**
 * Reads plan files given as `file` or `name=file`. Returns the plans, or the one-line reason each
 * unreadable file could not be used (naming the file).
 */
export function readPlans(inputs: readonly string[]): { plans: StackPlan[]; errors: string[] } {
  const plans: StackPlan[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    const eq = input.indexOf("=");
    const [stack, file] = eq > 0 && !fs.existsSync(input) ? [input.slice(0, eq), input.slice(eq + 1)] : [stackNameFromFile(input), input];
    let text: string;
    try {
      text = fs.readFileSync(file, "utf8");
    } catch (error) {
      errors.push(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      continue;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      errors.push(`${file}: is not JSON (${(error as Error).message})`);
      continue;
    }
    if (!isPlanDocument(json)) {
      errors.push(`${file}: is not a terraform show -json plan (no format_version)`);
      continue;
    }
    plans.push({ stack, file, plan: json });
  }
  return { plans, errors };
}

function isPlanDocument(value: unknown): value is PlanDocument {
  return typeof value === "object" && value !== null && typeof (value as { format_version?: unknown }).format_version === "string";
}

/** create, update, replace, delete, read, no-op: the action a change amounts to. */
export type Action = "create" | "update" | "replace" | "delete" | "read" | "no-op";

/** The single action of a change (`["delete","create"]` and `["create","delete"]` are replaces). */
export function actionOf(change: Change): Action {
  const actions = change.actions;
  if (actions.includes("delete") && actions.includes("create")) return "replace";
  if (actions.includes("create")) return "create";
  if (actions.includes("delete")) return "delete";
  if (actions.includes("update")) return "update";
  if (actions.includes("read")) return "read";
  return "no-op";
}

/** Whether any part of a sensitivity marker (true, or an object/array holding true) is set. */
export function isSensitive(marker: unknown): boolean {
  if (marker === true) return true;
  if (Array.isArray(marker)) return marker.some(isSensitive);
  if (marker && typeof marker === "object") return Object.values(marker).some(isSensitive);
  return false;
}

/** The top-level attributes whose values differ between before and after, or are unknown until apply. */
export function changedAttributes(change: Change): string[] {
  const before = asObject(change.before);
  const after = asObject(change.after);
  const unknown = asObject(change.after_unknown);
  const keys = new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)]);
  return [...keys].filter((key) => isSensitive(unknown[key]) || JSON.stringify(before[key]) !== JSON.stringify(after[key])).sort();
}

/** How a value is shown: never a sensitive value, "(known after apply)" for unknown ones. */
export function showValue(value: unknown, sensitive: unknown, unknown: unknown): string {
  if (unknown === true) return "(known after apply)";
  if ((value === undefined || value === null) && !isSensitive(unknown)) return "(none)";
  if (isSensitive(sensitive)) return "(sensitive)";
  const text = JSON.stringify(maskUnknown(value, unknown));
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function maskUnknown(value: unknown, unknown: unknown): unknown {
  if (unknown === true) return "(known after apply)";
  if (Array.isArray(value)) return value.map((v, i) => maskUnknown(v, Array.isArray(unknown) ? unknown[i] : undefined));
  if (value && typeof value === "object") {
    const unknownKeys = Object.entries(asObject(unknown)).filter(([k, u]) => u === true && !(k in value)).map(([k]) => [k, "(known after apply)"]);
    return Object.fromEntries([...Object.entries(value).map(([k, v]) => [k, maskUnknown(v, asObject(unknown)[k])]), ...unknownKeys]);
  }
  if (value === null && unknown === undefined) return null;
  return value;
}

/** An attribute's sensitivity or unknown marker from a change's per-attribute markers. */
export function markerOf(markers: unknown, attribute: string): unknown {
  return markers === true ? true : asObject(markers)[attribute];
}

function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
