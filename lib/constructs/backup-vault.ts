import { BackupContainerStorageAccount } from "@cdktf/provider-azurerm/lib/backup-container-storage-account";
import { BackupPolicyFileShare } from "@cdktf/provider-azurerm/lib/backup-policy-file-share";
import { BackupPolicyVm } from "@cdktf/provider-azurerm/lib/backup-policy-vm";
import { BackupProtectedFileShare } from "@cdktf/provider-azurerm/lib/backup-protected-file-share";
import { BackupProtectedVm } from "@cdktf/provider-azurerm/lib/backup-protected-vm";
import { RecoveryServicesVault } from "@cdktf/provider-azurerm/lib/recovery-services-vault";
import { RecoveryServicesVaultResourceGuardAssociation } from "@cdktf/provider-azurerm/lib/recovery-services-vault-resource-guard-association";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import type { StorageShare } from "@cdktf/provider-azurerm/lib/storage-share";
import { Construct } from "constructs";
import type { Immutability } from "../declaration";
import { backupPolicyName, recoveryServicesVaultName, resourceGroupName } from "../naming";
import { RETENTION_ANCHORS, SCHEDULE_TIME_ZONE, type TraegerModel } from "../verbund";
import { type ArmValue, type AzapiProvider, AzapiUpdateResource } from "./azapi-update";
import { sendToCentralLogAnalytics } from "./diagnostics";
import { fileShareSnapshotDays } from "../verbund/file-share-snapshots";
import { setFileShareBackupTier } from "./provider-compat";
import { VAULT_API_VERSION, VAULT_IGNORED_AFTER_CREATE } from "./facts";

/** Properties of a Träger's backup vault. */
export interface BackupVaultProps {
  readonly traeger: TraegerModel;
  /** Region of the vault (the Verbund's primary, German region); the second copy goes to its Azure pair. */
  readonly location: string;
  /** The Verbund's resource guard (multi-user authorization). */
  readonly resourceGuardId: string;
  /** The central Log Analytics workspace for backup reports and jobs. */
  readonly logAnalyticsWorkspaceId: string;
  /** AzAPI provider of the Träger's subscription: vault settings azurerm cannot express. */
  readonly azapiProvider: AzapiProvider;
}


/**
 * Vault hardening the azurerm schema cannot express, both irreversible by design: soft delete always
 * on (`AlwaysON`: nobody can switch it off again) and restores into another subscription permanently
 * disabled (a stolen identity cannot restore a Träger's data elsewhere).
 */
export const VAULT_HARDENING = {
  properties: {
    securitySettings: { softDeleteSettings: { softDeleteState: "AlwaysON" } },
    restoreSettings: { crossSubscriptionRestoreSettings: { crossSubscriptionRestoreState: "PermanentlyDisabled" } },
  },
} as const;


const IMMUTABILITY_STATE: Readonly<Record<Immutability, string>> = { locked: "Locked", unlocked: "Unlocked", disabled: "Disabled" };

/** The vault settings azurerm sets at creation, for the azapi body (REST names of vaults 2024-01-01). */
export interface VaultSettings {
  readonly sku: string;
  readonly storageModeType: string;
  readonly crossRegionRestoreEnabled: boolean;
  readonly immutability: string;
  readonly publicNetworkAccessEnabled: boolean;
  readonly alertsForAllJobFailuresEnabled: boolean;
  readonly alertsForCriticalOperationFailuresEnabled: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

const enabled = (on: boolean): string => (on ? "Enabled" : "Disabled");

/**
 * The azapi body of the vault: the hardening plus every setting azurerm no longer updates
 * (VAULT_IGNORED_AFTER_CREATE), mapped as azurerm maps them (recovery_services_vault_resource.go
 * v4.58.0: expandRecoveryServicesVaultMonitorSettings, expandRecoveryServicesVaultPublicNetworkAccess,
 * expandRecoveryServicesVaultSecuritySettings, VaultPropertiesRedundancySettings). The same values are
 * what azurerm wrote at creation, so the first azapi PUT changes only the hardening; a later change of
 * a tag or setting is a change of this body, applied by azapi (GET, merge, PUT) and never by azurerm.
 * `identity` and `encryption` are not declared for the vault at all.
 */
export function vaultSettingsBody(settings: VaultSettings): { readonly [key: string]: ArmValue } {
  return {
    sku: { name: settings.sku },
    tags: { ...settings.tags },
    properties: {
      publicNetworkAccess: enabled(settings.publicNetworkAccessEnabled),
      monitoringSettings: {
        azureMonitorAlertSettings: { alertsForAllJobFailures: enabled(settings.alertsForAllJobFailuresEnabled) },
        classicAlertSettings: { alertsForCriticalOperations: enabled(settings.alertsForCriticalOperationFailuresEnabled) },
      },
      redundancySettings: { standardTierStorageRedundancy: settings.storageModeType, crossRegionRestore: enabled(settings.crossRegionRestoreEnabled) },
      securitySettings: { ...VAULT_HARDENING.properties.securitySettings, immutabilitySettings: { state: settings.immutability } },
      restoreSettings: VAULT_HARDENING.properties.restoreSettings,
    },
  };
}

/** Log categories of a Recovery Services vault that Azure Backup reports need (resource-specific tables). */
export const BACKUP_REPORT_CATEGORIES = [
  "CoreAzureBackup",
  "AddonAzureBackupJobs",
  "AddonAzureBackupAlerts",
  "AddonAzureBackupPolicy",
  "AddonAzureBackupStorage",
  "AddonAzureBackupProtectedInstance",
] as const;

/**
 * A Träger's Recovery Services vault, built to survive ransomware: geo-redundant within Germany with
 * cross-region restore, soft delete, immutability as declared, no public access, multi-user
 * authorization through the Verbund's resource guard, and `prevent_destroy`. Holds the VM and file
 * share policies; protectFileShare / protectVm put resources under them.
 */
export class BackupVault extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly vault: RecoveryServicesVault;
  /** Enhanced (V2) policy for session hosts that hold user data. */
  readonly vmPolicy: BackupPolicyVm;
  /** Policy for FSLogix profile shares and data shares. */
  readonly fileSharePolicy: BackupPolicyFileShare;

  private readonly registeredAccounts = new Map<string, BackupContainerStorageAccount>();

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const { traeger, location } = props;
    const { retention, time, immutability } = traeger.backup;
    const tags = { ...traeger.tags };

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: resourceGroupName(traeger.id, "backup"), location, tags });
    const settings: VaultSettings = {
      sku: "Standard",
      // The second copy lives in the region's Azure pair (germanynorth for germanywestcentral): still Germany.
      storageModeType: "GeoRedundant",
      crossRegionRestoreEnabled: true,
      immutability: IMMUTABILITY_STATE[immutability],
      publicNetworkAccessEnabled: false,
      alertsForAllJobFailuresEnabled: true,
      alertsForCriticalOperationFailuresEnabled: true,
      tags,
    };
    this.vault = new RecoveryServicesVault(this, "vault", {
      name: recoveryServicesVaultName(traeger.id),
      resourceGroupName: this.resourceGroup.name,
      location,
      sku: settings.sku,
      storageModeType: settings.storageModeType,
      crossRegionRestoreEnabled: settings.crossRegionRestoreEnabled,
      softDeleteEnabled: true,
      immutability: settings.immutability,
      publicNetworkAccessEnabled: settings.publicNetworkAccessEnabled,
      monitoring: {
        alertsForAllJobFailuresEnabled: settings.alertsForAllJobFailuresEnabled,
        alertsForCriticalOperationFailuresEnabled: settings.alertsForCriticalOperationFailuresEnabled,
      },
      tags,
      // azurerm creates the vault and never updates it (VAULT_IGNORED_AFTER_CREATE): after the AlwaysON
      // hardening its update path cannot succeed, so later changes go through the azapi body below.
      lifecycle: { preventDestroy: true, ignoreChanges: [...VAULT_IGNORED_AFTER_CREATE] },
    });
    new AzapiUpdateResource(this, "hardening", {
      provider: props.azapiProvider,
      resourceType: "Microsoft.RecoveryServices/vaults",
      apiVersion: VAULT_API_VERSION,
      resourceId: this.vault.id,
      body: vaultSettingsBody(settings),
    });
    new RecoveryServicesVaultResourceGuardAssociation(this, "resource-guard", {
      vaultId: this.vault.id,
      resourceGuardId: props.resourceGuardId,
      // Removing the guard would itself weaken the vault.
      lifecycle: { preventDestroy: true },
    });

    const anchors = RETENTION_ANCHORS;
    this.vmPolicy = new BackupPolicyVm(this, "policy-vm", {
      name: backupPolicyName(traeger.id, "vm"),
      resourceGroupName: this.resourceGroup.name,
      recoveryVaultName: this.vault.name,
      policyType: "V2",
      timezone: SCHEDULE_TIME_ZONE,
      instantRestoreRetentionDays: 7,
      backup: { frequency: "Daily", time },
      retentionDaily: { count: retention.vm.daily },
      retentionWeekly: { count: retention.vm.weekly, weekdays: [anchors.weekday] },
      retentionMonthly: { count: retention.vm.monthly, weekdays: [anchors.weekday], weeks: [anchors.week] },
      retentionYearly: { count: retention.vm.yearly, weekdays: [anchors.weekday], weeks: [anchors.week], months: [anchors.month] },
    });
    this.fileSharePolicy = new BackupPolicyFileShare(this, "policy-fileshare", {
      name: backupPolicyName(traeger.id, "fileshare"),
      resourceGroupName: this.resourceGroup.name,
      recoveryVaultName: this.vault.name,
      timezone: SCHEDULE_TIME_ZONE,
      backup: { frequency: "Daily", time },
      retentionDaily: { count: retention.fileShare.daily },
    });
    // Vaulted: profile recovery points leave the storage account for the vault (immutable, soft delete,
    // geo-redundant, restorable in the paired region); snapshots stay a few days for quick restores.
    setFileShareBackupTier(this.fileSharePolicy, { tier: "vault-standard", snapshotRetentionDays: fileShareSnapshotDays(retention.fileShare.daily) });

    sendToCentralLogAnalytics(this, "diagnostics", {
      resourceName: recoveryServicesVaultName(traeger.id),
      targetResourceId: this.vault.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategories: BACKUP_REPORT_CATEGORIES,
      // Azure Backup reports read the resource-specific tables (AddonAzureBackup*, CoreAzureBackup).
      resourceSpecificTables: true,
    });
  }

  /**
   * Protects a file share with the file share policy. Registers its storage account with the vault
   * once, however many of its shares are protected. `id` must be stable (the share's name).
   */
  protectFileShare(id: string, storageAccount: StorageAccount, share: StorageShare): BackupProtectedFileShare {
    const accountKey = storageAccount.node.path;
    let container = this.registeredAccounts.get(accountKey);
    if (!container) {
      container = new BackupContainerStorageAccount(this, `container-${storageAccount.node.id}`, {
        resourceGroupName: this.resourceGroup.name,
        recoveryVaultName: this.vault.name,
        storageAccountId: storageAccount.id,
      });
      this.registeredAccounts.set(accountKey, container);
    }
    return new BackupProtectedFileShare(this, `protect-share-${id}`, {
      resourceGroupName: this.resourceGroup.name,
      recoveryVaultName: this.vault.name,
      sourceStorageAccountId: storageAccount.id,
      sourceFileShareName: share.name,
      backupPolicyId: this.fileSharePolicy.id,
      dependsOn: [container, share],
    });
  }

  /** Protects a virtual machine with the enhanced VM policy. `id` must be stable (the VM's name). */
  protectVm(id: string, vm: { readonly id: string }): BackupProtectedVm {
    return new BackupProtectedVm(this, `protect-vm-${id}`, {
      resourceGroupName: this.resourceGroup.name,
      recoveryVaultName: this.vault.name,
      sourceVmId: vm.id,
      backupPolicyId: this.vmPolicy.id,
    });
  }
}
