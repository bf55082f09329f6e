import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { ACTIVITY_LOG_CATEGORIES, DEFENDER_PLANS } from "../verbund/security-baseline";
import { sendToCentralLogAnalytics } from "./diagnostics";

export { ACTIVITY_LOG_CATEGORIES, DEFENDER_PLANS } from "../verbund/security-baseline";

/** Properties of a subscription's security baseline. */
export interface SecurityBaselineProps {
  /** `/subscriptions/<guid>` (a Terraform expression when the subscription is vended). */
  readonly subscriptionResourceId: string;
  /** The subscription's name, for the diagnostic setting's name. */
  readonly subscriptionName: string;
  readonly logAnalyticsWorkspaceId: string;
}


/**
 * A Träger subscription's security baseline (issue 15 §4): the Defender plans and the activity log to
 * the central workspace. It lives in the Träger's own stack: a pricing has no subscription argument
 * (azurerm v4.55.0 securitycenter/security_center_subscription_pricing_resource.go uses the provider's),
 * and that stack's provider registers Microsoft.Security and Microsoft.Insights in the subscription
 * first (lib/identities/resource-providers.ts), which a freshly vended subscription does not have.
 */
export class SecurityBaseline extends Construct {
  readonly plans: Readonly<Record<(typeof DEFENDER_PLANS)[number]["id"], SecurityCenterSubscriptionPricing>>;
  readonly activityLog: MonitorDiagnosticSetting;

  constructor(scope: Construct, id: string, props: SecurityBaselineProps) {
    super(scope, id);
    this.plans = Object.fromEntries(
      DEFENDER_PLANS.map((plan) => [plan.id, new SecurityCenterSubscriptionPricing(this, plan.id, {
          tier: "Standard",
          resourceType: plan.resourceType,
          subplan: plan.subplan,
          extension: plan.extensions.map((e) => ({ name: e.name, ...(e.properties ? { additionalExtensionProperties: { ...e.properties } } : {}) })),
        }),]),
    ) as unknown as SecurityBaseline["plans"];
    this.activityLog = sendToCentralLogAnalytics(this, "activity-log", {
      resourceName: props.subscriptionName,
      targetResourceId: props.subscriptionResourceId,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategories: ACTIVITY_LOG_CATEGORIES,
    });
  }
}
