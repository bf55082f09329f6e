import { MonitorAadDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ENTRA_LOG_CATEGORIES } from "../facts";


/** Properties of the tenant's Entra ID diagnostic setting. */
export interface EntraLogsProps {
  readonly provider: TerraformProvider;
  /** The central Log Analytics workspace (verbund.ts monitoring.logAnalyticsWorkspaceId). */
  readonly workspaceId: string;
  readonly verbundShortName: string;
}

/**
 * Entra ID sign-in and audit logs of the whole tenant to the central workspace that the security
 * operations centre reads: one tenant-level diagnostic setting (microsoft.aadiam), created once by the
 * platform stack. Creating it needs the Security Administrator directory role (docs/identities.md).
 */
export class EntraLogs extends Construct {
  readonly setting: MonitorAadDiagnosticSetting;

  constructor(scope: Construct, id: string, props: EntraLogsProps) {
    super(scope, id);
    this.setting = new MonitorAadDiagnosticSetting(this, "setting", {
      provider: props.provider,
      name: `${props.verbundShortName}-entra-to-central-workspace`,
      logAnalyticsWorkspaceId: props.workspaceId,
      enabledLog: ENTRA_LOG_CATEGORIES.map(({ category }) => ({ category })),
    });
  }
}
