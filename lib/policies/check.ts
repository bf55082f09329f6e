/**
 * Checks one stack's final Terraform JSON (what `cdk.tf.json` holds) against the policy rules. Judging
 * the JSON rather than the constructs means nothing escapes the rules: resource overrides and
 * stack-level overrides of `resource.…` that no construct holds are in the JSON like everything else.
 */
import { TAGGABLE_RESOURCE_TYPES } from "./taggable-types";
import { POLICY_RULES, type PolicyRule, type ResourceView, type StackContext } from "./rules";

/** One broken rule: where (stack, resource address) and what. */
export interface PolicyViolation {
  readonly stack: string;
  readonly address: string;
  readonly rule: string;
  readonly message: string;
}

/** Formats a violation as the one line the synth prints. */
export function formatViolation(v: PolicyViolation): string {
  return `${v.stack}: ${v.address}: [${v.rule}] ${v.message}`;
}

/** Orders violations as the synth prints them: by stack, then by address, rules in their listed order. */
export function compareViolations(a: PolicyViolation, b: PolicyViolation): number {
  if (a.stack !== b.stack) return a.stack < b.stack ? -1 : 1;
  return a.address < b.address ? -1 : a.address > b.address ? 1 : 0;
}

/** What the checks need to know about the stack besides its JSON. */
export type StackFacts = Omit<StackContext, "resourceProviders" | "resourcesOfType">;

type Blocks = Record<string, Record<string, Record<string, unknown>>>;

/** Every violation of the rules in one stack's Terraform JSON, in resource order. */
export function checkStackJson(stack: string, json: { readonly resource?: Blocks }, facts: StackFacts, rules: readonly PolicyRule[] = POLICY_RULES): PolicyViolation[] {
  const resources = json.resource ?? {};
  const resourceProviders = new Map<string, string>();
  // for…in rather than Object.entries (the same order for JSON data): no array of pairs per type and stack.
  for (const type in resources) {
    const byName = resources[type]!;
    for (const name in byName) resourceProviders.set(`${type}.${name}`, providerAlias(byName[name]?.provider));
  }
  const viewOf = (type: string, name: string, config: Record<string, unknown> | undefined): ResourceView => {
    const attributes = config && typeof config === "object" ? config : {};
    return { type, address: `${type}.${name}`, taggable: TAGGABLE_RESOURCE_TYPES.has(type), attribute: (attribute) => attributes[attribute] };
  };
  const resourcesOfType = (type: string): ResourceView[] => Object.entries(resources[type] ?? {}).map(([name, config]) => viewOf(type, name, config));
  const context: StackContext = { ...facts, resourceProviders, resourcesOfType };
  const violations: PolicyViolation[] = [];
  for (const type in resources) {
    const byName = resources[type]!;
    for (const name in byName) {
      const view = viewOf(type, name, byName[name]);
      for (const rule of rules) {
        for (const message of rule.check(view, context)) violations.push({ stack, address: view.address, rule: rule.id, message });
      }
    }
  }
  return violations;
}

/** "" for the stack's default provider of a type, else the alias (`azurerm.hub` → `hub`). */
function providerAlias(provider: unknown): string {
  if (typeof provider !== "string") return "";
  const dot = provider.indexOf(".");
  return dot < 0 ? "" : provider.slice(dot + 1);
}
