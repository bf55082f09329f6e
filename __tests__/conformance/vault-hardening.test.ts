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
import { VAULT_API_VERSION, VAULT_IGNORED_AFTER_CREATE } from "../../lib/constructs/facts";
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
    const body = update.body as { properties: Record<string, unknown> };
    expect(body.properties.securitySettings).toMatchObject({ softDeleteSettings: { softDeleteState: "AlwaysON" } });
    expect(body.properties.restoreSettings).toEqual({ crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: "PermanentlyDisabled" } });
    expect(update.provider).toBe("azapi");
  });

  // azurerm v4.58.0 recovery_services_vault_resource.go ~511-548: every in-place update PUTs the backup
  // config with soft delete "Enabled" and waits for "Enabled"; ~879-895: the refresh returns the
  // config's state, "AlwaysON" after the hardening, neither pending nor target, so the wait fails.
  // Hence azurerm must never plan an update of the vault: every argument it could change in place
  // (all but the ForceNew name, location, resource_group_name, classic_vmware_replication_enabled)
  // is ignored, and each one the vault declares is carried by the azapi body with the same value.
  const UPDATABLE = ["encryption", "identity", "public_network_access_enabled", "immutability", "tags", "sku", "storage_mode_type", "cross_region_restore_enabled", "soft_delete_enabled", "monitoring"];
  const FORCE_NEW = ["name", "location", "resource_group_name", "classic_vmware_replication_enabled"];
  const enabled = (on: unknown): string => (on === true ? "Enabled" : "Disabled");

  it("is never updated by azurerm: every in-place-updatable argument is in ignore_changes", () => {
    expect(new Set(VAULT_IGNORED_AFTER_CREATE)).toEqual(new Set(UPDATABLE));
    const lifecycle = vault.lifecycle as { prevent_destroy: boolean; ignore_changes: string[] };
    expect(lifecycle.prevent_destroy).toBe(true);
    expect(new Set(lifecycle.ignore_changes)).toEqual(new Set(UPDATABLE));
    const arguments_ = Object.keys(vault).filter((key) => !["lifecycle", "provider", "depends_on", "//"].includes(key));
    for (const argument of arguments_) expect([argument, FORCE_NEW.includes(argument) || UPDATABLE.includes(argument)]).toEqual([argument, true]);
  });

  it("carries every declared vault setting in the azapi body, together with the hardening", () => {
    const [update] = updates as [{ body: { sku: unknown; tags: unknown; properties: Record<string, unknown> } }];
    const monitoring = vault.monitoring as Record<string, boolean>;
    // The same mapping as azurerm's expand functions (recovery_services_vault_resource.go v4.58.0).
    const carried: Record<string, [unknown, unknown]> = {
      soft_delete_enabled: [vault.soft_delete_enabled, true],
      tags: [update.body.tags, vault.tags],
      sku: [update.body.sku, { name: vault.sku }],
      public_network_access_enabled: [update.body.properties.publicNetworkAccess, enabled(vault.public_network_access_enabled)],
      monitoring: [
        update.body.properties.monitoringSettings,
        {
          azureMonitorAlertSettings: { alertsForAllJobFailures: enabled(monitoring.alerts_for_all_job_failures_enabled) },
          classicAlertSettings: { alertsForCriticalOperations: enabled(monitoring.alerts_for_critical_operation_failures_enabled) },
        },
      ],
      immutability: [(update.body.properties.securitySettings as Record<string, unknown>).immutabilitySettings, { state: vault.immutability }],
      storage_mode_type: [(update.body.properties.redundancySettings as Record<string, unknown>).standardTierStorageRedundancy, vault.storage_mode_type],
      cross_region_restore_enabled: [(update.body.properties.redundancySettings as Record<string, unknown>).crossRegionRestore, enabled(vault.cross_region_restore_enabled)],
    };
    for (const argument of UPDATABLE.filter((a) => a in vault)) expect([argument, ...(carried[argument] ?? ["not carried"])]).toEqual([argument, carried[argument]?.[1], carried[argument]?.[1]]);
    expect(update.body).toEqual({
      sku: { name: "Standard" },
      tags: vault.tags,
      properties: {
        publicNetworkAccess: "Disabled",
        monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: "Enabled" }, classicAlertSettings: { alertsForCriticalOperations: "Enabled" } },
        redundancySettings: { standardTierStorageRedundancy: "GeoRedundant", crossRegionRestore: "Enabled" },
        securitySettings: { softDeleteSettings: { softDeleteState: "AlwaysON" }, immutabilitySettings: { state: vault.immutability } },
        restoreSettings: { crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: "PermanentlyDisabled" } },
      },
    });
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
