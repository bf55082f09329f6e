/**
 * What every Träger subscription's security baseline consists of (issue 15 §4), as data: the
 * construct (lib/constructs/security-baseline.ts) builds it, the Trägerblatt shows it. No cdktf imports.
 */

/**
 * The Defender for Cloud plans every Träger subscription has (Microsoft Learn, "Defender for Cloud
 * pricing" and the Microsoft.Security/pricings API): construct id → resource type, tier and sub-plan.
 * - Servers Plan 2: the session hosts get Defender for Endpoint, vulnerability assessment, file
 *   integrity monitoring and just-in-time access (Plan 1 has only the first).
 * - Storage "DefenderForStorageV2": the per-account plan with activity monitoring (malware scanning on
 *   upload is an extension billed per GB and stays off: profile shares are not uploads).
 * - Key Vaults "PerKeyVault", Resource Manager "PerSubscription": the current plans of both.
 */
export const DEFENDER_PLANS = [
  { id: "servers", resourceType: "VirtualMachines", subplan: "P2", label: "Server (Plan 2)" },
  { id: "storage", resourceType: "StorageAccounts", subplan: "DefenderForStorageV2", label: "Storage (pro Konto)" },
  { id: "key-vaults", resourceType: "KeyVaults", subplan: "PerKeyVault", label: "Key Vault (pro Tresor)" },
  { id: "resource-manager", resourceType: "Arm", subplan: "PerSubscription", label: "Resource Manager (pro Abonnement)" },
] as const;

/**
 * The activity log categories of a subscription (Azure Monitor, "Azure activity log event schema"):
 * all eight go to the central workspace the security operations centre reads.
 */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;
