/** Days share snapshots are kept beside the vaulted file share copies, for quick restores. */
export const FILE_SHARE_SNAPSHOT_DAYS = 5;

/**
 * Snapshot days of a vaulted file share policy: FILE_SHARE_SNAPSHOT_DAYS, but always below the daily
 * retention, as azurerm requires for backup_tier "vault-standard" (backup_policy_file_share_resource.go,
 * CustomizeDiff, v4.58.0).
 */
export function fileShareSnapshotDays(dailyRetentionDays: number): number {
  return Math.max(0, Math.min(FILE_SHARE_SNAPSHOT_DAYS, dailyRetentionDays - 1));
}
