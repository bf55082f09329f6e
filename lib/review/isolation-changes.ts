/**
 * ⚠ for changes that weaken the isolation Azure enforces (Azure Virtual Network Manager security admin
 * rules, lib/constructs/platform/network-manager.ts) or the Entra logs the security operations centre
 * reads. Attribute names as hashicorp/terraform-provider-azurerm v4.55.0 defines them:
 * internal/services/network/network_manager_admin_rule_resource.go (action Allow|AlwaysAllow|Deny,
 * source/destination blocks of address_prefix and address_prefix_type, destination_port_ranges,
 * priority 1–4096), network_manager_admin_rule_collection_resource.go (network_group_ids),
 * network_manager_static_member_resource.go, network_manager_deployment_resource.go
 * (configuration_ids, location), network_manager_security_admin_configuration_resource.go
 * (apply_on_network_intent_policy_based_services All|AllowRulesOnly|None), network_manager_resource.go
 * (scope, scope_accesses), monitor/monitor_aad_diagnostic_setting_resource.go (enabled_log.category).
 */
import { bounds, prefixCovered } from "./nsg-rules";
import type { Action, ResourceChange } from "./plan-json";

type Values = Record<string, unknown>;

/** Resource types of the isolation and the Entra logs that this module judges. */
export const ISOLATION_REVIEW_TYPES: ReadonlySet<string> = new Set([
  "azurerm_network_manager",
  "azurerm_network_manager_network_group",
  "azurerm_network_manager_security_admin_configuration",
  "azurerm_network_manager_admin_rule_collection",
  "azurerm_network_manager_admin_rule",
  "azurerm_network_manager_deployment",
  "azurerm_network_manager_static_member",
  "azurerm_monitor_aad_diagnostic_setting",
]);

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const prefixesOf = (value: unknown): string[] =>
  (Array.isArray(value) ? value : []).map((p) => (p && typeof p === "object" ? (p as Values).address_prefix : undefined)).filter((p): p is string => typeof p === "string");

/** Ports of `inner` not inside `outer` (empty list = every port). */
function portsNotCovered(inner: readonly string[], outer: readonly string[]): string[] {
  if (outer.length === 0) return [];
  if (inner.length === 0) return ["*"];
  return inner.filter((p) => {
    const [lo, hi] = bounds(p);
    return !outer.some((o) => {
      const [a, b] = bounds(o);
      return a <= lo && hi <= b;
    });
  });
}

/** `Deny Inbound Any ports * from 10.72.0.0/13 to 10.64.0.0/12 (priority 2026)`. */
export function describeAdminRule(rule: Values): string {
  const ports = strings(rule.destination_port_ranges).join(",") || "*";
  const side = (v: unknown) => prefixesOf(v).join(",") || "*";
  return `${String(rule.action ?? "?")} ${String(rule.direction ?? "?")} ${String(rule.protocol ?? "?")} ports ${ports} from ${side(rule.source)} to ${side(rule.destination)} (priority ${String(rule.priority ?? "?")})`;
}

const LET_THROUGH: Readonly<Record<string, number>> = { Deny: 0, Allow: 1, AlwaysAllow: 2 };

/** Why an admin rule change lets something new through (or stops stopping it); empty when it does not. */
export function adminRuleWeakenings(before: Values | undefined, after: Values | undefined): string[] {
  if (!after) return before ? [`admin rule removed (was: ${describeAdminRule(before)})${before.action === "Deny" ? ": what it denied is left to the NSGs the Träger can edit" : ""}`] : [];
  if (!before) return after.action === "Deny" ? [] : [`new admin rule ${String(after.action)}: ${describeAdminRule(after)}${after.action === "AlwaysAllow" ? " (skips every NSG)" : " (ends the admin evaluation before later denies)"}`];
  const out: string[] = [];
  const [b, a] = [LET_THROUGH[String(before.action)] ?? 0, LET_THROUGH[String(after.action)] ?? 0];
  if (a > b) out.push(`action ${String(before.action)} → ${String(after.action)}`);
  if (before.direction !== after.direction) out.push(`direction ${String(before.direction)} → ${String(after.direction)}`);
  const deny = before.action === "Deny" && after.action === "Deny";
  const allow = after.action !== "Deny";
  const [from, to] = deny ? [after, before] : [before, after];
  // A Deny weakens when it matches less; an Allow when it matches more.
  if ((deny || allow) && from.protocol !== "Any" && to.protocol !== from.protocol) out.push(`protocol ${String(before.protocol)} → ${String(after.protocol)}`);
  const ports = portsNotCovered(strings(to.destination_port_ranges), strings(from.destination_port_ranges));
  if (ports.length > 0) out.push(`${deny ? "ports no longer denied" : "ports opened"}: ${ports.join(", ")}`);
  for (const side of ["source", "destination"] as const) {
    const gone = prefixesOf(to[side]).filter((p) => !prefixCovered(p, prefixesOf(from[side])));
    if (gone.length > 0) out.push(`${deny ? `${side} no longer denied` : `${side} widened`}: ${gone.join(", ")}`);
  }
  const [pb, pa] = [Number(before.priority), Number(after.priority)];
  if (after.action === "Deny" && pa > pb) out.push(`Deny moved later: priority ${pb} → ${pa}`);
  if (allow && pa < pb) out.push(`${String(after.action)} moved earlier: priority ${pb} → ${pa}`);
  return out.map((reason) => `admin rule weakened, ${reason} (${describeAdminRule(after)})`);
}

/** What the intent-policy setting lets through: with "All" every rule applies; "None" skips them; "AllowRulesOnly" applies only allows. */
const INTENT_RANK = ["AllowRulesOnly", "None", "All"];

/** The isolation and Entra-log weakenings of one resource change. */
export function isolationWeakenings(rc: ResourceChange, action: Action, before: Values, after: Values): string[] {
  const gone = action === "delete" || action === "forget";
  const created = action === "create";
  switch (rc.type) {
    case "azurerm_network_manager_admin_rule":
      return adminRuleWeakenings(created ? undefined : before, gone ? undefined : after);
    case "azurerm_network_manager_admin_rule_collection": {
      if (gone) return [`admin rule collection "${String(before.name ?? rc.name)}" removed: its rules stop applying to ${strings(before.network_group_ids).join(", ") || "its network groups"}`];
      if (created) return [];
      const dropped = strings(before.network_group_ids).filter((g) => !strings(after.network_group_ids).includes(g));
      return dropped.length > 0 ? [`admin rule collection "${String(after.name)}" no longer applies to ${dropped.join(", ")}`] : [];
    }
    case "azurerm_network_manager_static_member":
      if (gone) return [`VNet ${String(before.target_virtual_network_id ?? "?")} leaves network group ${String(before.network_group_id ?? "?").split("/").pop()}: its security admin rules stop applying to it`];
      return !created && before.network_group_id !== after.network_group_id ? [`static member moves from ${String(before.network_group_id)} to ${String(after.network_group_id)}`] : [];
    case "azurerm_network_manager_network_group":
      return gone ? [`network group "${String(before.name ?? rc.name)}" removed: its members lose the admin rules that apply to it`] : [];
    case "azurerm_network_manager_deployment": {
      if (gone) return [`security admin configuration no longer committed in ${String(before.location ?? "?")}: no admin rule applies there`];
      if (created) return [];
      const dropped = strings(before.configuration_ids).filter((c) => !strings(after.configuration_ids).includes(c));
      return dropped.length > 0 ? [`commit in ${String(after.location)} drops ${dropped.join(", ")}`] : [];
    }
    case "azurerm_network_manager_security_admin_configuration": {
      if (gone) return [`security admin configuration "${String(before.name ?? rc.name)}" removed: every admin rule goes with it`];
      const [b, a] = [strings(before.apply_on_network_intent_policy_based_services)[0] ?? "None", strings(after.apply_on_network_intent_policy_based_services)[0] ?? "None"];
      return !created && INTENT_RANK.indexOf(a) < INTENT_RANK.indexOf(b) ? [`apply_on_network_intent_policy_based_services ${b} → ${a}`] : [];
    }
    case "azurerm_network_manager": {
      if (gone) return ["network manager removed: no security admin rule applies to any Träger"];
      if (created) return [];
      const out: string[] = [];
      if (strings(before.scope_accesses).includes("SecurityAdmin") && !strings(after.scope_accesses).includes("SecurityAdmin")) out.push("scope access SecurityAdmin removed: the admin rules stop applying");
      const scope = (v: Values) => JSON.stringify(v.scope ?? null);
      if (scope(before) !== scope(after)) out.push(`scope changed: ${scope(before)} → ${scope(after)}`);
      return out;
    }
    case "azurerm_monitor_aad_diagnostic_setting": {
      if (gone) return ["Entra ID sign-in and audit logs stop reaching the central workspace"];
      if (created) return [];
      const categories = (v: Values) => (Array.isArray(v.enabled_log) ? v.enabled_log : []).map((l) => String((l as Values).category));
      const dropped = categories(before).filter((c) => !categories(after).includes(c));
      const out = dropped.length > 0 ? [`Entra log categories no longer sent: ${dropped.join(", ")}`] : [];
      if ("log_analytics_workspace_id" in after && before.log_analytics_workspace_id !== after.log_analytics_workspace_id) out.push(`Entra logs go to another workspace: ${String(after.log_analytics_workspace_id)}`);
      return out;
    }
    default:
      return [];
  }
}
