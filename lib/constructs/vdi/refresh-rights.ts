/**
 * What refreshing each desktop resource asks of Azure, read from the provider's Read functions
 * (hashicorp/terraform-provider-azurerm v4.55.0, unchanged at v4.58.0). The plan identity's rights are
 * derived from this list (docs/vdi.md, "Rights the plan identity needs for desktops"): only entries with
 * `readerSuffices: false` need more than the built-in Reader role, and each of those reads a secret.
 */
export interface RefreshNeed {
  /** Terraform resource type. */
  readonly resource: string;
  /** What its Read function calls, and where in the provider source. */
  readonly readCalls: string;
  /** The Azure RBAC action (or data action) the call needs. */
  readonly action: string;
  /** Whether the built-in Reader role grants the action. */
  readonly readerSuffices: boolean;
}

/** The desktop resources whose refresh needs more than an ARM GET, and one representative that does not. */
export const DESKTOP_REFRESH_NEEDS: readonly RefreshNeed[] = [
  {
    resource: "azurerm_virtual_desktop_host_pool_registration_info",
    readCalls: "HostPoolsClient.RetrieveRegistrationToken (virtual_desktop_host_pool_registration_info_resource.go, Read): a POST returning the live token",
    action: "Microsoft.DesktopVirtualization/hostpools/retrieveRegistrationToken/action",
    readerSuffices: false,
  },
  {
    resource: "azurerm_key_vault_secret",
    readCalls: "KeyVault GetSecret on the vault's data plane (key_vault_secret_resource.go, Read; also with value_wo), through the private endpoint",
    action: "Microsoft.KeyVault/vaults/secrets/getSecret/action (data action) and a network path to the vault's private endpoint",
    readerSuffices: false,
  },
  {
    resource: "azurerm_storage_account",
    readCalls: "GetProperties, fileServices GetServiceProperties, ListKeys (storage_account_resource.go, Read: a 403 on ListKeys is tolerated)",
    action: "Microsoft.Storage/storageAccounts/read (and fileServices/read)",
    readerSuffices: true,
  },
  {
    resource: "azurerm_virtual_machine_extension",
    readCalls: "VirtualMachineExtensionsClient.Get (virtual_machine_extension_resource.go, Read): protected settings are never returned",
    action: "Microsoft.Compute/virtualMachines/extensions/read",
    readerSuffices: true,
  },
];
