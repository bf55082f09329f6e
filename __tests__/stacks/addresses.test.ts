import * as fs from "node:fs";
import * as path from "node:path";
import { addressRecord } from "../helpers/addresses";
import { loadModel, synthStacks } from "../helpers/synth";

/**
 * The resource addresses of every stack, recorded one file per Träger (so two onboarding pull
 * requests never touch the same record). A changed address means Terraform destroys and recreates
 * that resource in production: a refactor that renames a construct fails here first.
 * New Träger get their record written on a local `npm test`; CI (--ci) refuses missing records.
 */
const RECORDS = path.join(__dirname, "..", "addresses");
const model = loadModel();
const stacks = synthStacks(model);

describe("resource addresses", () => {
  it.each(model.traeger.map((t) => t.id))("of %s match the checked-in record", (id) => {
    expect(addressRecord(id, stacks.get(id)!)).toMatchFile(path.join(RECORDS, `${id}.txt`));
  });

  it("has no record of a Träger that no longer exists", () => {
    const ids = new Set(model.traeger.map((t) => t.id));
    const orphans = fs.readdirSync(RECORDS).filter((f) => f.endsWith(".txt") && !ids.has(f.replace(/\.txt$/, "")));
    expect(orphans).toEqual([]);
  });
});
