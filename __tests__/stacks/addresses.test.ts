import * as fs from "node:fs";
import * as path from "node:path";
import { PLATFORM_STACK_ID, subscriptionStackId } from "../../lib/verbund";
import { addressRecord } from "../helpers/addresses";
import { loadModel, synthAll, type StackJson } from "../helpers/synth";

/**
 * The resource addresses of every stack, recorded one file per Träger (so two onboarding pull
 * requests never touch the same record). A changed address means Terraform destroys and recreates
 * that resource in production: a refactor that renames a construct fails here first.
 * New Träger get their record written on a local `npm test`; CI (--ci) refuses missing records.
 */
const RECORDS = path.join(__dirname, "..", "addresses");
const model = loadModel();
const { stacks, subscriptions, platform } = synthAll(model);
const bySubscriptionStack = new Map(model.traeger.map((t) => [subscriptionStackId(t.id), subscriptions.get(t.id)!]));

const traegerIds = new Set(model.traeger.map((t) => t.id));

describe("resource addresses", () => {
  it.each([...model.traeger.flatMap((t) => [t.id, subscriptionStackId(t.id)]), PLATFORM_STACK_ID])("of %s match the checked-in record", (id) => {
    const json: StackJson = id === PLATFORM_STACK_ID ? platform : (stacks.get(id) ?? bySubscriptionStack.get(id)!);
    expect(addressRecord(id, json, traegerIds)).toMatchFile(path.join(RECORDS, `${id}.txt`));
  });

  it("has no record of a Träger that no longer exists", () => {
    const ids = new Set([...model.traeger.flatMap((t) => [t.id, subscriptionStackId(t.id)]), PLATFORM_STACK_ID]);
    const orphans = fs.readdirSync(RECORDS).filter((f) => f.endsWith(".txt") && !ids.has(f.replace(/\.txt$/, "")));
    expect(orphans).toEqual([]);
  });
});
