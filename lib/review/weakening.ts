/**
 * ⚠: changes that weaken isolation or protection although nothing is destroyed. They do not block
 * (a reviewer may intend them) but are listed above everything else in the comment, each with why.
 */
import { ISOLATION_REVIEW_TYPES, isolationWeakenings } from "./isolation-changes";
import { ruleWeakenings, rulesByName } from "./nsg-rules";
import { policyWeakenings } from "./policy-weakening";
import { type Action, asObject, type ResourceChange } from "./plan-json";

/** One weakening change. */
export interface Weakening {
  readonly address: string;
  readonly reason: string;
}

/** A protective setting: how to read it, and when a change of it weakens protection. */
interface Guard {
  readonly attribute: string;
  readonly weaker: (before: unknown, after: unknown) => boolean;
}

const turnedOff = (before: unknown, after: unknown) => before === true && after === false;
const turnedOn = (before: unknown, after: unknown) => before === false && after === true;
const rankDown = (ranks: readonly string[]) => (before: unknown, after: unknown) => ranks.indexOf(String(after)) < ranks.indexOf(String(before)) && ranks.includes(String(before));
const lessThan = (before: unknown, after: unknown) => typeof before === "number" && typeof after === "number" && after < before;
const nested = (key: string, weaker: (b: unknown, a: unknown) => boolean) => (before: unknown, after: unknown) => weaker(firstOf(before)[key], firstOf(after)[key]);

/**
 * Protective settings per resource type. Attribute names and values as hashicorp/terraform-provider-azurerm
 * v4.55.0 defines them: internal/services/recoveryservices/recovery_services_vault_resource.go
 * (immutability Locked|Unlocked|Disabled, storage_mode_type), dataprotection/data_protection_backup_vault_resource.go
 * (soft_delete AlwaysOn|On|Off), keyvault/key_vault_resource.go, storage/storage_account_resource.go,
 * compute/windows_virtual_machine_resource.go; peering flags from network/virtual_network_peering_resource.go.
 */
const GUARDS: Readonly<Record<string, readonly Guard[]>> = {
  azurerm_recovery_services_vault: [
    { attribute: "immutability", weaker: rankDown(["Disabled", "Unlocked", "Locked"]) },
    { attribute: "soft_delete_enabled", weaker: turnedOff },
    { attribute: "cross_region_restore_enabled", weaker: turnedOff },
    { attribute: "public_network_access_enabled", weaker: turnedOn },
    { attribute: "storage_mode_type", weaker: rankDown(["LocallyRedundant", "ZoneRedundant", "GeoRedundant"]) },
  ],
  azurerm_data_protection_backup_vault: [
    { attribute: "immutability", weaker: rankDown(["Disabled", "Unlocked", "Locked"]) },
    { attribute: "soft_delete", weaker: rankDown(["Off", "On", "AlwaysOn"]) },
    { attribute: "retention_duration_in_days", weaker: lessThan },
  ],
  azurerm_key_vault: [
    { attribute: "purge_protection_enabled", weaker: turnedOff },
    { attribute: "soft_delete_retention_days", weaker: lessThan },
    { attribute: "public_network_access_enabled", weaker: turnedOn },
    { attribute: "enable_rbac_authorization", weaker: turnedOff },
    { attribute: "rbac_authorization_enabled", weaker: turnedOff },
    { attribute: "network_acls", weaker: nested("default_action", rankDown(["Allow", "Deny"])) },
  ],
  azurerm_storage_account: [
    { attribute: "public_network_access_enabled", weaker: turnedOn },
    { attribute: "shared_access_key_enabled", weaker: turnedOn },
    { attribute: "allow_nested_items_to_be_public", weaker: turnedOn },
    { attribute: "https_traffic_only_enabled", weaker: turnedOff },
    { attribute: "infrastructure_encryption_enabled", weaker: turnedOff },
    { attribute: "min_tls_version", weaker: rankDown(["TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"]) },
    { attribute: "network_rules", weaker: nested("default_action", rankDown(["Allow", "Deny"])) },
  ],
  // securitycenter/security_center_subscription_pricing_resource.go: tier Free|Standard.
  azurerm_security_center_subscription_pricing: [{ attribute: "tier", weaker: rankDown(["Free", "Standard"]) }],
  // consumption/consumption_budget_base.go: a budget alert switched off.
  azurerm_consumption_budget_subscription: [{ attribute: "notification", weaker: (before, after) => countEnabled(before) > countEnabled(after) }],
  azurerm_windows_virtual_machine: [
    { attribute: "encryption_at_host_enabled", weaker: turnedOff },
    { attribute: "secure_boot_enabled", weaker: turnedOff },
    { attribute: "vtpm_enabled", weaker: turnedOff },
  ],
};

/**
 * The vault settings azurerm no longer updates (lib/constructs/backup-vault.ts: ignore_changes) change
 * in the body of the vault's azapi_update_resource instead: the same guards, on the REST names of
 * Microsoft.RecoveryServices/vaults (go-azure-sdk recoveryservices/2024-01-01/vaults, vendored by azurerm v4.58.0).
 */
const VAULT_BODY_GUARDS: readonly { readonly path: readonly string[]; readonly weaker: (before: unknown, after: unknown) => boolean }[] = [
  { path: ["properties", "securitySettings", "softDeleteSettings", "softDeleteState"], weaker: rankDown(["Disabled", "Enabled", "AlwaysON"]) },
  { path: ["properties", "securitySettings", "immutabilitySettings", "state"], weaker: rankDown(["Disabled", "Unlocked", "Locked"]) },
  { path: ["properties", "restoreSettings", "crossSubscriptionRestoreSettings", "crossSubscriptionRestoreState"], weaker: rankDown(["Enabled", "Disabled", "PermanentlyDisabled"]) },
  { path: ["properties", "publicNetworkAccess"], weaker: rankDown(["Enabled", "Disabled"]) },
  { path: ["properties", "redundancySettings", "crossRegionRestore"], weaker: rankDown(["Disabled", "Enabled"]) },
  { path: ["properties", "redundancySettings", "standardTierStorageRedundancy"], weaker: rankDown(["LocallyRedundant", "ZoneRedundant", "GeoRedundant"]) },
  { path: ["properties", "monitoringSettings", "azureMonitorAlertSettings", "alertsForAllJobFailures"], weaker: rankDown(["Disabled", "Enabled"]) },
  { path: ["properties", "monitoringSettings", "classicAlertSettings", "alertsForCriticalOperations"], weaker: rankDown(["Disabled", "Enabled"]) },
];

/** How many of a budget's notifications are enabled (enabled defaults to true). */
function countEnabled(notifications: unknown): number {
  return (Array.isArray(notifications) ? notifications : []).filter((n) => asObject(n).enabled !== false).length;
}

const at = (value: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, key) => asObject(v)[key], value);

const PEERING_FLAGS = ["allow_virtual_network_access", "allow_forwarded_traffic", "allow_gateway_transit", "use_remote_gateways", "remote_virtual_network_id", "peer_complete_virtual_networks_enabled", "local_subnet_names", "remote_subnet_names"];
// azurerm v4.55.0 internal/services/authorization/role_assignment_resource.go (a removed `condition`
// widens an assignment); azuread v3.7.0 internal/services/directoryroles/directory_role_assignment_resource.go.
const ROLE_FIELDS = ["role_definition_name", "role_definition_id", "role_id", "scope", "directory_scope_id", "app_scope_id", "principal_id", "principal_object_id", "condition"];

/** The weakenings of one resource change. */
export function weakeningsOf(rc: ResourceChange, action: Action): Weakening[] {
  const before = action === "create" ? {} : asObject(rc.change.before);
  const after = action === "delete" || action === "forget" ? {} : asObject(rc.change.after);
  const reasons: string[] = [];
  const gone = action === "delete" || action === "forget";

  if (rc.type === "azurerm_network_security_group" && !gone) {
    const b = rulesByName(before.security_rule);
    const a = rulesByName(after.security_rule);
    for (const name of new Set([...b.keys(), ...a.keys()])) for (const r of ruleWeakenings(b.get(name), a.get(name))) reasons.push(`NSG rule "${name}": ${r}`);
  }
  if (rc.type === "azurerm_network_security_rule") {
    const name = String(after.name ?? before.name ?? rc.name);
    for (const r of ruleWeakenings(action === "create" ? undefined : before, gone ? undefined : after)) reasons.push(`NSG rule "${name}": ${r}`);
  }
  if (rc.type === "azurerm_role_assignment" || rc.type === "azuread_directory_role_assignment" || rc.type === "azuread_app_role_assignment") {
    const describe = (v: Record<string, unknown>) => ROLE_FIELDS.filter((f) => typeof v[f] === "string").map((f) => `${f}=${String(v[f])}`).join(", ");
    if (action === "create") reasons.push(`role assignment added: ${describe(after) || "(known after apply)"}`);
    else if (!gone) {
      const changed = ROLE_FIELDS.filter((f) => f in after && JSON.stringify(before[f]) !== JSON.stringify(after[f]));
      if (changed.length > 0) reasons.push(`role assignment changed (${changed.map((f) => `${f}: ${JSON.stringify(before[f])} → ${JSON.stringify(after[f])}`).join("; ")})`);
    }
  }
  if (rc.type === "azuread_group" && !gone) {
    for (const field of ["owners", "members"]) {
      const added = arrayOf(after[field]).filter((m) => !arrayOf(before[field]).includes(m));
      if (added.length > 0 && action !== "create") reasons.push(`${field} added to a Träger group: ${added.join(", ")}`);
    }
    if (before.assignable_to_role === false && after.assignable_to_role === true) reasons.push("group becomes role-assignable");
  }
  if (rc.type === "azurerm_virtual_network_peering") {
    if (action === "create") reasons.push(`peering created to ${String(after.remote_virtual_network_id ?? "(known after apply)")}`);
    else if (!gone) for (const f of PEERING_FLAGS) if (f in after && JSON.stringify(before[f]) !== JSON.stringify(after[f])) reasons.push(`peering flag ${f}: ${JSON.stringify(before[f])} → ${JSON.stringify(after[f])}`);
  }
  if (gone && rc.type === "azurerm_subnet_network_security_group_association") reasons.push("a subnet loses its NSG");
  if (gone && rc.type === "azurerm_subnet_route_table_association") reasons.push("a subnet loses its route table (the default route through the hub firewall)");
  if (gone && rc.type === "azurerm_monitor_diagnostic_setting") reasons.push("audit or backup logs stop reaching the central workspace");
  if (ISOLATION_REVIEW_TYPES.has(rc.type)) reasons.push(...isolationWeakenings(rc, action, before, after));
  if (rc.type === "azapi_update_resource" && !gone && action !== "create" && String(after.type ?? before.type).startsWith("Microsoft.RecoveryServices/vaults@")) {
    for (const guard of VAULT_BODY_GUARDS) {
      const [b, a] = [at(before.body, guard.path), at(after.body, guard.path)];
      if (a !== undefined && guard.weaker(b, a)) reasons.push(`vault ${guard.path.slice(1).join(".")} weakened: ${JSON.stringify(b)} → ${JSON.stringify(a)}`);
    }
  }
  for (const reason of policyWeakenings(rc.type, action, before, after)) reasons.push(reason);
  if (!gone && action !== "create") {
    for (const guard of GUARDS[rc.type] ?? []) {
      if (guard.attribute in after && guard.weaker(before[guard.attribute], after[guard.attribute])) reasons.push(`${guard.attribute} weakened: ${JSON.stringify(before[guard.attribute])} → ${JSON.stringify(after[guard.attribute])}`);
    }
  }
  return reasons.map((reason) => ({ address: rc.address, reason }));
}

function firstOf(value: unknown): Record<string, unknown> {
  return asObject(Array.isArray(value) ? value[0] : value);
}

function arrayOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
