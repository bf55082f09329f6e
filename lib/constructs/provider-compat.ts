import type { BackupPolicyFileShare } from "@cdktf/provider-azurerm/lib/backup-policy-file-share";
import type { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";

/**
 * The one place for provider features newer than the generated bindings. @cdktf/provider-azurerm
 * 14.23.1 is generated from azurerm 4.55.0 and cdktf is archived, so attributes that azurerm added later
 * are set here, typed, each naming the azurerm tag that introduced it; nothing else in lib/ may use
 * addOverride for them. When an attribute is set here, its provider rule goes into
 * __tests__/conformance/rules.ts, cited at that tag.
 */

/**
 * The azurerm provider version every stack requires: 4.58.0 introduced `backup_tier` on
 * azurerm_backup_policy_file_share (internal/services/recoveryservices/backup_policy_file_share_resource.go
 * at v4.58.0). Pinned exactly, like the bindings' 4.55.0 was: the conformance rules were read at
 * v4.55.0 and re-checked at v4.58.0, and a newer version is a deliberate change that re-reads them.
 */
export const AZURERM_PROVIDER_VERSION = "4.58.0";

/** Makes a stack require AZURERM_PROVIDER_VERSION instead of the bindings' 4.55.0 (terraform.required_providers). */
export function requireAzurermVersion(provider: AzurermProvider): void {
  // cdktf writes required_providers from the provider's generator metadata (cdktf/lib/terraform-provider.js,
  // toTerraform). Changing it there keeps the stack free of raw overrides, which would switch off the
  // fast stack JSON path (lib/stacks/stack-json.ts).
  const metadata = provider.terraformGeneratorMetadata;
  Object.defineProperty(provider, "terraformGeneratorMetadata", {
    value: { ...metadata, providerName: metadata?.providerName ?? "azurerm", providerVersion: AZURERM_PROVIDER_VERSION, providerVersionConstraint: AZURERM_PROVIDER_VERSION },
    configurable: true,
  });
}

/** Where file share recovery points live (azurerm ≥ 4.58.0 `backup_tier`). */
export type FileShareBackupTier =
  /** Share snapshots inside the storage account only: not in the vault, not immutable, not geo-redundant. */
  | "snapshot"
  /** Vaulted backup: copies in the Recovery Services vault (its redundancy, immutability and soft delete), with snapshots kept for quick restores. */
  | "vault-standard";

/** Tier and snapshot days of a file share backup policy. */
export interface FileShareBackupTierSettings {
  readonly tier: FileShareBackupTier;
  /** Days share snapshots are also kept beside the vaulted copies; must be below retention_daily.count. */
  readonly snapshotRetentionDays: number;
}

/**
 * Sets `backup_tier` and `snapshot_retention_in_days` (azurerm v4.58.0,
 * backup_policy_file_share_resource.go) on a file share backup policy.
 */
export function setFileShareBackupTier(policy: BackupPolicyFileShare, settings: FileShareBackupTierSettings): void {
  policy.addOverride("backup_tier", settings.tier);
  policy.addOverride("snapshot_retention_in_days", settings.snapshotRetentionDays);
}
