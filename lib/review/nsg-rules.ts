/**
 * NSG rules compared by name (`security_rule` blocks of azurerm_network_security_group and
 * azurerm_network_security_rule resources): which rule was added, removed or changed, and whether the
 * change lets something new through (Deny turned Allow, a port opened, a source or destination widened,
 * a protocol widened, a Deny rule removed or moved behind others).
 */
import * as ipaddr from "ipaddr.js";
import { asObject } from "./plan-json";

/** One rule as the provider writes it (azurerm 4.x security_rule schema). */
export type Rule = Record<string, unknown>;

/** Rules keyed by name (a rule without a name is keyed by its position). */
export function rulesByName(value: unknown): Map<string, Rule> {
  const rules = Array.isArray(value) ? value : [];
  return new Map(rules.map((r, i) => [typeof asObject(r).name === "string" ? (asObject(r).name as string) : `#${i}`, asObject(r)]));
}

const list = (rule: Rule, single: string, many: string): string[] => {
  const values = [rule[single], ...(Array.isArray(rule[many]) ? (rule[many] as unknown[]) : [])].filter((v): v is string => typeof v === "string" && v !== "");
  return values.length > 0 ? values : [];
};

/** A one-line description of a rule: `Allow Inbound Tcp 3389 from 0.0.0.0/0 to 10.64.0.0/20 (priority 200)`. */
export function describeRule(rule: Rule): string {
  const ports = list(rule, "destination_port_range", "destination_port_ranges").join(",") || "*";
  const from = list(rule, "source_address_prefix", "source_address_prefixes").join(",") || (Array.isArray(rule.source_application_security_group_ids) && rule.source_application_security_group_ids.length > 0 ? "ASG" : "?");
  const to = list(rule, "destination_address_prefix", "destination_address_prefixes").join(",") || "?";
  const field = (key: string) => (typeof rule[key] === "string" || typeof rule[key] === "number" ? String(rule[key]) : "?");
  return `${field("access")} ${field("direction")} ${field("protocol")} port ${ports} from ${from} to ${to} (priority ${field("priority")})`;
}

/** Why a rule change lets something new through; empty when it does not. */
export function ruleWeakenings(before: Rule | undefined, after: Rule | undefined): string[] {
  if (!after) return before?.access === "Deny" ? [`Deny rule removed (was: ${describeRule(before)})`] : [];
  if (after.access !== "Allow") {
    if (before?.access === "Deny" && Number(after.priority) > Number(before.priority)) return [`Deny rule moved from priority ${String(before.priority)} to ${String(after.priority)}: rules before it now decide first`];
    return [];
  }
  if (!before) return [`new rule allows: ${describeRule(after)}`];
  if (before.access !== "Allow") return [`Deny turned Allow: ${describeRule(after)}`];
  const out: string[] = [];
  if (before.direction !== after.direction) out.push(`now allows ${String(after.direction)} traffic`);
  if (before.protocol !== "*" && after.protocol !== before.protocol) out.push(`protocol widened: ${String(before.protocol)} → ${String(after.protocol)}`);
  const ports = list(after, "destination_port_range", "destination_port_ranges").filter((p) => !portCovered(p, list(before, "destination_port_range", "destination_port_ranges")));
  if (ports.length > 0) out.push(`port opened: ${ports.join(", ")}`);
  for (const [side, single, many] of [["source", "source_address_prefix", "source_address_prefixes"], ["destination", "destination_address_prefix", "destination_address_prefixes"]] as const) {
    const widened = list(after, single, many).filter((p) => !prefixCovered(p, list(before, single, many)));
    if (widened.length > 0) out.push(`${side} widened: ${widened.join(", ")}`);
  }
  if (Number(after.priority) < Number(before.priority)) out.push(`Allow rule moved earlier: priority ${String(before.priority)} → ${String(after.priority)}`);
  return out.map((reason) => `${reason} (${describeRule(after)})`);
}

function portCovered(port: string, ranges: readonly string[]): boolean {
  if (ranges.includes("*")) return true;
  if (port === "*") return false;
  const [lo, hi] = bounds(port);
  return ranges.some((r) => {
    const [a, b] = bounds(r);
    return a <= lo && hi <= b;
  });
}

/** A port range `a-b` (or one port) as its bounds. */
export function bounds(range: string): [number, number] {
  const [a, b] = range.split("-").map((n) => Number(n.trim()));
  return [a ?? Number.NaN, b ?? a ?? Number.NaN];
}

const ANY = new Set(["*", "0.0.0.0/0", "Internet", "any"]);

/** Whether every address of `prefix` lies inside one of `before` (a service tag or "*" only by equality). */
export function prefixCovered(prefix: string, before: readonly string[]): boolean {
  if (before.includes("*") || before.includes(prefix)) return true;
  if (ANY.has(prefix)) return false;
  const inner = cidr(prefix);
  if (!inner) return false;
  return before.some((b) => {
    const outer = cidr(b);
    return outer !== undefined && outer[1] <= inner[1] && inner[0].match(outer[0], outer[1]);
  });
}

function cidr(text: string): [ipaddr.IPv4, number] | undefined {
  try {
    const parsed = text.includes("/") ? ipaddr.IPv4.parseCIDR(text) : ([ipaddr.IPv4.parse(text), 32] as [ipaddr.IPv4, number]);
    return parsed;
  } catch {
    return undefined;
  }
}
