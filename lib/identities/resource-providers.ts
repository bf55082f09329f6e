/**
 * Azure resource providers: which namespace each Terraform resource type lives in, and the ones a
 * Träger subscription needs registered. Listed once here; the Träger stacks' azurerm provider
 * registers exactly these (`resource_providers_to_register`) and nothing else, the hub provider none.
 * A test checks that every azurerm resource type a stack synthesizes maps to a listed provider.
 */

/** One resource provider a Träger subscription needs, and why. */
export interface ResourceProviderNeed {
  readonly namespace: string;
  readonly why: string;
}

/** The resource providers every Träger subscription has registered (sorted). */
export const TRAEGER_RESOURCE_PROVIDERS: readonly ResourceProviderNeed[] = [
  { namespace: "Microsoft.AlertsManagement", why: "the alert processing rule that routes the vault's Azure Monitor alerts to the backup action group (Microsoft.AlertsManagement/actionRules)" },
  { namespace: "Microsoft.Authorization", why: "role assignments for the Träger's people, AVD and the deploy identity" },
  { namespace: "Microsoft.Compute", why: "session hosts, their disks and extensions" },
  { namespace: "Microsoft.DesktopVirtualization", why: "host pools, application groups, workspace, scaling plans" },
  { namespace: "Microsoft.Insights", why: "diagnostic settings to the central Log Analytics workspace, the subscription's activity log among them" },
  { namespace: "Microsoft.KeyVault", why: "the key vault of the session hosts' local admin password" },
  { namespace: "Microsoft.Network", why: "VNet, subnets, NSGs, route table, peering, private endpoints, NICs; the VNet's network manager static members live in the hub" },
  { namespace: "Microsoft.RecoveryServices", why: "the backup vault, its policies and protected items" },
  { namespace: "Microsoft.Resources", why: "resource groups (registered in every subscription)" },
  { namespace: "Microsoft.Security", why: "the Defender for Cloud plans of the subscription's security baseline (Microsoft.Security/pricings)" },
  { namespace: "Microsoft.Storage", why: "FSLogix profile storage and shares" },
];

/**
 * Resource providers the platform stack's subscriptions need. The platform stack's providers
 * register nothing themselves: the person who applies it first registers these (docs/adoption.md).
 */
export const PLATFORM_RESOURCE_PROVIDERS: readonly ResourceProviderNeed[] = [
  { namespace: "Microsoft.Authorization", why: "the plan identity's custom role and all role assignments; the Verbund's policy definitions and assignments" },
  { namespace: "Microsoft.DataProtection", why: "the resource guard" },
  { namespace: "Microsoft.Insights", why: "the tenant's Entra ID diagnostic setting (azurerm_monitor_aad_diagnostic_setting, an Azure Monitor diagnostic setting on microsoft.aadiam)" },
  { namespace: "Microsoft.ManagedIdentity", why: "the plan and deploy identities and their federated credentials" },
  { namespace: "Microsoft.Management", why: "the management group for decommissioned Träger subscriptions" },
  { namespace: "Microsoft.Network", why: "private DNS zones, their links to the hub, the state account's private endpoint, the network manager of the Träger isolation" },
  { namespace: "Microsoft.OperationalInsights", why: "the central Log Analytics workspace" },
  { namespace: "Microsoft.Resources", why: "resource groups" },
  { namespace: "Microsoft.Storage", why: "the state storage account" },
];

/**
 * The namespace of an azurerm resource type, by the type's prefix (longest prefix wins). A type missing
 * here is a new kind of resource: add its namespace, and to TRAEGER_RESOURCE_PROVIDERS if a Träger needs it.
 */
const TYPE_PREFIXES: readonly (readonly [string, string])[] = [
  ["azurerm_backup_", "Microsoft.RecoveryServices"],
  ["azurerm_data_protection_", "Microsoft.DataProtection"],
  ["azurerm_federated_identity_credential", "Microsoft.ManagedIdentity"],
  ["azurerm_key_vault", "Microsoft.KeyVault"],
  ["azurerm_linux_virtual_machine", "Microsoft.Compute"],
  ["azurerm_log_analytics_", "Microsoft.OperationalInsights"],
  ["azurerm_managed_disk", "Microsoft.Compute"],
  ["azurerm_management_group", "Microsoft.Management"],
  ["azurerm_management_group_policy_", "Microsoft.Authorization"],
  // azurerm v4.58.0 internal/services/monitor/alert_processing_rule.go: alertsmanagement/2021-08-08/alertprocessingrules
  ["azurerm_monitor_alert_processing_rule", "Microsoft.AlertsManagement"],
  ["azurerm_monitor_", "Microsoft.Insights"],
  ["azurerm_network_", "Microsoft.Network"],
  ["azurerm_policy_", "Microsoft.Authorization"],
  ["azurerm_private_dns_", "Microsoft.Network"],
  ["azurerm_private_endpoint", "Microsoft.Network"],
  ["azurerm_recovery_services_", "Microsoft.RecoveryServices"],
  ["azurerm_resource_group", "Microsoft.Resources"],
  ["azurerm_role_", "Microsoft.Authorization"],
  ["azurerm_route", "Microsoft.Network"],
  ["azurerm_security_center_", "Microsoft.Security"],
  ["azurerm_storage_", "Microsoft.Storage"],
  // The subscription stacks' types (tenant-, billing- and management-group-level APIs; Microsoft.Consumption
  // is registered in every subscription by default): nothing a Träger registers.
  ["azurerm_subscription", "Microsoft.Subscription"],
  ["azurerm_management_group_", "Microsoft.Management"],
  ["azurerm_consumption_", "Microsoft.Consumption"],
  ["azurerm_subnet", "Microsoft.Network"],
  ["azurerm_user_assigned_identity", "Microsoft.ManagedIdentity"],
  ["azurerm_virtual_desktop_", "Microsoft.DesktopVirtualization"],
  ["azurerm_virtual_machine", "Microsoft.Compute"],
  ["azurerm_virtual_network", "Microsoft.Network"],
  ["azurerm_windows_virtual_machine", "Microsoft.Compute"],
];

/** The resource provider namespace of an azurerm resource type; undefined when it is not mapped. */
export function resourceProviderOf(terraformType: string): string | undefined {
  let best: readonly [string, string] | undefined;
  for (const entry of TYPE_PREFIXES) if (terraformType.startsWith(entry[0]) && (!best || entry[0].length > best[0].length)) best = entry;
  return best?.[1];
}

/** The namespaces the Träger stacks' azurerm provider registers, in order. */
export function traegerResourceProviderNamespaces(): string[] {
  return TRAEGER_RESOURCE_PROVIDERS.map((p) => p.namespace);
}
