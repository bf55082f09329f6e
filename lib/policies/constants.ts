/**
 * The values both sides of a guardrail read: the synth checks (rules.ts) and the Azure Policy
 * assignments (azure.ts). One place, so that what the synth accepts is exactly what Azure allows.
 * No cdktf imports.
 */

/** The tags every Träger resource carries. */
export const REQUIRED_TAGS = ["traeger", "key", "managed-by", "cost-center"] as const;

/**
 * NSG source prefixes that mean "from anywhere": the synth compares them lower-cased, Azure Policy's
 * `in` compares case-insensitively (Microsoft Learn, "Azure Policy definition structure: policy rule",
 * conditions).
 */
export const PUBLIC_SOURCES = ["*", "Internet", "0.0.0.0/0", "Any"] as const;

/**
 * Types Azure offers only as a global service; they hold receivers and routing, never Träger data.
 * Terraform type and Azure type side by side: the synth sees the one, Azure Policy the other.
 * The alert processing rule has no `location` in Terraform; azurerm sets "global" itself
 * (hashicorp/terraform-provider-azurerm v4.55.0 internal/services/monitor/monitor_alert_processing_rule_action_group_resource.go:85-86).
 */
export const GLOBAL_ONLY_TYPES = [
  { terraform: "azurerm_monitor_action_group", azure: "Microsoft.Insights/actionGroups" },
  { terraform: "azurerm_monitor_alert_processing_rule_action_group", azure: "Microsoft.AlertsManagement/actionRules" },
] as const;

/**
 * Subnets Azure forbids or does not support an NSG on (Microsoft Learn, "Network security groups":
 * GatewaySubnet and AzureFirewallSubnet; Azure Route Server's RouteServerSubnet). AzureBastionSubnet may
 * carry an NSG only with Bastion's own rules; Träger spokes have none of these, the hub is outside the
 * Träger management group.
 */
export const SUBNETS_WITHOUT_NSG = ["GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"] as const;

/** Resource types a Träger may not create at all: a public IP would bypass the hub. */
export const PUBLIC_IP_TYPES = [
  { terraform: "azurerm_public_ip", azure: "Microsoft.Network/publicIPAddresses" },
  { terraform: "azurerm_public_ip_prefix", azure: "Microsoft.Network/publicIPPrefixes" },
] as const;

/**
 * Resources and resource groups Azure creates by itself in a Träger subscription, without our tags:
 * Azure Backup keeps VM restore points in a restore point collection in a resource group it names
 * `AzureBackupRG_<region>_<n>` (Microsoft Learn, "Back up an Azure VM": instant restore), and enabling a
 * VNet creates `NetworkWatcherRG` with a network watcher. A session host's OS disk is created by the
 * compute resource provider from the VM's request, and azurerm cannot tag it (hashicorp/terraform-provider-azurerm
 * v4.55.0 internal/services/compute/virtual_machine.go virtualMachineOSDiskSchema: no `tags`). Defender
 * for Servers installs Defender for Endpoint on each session host as a VM extension `MDE.Windows` that it
 * writes itself, with a location and no tags (the same resource as Azure/azure-policy
 * built-in-policies/policyDefinitions/Security Center/ASC_MicrosoftDefenderForEndpoint_WindowsAgent_VM_DINE.json
 * deploys): a tag Deny on extensions would stop the onboarding the Defender plan pays for. Our own
 * extensions stay tagged (the synth's tag rule judges every azurerm_virtual_machine_extension). The tag
 * policies exempt exactly these, so that a tag rule never stops a backup, a session host or its Defender sensor.
 */
export const SERVICE_CREATED = {
  resourceGroupPatterns: ["AzureBackupRG_*", "NetworkWatcherRG"],
  resourceTypes: ["Microsoft.Compute/disks", "Microsoft.Compute/restorePointCollections", "Microsoft.Compute/virtualMachines/extensions", "Microsoft.Network/networkWatchers"],
} as const;
