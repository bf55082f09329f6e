import { SecurityCenterSubscriptionPricing } from "@cdktf/provider-azurerm/lib/security-center-subscription-pricing";
import type { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { Construct } from "constructs";
import { sendToCentralLogAnalytics } from "./diagnostics";

/**
 * The activity log categories of a subscription (Azure Monitor, "Azure activity log event schema"):
 * all eight go to the central workspace the security operations centre reads.
 */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;

/** Properties of a subscription's security baseline. */
export interface SecurityBaselineProps {
  /** `/subscriptions/<guid>` (a Terraform expression when the subscription is vended). */
  readonly subscriptionResourceId: string;
  /** The subscription's name, for the diagnostic setting's name. */
  readonly subscriptionName: string;
  readonly logAnalyticsWorkspaceId: string;
}

/**
 * The Defender for Cloud plans every Träger subscription has (Microsoft Learn, "Defender for Cloud
 * pricing" and the Microsoft.Security/pricings API): construct id → resource type, tier and sub-plan.
 * - Servers Plan 2: the session hosts get Defender for Endpoint, vulnerability assessment, file
 *   integrity monitoring and just-in-time access (Plan 1 has only the first).
 * - Storage "DefenderForStorageV2": the per-account plan with activity monitoring (malware scanning on
 *   upload is an extension billed per GB and stays off: profile shares are not uploads).
 * - Key Vaults "PerKeyVault", Resource Manager "PerSubscription": the current plans of both.
 */
export const DEFENDER_PLANS = [
  { id: "servers", resourceType: "VirtualMachines", subplan: "P2", label: "Server (Plan 2)" },
  { id: "storage", resourceType: "StorageAccounts", subplan: "DefenderForStorageV2", label: "Storage (pro Konto)" },
  { id: "key-vaults", resourceType: "KeyVaults", subplan: "PerKeyVault", label: "Key Vault (pro Tresor)" },
  { id: "resource-manager", resourceType: "Arm", subplan: "PerSubscription", label: "Resource Manager (pro Abonnement)" },
] as const;

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
      DEFENDER_PLANS.map((plan) => [plan.id, new SecurityCenterSubscriptionPricing(this, plan.id, { tier: "Standard", resourceType: plan.resourceType, subplan: plan.subplan })]),
    ) as unknown as SecurityBaseline["plans"];
    this.activityLog = sendToCentralLogAnalytics(this, "activity-log", {
      resourceName: props.subscriptionName,
      targetResourceId: props.subscriptionResourceId,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategories: ACTIVITY_LOG_CATEGORIES,
    });
  }
}
