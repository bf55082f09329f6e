/**
 * Values the constructs set that tests, reviews and documents read: plain data, no cdktf or provider
 * imports, so that reading one of them does not load the synth machinery (about half a second per
 * test file). Each construct imports its values from here.
 */

// Directory (directory-tenant.ts)

/**
 * Template ids of the built-in Entra roles delegated to a Träger (the same in every tenant). Neither
 * can write a user's attributes, so no Träger can move a person between people units.
 */
export const DIRECTORY_ROLES = {
  /** Reset passwords, sign out, read users: on the Träger's people unit. */
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  /** Manage the groups in the Träger's unit and their members: on the groups unit. */
  groupsAdministrator: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
} as const;

/** The value the Verbund writes into a person's Träger attribute: `<verbund short name>:<Träger id>`. */
export function traegerUserMarker(verbundShortName: string, traegerId: string): string {
  return `${verbundShortName}:${traegerId}`;
}

/**
 * The dynamic membership rule of a Träger's people unit: one exact comparison with the Träger's own
 * marker, which no other Träger shares (ids are unique and contain no quotes).
 */
export function traegerMembershipRule(attribute: string, marker: string): string {
  return `(user.${attribute} -eq "${marker}")`;
}

// Entra ID logs (platform/entra-logs.ts)

/**
 * The Entra ID log categories sent to the central workspace, each with why. A diagnostic setting needs an Entra ID
 * P1 or P2 tenant (Microsoft Learn, "Configure Microsoft Entra diagnostic settings for activity logs":
 * prerequisites); the risk categories need P2 and are left out until the Verbund licenses it.
 */
export const ENTRA_LOG_CATEGORIES: readonly { readonly category: string; readonly why: string }[] = [
  { category: "AuditLogs", why: "every change in the directory: Träger groups, memberships, role assignments, administrative units (free)" },
  { category: "SignInLogs", why: "interactive sign-ins of people (P1)" },
  { category: "NonInteractiveUserSignInLogs", why: "token refreshes on behalf of people: where a stolen token shows (P1)" },
  { category: "ServicePrincipalSignInLogs", why: "sign-ins of applications and service principals (P1)" },
  { category: "ManagedIdentitySignInLogs", why: "the plan and deploy identities are managed identities: every sign-in of the identity that can change every Träger (P1)" },
  { category: "ProvisioningLogs", why: "who set a user's Träger attribute, which decides the Träger a person belongs to (lib/constructs/directory-tenant.ts)" },
];

/** Entra ID categories deliberately not sent, and why (docs/design.md). */
export const ENTRA_LOG_CATEGORIES_LEFT_OUT: readonly { readonly category: string; readonly why: string }[] = [
  { category: "RiskyUsers, UserRiskEvents, RiskyServicePrincipals, ServicePrincipalRiskEvents", why: "Identity Protection needs Entra ID P2, which the Verbund does not license" },
  { category: "MicrosoftGraphActivityLogs", why: "every Graph request of the tenant: a large volume; the directory changes that matter are in AuditLogs" },
  { category: "ADFSSignInLogs", why: "the Verbund runs no AD FS" },
  { category: "NetworkAccessTrafficLogs, EnrichedOffice365AuditLogs, RemoteNetworkHealthLogs", why: "Global Secure Access is not in use" },
];

// Backup vault (backup-vault.ts)

/**
 * The Recovery Services vault REST API version of the hardening update: the one azurerm 4.55.0 uses
 * for vaults (vendor/…/recoveryservices/2024-01-01/vaults), which has both settings below.
 */
export const VAULT_API_VERSION = "2024-01-01";

/**
 * Every argument of azurerm_recovery_services_vault that azurerm would change in place (the schema's
 * arguments without ForceNew, azurerm v4.58.0 recovery_services_vault_resource.go). azurerm never
 * updates the vault once it exists: its update always PUTs the backup config with soft delete
 * `Enabled` and then waits until the config reads `Enabled` (~511-548); after the hardening below the
 * config reads `AlwaysON`, which is neither pending nor target of that wait, so every in-place update
 * (a tag, monitoring, public network access) would fail the apply. azurerm creates the vault; the
 * settings it would update later are carried by the hardening's azapi body (vaultSettingsBody), which
 * PUTs the whole vault with soft delete AlwaysON every time.
 */
export const VAULT_IGNORED_AFTER_CREATE = [
  "soft_delete_enabled",
  "tags",
  "monitoring",
  "public_network_access_enabled",
  "immutability",
  "sku",
  "storage_mode_type",
  "cross_region_restore_enabled",
  "identity",
  "encryption",
] as const;

// Virtual desktops (vdi/virtual-desktops.ts, vdi/session-host.ts)

/** Application id of Microsoft's Azure Virtual Desktop service principal (the same in every tenant). */
export const AVD_SERVICE_PRINCIPAL_APP_ID = "9cdead84-a844-4324-93f2-b2e6bb768d07";
/** Name of the Key Vault secret holding the session hosts' local administrator password. */
export const LOCAL_ADMIN_SECRET = "sessionhost-local-admin";
/**
 * Version of the write-only secret value (value_wo_version): Terraform writes value_wo only when this
 * number changes, since it keeps no copy of the value to compare. Raise it to write the value again.
 */
export const LOCAL_ADMIN_SECRET_VERSION = 1;
/**
 * How long the secret waits after its role assignment: Azure RBAC takes up to minutes to reach the
 * Key Vault data plane. The Azure Verified Module for Key Vault (Azure/terraform-azurerm-avm-res-keyvault-vault,
 * main.secrets.tf) waits the same way with time_sleep.wait_for_rbac_before_secret_operations.
 */
export const ROLE_PROPAGATION_WAIT = "60s";

/**
 * Local administrator of session hosts. Its first password is generated per Träger (and written to
 * its Key Vault); Windows LAPS rotates it per host right after provisioning (docs/vdi.md).
 */
export const LOCAL_ADMIN_USERNAME = "ksmlocaladmin";

/**
 * Application id of Microsoft Intune as an MDM provider: the AADLoginForWindows extension enrols an
 * Entra-joined host in Intune when its settings name it (`mdmId`), as the Azure portal does for AVD.
 */
export const INTUNE_MDM_APP_ID = "0000000a-0000-0000-c000-000000000000";
