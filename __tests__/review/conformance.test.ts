import * as fs from "node:fs";
import * as path from "node:path";
import { driftOf, renderDriftReport } from "../../lib/review/drift-report";
import { readPlans } from "../../lib/review/plan-json";
import { renderPlanSummary } from "../../lib/review/plan-render";
import { summarizePlan } from "../../lib/review/plan-summary";
import { TERRAFORM_PLANS } from "../helpers/files";

/**
 * Conformance with Terraform's own `terraform show -json`: every fixture here was written by
 * Terraform 1.11.4 itself (fixtures/terraform-plans/make.sh), with the built-in terraform_data resource.
 */
const load = (file: string) => {
  const { plans, errors } = readPlans([path.join(TERRAFORM_PLANS, file)]);
  expect(errors).toEqual([]);
  return plans[0]!;
};
const raw = (file: string) => JSON.parse(fs.readFileSync(path.join(TERRAFORM_PLANS, file), "utf8")) as { terraform_version: string; resource_changes?: { address: string; change: { actions: string[] } }[] };

/** The stack context of a synthesized stack whose `addresses` carry prevent_destroy. */
const guarded = (...addresses: string[]) => ({ protectedAddresses: new Set(addresses), pools: [], names: new Map<string, string>() });

const C = (create: number, update: number, replace: number, del: number) => ({ create, update, replace, delete: del, forget: 0 });

describe("the plan fixtures", () => {
  it("were written by Terraform 1.11.4 and hold the action each is named for", () => {
    const actions = (file: string) => (raw(file).resource_changes ?? []).map((rc) => `${rc.address}:${rc.change.actions.join("+")}`);
    for (const file of fs.readdirSync(TERRAFORM_PLANS).filter((f) => f.endsWith(".json"))) expect([file, raw(file).terraform_version]).toEqual([file, "1.11.4"]);
    expect(actions("forget.json")).toEqual(["terraform_data.vault:forget"]);
    expect(actions("replace.json")).toEqual(["terraform_data.storage:delete+create"]);
    expect(actions("moved.json")).toEqual(["terraform_data.renamed:no-op"]);
  });
});

describe("plan summary conformance with Terraform's show -json", () => {
  it.each([
    ["create.json", C(2, 0, 0, 0), ["vault"]],
    ["update.json", C(0, 1, 0, 0), []],
    ["replace.json", C(0, 0, 1, 0), []],
    ["delete.json", C(0, 0, 0, 1), []],
    ["forget.json", { ...C(0, 0, 0, 0), forget: 1 }, []],
    ["moved.json", C(0, 0, 0, 0), []],
    ["no-changes.json", C(0, 0, 0, 0), []],
    ["drift-refresh-only.json", C(0, 0, 0, 0), ["address_space"]],
    ["sensitive.json", C(1, 0, 0, 0), ["password", "password_now", "username"]],
  ])("%s: counts per action and changed outputs", (file, counts, outputs) => {
    const summary = summarizePlan(load(file));
    expect(summary.errored).toBe(false);
    expect(summary.counts).toEqual(counts);
    expect(summary.outputs.map((o) => o.name)).toEqual(outputs);
    expect(summary.blocked).toEqual([]);
  });

  it("reports moved addresses", () => {
    expect(summarizePlan(load("moved.json")).moves).toEqual([{ from: "terraform_data.old", to: "terraform_data.renamed" }]);
    expect(renderPlanSummary([summarizePlan(load("moved.json"))]).markdown).toContain("- <code>terraform_data.old</code> → <code>terraform_data.renamed</code>");
  });

  it("names the attributes that change and those that force a replacement", () => {
    expect(summarizePlan(load("update.json")).resources).toMatchObject([{ address: "terraform_data.network", type: "terraform_data", action: "update", changedAttributes: ["input", "output"], forcesReplacement: [] }]);
    const replace = summarizePlan(load("replace.json")).resources;
    expect(replace).toMatchObject([{ address: "terraform_data.storage", type: "terraform_data", action: "replace", changedAttributes: ["triggers_replace", "id", "output"], forcesReplacement: ["triggers_replace"] }]);
    expect(replace[0]!.attributes.find((a) => a.name === "triggers_replace")).toMatchObject({ name: "triggers_replace", forcesReplacement: true });
    expect(summarizePlan(load("delete.json")).resources.map((r) => [r.address, r.action])).toEqual([["terraform_data.vault", "delete"]]);
  });

  it("blocks a delete or replace of a resource with prevent_destroy in its configuration", () => {
    expect(summarizePlan(load("delete.json"), guarded("terraform_data.vault")).blocked).toMatchObject([{ address: "terraform_data.vault", action: "delete", reason: expect.stringContaining("prevent_destroy") }]);
    expect(summarizePlan(load("replace.json"), guarded("terraform_data.storage")).blocked.map((b) => b.action)).toEqual(["replace"]);
  });

  it("does not count a forget (removed block, destroy = false) as a delete, but blocks forgetting a protected resource", () => {
    const summary = summarizePlan(load("forget.json"), guarded("terraform_data.vault"));
    expect([summary.counts.delete, summary.counts.forget]).toEqual([0, 1]);
    expect(summary.blocked).toMatchObject([{ address: "terraform_data.vault", action: "forget", reason: expect.stringContaining("forget leaves it unmanaged and unprotected") }]);
    expect(summarizePlan(load("forget.json"), guarded()).blocked).toEqual([]);
  });

  it("never prints sensitive values, not even those Terraform writes into the plan's variables", () => {
    expect(JSON.stringify(raw("sensitive.json"))).toContain("fixture-secret-value");
    const summary = summarizePlan(load("sensitive.json"));
    expect(summary.outputs.find((o) => o.name === "password_now")).toEqual({ name: "password_now", action: "create", before: "(none)", after: "(sensitive)" });
    expect(JSON.stringify(summary)).not.toContain("fixture-secret-value");
    expect(renderPlanSummary([summary]).markdown).not.toContain("fixture-secret-value");
  });

  it("shows values unknown until apply as (known after apply)", () => {
    expect(summarizePlan(load("create.json")).outputs).toEqual([{ name: "vault", action: "create", before: "(none)", after: "(known after apply)" }]);
  });

  it("reports an errored plan as an error, not as no changes", () => {
    const summary = summarizePlan(load("errored.json"));
    expect(summary.errored).toBe(true);
    const markdown = renderPlanSummary([summary]).markdown;
    expect(markdown).toContain("**the plan failed**");
    expect(markdown).not.toContain("No changes.");
  });
});

describe("drift report conformance with Terraform's show -json", () => {
  it.each(["drift-refresh-only.json", "no-changes.json", "moved.json"])("%s: no resource drift (terraform_data reads back what its state holds)", (file) => {
    expect(driftOf(load(file))).toMatchObject({ errored: false, drifted: [] });
  });

  it("reports a failed refresh as failed, not as no drift", () => {
    const drift = driftOf(load("errored.json"));
    expect(drift.errored).toBe(true);
    expect(renderDriftReport([drift])).toContain("⛔ Could not be checked: drift is unknown, not absent.");
  });
});
