/**
 * Entra ID sign-in and audit logs to the central workspace (issue 15 §4), on the synthesized platform
 * stack of the fixture Verbund. Provider: hashicorp/terraform-provider-azurerm v4.55.0
 * internal/services/monitor/monitor_aad_diagnostic_setting_resource.go (name: validate.MonitorDiagnosticSettingName;
 * enabled_log: a set of { category }, category without ValidateFunc; AtLeastOneOf the three destinations).
 * Microsoft Learn, "Configure Microsoft Entra diagnostic settings for activity logs": Security Administrator to
 * create; sign-in logs need Entra ID P1/P2.
 */
import { ENTRA_LOG_CATEGORIES, ENTRA_LOG_CATEGORIES_LEFT_OUT } from "../../lib/constructs/facts";
import { DEPLOY_IDENTITY, PLAN_IDENTITY } from "../../lib/identities/rights";
import { fixtureModel, synthAll } from "../helpers/synth";

const model = fixtureModel();
const { platform, stacks } = synthAll(model);

describe("the Entra ID diagnostic setting", () => {
  const settings = Object.values(platform.resource.azurerm_monitor_aad_diagnostic_setting ?? {});

  it("is one, in the platform stack only, sending to the central workspace", () => {
    expect(settings).toHaveLength(1);
    const [workspace] = Object.entries(platform.resource.azurerm_log_analytics_workspace!).find(([, w]) => model.monitoring.logAnalyticsWorkspaceId.endsWith(`/${String(w.name)}`))!;
    expect(settings[0]).toMatchObject({ name: `${model.shortName}-entra-to-central-workspace`, log_analytics_workspace_id: `\${azurerm_log_analytics_workspace.${workspace}.id}` });
    expect(settings[0]!.storage_account_id).toBeUndefined();
    expect(settings[0]!.eventhub_authorization_rule_id).toBeUndefined();
    for (const [id, stack] of stacks) expect([id, Object.keys(stack.resource.azurerm_monitor_aad_diagnostic_setting ?? {})]).toEqual([id, []]);
  });

  it("sends audit logs and every sign-in category the Verbund's P1 licence covers, each chosen with a reason", () => {
    const categories = (settings[0]!.enabled_log as { category: string }[]).map((l) => l.category).sort();
    expect(categories).toEqual(["AuditLogs", "ManagedIdentitySignInLogs", "NonInteractiveUserSignInLogs", "ProvisioningLogs", "ServicePrincipalSignInLogs", "SignInLogs"]);
    expect(categories).toEqual(ENTRA_LOG_CATEGORIES.map((c) => c.category).sort());
    for (const c of [...ENTRA_LOG_CATEGORIES, ...ENTRA_LOG_CATEGORIES_LEFT_OUT]) expect(c.why.length).toBeGreaterThan(10);
    // Left out is never also sent.
    for (const left of ENTRA_LOG_CATEGORIES_LEFT_OUT.flatMap((c) => c.category.split(", "))) expect(categories).not.toContain(left);
  });

  it("is created by the deploy identity as Security Administrator and refreshed by the plan identity as Security Reader", () => {
    expect(DEPLOY_IDENTITY.directoryRoles.map((r) => r.role)).toContain("Security Administrator");
    expect(PLAN_IDENTITY.directoryRoles.map((r) => r.role)).toEqual(["Security Reader"]);
    expect(Object.values(platform.resource.azuread_directory_role!).map((r) => r.display_name)).toEqual(expect.arrayContaining(["Security Administrator", "Security Reader"]));
  });
});
