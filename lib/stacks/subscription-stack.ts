import { ConsumptionBudgetSubscription } from "@cdktf/provider-azurerm/lib/consumption-budget-subscription";
import { ManagementGroupSubscriptionAssociation } from "@cdktf/provider-azurerm/lib/management-group-subscription-association";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { Subscription } from "@cdktf/provider-azurerm/lib/subscription";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { StaticResource } from "@cdktf/provider-time/lib/static-resource";
import { AzurermBackend, Fn, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { requireAzurermVersion } from "../constructs/provider-compat";
import { budgetName, subscriptionName } from "../naming";
import { terraformLiteralTraeger } from "../terraform/literal";
import { stateBackendOf, subscriptionStackId, type TraegerModel, type VerbundModel } from "../verbund";
import { SelfContainedStack } from "./stack-json";

/** Properties of a Träger's subscription stack. */
export interface SubscriptionStackProps {
  readonly verbund: VerbundModel;
  readonly traeger: TraegerModel;
}

/** Budget alerts: actual cost at 80, 100 and 120 % of the month's budget, and a forecast above 100 %. */
export const BUDGET_ALERTS = [
  { threshold: 80, thresholdType: "Actual" },
  { threshold: 100, thresholdType: "Actual" },
  { threshold: 120, thresholdType: "Actual" },
  { threshold: 100, thresholdType: "Forecasted" },
] as const;

/** The output the Träger's own stack reads (terraform_remote_state) for its provider's subscription_id. */
export const SUBSCRIPTION_ID_OUTPUT = "subscription_id";

/**
 * A Träger's subscription stack (`<id>--subscription`, docs/design.md "Subscription vending"): it vends
 * the subscription (an alias in the Verbund's billing scope) unless the declaration adopts one, places
 * it in the Träger management group (the decommissioned one once the Träger is decommissioned), and
 * gives it its budget (Microsoft.Consumption is registered in every subscription by default). Every
 * resource here names the subscription explicitly, so its provider works from the state subscription
 * and the stack applies before the subscription exists. Its security baseline (Defender, activity log)
 * is in the Träger's stack, whose provider registers what it needs. Kept small: one more stack per
 * Träger costs synth time.
 */
export class SubscriptionStack extends SelfContainedStack {
  /** The subscription's GUID: the alias's `subscription_id` when vended, else the declared id. */
  readonly subscriptionGuid: string;

  constructor(scope: Construct, props: SubscriptionStackProps) {
    super(scope, subscriptionStackId(props.traeger.id));
    const { verbund } = props;
    const traeger = terraformLiteralTraeger(props.traeger);

    const provider = new AzurermProvider(this, "azurerm", {
      // Every resource here names its subscription; the provider only needs one it can sign in to.
      subscriptionId: verbund.stateBackend.subscriptionId,
      tenantId: verbund.entraTenantId,
      resourceProviderRegistrations: "none",
      // Destroying the alias must never cancel the subscription (azurerm v4.55.0 internal/provider/features.go).
      features: [{ subscription: [{ preventCancellationOnDestroy: true }] }],
    });
    requireAzurermVersion(provider);
    new TimeProvider(this, "time");
    new AzurermBackend(this, stateBackendOf(verbund, subscriptionStackId(traeger.id)));

    const name = subscriptionName(verbund.shortName, traeger.id);
    if (traeger.subscriptionId === undefined) {
      const alias = new Subscription(this, "subscription", {
        alias: name,
        subscriptionName: name,
        billingScopeId: verbund.vending.billingScopeId,
        workload: verbund.vending.workload,
        tags: traeger.tags,
        lifecycle: { preventDestroy: true },
      });
      this.subscriptionGuid = alias.subscriptionId;
    } else {
      this.subscriptionGuid = traeger.subscriptionId;
    }
    const subscriptionResourceId = `/subscriptions/${this.subscriptionGuid}`;
    const managementGroup = traeger.status === "decommissioned" ? verbund.identities.decommissionedManagementGroupId : verbund.identities.traegerManagementGroupId;
    const managementGroupId = `/providers/Microsoft.Management/managementGroups/${managementGroup}`;

    new ManagementGroupSubscriptionAssociation(this, "management-group", { managementGroupId, subscriptionId: subscriptionResourceId });

    // A budget's start date must be the first of a month within the current month (Cost Management); a
    // time_static fixes the month of the first apply, so the synthesized stack stays the same every month.
    // Its triggers are the budget's ForceNew inputs besides the date: when one changes, the budget is
    // replaced and its start moves to the month of the replacement (a past month would be refused).
    const budget = budgetName(traeger.id);
    const start = new StaticResource(this, "budget-start", { triggers: { budget_name: budget, subscription_id: subscriptionResourceId } });
    const recipients = [verbund.monitoring.platformTeamEmail, ...traeger.budget.notify];
    new ConsumptionBudgetSubscription(this, "budget", {
      name: budget,
      subscriptionId: subscriptionResourceId,
      amount: traeger.budget.monthly,
      timeGrain: "Monthly",
      timePeriod: { startDate: Fn.format("%d-%02d-01T00:00:00Z", [start.year, start.month]) },
      notification: BUDGET_ALERTS.map((alert) => ({ enabled: true, threshold: alert.threshold, thresholdType: alert.thresholdType, operator: "GreaterThanOrEqualTo", contactEmails: recipients })),
    });

    new TerraformOutput(this, SUBSCRIPTION_ID_OUTPUT, { value: this.subscriptionGuid, description: "The Träger subscription's GUID: the Träger's own stack reads it for its providers" });
    new TerraformOutput(this, "management_group_id", { value: managementGroupId, description: "The management group the subscription is placed in" });
    new TerraformOutput(this, "lifecycle", { value: traeger.status, description: "The Träger's declared status (decommissioned: the subscription is moved to the decommissioned management group)" });
  }
}
