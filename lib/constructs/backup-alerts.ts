import { MonitorActionGroup } from "@cdktf/provider-azurerm/lib/monitor-action-group";
import { MonitorAlertProcessingRuleActionGroup } from "@cdktf/provider-azurerm/lib/monitor-alert-processing-rule-action-group";
import type { RecoveryServicesVault } from "@cdktf/provider-azurerm/lib/recovery-services-vault";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Construct } from "constructs";
import { actionGroupName, actionGroupShortName, alertProcessingRuleName } from "../naming";
import type { TraegerModel } from "../verbund";

/** Properties of a Träger's backup alerting. */
export interface BackupAlertsProps {
  readonly traeger: TraegerModel;
  readonly verbundShortName: string;
  /** The vault whose built-in Azure Monitor alerts are routed. */
  readonly vault: RecoveryServicesVault;
  /** Where the action group and the processing rule live (the backup resource group). */
  readonly resourceGroup: ResourceGroup;
  /** The platform team's mailbox, from verbund.ts (`monitoring.platformTeamEmail`). */
  readonly platformTeamEmail: string;
}

/**
 * Backup alerts that reach people. The vault raises Azure Monitor alerts for failed jobs and for
 * security-critical operations itself (its `monitoring` block, and built in); they notify no one
 * until an alert processing rule routes them to an action group, which is what Microsoft documents
 * for Azure Backup ("Azure Monitor alerts for Azure Backup": configure notifications with an alert
 * processing rule). The receiver is the platform team's mailbox: an action group cannot e-mail an
 * Entra group, so the Träger's admins group cannot be one.
 */
export class BackupAlerts extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly routing: MonitorAlertProcessingRuleActionGroup;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    const { traeger } = props;
    const tags = { ...traeger.tags };

    this.actionGroup = new MonitorActionGroup(this, "action-group", {
      name: actionGroupName(traeger.id),
      resourceGroupName: props.resourceGroup.name,
      // Action groups are a global service; what they hold is the receiver list, not backup data.
      location: "global",
      shortName: actionGroupShortName(props.verbundShortName),
      enabled: true,
      emailReceiver: [{ name: "platform-team", emailAddress: props.platformTeamEmail, useCommonAlertSchema: true }],
      tags,
    });
    this.routing = new MonitorAlertProcessingRuleActionGroup(this, "routing", {
      name: alertProcessingRuleName(traeger.id),
      resourceGroupName: props.resourceGroup.name,
      scopes: [props.vault.id],
      addActionGroupIds: [this.actionGroup.id],
      condition: { monitorService: { operator: "Equals", values: ["Azure Backup"] } },
      description: `Azure Backup alerts of ${traeger.name} (job failures, security-critical operations) to the platform team`,
      enabled: true,
      tags,
    });
  }
}
