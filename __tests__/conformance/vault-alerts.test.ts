/**
 * Vault alerts reach an action group (issue 11).
 *
 * Sources:
 * - azurerm v4.55.0 internal/services/monitor/monitor_action_group_resource.go: `short_name`
 *   StringLenBetween(1, 12); `location` ForceNew, "global" or a region (default "global");
 *   email_receiver `name` and `email_address` StringIsNotEmpty.
 * - azurerm v4.55.0 internal/services/monitor/alert_processing_rule.go and
 *   monitor_alert_processing_rule_action_group_resource.go: `scopes` resource ids; condition
 *   `monitor_service` operator Equals | NotEquals, values from a fixed list that includes
 *   "Azure Backup"; `add_action_group_ids` required, action group ids;
 *   validate/alert_processing_rule_name.go: `^([a-zA-Z\d])[a-zA-Z\d-_]*$`.
 * - Microsoft Learn, "Azure Monitor alerts for Azure Backup": built-in alerts notify through an alert
 *   processing rule that adds an action group.
 */
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";

const model = loadModel();
const stacks = synthStacks(model);
const MONITOR_SERVICES = ["ActivityLog Administrative", "Azure Backup", "Log Analytics", "Platform", "Resource Health"];

describe.each([...stacks.keys()].map((id) => [id]))("the backup alerts of %s", (id) => {
  const stack = stacks.get(id) as StackJson;
  const [[vaultName]] = resourcesOf(stack, "azurerm_recovery_services_vault") as [[string, Record<string, unknown>]];
  const backupGroup = resourcesOf(stack, "azurerm_resource_group").find(([, rg]) => rg.name === `rg-${id}-backup`)!;
  const groups = resourcesOf(stack, "azurerm_monitor_action_group");
  const rules = resourcesOf(stack, "azurerm_monitor_alert_processing_rule_action_group");

  it("has one action group that e-mails the platform team", () => {
    expect(groups).toHaveLength(1);
    const [[, group]] = groups as [[string, Record<string, unknown>]];
    expect(group).toMatchObject({
      name: `ag-${id}-backup`,
      resource_group_name: `\${azurerm_resource_group.${backupGroup[0]}.name}`,
      location: "global",
      enabled: true,
      email_receiver: [{ name: "platform-team", email_address: model.monitoring.platformTeamEmail, use_common_alert_schema: true }],
    });
    const shortName = String(group.short_name);
    expect(Buffer.byteLength(shortName, "utf8")).toBeGreaterThanOrEqual(1);
    expect(Buffer.byteLength(shortName, "utf8")).toBeLessThanOrEqual(12);
  });

  it("routes every Azure Backup alert of the vault to it", () => {
    expect(rules).toHaveLength(1);
    const [[, rule]] = rules as [[string, Record<string, unknown>]];
    const [[groupName]] = groups as [[string, unknown]];
    expect(rule).toMatchObject({
      scopes: [`\${azurerm_recovery_services_vault.${vaultName}.id}`],
      add_action_group_ids: [`\${azurerm_monitor_action_group.${groupName}.id}`],
      condition: { monitor_service: { operator: "Equals", values: ["Azure Backup"] } },
      enabled: true,
    });
    const condition = (rule.condition as { monitor_service: { operator: string; values: string[] } }).monitor_service;
    expect(["Equals", "NotEquals"]).toContain(condition.operator);
    for (const value of condition.values) expect(MONITOR_SERVICES).toContain(value);
    expect(String(rule.name)).toMatch(/^([a-zA-Z\d])[a-zA-Z\d\-_]*$/);
  });
});
