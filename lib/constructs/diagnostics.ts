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
}

/**
 * Sends a resource's logs to the central workspace, into resource-specific tables ("Dedicated"),
 * which Azure Backup reports and the AVD insights workbook read.
 */
export function sendToCentralLogAnalytics(scope: Construct, id: string, props: CentralDiagnosticsProps): MonitorDiagnosticSetting {
  return new MonitorDiagnosticSetting(scope, id, {
    name: diagnosticSettingName(props.resourceName),
    targetResourceId: props.targetResourceId,
    logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
    logAnalyticsDestinationType: "Dedicated",
    enabledLog: [...(props.logCategories ?? []).map((category) => ({ category })), ...(props.logCategoryGroups ?? []).map((categoryGroup) => ({ categoryGroup }))],
    ...(props.metricCategories ? { enabledMetric: props.metricCategories.map((category) => ({ category })) } : {}),
  });
}
