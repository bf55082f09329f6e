import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { Construct } from "constructs";
import { diagnosticSettingName } from "../naming";

/** Properties of a diagnostic setting towards the Verbund's central Log Analytics workspace. */
export interface CentralDiagnosticsProps {
  /** Name of the monitored resource, for the setting's name. */
  readonly resourceName: string;
  readonly targetResourceId: string;
  readonly logAnalyticsWorkspaceId: string;
  /** Log categories to send; each must exist on the resource type. @default none */
  readonly logCategories?: readonly string[];
  /** Log category groups to send ("allLogs", "audit"). @default none */
  readonly logCategoryGroups?: readonly string[];
  /** Metric categories to send. @default none */
  readonly metricCategories?: readonly string[];
  /**
   * Send into resource-specific tables (`log_analytics_destination_type = "Dedicated"`). Only for
   * resource types whose logs have resource-specific tables (the Recovery Services vault's Azure
   * Backup categories). Elsewhere Azure ignores the setting and returns null, azurerm reads that back
   * as "" (monitor_diagnostic_setting_resource.go v4.58.0 ~550-553) and does not suppress the diff
   * against "Dedicated" (~102-111: Optional, Computed, no DiffSuppressFunc): a change in every plan.
   * @default false
   */
  readonly resourceSpecificTables?: boolean;
}

/**
 * Sends a resource's logs to the central workspace. Resources with resource-specific tables (the
 * backup vault, whose tables Azure Backup reports read) ask for them with `resourceSpecificTables`;
 * the others (key vault, AVD objects, storage) leave the destination type unset, which Azure decides.
 */
export function sendToCentralLogAnalytics(scope: Construct, id: string, props: CentralDiagnosticsProps): MonitorDiagnosticSetting {
  return new MonitorDiagnosticSetting(scope, id, {
    name: diagnosticSettingName(props.resourceName),
    targetResourceId: props.targetResourceId,
    logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    ...(props.resourceSpecificTables ? { logAnalyticsDestinationType: "Dedicated" } : {}),
    enabledLog: [...(props.logCategories ?? []).map((category) => ({ category })), ...(props.logCategoryGroups ?? []).map((categoryGroup) => ({ categoryGroup }))],
    ...(props.metricCategories ? { enabledMetric: props.metricCategories.map((category) => ({ category })) } : {}),
  });
}
