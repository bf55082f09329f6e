/**
 * ⚠ for the guardrails Azure enforces (lib/constructs/platform/policies.ts): an assignment that stops
 * being enforced or denies less, changed parameters, exclusions added, a definition whose rule, mode or
 * parameters change, the decommissioned management group moved. Attribute names as
 * hashicorp/terraform-provider-azurerm v4.55.0 defines them: internal/services/policy/assignment_resource_base.go
 * (enforce, parameters, not_scopes, overrides, resource_selectors), policy_definition_resource.go
 * (policy_rule, mode, parameters), managementgroup/management_group_resource.go (parent_management_group_id).
 * Removing or replacing any of them is ⛔ (guards.ts).
 */
import { type Action, canonicalJson } from "./plan-json";

/** Effects from strongest to weakest: a step to the right weakens the assignment. */
const EFFECT_STRENGTH = ["denyaction", "deny", "audit", "auditifnotexists", "disabled"];

const parseJson = (value: unknown): Record<string, { value?: unknown }> => {
  if (typeof value !== "string" || value === "") return {};
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, { value?: unknown }>) : {};
  } catch {
    return {};
  }
};
/** A JSON text (policy_rule, parameters) or a value, with sorted keys: equal content compares equal. */
const canonical = (value: unknown): string => {
  if (typeof value === "string") {
    try {
      return canonicalJson(JSON.parse(value));
    } catch {
      return value;
    }
  }
  return canonicalJson(value);
};
const listOf = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);

/** Why an update of a policy assignment, policy definition or the decommissioned management group weakens a guardrail. */
export function policyWeakenings(type: string, action: Action, before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  if (action === "create" || action === "delete" || action === "forget") return [];
  const reasons: string[] = [];
  const changed = (attribute: string) => attribute in after && canonical(before[attribute] ?? null) !== canonical(after[attribute] ?? null);
  if (type === "azurerm_management_group_policy_assignment") {
    if (before.enforce === true && after.enforce === false) reasons.push("policy assignment no longer enforced (enforce: true → false): Azure only reports what it denied before");
    const [b, a] = [parseJson(before.parameters), parseJson(after.parameters)];
    const effect = (p: Record<string, { value?: unknown }>) => String(p.effect?.value ?? "").toLowerCase();
    if (effect(b) && effect(a) !== effect(b) && EFFECT_STRENGTH.indexOf(effect(a) || "disabled") > EFFECT_STRENGTH.indexOf(effect(b))) {
      reasons.push(`policy effect weakened: ${String(b.effect?.value)} → ${String(a.effect?.value ?? "(removed)")}`);
    }
    for (const name of [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((n) => n !== "effect").sort()) {
      if (canonical(b[name]?.value ?? null) !== canonical(a[name]?.value ?? null)) reasons.push(`policy parameter ${name} changed: ${JSON.stringify(b[name]?.value ?? null)} → ${JSON.stringify(a[name]?.value ?? null)}`);
    }
    const added = listOf(after.not_scopes).filter((s) => !listOf(before.not_scopes).includes(s));
    if (added.length > 0) reasons.push(`policy assignment excludes scopes: ${added.join(", ")}`);
    for (const attribute of ["overrides", "resource_selectors"]) if (changed(attribute)) reasons.push(`policy assignment ${attribute} changed: it may change the effect or narrow what is judged`);
  }
  if (type === "azurerm_policy_definition") {
    for (const attribute of ["policy_rule", "mode", "parameters"]) if (changed(attribute)) reasons.push(`policy definition ${attribute} changed: every assignment of it judges differently`);
  }
  if (type === "azurerm_management_group" && changed("parent_management_group_id")) {
    reasons.push(`management group moved: ${JSON.stringify(before.parent_management_group_id ?? null)} → ${JSON.stringify(after.parent_management_group_id ?? null)} (its subscriptions leave the guardrails of the old parent)`);
  }
  return reasons;
}
