import type { StackJson } from "./synth";

/**
 * The record of a stack's resource addresses, as checked in under __tests__/addresses/<id>.txt: a line
 * that changes means Terraform destroys and recreates that resource.
 */
export function addressRecord(id: string, json: StackJson): string {
  const addresses = Object.entries(json.resource)
    .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
    .sort();
  return [
    `# Resource addresses of stack ${id}. A line that changes means Terraform destroys and recreates`,
    "# that resource. Update (npm test -- -u) only when that is what you intend.",
    ...addresses,
    "",
  ].join("\n");
}
