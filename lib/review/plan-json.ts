/**
 * Reading `terraform show -json` documents (plans and refresh-only plans). Only the parts the review
 * tools use are typed; the shape of those parts is checked, so that a malformed plan is an error that
 * names its file and never a summary that looks clean. Works for any provider.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { MASKED_CHANGED } from "./mask";

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

/** The major version of Terraform's JSON plan format this tool reads (Terraform 1.x writes "1.x"). */
export const SUPPORTED_FORMAT_MAJOR = 1;

/** Every action Terraform 1.11 writes into a change (`forget` since 1.7's `removed` blocks). */
const KNOWN_ACTIONS: ReadonlySet<string> = new Set(["no-op", "create", "read", "update", "delete", "forget"]);

/** The stack a plan belongs to, from its file name: `boizenburg-elbe.json`, `boizenburg-elbe.plan.json`. */
export function stackNameFromFile(file: string): string {
  return path.basename(file).replace(/(\.plan)?\.json$/, "").replace(/\.tfplan$/, "");
}

/**
 * Reads plan files given as `file` or `name=file`. Returns the plans, or one line per problem of each
 * unusable file (naming the file and, where it helps, the field).
 */
export function readPlans(inputs: readonly string[]): { plans: StackPlan[]; errors: string[] } {
  const plans: StackPlan[] = [];
  const errors: string[] = [];
  for (const input of inputs) {
    const eq = input.indexOf("=");
    const [stack, file] = eq > 0 && !fs.existsSync(input) ? [input.slice(0, eq), input.slice(eq + 1)] : [stackNameFromFile(input), input];
    const parsed = parsePlanText(file);
    if ("problems" in parsed) errors.push(...parsed.problems.map((p) => `${file}: ${p}`));
    else plans.push({ stack, file, plan: parsed.plan });
  }
  return { plans, errors };
}

/** Reads and checks one plan file; problems are one line each, without the file name. */
export function parsePlanText(file: string): { plan: PlanDocument } | { problems: string[] } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { problems: [`cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`] };
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { problems: ["is not UTF-8 text (Terraform writes UTF-8; this file was altered or is not a plan)"] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`is not JSON (${(error as Error).message})`] };
  }
  const problems = planProblems(json);
  return problems.length > 0 ? { problems } : { plan: json as PlanDocument };
}

/** What is wrong with a parsed document as a plan, one line per problem (empty when it is usable). */
export function planProblems(json: unknown): string[] {
  if (!isObject(json) || typeof json.format_version !== "string") return ["is not a terraform show -json plan (no format_version)"];
  const major = Number(/^(\d+)\./.exec(json.format_version)?.[1]);
  if (major !== SUPPORTED_FORMAT_MAJOR) return [`format_version "${json.format_version.slice(0, 20)}" is not supported (this tool reads ${SUPPORTED_FORMAT_MAJOR}.x, written by Terraform 1.x)`];
  const problems: string[] = [];
  if (json.errored !== undefined && typeof json.errored !== "boolean") problems.push("errored: must be true or false");
  for (const list of ["resource_changes", "resource_drift"] as const) {
    const entries = json[list];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      problems.push(`${list}: must be an array`);
      continue;
    }
    entries.forEach((entry: unknown, i) => {
      const at = `${list}[${i}]`;
      if (!isObject(entry)) return void problems.push(`${at}: must be an object`);
      for (const key of ["address", "type"] as const) if (typeof entry[key] !== "string" || entry[key] === "") problems.push(`${at}.${key}: must be a non-empty string`);
      if (entry.name !== undefined && typeof entry.name !== "string") problems.push(`${at}.name: must be a string`);
      problems.push(...changeProblems(entry.change, `${at}.change`));
    });
  }
  if (json.output_changes !== undefined) {
    if (!isObject(json.output_changes)) problems.push("output_changes: must be an object");
    else for (const [name, change] of Object.entries(json.output_changes)) problems.push(...changeProblems(change, `output_changes.${name}`));
  }
  return problems;
}

function changeProblems(change: unknown, at: string): string[] {
  if (!isObject(change)) return [`${at}: must be an object with actions`];
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0) return [`${at}.actions: missing or empty (every change names its actions)`];
  const unknown = actions.filter((a) => typeof a !== "string" || !KNOWN_ACTIONS.has(a));
  if (unknown.length > 0) return [`${at}.actions: unknown action ${JSON.stringify(unknown[0]).slice(0, 40)} (known: ${[...KNOWN_ACTIONS].join(", ")})`];
  if (change.replace_paths !== undefined && !(Array.isArray(change.replace_paths) && change.replace_paths.every(Array.isArray))) return [`${at}.replace_paths: must be an array of paths`];
  return [];
}

/** create, update, replace, delete, forget, read, no-op: the action a change amounts to. */
export type Action = "create" | "update" | "replace" | "delete" | "forget" | "read" | "no-op";

/**
 * The single action of a change (`["delete","create"]` and `["create","delete"]` are replaces).
 * `forget` (Terraform 1.7+ `removed` blocks, also `["create","forget"]`) drops a resource from state:
 * it is left unmanaged, which for data means unprotected, so it is reviewed like a delete.
 */
export function actionOf(change: Change): Action {
  const actions = change.actions;
  if (actions.includes("forget")) return "forget";
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

/** How a value is shown: never a sensitive value, "(known after apply)" for unknown ones; long ones shortened. */
export function showValue(value: unknown, sensitive: unknown, unknown: unknown, max = 80): string {
  if (unknown === true) return "(known after apply)";
  if ((value === undefined || value === null) && !isSensitive(unknown)) return "(none)";
  if (value === MASKED_CHANGED) return MASKED_CHANGED;
  if (isSensitive(sensitive)) return "(sensitive)";
  const text = JSON.stringify(maskUnknown(value, unknown)) ?? "(none)";
  return text.length > max ? `${text.slice(0, max - 3)}…` : text;
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

/** Sorted keys all the way down, so equal plans serialise equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The value as a plain object, or an empty one. */
export function asObject(value: unknown): Record<string, unknown> {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
