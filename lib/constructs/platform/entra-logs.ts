import { MonitorAadDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/**
 * The Entra ID log categories sent to the central workspace, each with why. A diagnostic setting needs an Entra ID
 * P1 or P2 tenant (Microsoft Learn, "Configure Microsoft Entra diagnostic settings for activity logs":
 * prerequisites); the risk categories need P2 and are left out until the Verbund licenses it.
 */
export const ENTRA_LOG_CATEGORIES: readonly { readonly category: string; readonly why: string }[] = [
  { category: "AuditLogs", why: "every change in the directory: Träger groups, memberships, role assignments, administrative units (free)" },
  { category: "SignInLogs", why: "interactive sign-ins of people (P1)" },
  { category: "NonInteractiveUserSignInLogs", why: "token refreshes on behalf of people: where a stolen token shows (P1)" },
  { category: "ServicePrincipalSignInLogs", why: "sign-ins of applications and service principals (P1)" },
  { category: "ManagedIdentitySignInLogs", why: "the plan and deploy identities are managed identities: every sign-in of the identity that can change every Träger (P1)" },
  { category: "ProvisioningLogs", why: "who set a user's Träger attribute, which decides the Träger a person belongs to (lib/constructs/directory-tenant.ts)" },
];

/** Entra ID categories deliberately not sent, and why (docs/design.md). */
export const ENTRA_LOG_CATEGORIES_LEFT_OUT: readonly { readonly category: string; readonly why: string }[] = [
  { category: "RiskyUsers, UserRiskEvents, RiskyServicePrincipals, ServicePrincipalRiskEvents", why: "Identity Protection needs Entra ID P2, which the Verbund does not license" },
  { category: "MicrosoftGraphActivityLogs", why: "every Graph request of the tenant: a large volume; the directory changes that matter are in AuditLogs" },
  { category: "ADFSSignInLogs", why: "the Verbund runs no AD FS" },
  { category: "NetworkAccessTrafficLogs, EnrichedOffice365AuditLogs, RemoteNetworkHealthLogs", why: "Global Secure Access is not in use" },
];

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
