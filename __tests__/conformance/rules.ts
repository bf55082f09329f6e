import { type Check, isSet, isTemplate, type Resource, type Rule, valuesAt } from "./engine";

/*
 * The providers' rules for every attribute our stacks set, read from the provider sources at the
 * pinned tags (hashicorp/terraform-provider-azurerm v4.55.0, hashicorp/terraform-provider-azuread
 * v3.7.0; attributes the 4.55 bindings lack at the tag that introduced them). One row per rule; add
 * rows when a construct sets a new attribute: the coverage test fails until every attribute has one.
 * Go's len() and validation.StringLenBetween count bytes, so "bytes" checks count UTF-8 bytes.
 */

const RM = "hashicorp/terraform-provider-azurerm v4.55.0 internal/";
const AD = "hashicorp/terraform-provider-azuread v3.7.0 internal/services/";

const rows: Rule[] = [];
/** Adds rows for one resource type from one source file. */
function type(resource: string, file: string, rules: readonly (readonly [attribute: string, check: Check, validator: string])[]): void {
  for (const [attribute, check, validator] of rules) rows.push({ resource, attribute, check, source: `${file}: ${validator}` });
  // A type whose blocks set no attribute still gets a row: it was read, and it is covered.
  if (rules.length === 0) rows.push({ resource, attribute: "", check: { kind: "typeOnly", type: "block" }, source: `${file}: no arguments` });
}

// Shared validators, each with its own source.
const notEmpty: Check = { kind: "bytes", min: 1, max: Number.MAX_SAFE_INTEGER };
const typeOnly = (t: "string" | "bool" | "int" | "list" | "map" | "block"): Check => ({ kind: "typeOnly", type: t });
const oneOf = (...values: string[]): Check => ({ kind: "oneOf", values });
const bytes = (min: number, max: number): Check => ({ kind: "bytes", min, max });
const ints = (min: number, max: number): Check => ({ kind: "intBetween", min, max });
const pattern = (regex: RegExp, says: string): Check => ({ kind: "pattern", pattern: regex, says });
const forceNew: Check = { kind: "forceNew" };
const custom = (says: string, test: (r: Resource) => readonly string[]): Check => ({ kind: "custom", says, test });

/** commonschema.Tags() → tags.Validate: at most 50 tags, keys ≤ 512 and values ≤ 256 bytes (Go len). */
const tagsCheck = custom("at most 50 tags; key ≤ 512 bytes, value ≤ 256 bytes", (r) => {
  const tags = (r.tags ?? {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (Object.keys(tags).length > 50) problems.push(`${Object.keys(tags).length} tags, at most 50`);
  for (const [key, value] of Object.entries(tags)) {
    if (Buffer.byteLength(key) > 512) problems.push(`tag key ${JSON.stringify(key)} over 512 bytes`);
    if (typeof value === "string" && !isTemplate(value) && Buffer.byteLength(value) > 256) problems.push(`tag ${key} is ${Buffer.byteLength(value)} bytes, at most 256`);
  }
  return problems;
});
const TAGS = ["tags", tagsCheck, "commonschema.Tags() → tags.Validate (vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/tags/validate.go)"] as const;
/** commonschema.Location(): location.EnhancedValidate; we check it is one of the regions we use. */
const LOCATION = ["location", pattern(/^[a-z]+[a-z0-9]*$/, "must be a normalised Azure region name"), "commonschema.Location() (vendor/…/commonschema/location.go)"] as const;
/** resourcegroups.ValidateName: 1–90 bytes of [-\w._()], not ending in a dot. */
const resourceGroupNameProblems = (attribute: string, r: Resource): string[] =>
  valuesAt(r, attribute)
    .filter((v): v is string => typeof v === "string" && !isTemplate(v))
    .filter((v) => v.length === 0 || Buffer.byteLength(v) > 90 || v.endsWith(".") || !/^[-\w._()]+$/.test(v))
    .map((v) => `${attribute} ${JSON.stringify(v)} is not a valid resource group name`);
/** commonschema.ResourceGroupName(): resourcegroups.ValidateName. */
const RESOURCE_GROUP_NAME = [
  "resource_group_name",
  custom("1–90 bytes of [-\\w._()], not ending in a dot", (r) => resourceGroupNameProblems("resource_group_name", r)),
  "commonschema.ResourceGroupName() → resourcegroups.ValidateName (vendor/…/resourcemanager/resourcegroups/validate.go)",
] as const;
/** validation.StringIsJSON: a literal must parse; a template must be exactly one jsonencode() call. */
const isJson = (attribute: string): Check =>
  custom(`${attribute} is JSON`, (r) =>
    valuesAt(r, attribute)
      .filter((v): v is string => typeof v === "string")
      .flatMap((v) => {
        if (isTemplate(v)) return /^\$\{jsonencode\(.*\)\}$/s.test(v) ? [] : [`${attribute} is a template that is not a single jsonencode(): ${v.slice(0, 80)}`];
        try {
          JSON.parse(v);
          return [];
        } catch {
          return [`${attribute} is not JSON: ${v.slice(0, 80)}`];
        }
      }),
  );
/** An Azure resource id (azure.ValidateResourceID and the typed commonids validators). */
const resourceId = pattern(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/.+/i, "must be an Azure resource id");
const AVD = `${RM}services/desktopvirtualization/`;
/** ApplicationGroupName / WorkspaceName (validate/*.go): 3–64 bytes, [a-zA-Z0-9._-], alphanumeric first, \w last. */
const avdName = pattern(/^(?=.{3,64}$)[a-zA-Z0-9][a-zA-Z0-9._-]*\w$/, "3–64 of [a-zA-Z0-9._-], starting alphanumeric, ending in a word character");
const DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const HH_MM = pattern(/^([0-1]?[0-9]|2[0-3]):[0-5][0-9]$/, "must be HH:MM (validateTime)");

// ── Azure Virtual Desktop ────────────────────────────────────────────────────────────────────────
type("azurerm_virtual_desktop_workspace", `${AVD}virtual_desktop_workspace_resource.go`, [
  ["name", avdName, "validate.WorkspaceName (validate/workspace_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["friendly_name", bytes(1, 64), "validation.StringLenBetween(1, 64)"],
  ["description", bytes(1, 512), "validation.StringLenBetween(1, 512)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_virtual_desktop_host_pool", `${AVD}virtual_desktop_host_pool_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["type", oneOf("Personal", "Pooled"), "validation.StringInSlice(HostPoolType…)"],
  ["type", forceNew, "ForceNew"],
  ["load_balancer_type", oneOf("BreadthFirst", "DepthFirst", "Persistent"), "validation.StringInSlice(LoadBalancerType…)"],
  ["friendly_name", bytes(1, 64), "validation.StringLenBetween(1, 64)"],
  ["description", bytes(1, 512), "validation.StringLenBetween(1, 512)"],
  ["validate_environment", typeOnly("bool"), "TypeBool"],
  ["custom_rdp_properties", typeOnly("string"), "TypeString, no ValidateFunc"],
  ["personal_desktop_assignment_type", oneOf("Automatic", "Direct"), "validation.StringInSlice(PersonalDesktopAssignmentType…)"],
  ["personal_desktop_assignment_type", forceNew, "ForceNew"],
  ["maximum_sessions_allowed", ints(0, 999999), "validation.IntBetween(0, 999999)"],
  ["start_vm_on_connect", typeOnly("bool"), "TypeBool"],
  ["preferred_app_group_type", oneOf("Desktop", "None", "RailApplications"), "validation.StringInSlice(PreferredAppGroupType…)"],
  ["scheduled_agent_updates.enabled", typeOnly("bool"), "TypeBool"],
  ["scheduled_agent_updates.timezone", typeOnly("string"), "TypeString, no ValidateFunc"],
  ["scheduled_agent_updates.use_session_host_timezone", typeOnly("bool"), "TypeBool"],
  ["scheduled_agent_updates.schedule.day_of_week", oneOf(...DAYS), "validation.StringInSlice(DayOfWeek…)"],
  ["scheduled_agent_updates.schedule.hour_of_day", ints(0, 23), "validation.IntBetween(0, 23)"],
  [
    "scheduled_agent_updates.schedule",
    custom("at most 2 schedules", (r) => (valuesAt(r, "scheduled_agent_updates.schedule").flat().length > 2 ? ["scheduled_agent_updates.schedule has more than 2 entries"] : [])),
    "MaxItems: 2",
  ],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_virtual_desktop_host_pool_registration_info", `${AVD}virtual_desktop_host_pool_registration_info_resource.go`, [
  ["hostpool_id", forceNew, "hostpool.ValidateHostPoolID, ForceNew"],
  ["expiration_date", pattern(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "must be RFC 3339"), "validation.IsRFC3339Time"],
]);
type("azurerm_virtual_desktop_application_group", `${AVD}virtual_desktop_application_group_resource.go`, [
  ["name", avdName, "validate.ApplicationGroupName (validate/application_group_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["type", oneOf("RemoteApp", "Desktop"), "validation.StringInSlice(ApplicationGroupType…)"],
  ["host_pool_id", forceNew, "hostpool.ValidateHostPoolID, ForceNew"],
  ["friendly_name", bytes(1, 64), "validation.StringLenBetween(1, 64)"],
  ["default_desktop_display_name", notEmpty, "validation.StringIsNotEmpty"],
  ["default_desktop_display_name", bytes(1, 64), "validation.StringIsNotEmpty; the 64-byte cap is this project's (the desktop's friendly name, like every AVD friendly name; Azure's own limit was not verifiable offline)"],
  ["description", bytes(1, 512), "validation.StringLenBetween(1, 512)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_virtual_desktop_workspace_application_group_association", `${AVD}virtual_desktop_workspace_application_group_association_resource.go`, [
  ["workspace_id", forceNew, "workspace.ValidateWorkspaceID, ForceNew"],
  ["application_group_id", forceNew, "applicationgroup.ValidateApplicationGroupID, ForceNew"],
]);
const LB = oneOf("BreadthFirst", "DepthFirst");
type("azurerm_virtual_desktop_scaling_plan", `${AVD}virtual_desktop_scaling_plan_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["friendly_name", bytes(1, 64), "validation.StringLenBetween(1, 64)"],
  ["description", bytes(1, 512), "validation.StringLenBetween(1, 512)"],
  ["time_zone", notEmpty, "Required TypeString"],
  ["schedule.name", notEmpty, "validation.StringIsNotEmpty"],
  ["schedule.days_of_week", oneOf(...DAYS), "validation.StringInSlice(DaysOfWeek…)"],
  ["schedule.ramp_up_start_time", HH_MM, "validateTime()"],
  ["schedule.ramp_up_load_balancing_algorithm", LB, "validation.StringInSlice(SessionHostLoadBalancingAlgorithm…)"],
  ["schedule.ramp_up_minimum_hosts_percent", ints(0, 100), "validation.IntBetween(0, 100)"],
  ["schedule.ramp_up_capacity_threshold_percent", ints(0, 100), "validation.IntBetween(0, 100)"],
  ["schedule.peak_start_time", HH_MM, "validateTime()"],
  ["schedule.peak_load_balancing_algorithm", LB, "validation.StringInSlice(SessionHostLoadBalancingAlgorithm…)"],
  ["schedule.ramp_down_start_time", HH_MM, "validateTime()"],
  ["schedule.ramp_down_load_balancing_algorithm", LB, "validation.StringInSlice(SessionHostLoadBalancingAlgorithm…)"],
  ["schedule.ramp_down_minimum_hosts_percent", ints(0, 100), "validation.IntBetween(0, 100)"],
  ["schedule.ramp_down_capacity_threshold_percent", ints(0, 100), "validation.IntBetween(0, 100)"],
  ["schedule.ramp_down_force_logoff_users", typeOnly("bool"), "Required TypeBool"],
  ["schedule.ramp_down_stop_hosts_when", oneOf("ZeroActiveSessions", "ZeroSessions"), "validation.StringInSlice(StopHostsWhen…)"],
  ["schedule.ramp_down_wait_time_minutes", typeOnly("int"), "Required TypeInt, no ValidateFunc"],
  ["schedule.ramp_down_notification_message", typeOnly("string"), "Required TypeString, no ValidateFunc"],
  ["schedule.off_peak_start_time", HH_MM, "validateTime()"],
  ["schedule.off_peak_load_balancing_algorithm", LB, "validation.StringInSlice(SessionHostLoadBalancingAlgorithm…)"],
  ["host_pool.hostpool_id", typeOnly("string"), "hostpool.ValidateHostPoolID (a reference here)"],
  ["host_pool.scaling_plan_enabled", typeOnly("bool"), "Required TypeBool"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);

// ── Compute: session hosts ───────────────────────────────────────────────────────────────────────
const COMPUTE = `${RM}services/compute/`;
type("azurerm_windows_virtual_machine", `${COMPUTE}windows_virtual_machine_resource.go`, [
  ["name", pattern(/^(?=.{1,80}$)(?!\d+$)[a-zA-Z0-9][a-zA-Z0-9._-]*\w$|^[a-zA-Z0-9]$/, "1–80 of [a-zA-Z0-9._-], alphanumeric first, word character last, not only digits"), "computeValidate.VirtualMachineName (validate/virtual_machine_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["computer_name", pattern(/^(?!\d+$)(?!.*-$)[a-zA-Z0-9-]{1,15}$/, "1–15 of [a-zA-Z0-9-], not only digits, not ending in '-'"), "computeValidate.WindowsComputerNameFull (validate/windows_computer_name.go)"],
  ["computer_name", forceNew, "ForceNew"],
  [
    "admin_username",
    custom("1–20 bytes, not ending in '.', not a reserved name", (r) =>
      valuesAt(r, "admin_username")
        .filter((v): v is string => typeof v === "string" && !isTemplate(v))
        .filter((v) => !v.trim() || Buffer.byteLength(v) > 20 || v.endsWith(".") || RESERVED_ADMIN_NAMES.includes(v))
        .map((v) => `admin_username ${JSON.stringify(v)} is not allowed`),
    ),
    "computeValidate.WindowsAdminUsername (validate/windows_admin_username.go)",
  ],
  ["admin_username", forceNew, "ForceNew"],
  ["admin_password", bytes(8, 123), "computeValidate.WindowsAdminPassword (validate/windows_admin_password.go): 8–123, three of four character classes"],
  ["admin_password", forceNew, "ForceNew"],
  ["network_interface_ids", typeOnly("list"), "networkinterfaces.ValidateNetworkInterfaceID (references here)"],
  ["size", notEmpty, "validation.StringIsNotEmpty"],
  ["license_type", oneOf("None", "Windows_Client", "Windows_Server"), "validation.StringInSlice"],
  ["zone", pattern(/^[123]$/, "an availability zone 1–3"), "commonschema.ZoneSingleOptionalForceNew()"],
  ["zone", forceNew, "ForceNew"],
  ["secure_boot_enabled", typeOnly("bool"), "TypeBool, ForceNew"],
  ["vtpm_enabled", typeOnly("bool"), "TypeBool, ForceNew"],
  ["encryption_at_host_enabled", typeOnly("bool"), "TypeBool"],
  ["identity.type", oneOf("SystemAssigned", "UserAssigned", "SystemAssigned, UserAssigned"), "commonschema.SystemAssignedUserAssignedIdentityOptional()"],
  ["os_disk.name", forceNew, "ForceNew"],
  ["os_disk.caching", oneOf("None", "ReadOnly", "ReadWrite"), "virtualMachineOSDiskSchema: validation.StringInSlice(CachingTypes…)"],
  ["os_disk.storage_account_type", oneOf("Premium_LRS", "Standard_LRS", "StandardSSD_LRS", "StandardSSD_ZRS", "Premium_ZRS"), "virtualMachineOSDiskSchema: validation.StringInSlice(StorageAccountTypes…), ForceNew"],
  ["source_image_reference.publisher", notEmpty, "sourceImageReferenceSchema: validation.StringIsNotEmpty, ForceNew"],
  ["source_image_reference.offer", notEmpty, "sourceImageReferenceSchema: validation.StringIsNotEmpty, ForceNew"],
  ["source_image_reference.sku", notEmpty, "sourceImageReferenceSchema: validation.StringIsNotEmpty, ForceNew"],
  ["source_image_reference.version", notEmpty, "sourceImageReferenceSchema: validation.StringIsNotEmpty, ForceNew"],
  ["boot_diagnostics", typeOnly("block"), "bootDiagnosticsSchema(): empty block = managed storage account"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
const RESERVED_ADMIN_NAMES = ["administrator", "admin", "user", "user1", "test", "user2", "test1", "user3", "admin1", "1", "123", "a", "actuser", "adm", "admin2", "aspnet", "backup", "console", "david", "guest", "john", "owner", "root", "server", "sql", "support", "support_388945a0", "sys", "test2", "test3", "user4", "user5"];
type("azurerm_virtual_machine_extension", `${COMPUTE}virtual_machine_extension_resource.go`, [
  ["name", pattern(/^[^/]+$/, "not empty, no '/'"), "validation.StringIsNotEmpty, validation.StringDoesNotContainAny(\"/\")"],
  ["name", forceNew, "ForceNew"],
  ["virtual_machine_id", forceNew, "commonids.ValidateVirtualMachineID, ForceNew"],
  ["publisher", forceNew, "ForceNew"],
  ["type", typeOnly("string"), "Required TypeString"],
  ["type_handler_version", typeOnly("string"), "Required TypeString"],
  ["auto_upgrade_minor_version", typeOnly("bool"), "TypeBool"],
  ["settings", isJson("settings"), "validation.StringIsJSON"],
  ["protected_settings", isJson("protected_settings"), "validation.StringIsJSON"],
  ["protected_settings", { kind: "conflictsWith", other: "protected_settings_from_key_vault" }, "ConflictsWith: protected_settings_from_key_vault"],
  ["protected_settings_from_key_vault.secret_url", pattern(/^https:\/\/[a-zA-Z0-9-]{3,24}\.vault\.azure\.net\/secrets\/[0-9a-zA-Z-]+(\/[0-9a-f]{32})?$/, "a Key Vault secret URL"), "protected_settings_from_key_vault.go: keyVaultValidate.NestedItemId"],
  ["protected_settings_from_key_vault.source_vault_id", pattern(/\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z0-9-]{3,24}$/, "a Key Vault resource id"), "protected_settings_from_key_vault.go: commonids.KeyVaultId"],
  TAGS,
]);
type("azurerm_network_interface", `${RM}services/network/network_interface_resource.go`, [
  ["name", notEmpty, "Required TypeString"],
  ["name", forceNew, "ForceNew"],
  ["ip_configuration.name", notEmpty, "validation.StringIsNotEmpty"],
  ["ip_configuration.subnet_id", typeOnly("string"), "commonids.ValidateSubnetID (a reference here)"],
  ["ip_configuration.private_ip_address_allocation", oneOf("Dynamic", "Static"), "validation.StringInSlice(IPAllocationMethod…)"],
  ["accelerated_networking_enabled", typeOnly("bool"), "TypeBool"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);

// ── Key Vault and the local administrator secret ─────────────────────────────────────────────────
const KV = `${RM}services/keyvault/`;
type("azurerm_key_vault", `${KV}key_vault_resource.go`, [
  ["name", pattern(/^[a-zA-Z0-9-]{3,24}$/, "3–24 of [a-zA-Z0-9-]"), "validate.VaultName (validate/vault_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["sku_name", oneOf("standard", "premium"), "validation.StringInSlice(SkuName…)"],
  ["tenant_id", pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a UUID"), "validation.IsUUID"],
  ["rbac_authorization_enabled", typeOnly("bool"), "TypeBool"],
  ["purge_protection_enabled", typeOnly("bool"), "TypeBool (cannot be disabled once enabled: CustomizeDiff)"],
  ["soft_delete_retention_days", ints(7, 90), "validation.IntBetween(7, 90)"],
  ["public_network_access_enabled", typeOnly("bool"), "TypeBool"],
  ["network_acls.default_action", oneOf("Allow", "Deny"), "validation.StringInSlice(NetworkRuleAction…)"],
  ["network_acls.bypass", oneOf("None", "AzureServices"), "validation.StringInSlice(NetworkRuleBypassOptions…)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_key_vault_secret", `${KV}key_vault_secret_resource.go`, [
  ["name", pattern(/^[0-9a-zA-Z-]+$/, "only [0-9a-zA-Z-]"), "keyVaultValidate.NestedItemName (validate/nested_item_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["key_vault_id", forceNew, "commonschema.ResourceIDReferenceRequiredForceNew(KeyVaultId)"],
  ["value", { kind: "exactlyOneOf", others: ["value_wo"] }, 'ExactlyOneOf: ["value", "value_wo"]'],
  ["value_wo", { kind: "requiredWith", other: "value_wo_version" }, 'WriteOnly, RequiredWith: ["value_wo_version"]'],
  ["value_wo_version", { kind: "requiredWith", other: "value_wo" }, 'RequiredWith: ["value_wo"]'],
  ["value_wo_version", ints(1, Number.MAX_SAFE_INTEGER), "validation.IntAtLeast(1)"],
  ["content_type", typeOnly("string"), "TypeString, no ValidateFunc"],
  TAGS,
]);

// ── Profile storage ──────────────────────────────────────────────────────────────────────────────
const STORAGE = `${RM}services/storage/`;
type("azurerm_storage_account", `${STORAGE}storage_account_resource.go`, [
  ["name", pattern(/^[a-z0-9]{3,24}$/, "3–24 lowercase letters and digits"), "validate.StorageAccountName (validate/storage_account_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["account_kind", oneOf("BlobStorage", "BlockBlobStorage", "FileStorage", "Storage", "StorageV2"), "validation.StringInSlice(PossibleValuesForKind())"],
  ["account_tier", oneOf("Premium", "Standard"), "validation.StringInSlice(PossibleValuesForSkuTier()), ForceNew"],
  ["account_tier", forceNew, "ForceNew"],
  ["account_replication_type", oneOf("LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"), "validation.StringInSlice"],
  ["min_tls_version", oneOf("TLS1_2"), "validation.StringInSlice([TLS1_2]): 4.x accepts only TLS1_2"],
  ["https_traffic_only_enabled", typeOnly("bool"), "TypeBool"],
  ["public_network_access_enabled", typeOnly("bool"), "TypeBool"],
  ["shared_access_key_enabled", typeOnly("bool"), "TypeBool"],
  ["default_to_oauth_authentication", typeOnly("bool"), "TypeBool"],
  ["allow_nested_items_to_be_public", typeOnly("bool"), "TypeBool"],
  ["cross_tenant_replication_enabled", typeOnly("bool"), "TypeBool"],
  ["network_rules.default_action", oneOf("Allow", "Deny"), "validation.StringInSlice(PossibleValuesForDefaultAction())"],
  ["network_rules.bypass", oneOf("AzureServices", "Logging", "Metrics", "None"), "validation.StringInSlice(PossibleValuesForBypass())"],
  ["azure_files_authentication.directory_type", oneOf("AADDS", "AADKERB", "AD"), "validation.StringInSlice(DirectoryServiceOptions…)"],
  ["azure_files_authentication.default_share_level_permission", oneOf("None", "StorageFileDataSmbShareContributor", "StorageFileDataSmbShareElevatedContributor", "StorageFileDataSmbShareReader"), "validation.StringInSlice(PossibleValuesForDefaultSharePermission())"],
  ["azure_files_authentication.active_directory.domain_guid", pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID"), "validation.IsUUID"],
  ["azure_files_authentication.active_directory.domain_name", notEmpty, "validation.StringIsNotEmpty"],
  ["azure_files_authentication.active_directory.storage_sid", notEmpty, "validation.StringIsNotEmpty"],
  ["azure_files_authentication.active_directory.domain_sid", notEmpty, "validation.StringIsNotEmpty"],
  ["azure_files_authentication.active_directory.forest_name", notEmpty, "validation.StringIsNotEmpty"],
  ["azure_files_authentication.active_directory.netbios_domain_name", notEmpty, "validation.StringIsNotEmpty"],
  [
    "",
    custom("directory_type AD needs active_directory with storage_sid, domain_sid, forest_name, netbios_domain_name", (r) => {
      if (!valuesAt(r, "azure_files_authentication.directory_type").includes("AD")) return [];
      return ["storage_sid", "domain_sid", "forest_name", "netbios_domain_name"]
        .filter((field) => !isSet(r, `azure_files_authentication.active_directory.${field}`))
        .map((field) => `azure_files_authentication.active_directory.${field} is required when directory_type is AD (the create fails)`);
    }),
    "expandAccountAzureFilesAuthentication (called by Create and Update)",
  ],
  ["share_properties.retention_policy.days", ints(1, 365), "validation.IntBetween(1, 365)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_storage_share", `${STORAGE}storage_share_resource.go`, [
  ["name", pattern(/^(?=.{3,63}$)(?!-)(?!.*--)[0-9a-z-]+$/, "3–63 of [0-9a-z-], not starting with '-', no '--'"), "validate.StorageShareName (validate/storage_share.go)"],
  ["name", forceNew, "ForceNew"],
  ["storage_account_id", forceNew, "commonids.ValidateStorageAccountID, ForceNew"],
  ["quota", ints(1, 102400), "validation.IntBetween(1, 102400)"],
  ["enabled_protocol", oneOf("SMB", "NFS"), "validation.StringInSlice(shares.SMB, shares.NFS), ForceNew"],
  ["access_tier", oneOf("Premium", "Hot", "Cool", "TransactionOptimized"), "validation.StringInSlice(AccessTier…)"],
]);
type("azurerm_private_endpoint", `${RM}services/network/private_endpoint_resource.go`, [
  ["name", pattern(/^[a-zA-Z\d]$|^[a-zA-Z\d][a-zA-Z\d\-_.]{0,78}[a-zA-Z\d_]$/, "1–80, alphanumeric first, [a-zA-Z0-9_] last"), "validate.PrivateLinkName (validate/private_link_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["subnet_id", forceNew, "commonids.ValidateSubnetID, ForceNew"],
  ["private_service_connection.name", pattern(/^[a-zA-Z\d]$|^[a-zA-Z\d][a-zA-Z\d\-_.]{0,78}[a-zA-Z\d_]$/, "PrivateLinkName"), "validate.PrivateLinkName, ForceNew"],
  ["private_service_connection.is_manual_connection", typeOnly("bool"), "TypeBool, ForceNew"],
  ["private_service_connection.private_connection_resource_id", forceNew, "azure.ValidateResourceID, ForceNew, ExactlyOneOf with …_alias"],
  ["private_service_connection.subresource_names", pattern(/^[a-zA-Z0-9][\w.-]{1,61}[a-zA-Z0-9]$/, "3–63, alphanumeric at both ends, [\\w.-] between"), "validate.PrivateLinkSubResourceName (validate/private_link_subresource_name.go), ForceNew"],
  ["private_dns_zone_group.name", pattern(/^[a-zA-Z\d]$|^[a-zA-Z\d][a-zA-Z\d\-_.]{0,78}[a-zA-Z\d_]$/, "PrivateLinkName"), "validate.PrivateLinkName"],
  ["private_dns_zone_group.private_dns_zone_ids", pattern(/\/providers\/Microsoft\.Network\/privateDnsZones\/[^/]+$/i, "a private DNS zone id"), "privatezones.ValidatePrivateDnsZoneID"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);

// ── Monitoring, access, resource groups ──────────────────────────────────────────────────────────
type("azurerm_monitor_diagnostic_setting", `${RM}services/monitor/monitor_diagnostic_setting_resource.go`, [
  ["name", pattern(/^[^<>*%&:\\?+/]{1,260}$/, "1–260 characters, none of <>*%&:\\?+/"), "validate.MonitorDiagnosticSettingName (validate/monitor_diagnostic_setting.go)"],
  ["name", forceNew, "ForceNew"],
  ["target_resource_id", forceNew, "azure.ValidateResourceID, ForceNew"],
  ["log_analytics_workspace_id", resourceId, "workspaces.ValidateWorkspaceID"],
  ["log_analytics_destination_type", oneOf("Dedicated", "AzureDiagnostics"), "validation.StringInSlice"],
  ["enabled_log", { kind: "exactlyOneOf", others: [] }, 'AtLeastOneOf: ["enabled_log", "enabled_metric"] (we always send logs)'],
  ["enabled_log.category", notEmpty, "validation.StringIsNotEmpty"],
  ["enabled_log.category_group", oneOf("allLogs", "audit"), "validation.StringIsNotEmpty (Azure: category groups allLogs, audit)"],
  ["enabled_metric.category", notEmpty, "validation.StringIsNotEmpty"],
  [
    "enabled_log",
    custom("each enabled_log sets exactly one of category, category_group", (r) =>
      valuesAt(r, "enabled_log")
        .flat()
        .filter((log) => !!log && typeof log === "object")
        .filter((log) => ("category" in (log as object)) === ("category_group" in (log as object)))
        .map(() => "an enabled_log block must set exactly one of category, category_group"),
    ),
    'enabled_log: category ExactlyOneOf category_group ("enabled_log.0.category", "enabled_log.0.category_group")',
  ],
]);
type("azurerm_role_assignment", `${RM}services/authorization/role_assignment_resource.go`, [
  ["scope", forceNew, "ForceNew"],
  ["role_definition_name", { kind: "exactlyOneOf", others: ["role_definition_id"] }, 'ExactlyOneOf: ["role_definition_id", "role_definition_name"], ForceNew'],
  ["role_definition_name", notEmpty, "validation.StringIsNotEmpty"],
  ["principal_id", forceNew, "ForceNew"],
  ["principal_type", oneOf("User", "Group", "ServicePrincipal"), "validation.StringInSlice, ForceNew"],
  ["description", notEmpty, "validation.StringIsNotEmpty, ForceNew"],
]);
type("azurerm_resource_group", `${RM}services/resource/resource_group_resource.go`, [
  ["name", custom("resource group name", (r) => resourceGroupNameProblems("name", r)), "commonschema.ResourceGroupName() → resourcegroups.ValidateName"],
  ["name", forceNew, "ForceNew"],
  LOCATION,
  TAGS,
]);

// ── Network (spoke) ──────────────────────────────────────────────────────────────────────────────
const NET = `${RM}services/network/`;
type("azurerm_virtual_network", `${NET}virtual_network_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty, ForceNew"],
  ["address_space", { kind: "exactlyOneOf", others: ["ip_address_pool"] }, 'ExactlyOneOf: ["address_space", "ip_address_pool"]'],
  ["address_space", notEmpty, "validation.StringIsNotEmpty (elements)"],
  ["dns_servers", notEmpty, "validation.StringIsNotEmpty (elements)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_subnet", `${NET}subnet_resource.go`, [
  ["name", notEmpty, "Required TypeString, ForceNew"],
  ["virtual_network_name", forceNew, "ForceNew"],
  ["address_prefixes", { kind: "exactlyOneOf", others: ["ip_address_pool"] }, 'ExactlyOneOf: ["address_prefixes", "ip_address_pool"]'],
  ["address_prefixes", notEmpty, "validation.StringIsNotEmpty (elements)"],
  ["private_endpoint_network_policies", oneOf("Disabled", "Enabled", "NetworkSecurityGroupEnabled", "RouteTableEnabled"), "validation.StringInSlice(PossibleValuesForVirtualNetworkPrivateEndpointNetworkPolicies())"],
  ["default_outbound_access_enabled", typeOnly("bool"), "TypeBool"],
  RESOURCE_GROUP_NAME,
]);
type("azurerm_route_table", `${NET}route_table_resource.go`, [
  ["name", pattern(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]?$/, "1–80 of [a-zA-Z0-9_.-], alphanumeric first"), "validate.RouteTableName (validate/route_table_name.go)"],
  ["name", forceNew, "ForceNew"],
  ["route.name", pattern(/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,78}[a-zA-Z0-9_]?$/, "1–80 of [a-zA-Z0-9_.-], alphanumeric first"), "validate.RouteName (validate/route_name.go)"],
  ["route.address_prefix", notEmpty, "validation.StringIsNotEmpty"],
  ["route.next_hop_type", oneOf("VirtualNetworkGateway", "VnetLocal", "Internet", "VirtualAppliance", "None"), "validation.StringInSlice(RouteNextHopType…)"],
  ["route.next_hop_in_ip_address", notEmpty, "validation.StringIsNotEmpty"],
  ["bgp_route_propagation_enabled", typeOnly("bool"), "TypeBool"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_network_security_group", `${NET}network_security_group_resource.go`, [
  ["name", notEmpty, "Required TypeString, ForceNew"],
  ["security_rule.name", notEmpty, "Required TypeString"],
  ["security_rule.description", bytes(0, 140), "validation.StringLenBetween(0, 140)"],
  ["security_rule.protocol", oneOf("*", "Tcp", "Udp", "Icmp", "Ah", "Esp"), "validation.StringInSlice(SecurityRuleProtocol…)"],
  ["security_rule.source_port_range", typeOnly("string"), "TypeString"],
  ["security_rule.source_port_ranges", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.destination_port_range", typeOnly("string"), "TypeString"],
  ["security_rule.destination_port_ranges", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.source_address_prefix", typeOnly("string"), "TypeString"],
  ["security_rule.source_address_prefixes", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.destination_address_prefix", typeOnly("string"), "TypeString"],
  ["security_rule.destination_address_prefixes", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.source_application_security_group_ids", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.destination_application_security_group_ids", typeOnly("list"), "TypeSet of strings"],
  ["security_rule.access", oneOf("Allow", "Deny"), "validation.StringInSlice(SecurityRuleAccess…)"],
  ["security_rule.priority", ints(100, 4096), "validation.IntBetween(100, 4096)"],
  ["security_rule.direction", oneOf("Inbound", "Outbound"), "validation.StringInSlice(SecurityRuleDirection…)"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_subnet_network_security_group_association", `${NET}subnet_network_security_group_association_resource.go`, [
  ["subnet_id", forceNew, "commonids.ValidateSubnetID, ForceNew"],
  ["network_security_group_id", forceNew, "ValidateNetworkSecurityGroupID, ForceNew"],
]);
type("azurerm_subnet_route_table_association", `${NET}subnet_route_table_association_resource.go`, [
  ["subnet_id", forceNew, "commonids.ValidateSubnetID, ForceNew"],
  ["route_table_id", typeOnly("string"), "ValidateRouteTableID"],
]);
type("azurerm_virtual_network_peering", `${NET}virtual_network_peering_resource.go`, [
  ["name", notEmpty, "Required TypeString, ForceNew"],
  ["virtual_network_name", forceNew, "ForceNew"],
  ["remote_virtual_network_id", resourceId, "commonids.ValidateVirtualNetworkID, ForceNew"],
  ["allow_virtual_network_access", typeOnly("bool"), "TypeBool"],
  ["allow_forwarded_traffic", typeOnly("bool"), "TypeBool"],
  ["allow_gateway_transit", typeOnly("bool"), "TypeBool"],
  ["use_remote_gateways", typeOnly("bool"), "TypeBool"],
  RESOURCE_GROUP_NAME,
]);

// ── Backup ───────────────────────────────────────────────────────────────────────────────────────
const RSV = `${RM}services/recoveryservices/`;
const vaultName = pattern(/^[a-zA-Z][-a-zA-Z0-9]{1,49}$/, "2–50, a letter first, then [-a-zA-Z0-9]");
const policyName = pattern(/^[a-zA-Z][-_!a-zA-Z0-9]{2,149}$/, "3–150, a letter first, then [-_!a-zA-Z0-9]");
const halfHour = pattern(/^([01][0-9]|[2][0-3]):([03][0])$/, "on the hour or half past");
const WEEKS = oneOf("First", "Second", "Third", "Fourth", "Last");
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
type("azurerm_recovery_services_vault", `${RSV}recovery_services_vault_resource.go`, [
  ["name", vaultName, "validate.RecoveryServicesVaultName"],
  ["name", forceNew, "ForceNew"],
  ["sku", oneOf("RS0", "Standard"), "validation.StringInSlice(SkuName…)"],
  ["storage_mode_type", oneOf("GeoRedundant", "LocallyRedundant", "ZoneRedundant"), "validation.StringInSlice(StandardTierStorageRedundancy…)"],
  ["immutability", oneOf("Locked", "Unlocked", "Disabled"), "validation.StringInSlice(ImmutabilityState…)"],
  ["cross_region_restore_enabled", typeOnly("bool"), "TypeBool"],
  ["soft_delete_enabled", typeOnly("bool"), "TypeBool"],
  ["public_network_access_enabled", typeOnly("bool"), "TypeBool"],
  ["monitoring.alerts_for_all_job_failures_enabled", typeOnly("bool"), "TypeBool"],
  ["monitoring.alerts_for_critical_operation_failures_enabled", typeOnly("bool"), "TypeBool"],
  LOCATION,
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_recovery_services_vault_resource_guard_association", `${RSV}recovery_services_vault_resource_guard_association_resource.go`, [
  ["vault_id", forceNew, "vaults.ValidateVaultID, ForceNew"],
  ["resource_guard_id", pattern(/\/providers\/Microsoft\.DataProtection\/resourceGuards\/[^/]+$/i, "a resource guard id"), "resourceguards.ValidateResourceGuardID, ForceNew"],
]);
type("azurerm_backup_policy_vm", `${RSV}backup_policy_vm_resource.go`, [
  ["name", policyName, "validation.StringMatch(^[a-zA-Z][-_!a-zA-Z0-9]{2,149}$)"],
  ["name", forceNew, "ForceNew"],
  ["recovery_vault_name", vaultName, "validate.RecoveryServicesVaultName, ForceNew"],
  ["policy_type", oneOf("V1", "V2"), "validation.StringInSlice(IAASVMPolicyType…), ForceNew"],
  ["policy_type", forceNew, "ForceNew"],
  ["instant_restore_retention_days", ints(1, 30), "validation.IntBetween(1, 30)"],
  ["timezone", typeOnly("string"), "TypeString, Default UTC"],
  ["backup.frequency", oneOf("Hourly", "Daily", "Weekly"), "validation.StringInSlice(ScheduleRunType…)"],
  ["backup.time", halfHour, "validation.StringMatch(^([01][0-9]|[2][0-3]):([03][0])$)"],
  ["retention_daily.count", ints(1, 9999), "validation.IntBetween(1, 9999)"],
  ["retention_weekly.count", ints(1, 9999), "validation.IntBetween(1, 9999)"],
  ["retention_weekly.weekdays", oneOf(...DAYS), "validation.IsDayOfTheWeek(true)"],
  ["retention_monthly.count", ints(1, 9999), "validation.IntBetween(1, 9999)"],
  ["retention_monthly.weekdays", oneOf(...DAYS), "validation.IsDayOfTheWeek(true)"],
  ["retention_monthly.weeks", WEEKS, "validation.StringInSlice(WeekOfMonth…)"],
  ["retention_yearly.count", ints(1, 9999), "validation.IntBetween(1, 9999)"],
  ["retention_yearly.weekdays", oneOf(...DAYS), "validation.IsDayOfTheWeek(true)"],
  ["retention_yearly.weeks", WEEKS, "validation.StringInSlice(WeekOfMonth…)"],
  ["retention_yearly.months", oneOf(...MONTHS), "validation.IsMonth(true)"],
  RESOURCE_GROUP_NAME,
]);
type("azurerm_backup_policy_file_share", `${RSV}backup_policy_file_share_resource.go`, [
  ["name", policyName, "validation.StringMatch(^[a-zA-Z][-_!a-zA-Z0-9]{2,149}$)"],
  ["name", forceNew, "ForceNew"],
  ["recovery_vault_name", vaultName, "validate.RecoveryServicesVaultName, ForceNew"],
  ["timezone", typeOnly("string"), "TypeString, Default UTC"],
  ["backup.frequency", oneOf("Daily", "Hourly"), "validation.StringInSlice(ScheduleRunType…)"],
  ["backup.time", halfHour, "validation.StringMatch(^([01][0-9]|[2][0-3]):([03][0])$)"],
  ["retention_daily.count", ints(1, 200), "validation.IntBetween(1, 200)"],
  RESOURCE_GROUP_NAME,
]);
// Attributes the 4.55 bindings lack, set through lib/constructs/provider-compat.ts; read at v4.58.0.
rows.push(
  { resource: "azurerm_backup_policy_file_share", attribute: "backup_tier", check: oneOf("snapshot", "vault-standard"), source: `${RSV.replace("v4.55.0", "v4.58.0")}backup_policy_file_share_resource.go: validation.StringInSlice("snapshot", "vault-standard")` },
  { resource: "azurerm_backup_policy_file_share", attribute: "snapshot_retention_in_days", check: ints(0, 30), source: `${RSV.replace("v4.55.0", "v4.58.0")}backup_policy_file_share_resource.go: TypeInt, Default 0 (Azure: 0–30 days of snapshots in the vaulted tier)` },
  {
    resource: "azurerm_backup_policy_file_share",
    attribute: "",
    check: custom("vault-standard: snapshot_retention_in_days < retention_daily.count", (r) => {
      if (!valuesAt(r, "backup_tier").includes("vault-standard")) return [];
      const snapshot = Number(valuesAt(r, "snapshot_retention_in_days")[0] ?? 0);
      const daily = valuesAt(r, "retention_daily.count")[0];
      return typeof daily === "number" && snapshot >= daily ? [`snapshot_retention_in_days ${snapshot} must be less than retention_daily.count ${daily}`] : [];
    }),
    source: `${RSV.replace("v4.55.0", "v4.58.0")}backup_policy_file_share_resource.go: CustomizeDiff ("snapshot_retention_in_days must be less than retention_daily count when backup_tier is vault-standard")`,
  },
);
type("azurerm_backup_container_storage_account", `${RSV}backup_container_storage_account_resource.go`, [
  ["recovery_vault_name", vaultName, "validate.RecoveryServicesVaultName, ForceNew"],
  ["storage_account_id", forceNew, "azure.ValidateResourceID, ForceNew"],
  RESOURCE_GROUP_NAME,
]);
type("azurerm_backup_protected_file_share", `${RSV}backup_protected_file_share_resource.go`, [
  ["recovery_vault_name", vaultName, "validate.RecoveryServicesVaultName, ForceNew"],
  ["source_storage_account_id", forceNew, "commonids.ValidateStorageAccountID, ForceNew"],
  ["source_file_share_name", forceNew, "validate.StorageShareName, ForceNew"],
  ["backup_policy_id", typeOnly("string"), "protectionpolicies.ValidateBackupPolicyID"],
  RESOURCE_GROUP_NAME,
]);
type("azurerm_backup_protected_vm", `${RSV}backup_protected_vm_resource.go`, [
  ["recovery_vault_name", vaultName, "validate.RecoveryServicesVaultName, ForceNew"],
  ["source_vm_id", forceNew, "azure.ValidateResourceID, ForceNew"],
  ["backup_policy_id", typeOnly("string"), "protectionpolicies.ValidateBackupPolicyID"],
  RESOURCE_GROUP_NAME,
]);

// ── Entra ID (azuread) ───────────────────────────────────────────────────────────────────────────
const uuid = pattern(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "a UUID");
type("azuread_administrative_unit", `${AD}administrativeunits/administrative_unit_resource.go`, [
  ["display_name", notEmpty, "validation.StringIsNotEmpty"],
  ["description", typeOnly("string"), "TypeString"],
  ["hidden_membership_enabled", typeOnly("bool"), "TypeBool"],
  ["prevent_duplicate_names", typeOnly("bool"), "TypeBool"],
]);
type("azuread_group", `${AD}groups/group_resource.go`, [
  ["display_name", notEmpty, "validation.StringIsNotEmpty"],
  ["description", typeOnly("string"), "TypeString"],
  ["owners", uuid, "validation.IsUUID (elements), MaxItems 100"],
  ["administrative_unit_ids", uuid, "validation.IsUUID (elements)"],
  ["assignable_to_role", forceNew, "ForceNew"],
  ["mail_enabled", typeOnly("bool"), 'AtLeastOneOf: ["mail_enabled", "security_enabled"]'],
  ["security_enabled", typeOnly("bool"), 'AtLeastOneOf: ["mail_enabled", "security_enabled"]'],
  ["prevent_duplicate_names", typeOnly("bool"), "TypeBool"],
]);
type("azuread_directory_role_assignment", `${AD}directoryroles/directory_role_assignment_resource.go`, [
  ["role_id", uuid, "validation.IsUUID, ForceNew"],
  ["principal_object_id", uuid, "validation.IsUUID, ForceNew"],
  ["directory_scope_id", { kind: "conflictsWith", other: "app_scope_id" }, 'ConflictsWith: ["app_scope_id"], ForceNew'],
]);
type("data.azuread_service_principal", `${AD}serviceprincipals/service_principal_data_source.go`, [["client_id", uuid, "validation.IsUUID, ExactlyOneOf client_id / display_name / object_id"]]);
type("data.azurerm_client_config", `${RM}services/authorization/client_config_data_source.go`, []);
type("data.azuread_directory_object", `${AD}directoryobjects/directory_object_data_source.go`, [["object_id", uuid, "validation.IsUUID (Required)"]]);

// ── Azure Monitor: backup alerts routed to people ────────────────────────────────────────────────
const MON = `${RM}services/monitor/`;
type("azurerm_monitor_action_group", `${MON}monitor_action_group_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  ["location", pattern(/^(global|[a-z]+[a-z0-9]*)$/, 'must be "global" or a normalised Azure region name'), 'validation.Any(location.EnhancedValidate, StringInSlice(["global"])), ForceNew, Default "global"'],
  ["short_name", bytes(1, 12), "validation.StringLenBetween(1, 12)"],
  ["enabled", typeOnly("bool"), "TypeBool, Default true"],
  ["email_receiver.name", notEmpty, "email_receiver.name: validation.StringIsNotEmpty"],
  ["email_receiver.email_address", notEmpty, "email_receiver.email_address: validation.StringIsNotEmpty"],
  ["email_receiver.use_common_alert_schema", typeOnly("bool"), "email_receiver.use_common_alert_schema: TypeBool"],
  TAGS,
]);
type("azurerm_monitor_alert_processing_rule_action_group", `${MON}monitor_alert_processing_rule_action_group_resource.go and alert_processing_rule.go`, [
  ["name", pattern(/^([a-zA-Z\d])[a-zA-Z\d-_]*$/, "a letter or digit first, then letters, digits, _ and -"), "validate.AlertProcessingRuleName (validate/alert_processing_rule_name.go)"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  ["scopes", { kind: "custom", says: "at least one resource id", test: (r) => (valuesAt(r, "scopes").flat().length < 1 ? ["scopes needs at least one element"] : []) }, "schemaAlertProcessingRule: scopes MinItems 1"],
  ["scopes", resourceId, "scopes elements: azure.ValidateResourceID"],
  ["add_action_group_ids", pattern(/\/providers\/microsoft\.insights\/actionGroups\/[^/]+$/i, "an action group id"), "add_action_group_ids elements: validate.ActionGroupID (Required)"],
  ["description", typeOnly("string"), "TypeString, no ValidateFunc"],
  ["enabled", typeOnly("bool"), "TypeBool, Default true"],
  ["condition.monitor_service.operator", oneOf("Equals", "NotEquals"), "schemaAlertProcessingRuleCondition: StringInSlice(OperatorEquals, OperatorNotEquals)"],
  [
    "condition.monitor_service.values",
    oneOf(
      "ActivityLog Administrative", "ActivityLog Autoscale", "ActivityLog Policy", "ActivityLog Recommendation", "ActivityLog Security", "Application Insights",
      "Azure Backup", "Azure Stack Edge", "Azure Stack Hub", "Custom", "Data Box Gateway", "Health Platform", "Log Alerts V2", "Log Analytics", "Platform",
      "Prometheus", "Resource Health", "Smart Detector", "VM Insights - Health",
    ),
    "condition.monitor_service.values: StringInSlice(the monitor service list, false)",
  ],
  TAGS,
]);

// ── Other providers ──────────────────────────────────────────────────────────────────────────────
// The random and time providers are not mirrored on this machine: rows cite the public sources.
type("random_password", "hashicorp/terraform-provider-random (pinned 3.7.2) internal/provider/resource_password.go", [
  ["length", ints(1, Number.MAX_SAFE_INTEGER), "length ≥ 1"],
  [
    "",
    custom("length ≥ min_upper + min_lower + min_numeric + min_special", (r) => {
      const sum = ["min_upper", "min_lower", "min_numeric", "min_special"].reduce((total, a) => total + Number(valuesAt(r, a)[0] ?? 0), 0);
      return Number(r.length) < sum ? [`length ${String(r.length)} is below the sum of the min_* values (${sum})`] : [];
    }),
    "length must be >= min_upper + min_lower + min_numeric + min_special",
  ],
  ["special", typeOnly("bool"), "BoolAttribute"],
  ["min_upper", ints(0, Number.MAX_SAFE_INTEGER), "int64validator.AtLeast(0)"],
  ["min_lower", ints(0, Number.MAX_SAFE_INTEGER), "int64validator.AtLeast(0)"],
  ["min_numeric", ints(0, Number.MAX_SAFE_INTEGER), "int64validator.AtLeast(0)"],
  ["min_special", ints(0, Number.MAX_SAFE_INTEGER), "int64validator.AtLeast(0)"],
  ["override_special", typeOnly("string"), "StringAttribute"],
]);
type("time_rotating", "hashicorp/terraform-provider-time (pinned 0.13.1) internal/provider/resource_time_rotating.go", [["rotation_days", ints(1, Number.MAX_SAFE_INTEGER), "int64validator.AtLeast(1)"]]);
type("time_sleep", "hashicorp/terraform-provider-time (pinned 0.13.1) internal/provider/resource_time_sleep.go", [
  ["create_duration", pattern(/^\d+(ms|s|m|h)$/, "a Go duration like 60s"), "timetypes.GoDuration (time.ParseDuration)"],
  ["triggers", typeOnly("map"), "MapAttribute, RequiresReplace"],
]);

// ── Subscription vending and the subscription's security baseline (issue 15) ──────────────────────
type("azurerm_subscription", `${RM}services/subscription/subscription_resource.go`, [
  [
    "subscription_name",
    custom("1–64 bytes, none of < > ; |", (r) =>
      valuesAt(r, "subscription_name")
        .filter((v): v is string => typeof v === "string" && !isTemplate(v))
        .filter((v) => v === "" || Buffer.byteLength(v) > 64 || /[<>;|]/.test(v))
        .map((v) => `subscription_name ${JSON.stringify(v)}: 1–64 bytes without < > ; |`),
    ),
    "validate.SubscriptionName (validate/subscription_name.go: len(v) > 64 || v == \"\"; [<>;|])",
  ],
  ["alias", notEmpty, "validation.StringIsNotEmpty"],
  ["alias", forceNew, "ForceNew (Optional, Computed)"],
  [
    "billing_scope_id",
    pattern(/^\/providers\/Microsoft\.Billing\/billingAccounts\/[^/]+\/(enrollmentAccounts\/[^/]+|billingProfiles\/[^/]+\/invoiceSections\/[^/]+|customers\/[^/]+)$/, "an EA enrollment account, MCA invoice section or MPA customer billing scope"),
    "validation.Any(billingValidate.MicrosoftCustomerAccountBillingScopeID, EnrollmentBillingScopeID, MicrosoftPartnerAccountBillingScopeID) (services/billing/parse/{mca,enrollment,mpa}_billing_scope.go)",
  ],
  ["billing_scope_id", { kind: "exactlyOneOf", others: ["subscription_id"] }, 'ExactlyOneOf: ["subscription_id", "billing_scope_id"]'],
  ["workload", oneOf("Production", "DevTest"), "validation.StringInSlice(WorkloadProduction, WorkloadDevTest)"],
  ["workload", forceNew, "ForceNew"],
  TAGS,
]);
type("azurerm_management_group_subscription_association", `${RM}services/managementgroup/management_group_subscription_association_resource.go`, [
  ["management_group_id", pattern(/^\/providers\/[Mm]icrosoft\.[Mm]anagement\/[Mm]anagement[Gg]roups\/[^/]+$/, "a management group id"), "validate.ManagementGroupID → parse.ManagementGroupID (parse/management_group.go)"],
  ["management_group_id", forceNew, "ForceNew (a move is a replace)"],
  ["subscription_id", pattern(/^\/subscriptions\/[0-9a-f-]{36}$/i, "/subscriptions/<guid>"), "commonids.ValidateSubscriptionID (vendor/…/resourcemanager/commonids/subscription.go)"],
  ["subscription_id", forceNew, "ForceNew"],
]);
type("azurerm_consumption_budget_subscription", `${RM}services/consumption/consumption_budget_subscription_resource.go`, [
  ["name", pattern(/^[-_a-zA-Z0-9]{1,63}$/, "1–63 letters, digits, _ and -"), "validate.ConsumptionBudgetName (validate/name.go)"],
  ["name", forceNew, "ForceNew"],
  ["subscription_id", pattern(/^\/subscriptions\/[0-9a-f-]{36}$/i, "/subscriptions/<guid>"), "commonids.ValidateSubscriptionID, ForceNew"],
  ["subscription_id", forceNew, "ForceNew"],
  [
    "amount",
    custom("a number of at least 1.0", (r) => valuesAt(r, "amount").filter((v) => typeof v !== "number" || v < 1).map((v) => `amount ${JSON.stringify(v)} is below 1.0`)),
    "consumption_budget_base.go: validation.FloatAtLeast(1.0)",
  ],
  ["time_grain", oneOf("BillingAnnual", "BillingMonth", "BillingQuarter", "Annually", "Monthly", "Quarterly"), "consumption_budget_base.go: validation.StringInSlice(TimeGrainType…), ForceNew"],
  ["time_grain", forceNew, "ForceNew"],
  [
    "time_period.start_date",
    custom("first of a month, RFC 3339, on or after 2017-06-01 (a template: the month of the time_static's creation)", (r) =>
      valuesAt(r, "time_period.start_date")
        .filter((v) => !isTemplate(v))
        .filter((v) => typeof v !== "string" || !/^\d{4}-\d{2}-01T00:00:00Z$/.test(v) || v < "2017-06-01")
        .map((v) => `start_date ${JSON.stringify(v)} is not the first of a month on or after June 2017`),
    ),
    "validate.ConsumptionBudgetTimePeriodStartDate (validate/time_period.go), ForceNew",
  ],
  ["time_period.start_date", forceNew, "ForceNew"],
  ["notification.enabled", typeOnly("bool"), "consumption_budget_base.go: TypeBool, Default true"],
  ["notification.threshold", ints(0, 1000), "consumption_budget_base.go: validation.IntBetween(0, 1000)"],
  ["notification.threshold_type", oneOf("Actual", "Forecasted"), "consumption_budget_base.go: validation.StringInSlice(ThresholdTypeActual, \"Forecasted\")"],
  ["notification.operator", oneOf("EqualTo", "GreaterThan", "GreaterThanOrEqualTo"), "consumption_budget_base.go: validation.StringInSlice(OperatorType…)"],
  ["notification.contact_emails", notEmpty, "consumption_budget_base.go: TypeList of validation.StringIsNotEmpty"],
  [
    "notification",
    custom("at least one notification, each with a recipient", (r) => {
      const list = valuesAt(r, "notification").flat().filter((n) => !!n && typeof n === "object") as Record<string, unknown>[];
      return [...(list.length === 0 ? ["a budget needs at least one notification"] : []), ...list.filter((n) => !Array.isArray(n.contact_emails) || n.contact_emails.length === 0).map(() => "a notification without contact_emails reaches no one")];
    }),
    "consumption_budget_base.go: notification TypeSet, Required, MinItems 1",
  ],
]);
type("azurerm_security_center_subscription_pricing", `${RM}services/securitycenter/security_center_subscription_pricing_resource.go`, [
  ["tier", oneOf("Free", "Standard"), "validation.StringInSlice(PricingTierFree, PricingTierStandard)"],
  ["resource_type", oneOf("AI", "Api", "AppServices", "ContainerRegistry", "KeyVaults", "KubernetesService", "SqlServers", "SqlServerVirtualMachines", "StorageAccounts", "VirtualMachines", "Arm", "Dns", "OpenSourceRelationalDatabases", "Containers", "CosmosDbs", "CloudPosture"), "validation.StringInSlice (resource_type, Default VirtualMachines)"],
  [
    "subplan",
    custom("the sub-plan Defender for Cloud offers for the resource type", (r) => {
      const allowed: Record<string, readonly string[]> = { VirtualMachines: ["P1", "P2"], StorageAccounts: ["PerTransaction", "DefenderForStorageV2"], KeyVaults: ["PerTransaction", "PerKeyVault"], Arm: ["PerSubscription", "PerApiCall"] };
      const type = String(r.resource_type);
      return valuesAt(r, "subplan").filter((v) => typeof v === "string" && Object.hasOwn(allowed, type) && !allowed[type]!.includes(v)).map((v) => `subplan ${JSON.stringify(v)} is not a sub-plan of ${type} (${allowed[type]!.join(", ")})`);
    }),
    "subplan: TypeString, Optional, ForceNew, no ValidateFunc (Azure checks it: Microsoft Learn, Microsoft.Security pricings 2023-01-01, subPlan)",
  ],
  ["subplan", forceNew, "ForceNew"],
  ["extension.name", notEmpty, "extension.name: validation.StringIsNotWhiteSpace"],
  ["extension.additional_extension_properties", typeOnly("map"), "extension.additional_extension_properties: TypeMap of validation.StringIsNotWhiteSpace"],
  [
    "extension.additional_extension_properties.ExclusionTags",
    pattern(/^\[.*\]$/, "a JSON array as a string"),
    "TypeMap elem validation.StringIsNotWhiteSpace; Azure keeps AgentlessVmScanning's ExclusionTags as a JSON array string (\"[]\" in security_center_subscription_pricing_resource_test.go and the resource's documentation)",
  ],
  [
    "extension.name",
    custom("an extension Defender for Cloud offers for the resource type", (r) => {
      const allowed: Record<string, readonly string[]> = {
        VirtualMachines: ["MdeDesignatedSubscription", "AgentlessVmScanning", "FileIntegrityMonitoring"],
        StorageAccounts: ["OnUploadMalwareScanning", "SensitiveDataDiscovery"],
        KeyVaults: [],
        Arm: [],
      };
      const type = String(r.resource_type);
      return valuesAt(r, "extension.name")
        .filter((v) => typeof v === "string" && Object.hasOwn(allowed, type) && !allowed[type]!.includes(v))
        .map((v) => `extension ${JSON.stringify(v)} is not an extension of the ${type} plan (${allowed[type]!.join(", ") || "none"})`);
    }),
    "extension: no ValidateFunc for the name (Azure checks it: Microsoft Learn, Microsoft.Security pricings 2024-01-01, Extension.name: AgentlessVmScanning, MdeDesignatedSubscription, FileIntegrityMonitoring for VirtualMachines; OnUploadMalwareScanning, SensitiveDataDiscovery for StorageAccounts)",
  ],
  [
    "extension",
    custom("every extension that is to stay on is named", (r) => {
      // azurerm sends each extension Azure reports and the configuration does not name with isEnabled "False".
      const expected: Record<string, readonly string[]> = { VirtualMachines: ["AgentlessVmScanning"], StorageAccounts: ["SensitiveDataDiscovery"] };
      const named = new Set(valuesAt(r, "extension.name"));
      return (expected[String(r.resource_type)] ?? []).filter((n) => !named.has(n)).map((n) => `${String(r.resource_type)} without extension ${n}: azurerm would switch it off`);
    }),
    "expandSecurityCenterSubscriptionPricingExtensions (v4.58.0): every backend extension missing from the configuration is set IsEnabledFalse",
  ],
]);
type("time_static", "hashicorp/terraform-provider-time (pinned 0.13.1) internal/provider/resource_time_static.go", [
  [
    "triggers",
    custom("triggers only the budget's other ForceNew inputs (budget_name, subscription_id): the time stays that of the first apply until the budget is replaced anyway", (r) => {
      const triggers = r.triggers;
      return triggers === undefined || JSON.stringify(Object.keys(triggers as object).sort()) === '["budget_name","subscription_id"]' ? [] : [`triggers ${JSON.stringify(triggers)} would move the time and replace the budget on their own`];
    }),
    "triggers: MapAttribute, RequiresReplace (the only way the time changes); azurerm v4.58.0 consumption/consumption_budget_base.go: name, subscription_id, time_grain and time_period.start_date are ForceNew",
  ],
]);
// Terraform's built-in provider (not a plugin); read from hashicorp/terraform v1.11.4.
type("data.terraform_remote_state", "hashicorp/terraform-provider-terraform (builtin of hashicorp/terraform v1.11.4) internal/builtin/providers/terraform/data_source_state.go", [
  ["backend", oneOf("azurerm"), "backend: cty.String, Required (the Verbund's backend only: lib/review/stack-guard.ts checkRemoteState)"],
  ["config.container_name", notEmpty, "config: DynamicPseudoType, coerced by the azurerm backend's ConfigSchema (internal/backend/remote-state/azure/backend.go)"],
  ["config.key", pattern(/^[a-z][a-z0-9-]*--subscription\.tfstate$/, "the Träger's subscription stack's state key"), "config.key: the azurerm backend's key (Required)"],
  ["config.resource_group_name", notEmpty, "config.resource_group_name (azurerm backend, Required)"],
  ["config.storage_account_name", notEmpty, "config.storage_account_name (azurerm backend, Required)"],
  ["config.subscription_id", uuid, "config.subscription_id (azurerm backend)"],
  ["config.tenant_id", uuid, "config.tenant_id (azurerm backend)"],
  ["config.use_azuread_auth", typeOnly("bool"), "config.use_azuread_auth (azurerm backend, TypeBool)"],
]);

// The azapi provider is not mirrored by the pinned-tag list; its rows cite Azure/terraform-provider-azapi
// v2.12.0 (the constraint "~> 2.12" of lib/constructs/azapi-update.ts), read from its repository.
const AZAPI = "Azure/terraform-provider-azapi v2.12.0 internal/services/";
const VAULT_SDK = "vendored go-azure-sdk resource-manager/recoveryservices/2024-01-01/vaults/constants.go (azurerm v4.58.0)";
type("azapi_update_resource", `${AZAPI}azapi_update_resource.go`, [
  [
    "type",
    pattern(/^[^@]+@[^@]+$/, "must be <resource-type>@<api-version>"),
    "myvalidator.StringIsResourceType → validate.ResourceType (validate/resource_id.go): split on @ gives exactly two parts",
  ],
  [
    "resource_id",
    custom("an ARM resource id without protocol, api-version or |", (r) =>
      valuesAt(r, "resource_id")
        .filter((v): v is string => typeof v === "string" && !isTemplate(v))
        .filter((v) => /^https?:/.test(v) || v.includes("api-version=") || v.includes("|") || !/^\/subscriptions\//i.test(v))
        .map((v) => `resource_id ${JSON.stringify(v)} is not an ARM resource id`),
    ),
    "myvalidator.StringIsResourceID → validate.ResourceID (validate/resource_id.go), RequiresReplace",
  ],
  // body is a DynamicAttribute (DynamicIsNotStringValidator: an object, never a JSON string) that the
  // provider validates against its embedded ARM schema of the type's api-version (schema_validation_enabled,
  // default true): Microsoft.RecoveryServices/vaults@2024-01-01 SoftDeleteState and CrossSubscriptionRestoreState.
  [
    "body",
    custom("an object, not a JSON string", (r) => (typeof r.body === "string" ? ["body is a string; azapi 2.x wants an object (DynamicIsNotStringValidator)"] : [])),
    "myvalidator.DynamicIsNotStringValidator",
  ],
  [
    "body.properties.securitySettings.softDeleteSettings.softDeleteState",
    oneOf("Invalid", "Enabled", "Disabled", "AlwaysON"),
    "body checked against the embedded ARM schema, Microsoft.RecoveryServices/vaults@2024-01-01 SoftDeleteState",
  ],
  [
    "body.properties.restoreSettings.crossSubscriptionRestoreSettings.crossSubscriptionRestoreState",
    oneOf("Enabled", "Disabled", "PermanentlyDisabled"),
    "body checked against the embedded ARM schema, Microsoft.RecoveryServices/vaults@2024-01-01 CrossSubscriptionRestoreState",
  ],
  // The vault settings the azurerm update path must never carry after AlwaysON (lib/constructs/backup-vault.ts):
  // enumerations of the same API version, as the vendored SDK of azurerm v4.58.0 spells them.
  ["body.properties.publicNetworkAccess", oneOf("Enabled", "Disabled"), `${VAULT_SDK} PublicNetworkAccess`],
  ["body.properties.redundancySettings.crossRegionRestore", oneOf("Enabled", "Disabled"), `${VAULT_SDK} CrossRegionRestore`],
  ["body.properties.redundancySettings.standardTierStorageRedundancy", oneOf("GeoRedundant", "LocallyRedundant", "ZoneRedundant"), `${VAULT_SDK} StandardTierStorageRedundancy (Invalid excluded)`],
  ["body.properties.securitySettings.immutabilitySettings.state", oneOf("Disabled", "Unlocked", "Locked"), `${VAULT_SDK} ImmutabilityState`],
  ["body.properties.monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures", oneOf("Enabled", "Disabled"), `${VAULT_SDK} AlertsState`],
  ["body.properties.monitoringSettings.classicAlertSettings.alertsForCriticalOperations", oneOf("Enabled", "Disabled"), `${VAULT_SDK} AlertsState`],
  ["body.sku.name", oneOf("Standard", "RS0"), `${VAULT_SDK} SkuName`],
  ["body.tags", tagsCheck, "ARM tags of the vault (same rule as azurerm tags.Validate, vendor/github.com/hashicorp/go-azure-helpers/resourcemanager/tags/validate.go)"],
]);
// The msgraph provider has no mirror here; its rows cite microsoft/terraform-provider-msgraph (constraint
// "~> 0.3.0" of lib/constructs/msgraph-update.ts) at commit 173ac9d, internal/services/msgraph_update_resource.go.
// body is a DynamicAttribute the provider does not validate; Graph v1.0 administrativeUnit does.
const MSGRAPH = "microsoft/terraform-provider-msgraph 0.3 (commit 173ac9d) internal/services/msgraph_update_resource.go";
type("msgraph_update_resource", MSGRAPH, [
  ["url", notEmpty, "url: StringAttribute, Required"],
  ["api_version", oneOf("v1.0", "beta"), 'stringvalidator.OneOf("v1.0", "beta"), Default "v1.0"'],
  ["body", typeOnly("block"), "body: DynamicAttribute, Optional, no validator"],
  ["body.membershipType", oneOf("Dynamic", "Assigned"), "body (no validator); Graph v1.0 administrativeUnit.membershipType: Dynamic | Assigned"],
  ["body.membershipRule", notEmpty, "body (no validator); Graph v1.0 administrativeUnit.membershipRule: the dynamic rule when membershipType is Dynamic"],
  ["body.membershipRuleProcessingState", oneOf("On", "Paused"), "body (no validator); Graph v1.0 administrativeUnit.membershipRuleProcessingState: On | Paused"],
]);

// ── The platform stack (lib/stacks/platform-stack.ts, lib/constructs/platform/*) ─────────────────
// The state account's blob properties (storage_account_resource.go, blob_properties block).
type("azurerm_storage_account", `${STORAGE}storage_account_resource.go`, [
  ["blob_properties.versioning_enabled", typeOnly("bool"), "blob_properties.versioning_enabled: TypeBool, Default false"],
  ["blob_properties.delete_retention_policy.days", ints(1, 365), "blob_properties.delete_retention_policy.days: validation.IntBetween(1, 365)"],
  ["blob_properties.container_delete_retention_policy.days", ints(1, 365), "blob_properties.container_delete_retention_policy.days: validation.IntBetween(1, 365)"],
]);
type("azurerm_storage_container", `${STORAGE}storage_container_resource.go`, [
  [
    "name",
    custom("3–63 of [0-9a-z-] not starting with -, or $root / $web", (r) =>
      valuesAt(r, "name")
        .filter((v): v is string => typeof v === "string" && !isTemplate(v))
        .filter((v) => !/^\$root$|^\$web$|^[0-9a-z-]+$/.test(v) || v.length < 3 || v.length > 63 || v.startsWith("-"))
        .map((v) => `name ${JSON.stringify(v)} is not a container name`),
    ),
    "validate.StorageContainerName (validate/storage_container.go), ForceNew",
  ],
  ["name", forceNew, "ForceNew"],
  ["storage_account_id", forceNew, "commonids.ValidateStorageAccountID, ForceNew"],
  ["container_access_type", oneOf("blob", "container", "private"), 'validation.StringInSlice([blob, container, "private"]), Default "private"'],
]);
const MI = `${RM}services/managedidentity/`;
type("azurerm_user_assigned_identity", `${MI}user_assigned_identity_resource.go`, [
  ["name", notEmpty, "name: TypeString, Required (no ValidateFunc)"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  LOCATION,
  TAGS,
]);
type("azurerm_federated_identity_credential", `${MI}federated_identity_credential_resource.go`, [
  ["name", notEmpty, "name: TypeString, Required, ForceNew"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  ["parent_id", pattern(/\/providers\/Microsoft\.ManagedIdentity\/userAssignedIdentities\/[^/]+$/i, "a user-assigned identity id"), "commonids.ValidateUserAssignedIdentityID, ForceNew"],
  ["issuer", notEmpty, "issuer: TypeString, Required"],
  ["subject", notEmpty, "subject: TypeString, Required"],
  [
    "audience",
    custom("exactly one audience", (r) => (valuesAt(r, "audience").flat().length !== 1 ? ["audience must hold exactly one value (Required, MaxItems 1)"] : [])),
    "audience: TypeList of TypeString, Required, MaxItems 1",
  ],
]);
const AUTHZ = `${RM}services/authorization/`;
type("azurerm_role_definition", `${AUTHZ}role_definition_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["scope", pattern(/^(\/subscriptions\/|\/providers\/Microsoft\.Management\/managementGroups\/)/, "must start with /subscriptions/ or /providers/Microsoft.Management/managementGroups/"), 'validation.StringStartsWithOneOf("/subscriptions/", "/providers/Microsoft.Management/managementGroups/"), ForceNew'],
  ["scope", forceNew, "ForceNew"],
  ["description", notEmpty, "validation.StringIsNotEmpty"],
  ["permissions.actions", typeOnly("list"), "permissions.actions: TypeList of TypeString"],
  ["permissions.not_actions", typeOnly("list"), "permissions.not_actions: TypeList of TypeString"],
  ["permissions.data_actions", typeOnly("list"), "permissions.data_actions: TypeSet of TypeString"],
  ["permissions.not_data_actions", typeOnly("list"), "permissions.not_data_actions: TypeSet of TypeString"],
  ["assignable_scopes", pattern(/^\/(subscriptions\/|providers\/Microsoft\.Management\/managementGroups\/)/i, "a scope id"), "assignable_scopes elements: commonids.ValidateScopeID"],
]);
// The platform's role assignments name roles by id (custom roles) and carry ABAC conditions.
type("azurerm_role_assignment", `${AUTHZ}role_assignment_resource.go`, [
  ["role_definition_id", forceNew, 'ExactlyOneOf: ["role_definition_id", "role_definition_name"], ForceNew'],
  ["condition", notEmpty, "validation.StringIsNotEmpty, ForceNew"],
  ["condition_version", oneOf("1.0", "2.0"), 'validation.StringInSlice(["1.0", "2.0"]), ForceNew'],
]);
type("azurerm_data_protection_resource_guard", `${RM}services/dataprotection/data_protection_resource_guard_resource.go`, [
  ["name", bytes(1, 260), "validate.ResourceGuardName (validate/resource_guard_name.go): 1–260, len()"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  LOCATION,
  ["vault_critical_operation_exclusion_list", notEmpty, "vault_critical_operation_exclusion_list elements: validation.StringIsNotEmpty"],
  TAGS,
]);
type("azurerm_log_analytics_workspace", `${RM}services/loganalytics/log_analytics_workspace_resource.go`, [
  ["name", pattern(/^(?=.{4,63}$)[A-Za-z0-9][A-Za-z0-9-]+[A-Za-z0-9]$/, "4–63 of [A-Za-z0-9-], alphanumeric at both ends"), "validate.LogAnalyticsWorkspaceName (validate/log_analytics_workspace_name.go), ForceNew"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  LOCATION,
  ["sku", oneOf("PerGB2018", "PerNode", "Premium", "Standalone", "Standard", "CapacityReservation", "LACluster", "Unlimited"), "validation.StringInSlice(WorkspaceSkuNameEnum…, Unlimited)"],
  ["retention_in_days", ints(30, 730), "validation.IntBetween(30, 730)"],
  ["local_authentication_enabled", typeOnly("bool"), "TypeBool, Default true"],
  TAGS,
]);
const PDNS = `${RM}services/privatedns/`;
type("azurerm_private_dns_zone", `${PDNS}private_dns_zone_resource.go`, [
  ["name", notEmpty, "name: TypeString, Required, ForceNew (no ValidateFunc)"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azurerm_private_dns_zone_virtual_network_link", `${PDNS}private_dns_zone_virtual_network_link_resource.go`, [
  ["name", notEmpty, "name: TypeString, Required, ForceNew (no ValidateFunc)"],
  ["name", forceNew, "ForceNew"],
  ["private_dns_zone_name", notEmpty, "validation.StringIsNotEmpty, ForceNew"],
  ["virtual_network_id", pattern(/\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/i, "a virtual network id"), "commonids.ValidateVirtualNetworkID, ForceNew"],
  ["registration_enabled", typeOnly("bool"), "TypeBool, Default false"],
  RESOURCE_GROUP_NAME,
  TAGS,
]);
type("azuread_app_role_assignment", `${AD}approleassignments/app_role_assignment_resource.go`, [
  ["app_role_id", uuid, "validation.IsUUID, ForceNew"],
  ["principal_object_id", uuid, "validation.IsUUID, ForceNew"],
  ["resource_object_id", uuid, "validation.IsUUID, ForceNew"],
]);
type("azuread_directory_role", `${AD}directoryroles/directory_role_resource.go`, [
  ["display_name", notEmpty, "validation.StringIsNotEmpty, ForceNew"],
  ["display_name", { kind: "exactlyOneOf", others: ["template_id"] }, 'ExactlyOneOf: ["display_name", "template_id"]'],
]);

// ── Isolation enforced by Azure (issue 15 §3): Azure Virtual Network Manager ──────────────────────────
const NM = `${RM}services/network/`;
const networkManagerId = pattern(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkManagers\/[^/]+$/i, "a network manager id");
const networkGroupIdPattern = pattern(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/networkManagers\/[^/]+\/networkGroups\/[^/]+$/, "a network group id (networkManagers/…/networkGroups/…, exact casing)");
type("azurerm_network_manager", `${NM}network_manager_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  RESOURCE_GROUP_NAME,
  LOCATION,
  ["scope.management_group_ids", pattern(/^\/providers\/[Mm]icrosoft\.[Mm]anagement\/[Mm]anagement[Gg]roups\/[^/]+$/, "a management group id"), "managementGroupValidate.ManagementGroupID (internal/services/managementgroup/parse/management_group.go: ^/providers/[Mm]icrosoft\\.[Mm]anagement/[Mm]anagement[Gg]roups/<one segment>)"],
  ["scope.management_group_ids", { kind: "exactlyOneOf", others: [] }, "scope: MinItems 1, MaxItems 1; AtLeastOneOf management_group_ids, subscription_ids (we set only the management group)"],
  ["scope_accesses", oneOf("Connectivity", "Routing", "SecurityAdmin"), "validation.StringInSlice(ConfigurationType…), MinItems 1"],
  ["description", typeOnly("string"), "TypeString, no ValidateFunc"],
  TAGS,
]);
type("azurerm_network_manager_network_group", `${NM}network_manager_network_group_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["network_manager_id", networkManagerId, "networkgroups.ValidateNetworkManagerID, ForceNew (a reference here)"],
  ["network_manager_id", forceNew, "ForceNew"],
  ["description", typeOnly("string"), "TypeString, no ValidateFunc"],
]);
type("azurerm_network_manager_security_admin_configuration", `${NM}network_manager_security_admin_configuration_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["network_manager_id", networkManagerId, "securityadminconfigurations.ValidateNetworkManagerID, ForceNew (a reference here)"],
  ["apply_on_network_intent_policy_based_services", oneOf("All", "AllowRulesOnly", "None"), "validation.StringInSlice(NetworkIntentPolicyBasedService…)"],
  [
    "apply_on_network_intent_policy_based_services",
    custom("at most one value", (r) => (valuesAt(r, "apply_on_network_intent_policy_based_services").flat().length > 1 ? ["apply_on_network_intent_policy_based_services has more than one value (MaxItems 1)"] : [])),
    "MaxItems: 1",
  ],
  ["description", notEmpty, "validation.StringIsNotEmpty"],
]);
type("azurerm_network_manager_admin_rule_collection", `${NM}network_manager_admin_rule_collection_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["security_admin_configuration_id", forceNew, "adminrulecollections.ValidateSecurityAdminConfigurationID, ForceNew (a reference here)"],
  ["network_group_ids", networkGroupIdPattern, "networkgroups.ValidateNetworkGroupID (elements; references here)"],
  ["description", typeOnly("string"), "TypeString, no ValidateFunc"],
]);
type("azurerm_network_manager_admin_rule", `${NM}network_manager_admin_rule_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["admin_rule_collection_id", forceNew, "adminrules.ValidateSecurityAdminConfigurationRuleCollectionID, ForceNew (a reference here)"],
  ["action", oneOf("Allow", "Deny", "AlwaysAllow"), "validation.StringInSlice(SecurityConfigurationRuleAccess…)"],
  ["direction", oneOf("Inbound", "Outbound"), "validation.StringInSlice(SecurityConfigurationRuleDirection…)"],
  ["priority", ints(1, 4096), "validation.IntBetween(1, 4096)"],
  ["protocol", oneOf("Ah", "Any", "Icmp", "Esp", "Tcp", "Udp"), "validation.StringInSlice(SecurityConfigurationRuleProtocol…)"],
  ["description", notEmpty, "validation.StringIsNotEmpty"],
  ["destination_port_ranges", notEmpty, "elements: validation.StringIsNotEmpty"],
  ["destination_port_ranges", pattern(/^\d{1,5}(-\d{1,5})?$/, "a port or a port range"), "elements: validation.StringIsNotEmpty; Azure takes ports and ranges as the NSG does"],
  ["destination.address_prefix", notEmpty, "validation.StringIsNotEmpty"],
  ["destination.address_prefix_type", oneOf("IPPrefix", "ServiceTag"), "validation.StringInSlice([IPPrefix, ServiceTag]) (the SDK's NetworkGroup type is not accepted by the provider)"],
  ["source.address_prefix", notEmpty, "validation.StringIsNotEmpty"],
  ["source.address_prefix_type", oneOf("IPPrefix", "ServiceTag"), "validation.StringInSlice([IPPrefix, ServiceTag])"],
]);
type("azurerm_network_manager_deployment", `${NM}network_manager_deployment_resource.go`, [
  ["network_manager_id", forceNew, "networkmanagers.ValidateNetworkManagerID, ForceNew (a reference here)"],
  LOCATION,
  ["location", forceNew, "commonschema.Location(): ForceNew (the deployment id is <manager>/commit|<location>|<scope access>)"],
  ["scope_access", oneOf("Connectivity", "SecurityAdmin", "Routing"), "validation.StringInSlice(ConfigurationType…), ForceNew"],
  ["scope_access", forceNew, "ForceNew"],
  ["configuration_ids", typeOnly("list"), "configuration_ids elements: azure.ValidateResourceID (references here)"],
  ["triggers", custom("string values", (r) => Object.values((r.triggers ?? {}) as Record<string, unknown>).filter((v) => typeof v !== "string").map(() => "triggers values must be strings")), "triggers: TypeMap of TypeString; any change re-commits (Update commits again)"],
]);
type("azurerm_network_manager_static_member", `${NM}network_manager_static_member_resource.go`, [
  ["name", notEmpty, "validation.StringIsNotEmpty"],
  ["name", forceNew, "ForceNew"],
  ["network_group_id", networkGroupIdPattern, "staticmembers.ValidateNetworkGroupID (vendor/…/network/2025-01-01/staticmembers/id_networkgroup.go), ForceNew"],
  ["network_group_id", forceNew, "ForceNew"],
  ["target_virtual_network_id", forceNew, "commonids.ValidateVirtualNetworkID, ForceNew (a reference here)"],
]);
// ── Entra ID logs (issue 15 §4) ──────────────────────────────────────────────────────────────────────
type("azurerm_monitor_aad_diagnostic_setting", `${RM}services/monitor/monitor_aad_diagnostic_setting_resource.go`, [
  ["name", pattern(/^[^<>*%&:\\?+/]{1,260}$/, "1–260 characters without < > * % & : \\ ? + /"), "validate.MonitorDiagnosticSettingName (validate/monitor_diagnostic_setting.go)"],
  ["name", forceNew, "ForceNew"],
  ["log_analytics_workspace_id", { kind: "exactlyOneOf", others: ["eventhub_authorization_rule_id", "storage_account_id"] }, "workspaces.ValidateWorkspaceID; AtLeastOneOf eventhub_authorization_rule_id, log_analytics_workspace_id, storage_account_id (we send only to the workspace)"],
  ["enabled_log.category", notEmpty, "enabled_log (TypeSet).category: TypeString, Required, no ValidateFunc (the SDK's constants name only AuditLogs and SignInLogs; parseCategory passes others through)"],
]);

/** The rule table, one row per provider rule. */
// Azure Policy and the decommissioned management group (issue 15: lib/constructs/platform/policies.ts).
const POLICY = `${RM}services/policy/`;
const MG = `${RM}services/managementgroup/`;
/** managementGroupValidate.ManagementGroupID / commonids.ValidateManagementGroupID → parse.ManagementGroupID: ^/providers/[Mm]icrosoft\.[Mm]anagement/[Mm]anagement[Gg]roups/<name>. */
const managementGroupId = pattern(/^(\/providers\/[Mm]icrosoft\.[Mm]anagement\/[Mm]anagement[Gg]roups\/[^/]+|\$\{azurerm_management_group\.[A-Za-z0-9_-]+\.id\})$/, "a management group id (/providers/Microsoft.Management/managementGroups/<name>) or a reference to one");
const jsonObject = (attribute: string): Check =>
  custom(`${attribute} is a JSON object literal`, (r) =>
    valuesAt(r, attribute).flatMap((v) => {
      if (typeof v !== "string") return [`${attribute} is not a string`];
      if (isTemplate(v)) return [`${attribute} is a template; it must be a JSON literal: ${v.slice(0, 80)}`];
      try {
        const parsed: unknown = JSON.parse(v);
        return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? [] : [`${attribute} is JSON but not an object`];
      } catch {
        return [`${attribute} is not JSON: ${v.slice(0, 80)}`];
      }
    }),
  );
type("azurerm_management_group", `${MG}management_group_resource.go`, [
  ["name", pattern(/^[a-zA-Z0-9_().-]{1,90}$/, "1–90 of ASCII letters, digits, -, _, (, ), ."), "validate.ManagementGroupName (validate/management_group_name.go: ^[a-zA-Z0-9_().-]{1,90}$), Optional+Computed, ForceNew"],
  ["name", forceNew, "ForceNew"],
  ["display_name", notEmpty, "display_name: TypeString, Optional, Computed (no ValidateFunc)"],
  ["parent_management_group_id", managementGroupId, "commonids.ValidateManagementGroupID"],
]);
type("azurerm_policy_definition", `${POLICY}policy_definition_resource.go`, [
  ["name", notEmpty, "name: TypeString, Required, ForceNew (no ValidateFunc)"],
  ["name", forceNew, "ForceNew"],
  ["policy_type", oneOf("BuiltIn", "Custom", "NotSpecified", "Static"), "validation.StringInSlice(policy.TypeBuiltIn, TypeCustom, TypeNotSpecified, TypeStatic), ForceNew"],
  ["mode", oneOf("All", "Indexed", "Microsoft.ContainerService.Data", "Microsoft.CustomerLockbox.Data", "Microsoft.DataCatalog.Data", "Microsoft.KeyVault.Data", "Microsoft.Kubernetes.Data", "Microsoft.MachineLearningServices.Data", "Microsoft.Network.Data", "Microsoft.Synapse.Data"), "validation.StringInSlice(All, Indexed, …Data modes, false)"],
  ["management_group_id", managementGroupId, "mgmtGrpParse.ManagementGroupID in create (no ValidateFunc), ForceNew"],
  ["management_group_id", forceNew, "ForceNew"],
  ["display_name", notEmpty, "display_name: TypeString, Required"],
  ["description", typeOnly("string"), "description: TypeString, Optional"],
  ["policy_rule", jsonObject("policy_rule"), "validation.StringIsJSON, DiffSuppressFunc SuppressJsonDiff"],
  ["parameters", jsonObject("parameters"), "validation.StringIsJSON; CustomizeDiff: fewer parameters than before forces a new definition (which Azure refuses while it is assigned)"],
  ["metadata", jsonObject("metadata"), "metadataSchema(): validation.StringIsJSON, Optional+Computed, diff ignores assignedBy/createdBy/createdOn/updatedBy/updatedOn (metadata.go)"],
]);
type("azurerm_management_group_policy_assignment", `${POLICY}management_group_policy_assignment_resource.go`, [
  [
    "name",
    custom("1–24 characters, not whitespace, none of #<>%&:\\?/, not ending in a period or space", (r) =>
      valuesAt(r, "name")
        .filter((v): v is string => typeof v === "string" && !isTemplate(v))
        .filter((v) => v.trim() === "" || /[#<>%&:\\?/]/.test(v) || v.length < 1 || v.length > 24 || /[ .]$/.test(v))
        .map((v) => `assignment name ${JSON.stringify(v)} breaks the management group assignment name rules`),
    ),
    'validation.All(StringIsNotWhiteSpace, StringDoesNotContainAny("#<>%&:\\?/"), StringLenBetween(1, 24), StringMatch("[^ .]$")), ForceNew',
  ],
  ["name", forceNew, "ForceNew"],
  ["management_group_id", managementGroupId, "managementGroupValidate.ManagementGroupID, ForceNew"],
  ["management_group_id", forceNew, "ForceNew"],
  [
    "policy_definition_id",
    pattern(/(\/providers\/[Mm]icrosoft\.[Aa]uthorization\/policy[Dd]efinitions\/[^/]+$|^\$\{azurerm_policy_definition\.[A-Za-z0-9_-]+\.id\}$)/, "a policy definition id or a reference to one"),
    "assignment_resource_base.go: validation.Any(validate.PolicyDefinitionID, validate.PolicySetDefinitionID), ForceNew",
  ],
  ["policy_definition_id", forceNew, "ForceNew"],
  ["display_name", typeOnly("string"), "assignment_resource_base.go: display_name TypeString, Optional"],
  ["description", typeOnly("string"), "assignment_resource_base.go: description TypeString, Optional"],
  ["enforce", typeOnly("bool"), "assignment_resource_base.go: enforce TypeBool, Optional, Default true"],
  ["parameters", jsonObject("parameters"), "assignment_resource_base.go: validation.StringIsJSON, DiffSuppressFunc SuppressJsonDiff"],
  ["non_compliance_message.content", notEmpty, "assignment_resource_base.go: non_compliance_message.content validation.StringIsNotEmpty"],
]);

export const RULES: readonly Rule[] = rows;

/**
 * Attributes that `lifecycle.ignore_changes` may name, per type, each read in the provider schema at
 * the pinned tag: Terraform rejects an ignore_changes entry that is not an attribute of the type, and
 * ignoring more than what something outside Terraform changes hides real drift. Add an entry with
 * the reason when a construct ignores a new attribute.
 */
export const IGNORABLE: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Created by azurerm, never updated by it: its update waits for soft delete "Enabled" (~511-548), which
  // the AlwaysON hardening makes impossible (~879-895); the azapi body carries these (lib/constructs/backup-vault.ts).
  azurerm_recovery_services_vault: Object.fromEntries(
    ["soft_delete_enabled", "tags", "monitoring", "public_network_access_enabled", "immutability", "sku", "storage_mode_type", "cross_region_restore_enabled", "identity", "encryption"].map((a) => [
      a,
      `hashicorp/terraform-provider-azurerm v4.58.0 internal/services/recoveryservices/recovery_services_vault_resource.go: "${a}" updatable in place; the update path fails after soft delete AlwaysON, so the azapi_update_resource body carries it`,
    ]),
  ),
  azurerm_virtual_desktop_host_pool: {
    load_balancer_type: `${AVD}virtual_desktop_host_pool_resource.go: "load_balancer_type" (Required TypeString); the scaling plan switches it during the day`,
  },
  azurerm_virtual_desktop_host_pool_registration_info: {
    expiration_date: `hashicorp/terraform-provider-azurerm v4.58.0 (as v4.55.0) internal/services/desktopvirtualization/virtual_desktop_host_pool_registration_info_resource.go: "expiration_date" (Required, IsRFC3339Time, no DiffSuppressFunc) read back in Azure's format (Read, d.Set("expiration_date", ExpirationTime)); replace_triggered_by the time_rotating renews the token`,
  },
  azurerm_virtual_machine_extension: {
    protected_settings: `${COMPUTE}virtual_machine_extension_resource.go: "protected_settings" (Sensitive TypeString); the registration token matters only at first registration`,
  },
  azurerm_storage_account: {
    azure_files_authentication: `${STORAGE}storage_account_resource.go: "azure_files_authentication" (TypeList, MaxItems 1); set by the AD DS domain join of the account (docs/vdi.md)`,
  },
};
