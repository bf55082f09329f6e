import * as path from "node:path";
import { driftOf, renderDriftReport } from "../../lib/review/drift-report";
import { readPlans } from "../../lib/review/plan-json";
import { renderPlanSummary } from "../../lib/review/plan-render";
import { summarizePlan } from "../../lib/review/plan-summary";
import { sharedPlanFixtures } from "../helpers/files";

const SHARED = sharedPlanFixtures();
const load = (file: string) => {
  const { plans, errors } = readPlans([path.join(SHARED, file)]);
  expect(errors).toEqual([]);
  return plans[0]!;
};

const C = (create: number, update: number, replace: number, del: number) => ({ create, update, replace, delete: del, forget: 0 });

describe("plan summary conformance with Terraform's show -json", () => {
  it.each([
    ["basic-create.json", C(3, 0, 0, 0), ["test"]],
    ["basic-delete.json", C(0, 1, 0, 1), ["test"]],
    ["basic-update.json", C(0, 0, 0, 0), []],
    ["conditions.json", C(2, 0, 0, 0), ["foo_id"]],
    ["conditions-refresh-only.json", C(0, 0, 0, 0), ["foo_id"]],
    ["drift.json", C(0, 2, 0, 0), []],
    ["module-depends-on.json", C(1, 0, 0, 0), []],
    ["modules.json", C(4, 0, 0, 0), ["test"]],
    ["moved-drift.json", C(0, 2, 0, 0), []],
    ["moved.json", C(0, 1, 0, 0), []],
    ["multi-resource-update.json", C(1, 0, 0, 0), []],
    ["nested-modules.json", C(1, 0, 0, 0), []],
    ["provider-aliasing-conflict.json", C(2, 0, 0, 0), []],
    ["provider-aliasing-default.json", C(4, 0, 0, 0), []],
    ["provider-aliasing.json", C(10, 0, 0, 0), []],
    ["provider-version-no-config.json", C(3, 0, 0, 0), ["test"]],
    ["provider-version.json", C(3, 0, 0, 0), ["test"]],
    ["requires-replace.json", C(0, 0, 1, 0), []],
    ["sensitive-values.json", C(1, 0, 0, 0), ["test"]],
    ["unknown-output.json", C(0, 0, 0, 0), ["bar", "baz", "foo"]],
  ])("%s: counts per action and changed outputs", (file, counts, outputs) => {
    const summary = summarizePlan(load(file));
    expect(summary.errored).toBe(false);
    expect(summary.counts).toEqual(counts);
    expect(summary.outputs.map((o) => o.name)).toEqual(outputs);
    expect(summary.blocked).toEqual([]);
  });

  it("reports moved addresses", () => {
    expect(summarizePlan(load("moved.json")).moves).toEqual([{ from: "test_instance.foo", to: "test_instance.baz" }]);
    expect(summarizePlan(load("moved-drift.json")).moves).toEqual([{ from: "test_instance.should_refresh", to: "test_instance.should_refresh_with_move" }]);
    expect(summarizePlan(load("multi-resource-update.json")).moves).toEqual([{ from: "test_instance.test", to: "test_instance.test[0]" }]);
    expect(renderPlanSummary([summarizePlan(load("moved.json"))]).markdown).toContain("- <code>test_instance.foo</code> → <code>test_instance.baz</code>");
  });

  it("names the attributes that change and that force a replacement, in modules too", () => {
    const replace = summarizePlan(load("requires-replace.json"));
    expect(replace.resources).toMatchObject([{ address: "test_instance.test", type: "test_instance", action: "replace", changedAttributes: ["ami", "id"], forcesReplacement: ["ami"] }]);
    expect(replace.resources[0]!.attributes[0]).toEqual({ name: "ami", before: '"bar"', after: '"force-replace"', forcesReplacement: true });
    expect(summarizePlan(load("basic-delete.json")).resources.map((r) => [r.address, r.action])).toEqual([
      ["test_instance.test", "update"],
      ["test_instance.test-delete", "delete"],
    ]);
    expect(summarizePlan(load("modules.json")).resources.map((r) => r.address)).toContain("module.module_test_foo.test_instance.test[2]");
  });

  it("never prints sensitive values", () => {
    const summary = summarizePlan(load("sensitive-values.json"));
    expect(summary.outputs).toEqual([{ name: "test", action: "create", before: "(none)", after: "(sensitive)" }]);
    const markdown = renderPlanSummary([summary]).markdown;
    expect(markdown).not.toContain("boop");
    expect(JSON.stringify(summary)).not.toContain("boop");
  });

  it("shows values unknown until apply as (known after apply)", () => {
    const outputs = Object.fromEntries(summarizePlan(load("unknown-output.json")).outputs.map((o) => [o.name, o.after]));
    expect(outputs).toEqual({ bar: '["hello","(known after apply)","world"]', baz: '{"greeting":"hello","subject":"world","time":"(known after apply)"}', foo: '"hello"' });
  });

  it("reports an errored plan as an error, not as no changes", () => {
    const summary = summarizePlan(load("plan-error.json"));
    expect(summary.errored).toBe(true);
    const markdown = renderPlanSummary([summary]).markdown;
    expect(markdown).toContain("**the plan failed**");
    expect(markdown).not.toContain("No changes.");
  });
});

describe("drift report conformance with Terraform's show -json", () => {
  it.each([
    ["drift.json", [{ address: "test_instance.should_refresh", type: "test_instance", kind: "changed", attributes: [{ name: "ami", before: '"refresh-me"', after: '"refreshed"' }], blocks: [], warnings: [] }]],
    ["moved-drift.json", [{ address: "test_instance.should_refresh_with_move", type: "test_instance", kind: "changed", attributes: [{ name: "ami", before: '"refresh-me"', after: '"refreshed"' }], blocks: [], warnings: [] }]],
    ["conditions-refresh-only.json", []],
    ["basic-update.json", []],
  ])("%s: drift entries", (file, drifted) => {
    expect(driftOf(load(file)).drifted).toEqual(drifted);
  });

  it("reports a failed refresh as failed, not as no drift", () => {
    const drift = driftOf(load("plan-error.json"));
    expect(drift.errored).toBe(true);
    expect(renderDriftReport([drift])).toContain("⛔ Could not be checked: drift is unknown, not absent.");
  });
});
