import * as fs from "node:fs";
import * as path from "node:path";
import { PLATFORM_STACK_ID } from "../../lib/verbund";
import { loadModel, synthAll, type StackJson } from "../helpers/synth";

/**
 * The resource addresses of every stack, recorded one file per Träger (so two onboarding pull
 * requests never touch the same record). A changed address means Terraform destroys and recreates
 * that resource in production: a refactor that renames a construct fails here first.
 * New Träger get their record written on a local `npm test`; CI (--ci) refuses missing records.
 */
const RECORDS = path.join(__dirname, "..", "addresses");
const model = loadModel();
const { stacks, platform } = synthAll(model);

/**
 * The platform stack has one federated credential per Träger (`deploy-<id>`): its record shows that
 * pattern once, so that onboarding a Träger never changes the platform's record. Their addresses are
 * derived from the Träger id, which never changes, so no existing credential is ever recreated.
 */
const traegerIds = new Set(model.traeger.map((t) => t.id));
function perTraegerPattern(address: string): string {
  const match = /^(azurerm_federated_identity_credential\.identities_deploy-deploy-)(.+)_[0-9A-F]{8}$/.exec(address);
  return match && traegerIds.has(match[2]!) ? `${match[1]}<traeger-id>_<hash> (one per Träger)` : address;
}

describe("resource addresses", () => {
  it.each([...model.traeger.map((t) => t.id), PLATFORM_STACK_ID])("of %s match the checked-in record", (id) => {
    const json: StackJson = id === PLATFORM_STACK_ID ? platform : stacks.get(id)!;
    const addresses = [
      ...new Set(
        Object.entries(json.resource)
          .flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`))
          .map((address) => (id === PLATFORM_STACK_ID ? perTraegerPattern(address) : address)),
      ),
    ].sort();
    const record = [
      `# Resource addresses of stack ${id}. A line that changes means Terraform destroys and recreates`,
      "# that resource. Update (npm test -- -u) only when that is what you intend.",
      ...addresses,
      "",
    ].join("\n");
    expect(record).toMatchFile(path.join(RECORDS, `${id}.txt`));
  });

  it("has no record of a Träger that no longer exists", () => {
    const ids = new Set([...model.traeger.map((t) => t.id), PLATFORM_STACK_ID]);
    const orphans = fs.readdirSync(RECORDS).filter((f) => f.endsWith(".txt") && !ids.has(f.replace(/\.txt$/, "")));
    expect(orphans).toEqual([]);
  });
});
