/**
 * What every Träger subscription's security baseline consists of (issue 15 §4), as data: the
 * construct (lib/constructs/security-baseline.ts) builds it, the Trägerblatt shows it. No cdktf imports.
 */

/** A plan extension that is on, with the properties Azure keeps for it. */
export interface DefenderExtension {
  readonly name: string;
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * The Defender for Cloud plans every Träger subscription has (Microsoft Learn, "Defender for Cloud
 * pricing" and the Microsoft.Security/pricings API): construct id → resource type, tier, sub-plan and
 * the plan's extensions that are on.
 * - Servers Plan 2: the session hosts get Defender for Endpoint, agentless vulnerability and secret
 *   scanning of their disks ("AgentlessVmScanning", on by default in Plan 2: Azure/azure-policy
 *   built-in-policies/policyDefinitions/Security Center/ASC_Azure_Defender_Servers_Full_Features_DINE.json)
 *   and just-in-time access (Plan 1 has only the first).
 * - Storage "DefenderForStorageV2": the per-account plan with activity monitoring and sensitive data
 *   threat detection ("SensitiveDataDiscovery", no extra charge); malware scanning on upload
 *   ("OnUploadMalwareScanning") is billed per GB and stays off: profile shares are not uploads.
 * - Key Vaults "PerKeyVault", Resource Manager "PerSubscription": the current plans of both, no extensions.
 * `extensions` must name every extension that is to stay on: azurerm sends every extension Azure
 * reports and the configuration does not name with isEnabled "False" (hashicorp/terraform-provider-azurerm
 * v4.58.0 internal/services/securitycenter/security_center_subscription_pricing_resource.go,
 * expandSecurityCenterSubscriptionPricingExtensions), so a plan without them loses its default features.
 */
export const DEFENDER_PLANS: readonly {
  readonly id: "servers" | "storage" | "key-vaults" | "resource-manager";
  readonly resourceType: string;
  readonly subplan: string;
  readonly extensions: readonly DefenderExtension[];
  readonly label: string;
}[] = [
  // ExclusionTags "[]" (no machine excluded) as Azure reports it back: without it every plan would show a
  // changed extension (the provider's own acceptance test sets it the same way, security_center_subscription_pricing_resource_test.go).
  { id: "servers", resourceType: "VirtualMachines", subplan: "P2", extensions: [{ name: "AgentlessVmScanning", properties: { ExclusionTags: "[]" } }], label: "Server (Plan 2, agentlose Schwachstellen-Scans)" },
  { id: "storage", resourceType: "StorageAccounts", subplan: "DefenderForStorageV2", extensions: [{ name: "SensitiveDataDiscovery" }], label: "Storage (pro Konto, Erkennung sensibler Daten; ohne Malware-Scan beim Hochladen)" },
  { id: "key-vaults", resourceType: "KeyVaults", subplan: "PerKeyVault", extensions: [], label: "Key Vault (pro Tresor)" },
  { id: "resource-manager", resourceType: "Arm", subplan: "PerSubscription", extensions: [], label: "Resource Manager (pro Abonnement)" },
];

/**
 * The activity log categories of a subscription (Azure Monitor, "Azure activity log event schema"):
 * all eight go to the central workspace the security operations centre reads.
 */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;
