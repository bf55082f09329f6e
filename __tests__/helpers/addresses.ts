import { PLATFORM_STACK_ID } from "../../lib/verbund";
import type { StackJson } from "./synth";

/**
 * The platform stack has one federated credential per Träger (`deploy-<id>`): its record shows that
 * pattern once, so that onboarding a Träger never changes the platform's record. Their addresses are
 * derived from the Träger id, which never changes, so no existing credential is ever recreated.
 */
function perTraegerPattern(address: string, traegerIds: ReadonlySet<string>): string {
  const match = /^(azurerm_federated_identity_credential\.identities_deploy-deploy-)(.+)_[0-9A-F]{8}$/.exec(address);
  return match && traegerIds.has(match[2]!) ? `${match[1]}<traeger-id>_<hash> (one per Träger)` : address;
}

/**
 * The record of a stack's resource addresses, as checked in under __tests__/addresses/<id>.txt: a line
 * that changes means Terraform destroys and recreates that resource. `traegerIds` (the Verbund's
 * Träger) folds the platform stack's per-Träger credentials into one line.
 */
export function addressRecord(id: string, json: StackJson, traegerIds: ReadonlySet<string> = new Set()): string {
  const addresses = [
    ...new Set(
      Object.entries(json.resource)
        .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
        .map((address) => (id === PLATFORM_STACK_ID ? perTraegerPattern(address, traegerIds) : address)),
    ),
  ].sort();
  return [
    `# Resource addresses of stack ${id}. A line that changes means Terraform destroys and recreates`,
    "# that resource. Update (npm test -- -u) only when that is what you intend.",
    ...addresses,
    "",
  ].join("\n");
}
