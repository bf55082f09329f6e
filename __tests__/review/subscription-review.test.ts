import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { deployOrder } from "../../lib/review/apply";
import { type CommandIo, runPlanSummary } from "../../lib/review/commands";
import { summarizePlan } from "../../lib/review/plan-summary";
import type { PlanDocument } from "../../lib/review/plan-json";
import { readStackContext } from "../../lib/review/stack-context";
import type { VerbundModel } from "../../lib/verbund";
import { fixtureModel, synthesizeCached } from "../helpers/synth";
import { change, plan, tempFiles } from "../helpers/plans";

/**
 * The plan review of subscription vending (issue 15 §1, §5): hand-made plan documents (azurerm types
 * cannot be planned here; each is marked "hand-made") judged against the really synthesized stacks of
 * the fixture Verbund, once as it is and once with fixture-stadt decommissioned.
 */
const model = fixtureModel();
const decommissioned: VerbundModel = { ...model, traeger: model.traeger.map((t) => (t.id === "fixture-stadt" ? { ...t, status: "decommissioned" as const } : t)) };
const root = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-subscription-review-"));
const activeStacks = path.join(root, "active");
const decommissionedStacks = path.join(root, "decommissioned");
synthesizeCached(model, activeStacks);
synthesizeCached(decommissioned, decommissionedStacks);
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const SUB = "fixture-stadt--subscription";
const SUBSCRIPTION_ID = "/subscriptions/3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9f99";
const mg = (id: string) => `/providers/Microsoft.Management/managementGroups/${id}`;
const summarize = (document: unknown, stack = SUB, stacksDir = path.join(activeStacks, "stacks")) => summarizePlan({ stack, file: `${stack}.json`, plan: document as PlanDocument }, readStackContext(stacksDir, stack));

describe("protected subscription changes (⛔)", () => {
  it.each([
    ["cancelling the alias", change("azurerm_subscription.subscription", ["delete"], { alias: "sub-fxv-fixture-stadt", subscription_name: "sub-fxv-fixture-stadt" }, null), /subscription alias/],
    ["replacing the alias", change("azurerm_subscription.subscription", ["delete", "create"], { alias: "a" }, { alias: "b" }), /subscription alias/],
    ["moving the subscription out of its management group", change("azurerm_management_group_subscription_association.management-group", ["delete", "create"], { management_group_id: mg("mg-ksm-traeger"), subscription_id: SUBSCRIPTION_ID }, { management_group_id: mg("mg-elsewhere"), subscription_id: SUBSCRIPTION_ID }), /out of its management group/],
    ["removing the association", change("azurerm_management_group_subscription_association.management-group", ["delete"], { management_group_id: mg("mg-ksm-traeger"), subscription_id: SUBSCRIPTION_ID }, null), /out of its management group/],
    ["removing the budget", change("azurerm_consumption_budget_subscription.budget", ["delete"], { name: "budget-fixture-stadt", amount: 4200 }, null), /budget/],
    ["forgetting the budget", change("azurerm_consumption_budget_subscription.budget", ["forget"], { name: "budget-fixture-stadt" }, null), /budget.*forget leaves it unmanaged/],
  ])("blocks %s", (_name, rc, reason) => {
    const summary = summarize(plan([rc]));
    expect(summary.blocked).toHaveLength(1);
    expect(summary.blocked[0]!.reason).toMatch(reason);
  });

  it.each([
    ["removing a Defender plan", change("azurerm_security_center_subscription_pricing.baseline_servers_0659DAF4", ["delete"], { tier: "Standard", resource_type: "VirtualMachines", subplan: "P2" }, null), /Defender for Cloud plan/],
    ["removing the activity log's way to the central workspace", change("azurerm_monitor_diagnostic_setting.baseline_activity-log_7546B12F", ["delete"], { name: "diag-sub-fxv-fixture-stadt-to-log", target_resource_id: SUBSCRIPTION_ID }, null), /activity log/],
  ])("blocks %s in the Träger's stack", (_name, rc, reason) => {
    const summary = summarize(plan([rc]), "fixture-stadt");
    expect(summary.blocked.map((b) => b.action)).toEqual(["delete"]);
    expect(summary.blocked[0]!.reason).toMatch(reason);
  });

  it("warns (⚠) when a Defender plan falls back to Free or a budget alert is switched off", () => {
    const pricing = summarize(plan([change("azurerm_security_center_subscription_pricing.baseline_servers_0659DAF4", ["update"], { tier: "Standard", resource_type: "VirtualMachines" }, { tier: "Free", resource_type: "VirtualMachines" })]), "fixture-stadt");
    expect(pricing.warnings.map((w) => w.reason)).toEqual(['tier weakened: "Standard" → "Free"']);
    const on = { threshold: 80, enabled: true };
    const budget = summarize(plan([change("azurerm_consumption_budget_subscription.budget", ["update"], { notification: [on, { threshold: 100, enabled: true }] }, { notification: [on, { threshold: 100, enabled: false }] })]));
    expect(budget.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/^notification weakened/)]);
  });

  it("does not block a diagnostic setting of a resource (not the subscription) by that rule, nor creating the subscription stack", () => {
    const created = summarize(plan([
      change("azurerm_subscription.subscription", ["create"], null, { alias: "sub-fxv-fixture-stadt" }),
      change("azurerm_management_group_subscription_association.management-group", ["create"], null, { management_group_id: mg("mg-ksm-traeger") }),
      change("azurerm_consumption_budget_subscription.budget", ["create"], null, { amount: 4200 }),
    ]));
    expect(created.blocked).toEqual([]);
    const vaultLogs = summarize(plan([change("azurerm_monitor_diagnostic_setting.backup_diagnostics_F91103D7", ["delete"], { target_resource_id: `${SUBSCRIPTION_ID}/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v` }, null)]), "fixture-stadt");
    expect(vaultLogs.blocked).toEqual([]);
  });
});

describe("a declared decommissioning", () => {
  const move = change(
    "azurerm_management_group_subscription_association.management-group",
    ["delete", "create"],
    { management_group_id: mg("mg-ksm-traeger"), subscription_id: SUBSCRIPTION_ID },
    { management_group_id: mg(model.identities.decommissionedManagementGroupId), subscription_id: SUBSCRIPTION_ID },
  );

  it("moves the subscription to the decommissioned management group with ⚠, not ⛔", () => {
    const summary = summarize(plan([move]), SUB, path.join(decommissionedStacks, "stacks"));
    expect(summary.blocked).toEqual([]);
    expect(summary.warnings.map((w) => w.reason)).toEqual([expect.stringMatching(/^decommissioning: the subscription moves to \/providers\/Microsoft\.Management\/managementGroups\/mg-ksm-decommissioned/)]);
  });

  it("stays ⛔ when the Träger is not declared decommissioned, or the move goes anywhere else", () => {
    expect(summarize(plan([move])).blocked).toHaveLength(1);
    const elsewhere = { ...move, change: { ...(move.change as object), after: { management_group_id: mg("mg-somewhere"), subscription_id: SUBSCRIPTION_ID } } };
    expect(summarize(plan([elsewhere]), SUB, path.join(decommissionedStacks, "stacks")).blocked).toHaveLength(1);
  });
});

describe("a new Träger whose subscription is not vended yet", () => {
  const vending = plan([change("azurerm_subscription.subscription", ["create"], null, { alias: "sub-fxv-fixture-stadt" })]);
  const failure = (message: string) => ({ stack: "fixture-stadt", mode: "plan", step: "plan", exitCode: 1, message });
  const run = (files: Record<string, unknown>, json = false) => {
    const { dir, done } = tempFiles(files);
    let out = "";
    const io: CommandIo = { cwd: dir, out: (t) => (out += t), err: () => undefined };
    try {
      const code = runPlanSummary(["--stacks-dir", path.join(activeStacks, "stacks"), "--dir", "plans", "--expect", `fixture-stadt,${SUB}`, ...(json ? ["--json"] : [])], io, {});
      return { code, out };
    } finally {
      done();
    }
  };
  const NOT_YET = 'terraform plan failed (exit 1): Error: Unsupported attribute: This object does not have an attribute named "subscription_id".';

  it("is shown as waiting for its subscription, not as a failure, and does not block the merge", () => {
    const { code, out } = run({ [`plans/${SUB}.json`]: vending, "plans/fixture-stadt.failure.json": failure(NOT_YET) });
    expect(code).toBe(0);
    expect(out).toContain("✅ 1 stack planned; 1 waits for its subscription; nothing destroys data.");
    expect(out).toContain("| <code>fixture-stadt</code> | – | – | – | – | – | – | ⏳ waits for its subscription |");
    expect(out).toMatch(/⏳ <code>fixture-stadt<\/code>: its subscription is vended by <code>fixture-stadt--subscription<\/code>/);
    expect(out).not.toContain("⛔");
    const json = JSON.parse(run({ [`plans/${SUB}.json`]: vending, "plans/fixture-stadt.failure.json": failure(NOT_YET) }, true).out) as { blocked: boolean; failed: unknown[]; awaiting: unknown[] };
    expect([json.blocked, json.failed, json.awaiting]).toEqual([false, [], [{ stack: "fixture-stadt", subscriptionStack: SUB }]]);
  });

  it("stays a red failure for any other error, or when the same run does not vend its subscription", () => {
    const other = run({ [`plans/${SUB}.json`]: vending, "plans/fixture-stadt.failure.json": failure("terraform plan failed (exit 1): Error: AuthorizationFailed") });
    expect(other.code).toBe(3);
    expect(other.out).toContain("⛔ <code>fixture-stadt</code>");
    const notVending = run({ [`plans/${SUB}.json`]: plan([]), "plans/fixture-stadt.failure.json": failure(NOT_YET) });
    expect(notVending.code).toBe(3);
  });
});

describe("npm run apply's order", () => {
  it("applies every subscription stack before the Träger stacks, which read their state", () => {
    expect(deployOrder(["alpha", "alpha--subscription", "platform", "beta--subscription", "beta"])).toEqual(["alpha--subscription", "beta--subscription", "alpha", "platform", "beta"]);
  });
});
