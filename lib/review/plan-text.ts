/**
 * The whole plan of a stack as text, in the spirit of `terraform show`: every change with all its
 * attribute values (sensitive ones masked, nothing shortened), changes outside Terraform, and outputs.
 * It goes into a collapsed <details> of the comment, escaped there as preformatted text.
 */
import { stripTerminal as one } from "./escape";
import { type Action, asObject, type PlanDocument, type ResourceChange } from "./plan-json";

const VERB: Readonly<Record<Action, string>> = {
  create: "will be created",
  update: "will be updated in place",
  replace: "will be replaced",
  delete: "will be destroyed",
  forget: "will be removed from state and no longer managed (forget)",
  read: "will be read",
  "no-op": "is unchanged",
};
const SIGN: Readonly<Record<Action, string>> = { create: "+", update: "~", replace: "±", delete: "-", forget: "⊘", read: "<", "no-op": " " };

/** The plan of one stack as text. */
export function planText(plan: PlanDocument, actionOf: (rc: ResourceChange) => Action, azureName: (rc: ResourceChange) => string | undefined): string {
  const lines: string[] = [];
  const drift = (plan.resource_drift ?? []).filter((d) => actionOf(d) !== "no-op");
  if (drift.length > 0) {
    lines.push("Changes outside Terraform (found by the refresh):", "");
    for (const d of drift) lines.push(...resourceLines(d, actionOf(d) === "delete" ? "was deleted outside Terraform" : "was changed outside Terraform", actionOf(d), azureName(d)));
  }
  const changes = (plan.resource_changes ?? []).filter((rc) => actionOf(rc) !== "no-op");
  for (const rc of changes) lines.push(...resourceLines(rc, VERB[actionOf(rc)], actionOf(rc), azureName(rc)));
  const outputs = Object.entries(plan.output_changes ?? {}).filter(([, c]) => !c.actions.every((a) => a === "no-op"));
  if (outputs.length > 0) {
    lines.push("Outputs:", "");
    for (const [name, c] of outputs) lines.push(`  ${one(name)}: ${value(c.before)} -> ${c.after_unknown === true ? "(known after apply)" : value(c.after)}`);
    lines.push("");
  }
  return lines.length > 0 ? lines.join("\n").trimEnd() : "No changes.";
}

function resourceLines(rc: ResourceChange, verb: string, action: Action, name: string | undefined): string[] {
  const before = asObject(rc.change.before);
  const after = asObject(rc.change.after);
  const unknown = asObject(rc.change.after_unknown);
  const replacing = new Set((rc.change.replace_paths ?? []).map((p) => String(p[0])));
  // Addresses and names are plan data: one line each, control characters shown, never raw.
  const lines = [`# ${one(rc.address)}${name ? ` (${one(name)})` : ""} ${verb}${rc.previous_address && rc.previous_address !== rc.address ? ` (moved from ${one(rc.previous_address)})` : ""}`];
  lines.push(`${SIGN[action]} resource ${JSON.stringify(rc.type)} ${JSON.stringify(rc.name)} {`);
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])].sort();
  let unchanged = 0;
  for (const key of keys) {
    const b = rc.change.before == null ? undefined : before[key];
    const a = unknown[key] === true ? "(known after apply)" : rc.change.after == null ? undefined : after[key];
    const same = JSON.stringify(b) === JSON.stringify(a);
    if (action === "create" || (action === "read" && rc.change.before == null)) {
      if (a !== null && a !== undefined) lines.push(`    + ${one(key)} = ${value(a)}`);
    } else if (action === "delete" || action === "forget") {
      if (b !== null && b !== undefined) lines.push(`    - ${one(key)} = ${value(b)}`);
    } else if (same) {
      unchanged += 1;
    } else {
      lines.push(`    ~ ${one(key)} = ${value(b)} -> ${value(a)}${replacing.has(key) ? "   # forces replacement" : ""}`);
    }
  }
  if (unchanged > 0) lines.push(`      (${unchanged} unchanged attribute${unchanged === 1 ? "" : "s"} hidden)`);
  lines.push("  }", "");
  return lines;
}

function value(v: unknown): string {
  return v === undefined || v === null ? "null" : (JSON.stringify(v) ?? "null");
}
