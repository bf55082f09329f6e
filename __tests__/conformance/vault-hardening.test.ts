/**
 * Vault hardening the azurerm schema cannot express (issue 11): soft delete always on and
 * cross-subscription restore permanently disabled, through one typed `azapi_update_resource`.
 *
 * Sources:
 * - Azure/terraform-provider-azapi v2.12.0 internal/services/azapi_update_resource.go: `type`
 *   required and validated as `<resource-type>@<api-version>` (myvalidator/resource_type.go);
 *   `resource_id` a resource id; `body` a dynamic attribute that must not be a string
 *   (DynamicIsNotStringValidator); apply = GET, merge `body`, PUT.
 * - azurerm v4.55.0 internal/services/recoveryservices/recovery_services_vault_resource.go: vaults
 *   client recoveryservices/2024-01-01; soft delete through backupresourcevaultconfigs 2023-02-01,
 *   read back as `soft_delete_enabled = (softDeleteFeatureState == "Enabled")`, so "AlwaysON" reads
 *   as false; `monitoring` maps alerts_for_all_job_failures_enabled to
 *   azureMonitorAlertSettings.alertsForAllJobFailures and
 *   alerts_for_critical_operation_failures_enabled to classicAlertSettings.alertsForCriticalOperations.
 * - azurerm v4.55.0 vendor/github.com/hashicorp/go-azure-sdk/resource-manager/recoveryservices/
 *   2024-01-01/vaults: SecuritySettings.softDeleteSettings.softDeleteState (AlwaysON | Disabled |
 *   Enabled), RestoreSettings.crossSubscriptionRestoreSettings.crossSubscriptionRestoreState
 *   (Disabled | Enabled | PermanentlyDisabled).
 */
import { VAULT_API_VERSION } from "../../lib/constructs/backup-vault";
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";

const model = loadModel();
const stacks = synthStacks(model);
const RESOURCE_TYPE = /^[A-Za-z][A-Za-z0-9.]*\/[A-Za-z][A-Za-z0-9/]*@\d{4}-\d{2}-\d{2}(-preview)?$/;

type Json = StackJson & { provider: Record<string, Record<string, unknown>[]> };

describe.each([...stacks.keys()].map((id) => [id]))("the vault of %s", (id) => {
  const stack = stacks.get(id) as Json;
  const traeger = model.traeger.find((t) => t.id === id)!;
  const [[vaultName, vault]] = resourcesOf(stack, "azurerm_recovery_services_vault") as [[string, Record<string, unknown>]];
  const updates = resourcesOf(stack, "azapi_update_resource").map(([, u]) => u);

  it("is hardened by one azapi_update_resource: soft delete AlwaysON, cross-subscription restore PermanentlyDisabled", () => {
    expect(updates).toHaveLength(1);
    const [update] = updates as [Record<string, unknown>];
    expect(update.resource_id).toBe(`\${azurerm_recovery_services_vault.${vaultName}.id}`);
    expect(update.type).toBe(`Microsoft.RecoveryServices/vaults@${VAULT_API_VERSION}`);
    expect(update.type).toMatch(RESOURCE_TYPE);
    expect(VAULT_API_VERSION).toBe("2024-01-01");
    expect(typeof update.body).toBe("object");
    expect(update.body).toEqual({
      properties: {
        securitySettings: { softDeleteSettings: { softDeleteState: "AlwaysON" } },
        restoreSettings: { crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: "PermanentlyDisabled" } },
      },
    });
    expect(update.provider).toBe("azapi");
  });

  it("keeps azurerm from fighting it: soft delete still declared, its AlwaysON read-back ignored", () => {
    expect(vault.soft_delete_enabled).toBe(true);
    expect(vault.lifecycle).toEqual({ prevent_destroy: true, ignore_changes: ["soft_delete_enabled"] });
  });

  it("raises Azure Monitor alerts for job failures and critical operations", () => {
    expect(vault.monitoring).toEqual({ alerts_for_all_job_failures_enabled: true, alerts_for_critical_operation_failures_enabled: true });
  });

  it("has an azapi provider for the Träger's own subscription, pinned to 2.x", () => {
    // azapi v2.12.0 internal/provider/provider.go: skip_provider_registration defaults to false
    expect(stack.provider.azapi).toEqual([{ subscription_id: traeger.subscriptionId, tenant_id: model.entraTenantId, skip_provider_registration: true }]);
    expect(stack.terraform.required_providers.azapi).toEqual({ source: "azure/azapi", version: "~> 2.12" });
  });
});
