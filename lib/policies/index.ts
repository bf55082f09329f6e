/** Policy checks run on every synth, the Azure Policy assignments that mirror them, and their documentation. */
export { checkStackJson, compareViolations, formatViolation, type PolicyViolation, type StackFacts } from "./check";
export { POLICY_RULES, type PolicyRule, REQUIRED_TAGS } from "./rules";
export { type PolicyDocFacts, policyDocFactsOf, renderPolicyList } from "./render";
