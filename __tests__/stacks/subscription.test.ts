import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stackUnits } from "../../lib/app/units";
import { traegerSchema } from "../../lib/declaration";
import { guardConfigOf } from "../../lib/review/check-stacks";
import { guardStacksDir } from "../../lib/review/stack-guard";
import { DEFENDER_PLANS, ACTIVITY_LOG_CATEGORIES } from "../../lib/verbund/security-baseline";
import { defaultBudget, PLATFORM_STACK_ID, subscriptionStackId, type TraegerModel, type VerbundModel, VENDED_SUBSCRIPTION_ID } from "../../lib/verbund";
import { fixtureModel, resourcesOf, type StackJson, synthAll, synthesizeCached } from "../helpers/synth";

/**
 * Subscription vending (issue 15): every Träger gets a subscription stack `<id>--subscription`. The
 * fixture Verbund's fixture-stadt omits subscriptionId (vended), fixture-kreis adopts one and declares
 * its budget; everything is asserted on synthesized JSON.
 */
const model = fixtureModel();
const { stacks, subscriptions } = synthAll(model);
const traeger = (id: string): TraegerModel => model.traeger.find((t) => t.id === id)!;
const only = <T>(pairs: [string, T][]): T => {
  expect(pairs).toHaveLength(1);
  return pairs[0]![1];
};

describe("a vended subscription (no subscriptionId)", () => {
  const sub = subscriptions.get("fixture-stadt")!;
  const own = stacks.get("fixture-stadt")!;

  it("is a subscription alias in the Verbund's billing scope, named by lib/naming, never destroyed with its stack", () => {
    const alias = only(resourcesOf(sub, "azurerm_subscription"));
    expect(alias).toMatchObject({
      alias: "sub-fxv-fixture-stadt",
      subscription_name: "sub-fxv-fixture-stadt",
      billing_scope_id: model.vending.billingScopeId,
      workload: "Production",
      lifecycle: { prevent_destroy: true },
      tags: traeger("fixture-stadt").tags,
    });
    // Destroying the alias must not cancel the subscription (azurerm v4.55.0 internal/provider/features.go).
    expect(sub.provider.azurerm[0]).toMatchObject({ features: [{ subscription: [{ prevent_cancellation_on_destroy: true }] }], resource_provider_registrations: "none", subscription_id: model.stateBackend.subscriptionId });
    expect(sub.output!.subscription_id!.value).toBe("${azurerm_subscription.subscription.subscription_id}");
  });

  it("is placed in the Träger management group", () => {
    const association = only(resourcesOf(sub, "azurerm_management_group_subscription_association"));
    expect(association).toMatchObject({
      management_group_id: `/providers/Microsoft.Management/managementGroups/${model.identities.traegerManagementGroupId}`,
      subscription_id: "/subscriptions/${azurerm_subscription.subscription.subscription_id}",
    });
  });

  it("reaches the Träger's own stack through the subscription stack's state, not a copied id", () => {
    const remote = (own.data!.terraform_remote_state as Record<string, Record<string, unknown>>).subscription!;
    expect(remote).toMatchObject({ backend: "azurerm", config: { ...own.terraform.backend.azurerm, key: "fixture-stadt--subscription.tfstate" } });
    expect(own.provider.azurerm.find((p) => p.alias === undefined)!.subscription_id).toBe(VENDED_SUBSCRIPTION_ID);
    expect((own.provider as unknown as { azapi: Record<string, unknown>[] }).azapi[0]!.subscription_id).toBe(VENDED_SUBSCRIPTION_ID);
    // Everywhere the stack names its subscription (role assignment scopes, the activity log) it uses the same expression.
    const text = JSON.stringify(own.resource);
    expect(text).toContain(`"/subscriptions/${VENDED_SUBSCRIPTION_ID}"`);
    expect(text).not.toMatch(/"\/subscriptions\/[0-9a-f-]{36}"/);
  });

  it("gets a default budget from its size: base + per desktop user, rounded up to 100, with alerts to the platform team and its admins", () => {
    const stadt = traeger("fixture-stadt");
    const users = stadt.pools.reduce((n, p) => n + p.users, 0);
    const expected = Math.ceil((model.vending.budget.base + model.vending.budget.perDesktopUser * users) / 100) * 100;
    expect(defaultBudget(model.vending, users)).toBe(expected);
    const budget = only(resourcesOf(sub, "azurerm_consumption_budget_subscription"));
    expect(budget).toMatchObject({ name: "budget-fixture-stadt", amount: expected, time_grain: "Monthly", subscription_id: "/subscriptions/${azurerm_subscription.subscription.subscription_id}" });
    const recipients = [model.monitoring.platformTeamEmail, "it@stadt-fixture.example"];
    expect((budget.notification as Record<string, unknown>[]).map((n) => [n.threshold_type, n.threshold, n.operator, n.contact_emails])).toEqual([
      ["Actual", 80, "GreaterThanOrEqualTo", recipients],
      ["Actual", 100, "GreaterThanOrEqualTo", recipients],
      ["Actual", 120, "GreaterThanOrEqualTo", recipients],
      ["Forecasted", 100, "GreaterThanOrEqualTo", recipients],
    ]);
    // The first of the month of the first apply, fixed by a time_static: the JSON never changes by itself.
    expect((budget.time_period as Record<string, unknown>).start_date).toBe('${format("%d-%02d-01T00:00:00Z", time_static.budget-start.year, time_static.budget-start.month)}');
    // Replaced only with the budget's other ForceNew inputs, so that a replaced budget starts in the month of its replacement.
    expect(resourcesOf(sub, "time_static")).toEqual([["budget-start", expect.objectContaining({ triggers: { budget_name: budget.name, subscription_id: budget.subscription_id } })]]);
  });
});

describe("an adopted subscription (declared subscriptionId)", () => {
  const kreis = traeger("fixture-kreis");
  const sub = subscriptions.get("fixture-kreis")!;
  const own = stacks.get("fixture-kreis")!;

  it("is not vended: no alias (the Verbund never holds the power to cancel it); the stack places it and sets its budget", () => {
    expect(resourcesOf(sub, "azurerm_subscription")).toEqual([]);
    expect(only(resourcesOf(sub, "azurerm_management_group_subscription_association")).subscription_id).toBe(`/subscriptions/${kreis.subscriptionId}`);
    expect(only(resourcesOf(sub, "azurerm_consumption_budget_subscription"))).toMatchObject({ amount: 2500, subscription_id: `/subscriptions/${kreis.subscriptionId}` });
    expect(kreis.budget).toEqual({ monthly: 2500, fromSize: false, notify: [] });
    expect(sub.output!.subscription_id!.value).toBe(kreis.subscriptionId);
  });

  it("is used directly by the Träger's stack, which can so be planned before its subscription stack applied", () => {
    expect(own.data?.terraform_remote_state).toBeUndefined();
    expect(own.provider.azurerm.find((p) => p.alias === undefined)!.subscription_id).toBe(kreis.subscriptionId);
  });
});

describe("the security baseline of every Träger subscription", () => {
  it.each(model.traeger.map((t) => t.id))("%s: Defender for servers (P2), storage, key vaults and Resource Manager, and the activity log to the central workspace", (id) => {
    const own = stacks.get(id)!;
    const plans = resourcesOf(own, "azurerm_security_center_subscription_pricing").map(([, r]) => [r.resource_type, r.tier, r.subplan]);
    expect(plans.sort()).toEqual(DEFENDER_PLANS.map((p) => [p.resourceType, "Standard", p.subplan]).sort());
    expect(plans.sort()).toEqual([["Arm", "Standard", "PerSubscription"], ["KeyVaults", "Standard", "PerKeyVault"], ["StorageAccounts", "Standard", "DefenderForStorageV2"], ["VirtualMachines", "Standard", "P2"]]);
    // azurerm switches off every extension of a plan that the configuration does not name
    // (security_center_subscription_pricing_resource.go v4.58.0, expandSecurityCenterSubscriptionPricingExtensions).
    const extensions = Object.fromEntries(resourcesOf(own, "azurerm_security_center_subscription_pricing").map(([, r]) => [r.resource_type, ((r.extension ?? []) as { name: string }[]).map((e) => e.name)]));
    expect(extensions).toEqual({ VirtualMachines: ["AgentlessVmScanning"], StorageAccounts: ["SensitiveDataDiscovery"], KeyVaults: [], Arm: [] });
    // Agentless scanning with the exclusion list Azure reports back, so that the plan stays empty after apply.
    const servers = resourcesOf(own, "azurerm_security_center_subscription_pricing").find(([, r]) => r.resource_type === "VirtualMachines")![1];
    expect(servers.extension).toEqual([{ name: "AgentlessVmScanning", additional_extension_properties: { ExclusionTags: "[]" } }]);
    const activity = resourcesOf(own, "azurerm_monitor_diagnostic_setting").filter(([, r]) => /^\/subscriptions\/[^/]+$/.test(String(r.target_resource_id)));
    expect(activity).toHaveLength(1);
    expect(activity[0]![1]).toMatchObject({ log_analytics_workspace_id: model.monitoring.logAnalyticsWorkspaceId, enabled_log: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })) });
    // Defender needs Microsoft.Security registered, which a vended subscription does not have by default.
    expect(own.provider.azurerm.find((p) => p.alias === undefined)!.resource_providers_to_register).toEqual(expect.arrayContaining(["Microsoft.Security", "Microsoft.Insights"]));
  });
});

describe("subscription stack ids", () => {
  it("are never a Träger id or the platform stack's: a Träger id cannot contain --", () => {
    for (const t of model.traeger) {
      const id = subscriptionStackId(t.id);
      expect(id).not.toBe(PLATFORM_STACK_ID);
      expect(traegerSchema.shape.id.safeParse(id).success).toBe(false);
    }
    expect(traegerSchema.shape.id.safeParse("stadt--subscription").success).toBe(false);
  });

  it("come right before their Träger's stack, which depends on them", () => {
    const units = stackUnits(model).map((u) => [u.id, u.kind === "traeger" ? u.dependsOn : []]);
    expect(units.slice(0, 2)).toEqual([
      [subscriptionStackId(model.traeger[0]!.id), []],
      [model.traeger[0]!.id, [subscriptionStackId(model.traeger[0]!.id)]],
    ]);
  });

  it("pass the stack guard, whose remote-state check accepts exactly the own subscription stack's state", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-subscription-guard-"));
    try {
      synthesizeCached(model, out);
      expect(guardStacksDir(path.join(out, "stacks"), guardConfigOf(model)).problems).toEqual([]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});

describe("decommissioning", () => {
  it("moves the subscription to the decommissioned management group and keeps alias and budget", () => {
    const decommissioned: VerbundModel = { ...model, traeger: model.traeger.map((t) => (t.id === "fixture-stadt" ? { ...t, status: "decommissioned" as const } : t)) };
    const { subscriptions: after, stacks: own } = synthAll(decommissioned);
    const sub: StackJson = after.get("fixture-stadt")!;
    expect(only(resourcesOf(sub, "azurerm_management_group_subscription_association")).management_group_id).toBe(`/providers/Microsoft.Management/managementGroups/${model.identities.decommissionedManagementGroupId}`);
    expect(sub.output!.lifecycle!.value).toBe("decommissioned");
    expect(resourcesOf(sub, "azurerm_subscription")).toHaveLength(1);
    expect(resourcesOf(sub, "azurerm_consumption_budget_subscription")).toHaveLength(1);
    // Like offboarding: no desktops, no peering; the data stays.
    expect(resourcesOf(own.get("fixture-stadt")!, "azurerm_windows_virtual_machine")).toEqual([]);
    expect(resourcesOf(own.get("fixture-stadt")!, "azurerm_virtual_network_peering")).toEqual([]);
    expect(resourcesOf(own.get("fixture-stadt")!, "azurerm_recovery_services_vault")).toHaveLength(1);
  });
});
