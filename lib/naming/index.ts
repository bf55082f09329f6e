/**
 * Every Azure name, from one place. Names follow the Cloud Adoption Framework abbreviations and each
 * resource type's length and character rules; globally unique names get a short deterministic hash.
 * Changing a function here renames (and so recreates) resources in production.
 */
import { hash } from "node:crypto";
import type { SubnetRole } from "../verbund/address-plan";

/** The character and length rules of one kind of Azure name. */
export interface NameRule {
  readonly min: number;
  readonly max: number;
  readonly pattern: RegExp;
  readonly description: string;
}

/** Azure's rules for the names this module makes (learn.microsoft.com, "Naming rules and restrictions"). */
export const NAME_RULES = {
  resourceGroup: { min: 1, max: 90, pattern: /^[-\w.()]*[-\w()]$/, description: "1–90 letters, digits, _ - . ( ), not ending with ." },
  virtualNetwork: { min: 2, max: 64, pattern: /^[A-Za-z0-9][\w.-]*\w$/, description: "2–64 alphanumerics, _ - ., starting alphanumeric, ending alphanumeric or _" },
  subnet: { min: 1, max: 80, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–80 alphanumerics, _ - ., ending alphanumeric or _" },
  networkSecurityGroup: { min: 1, max: 80, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–80 alphanumerics, _ - ., ending alphanumeric or _" },
  routeTable: { min: 1, max: 80, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–80 alphanumerics, _ - ., ending alphanumeric or _" },
  virtualNetworkPeering: { min: 1, max: 80, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–80 alphanumerics, _ - ., ending alphanumeric or _" },
  storageAccount: { min: 3, max: 24, pattern: /^[a-z0-9]+$/, description: "3–24 lowercase letters and digits, globally unique" },
  keyVault: { min: 3, max: 24, pattern: /^[a-zA-Z](?!.*--)[a-zA-Z0-9-]*[a-zA-Z0-9]$/, description: "3–24 alphanumerics and single hyphens, starting with a letter, globally unique" },
  recoveryServicesVault: { min: 2, max: 50, pattern: /^[a-zA-Z][a-zA-Z0-9-]*$/, description: "2–50 alphanumerics and hyphens, starting with a letter" },
  entraGroup: { min: 1, max: 120, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, description: "lowercase letters, digits and hyphens, at most 120 (kept short for the portal and for mail nicknames)" },
  administrativeUnit: { min: 1, max: 256, pattern: /^\S.*\S$/u, description: "1–256 characters, no leading or trailing space" },
  backupPolicy: { min: 3, max: 150, pattern: /^[a-zA-Z][-_!a-zA-Z0-9]{2,149}$/, description: "3–150 letters, digits, - _ !, starting with a letter" },
  diagnosticSetting: { min: 1, max: 260, pattern: /^[^*<>%&:\\?+/]+$/, description: "1–260 characters without * < > % & : \\ ? + /" },
  avdObject: { min: 3, max: 64, pattern: /^[a-zA-Z0-9][a-zA-Z0-9._-]*[a-zA-Z0-9_]$/, description: "3–64 alphanumerics, . _ -, ending alphanumeric or _" },
  virtualMachine: { min: 1, max: 64, pattern: /^[a-zA-Z0-9][a-zA-Z0-9.-]*[a-zA-Z0-9_]$/, description: "1–64 alphanumerics, . -, not ending with . or -" },
  networkInterface: { min: 1, max: 80, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–80 alphanumerics, _ - ., ending alphanumeric or _" },
  privateEndpoint: { min: 2, max: 64, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)$/, description: "2–64 alphanumerics, _ - ., ending alphanumeric or _" },
  fileShare: { min: 3, max: 63, pattern: /^[a-z0-9](?!.*--)[a-z0-9-]*[a-z0-9]$/, description: "3–63 lowercase letters, digits and single hyphens" },
  keyVaultSecret: { min: 1, max: 127, pattern: /^[a-zA-Z0-9-]+$/, description: "1–127 letters, digits and -" },
  actionGroup: { min: 1, max: 260, pattern: /^[^:<>+/&%\\?|]+$/, description: "1–260 characters without : < > + / & % \\ ? |" },
  // azurerm 4.55.0 internal/services/monitor/monitor_action_group_resource.go: short_name StringLenBetween(1, 12)
  actionGroupShortName: { min: 1, max: 12, pattern: /^[\w -]+$/, description: "1–12 letters, digits, spaces, _ and -" },
  // azurerm 4.55.0 internal/services/monitor/validate/alert_processing_rule_name.go
  alertProcessingRule: { min: 1, max: 260, pattern: /^[a-zA-Z\d][a-zA-Z\d\-_]*$/, description: "letters, digits, _ and -, starting with a letter or digit" },
  // Network manager, its groups, configuration and rule collections: 1–64, like a VNet (Microsoft Learn,
  // "Naming rules and restrictions for Azure resources", Microsoft.Network/networkManagers).
  networkManager: { min: 1, max: 64, pattern: /^[A-Za-z0-9](?:[\w.-]*\w)?$/, description: "1–64 alphanumerics, _ - ., ending alphanumeric or _" },
  // azurerm 4.55.0 internal/services/subscription/validate/subscription_name.go: 1–64 bytes, none of < > ; |
  subscription: { min: 1, max: 64, pattern: /^[a-z0-9][a-z0-9-]*[a-z0-9]$/, description: "1–64 characters without < > ; | (we use lowercase letters, digits and -)" },
  // azurerm 4.55.0 internal/services/consumption/validate/name.go: ^[-_a-zA-Z0-9]{1,63}$
  budget: { min: 1, max: 63, pattern: /^[-_a-zA-Z0-9]{1,63}$/, description: "1–63 letters, digits, _ and -" },
  windowsComputerName: { min: 1, max: 15, pattern: /^(?!\d+$)[A-Za-z0-9][A-Za-z0-9-]*$/, description: "1–15 alphanumerics and hyphens, not only digits" },
} as const satisfies Record<string, NameRule>;

export type NameKind = keyof typeof NAME_RULES;

/** Why a name breaks its type's rules, or undefined when it is valid. */
export function nameViolation(kind: NameKind, name: string): string | undefined {
  const rule: NameRule = NAME_RULES[kind];
  if (name.length < rule.min || name.length > rule.max) return `"${name}" has ${name.length} characters; a ${kind} name has ${rule.description}`;
  if (!rule.pattern.test(name)) return `"${name}" is not a valid ${kind} name: ${rule.description}`;
  return undefined;
}

function checked(kind: NameKind, name: string): string {
  // A name built from a cdktf token (`${…}`) would only be known at apply time: always a bug here.
  // Escaped text (`$${`, lib/terraform/literal.ts) is literal, not a token: Terraform reads any
  // `${` preceded by a `$` as text.
  if (/(^|[^$])\$\{/.test(name) || name.includes("TfToken")) throw new Error(`naming: ${kind} name ${JSON.stringify(name)} contains an unresolved token`);
  const violation = nameViolation(kind, name);
  // Inputs are validated before naming, so a violation here is a bug in this module, not bad input.
  if (violation) throw new Error(`naming: ${violation}`);
  return name;
}

/** A short lowercase base-36 hash of the parts: deterministic, for globally unique names. */
export function shortHash(length: number, ...parts: readonly string[]): string {
  // The first 12 bytes of the SHA-256 as one number (one-shot hash, no hex text to parse back).
  const digest = hash("sha256", parts.join("/"), "buffer") as unknown as Buffer;
  return ((digest.readBigUInt64BE(0) << 32n) | BigInt(digest.readUInt32BE(8))).toString(36).padStart(length, "0").slice(-length);
}

/** The workloads a Träger's resources are grouped by, one resource group each. */
export type Workload = "network" | "identity" | "backup" | "vdi";

/** `rg-<id>-<workload>`. */
export function resourceGroupName(traegerId: string, workload: Workload): string {
  return checked("resourceGroup", `rg-${traegerId}-${workload}`);
}

/** `vnet-<id>`: the Träger's spoke. */
export function virtualNetworkName(traegerId: string): string {
  return checked("virtualNetwork", `vnet-${traegerId}`);
}

/** `snet-<role>`: subnet names are scoped to their VNet, so the role alone is enough. */
export function subnetName(role: SubnetRole): string {
  return checked("subnet", `snet-${role}`);
}

/** `nsg-<id>-<role>`: one NSG per subnet. */
export function networkSecurityGroupName(traegerId: string, role: SubnetRole): string {
  return checked("networkSecurityGroup", `nsg-${traegerId}-${role}`);
}

/** `rt-<id>`: the spoke's route table (default route to the hub firewall). */
export function routeTableName(traegerId: string): string {
  return checked("routeTable", `rt-${traegerId}`);
}

/** `peer-<id>-to-hub` (in the spoke) and `peer-hub-to-<id>` (in the hub). */
export function peeringName(traegerId: string, direction: "spoke-to-hub" | "hub-to-spoke"): string {
  return checked("virtualNetworkPeering", direction === "spoke-to-hub" ? `peer-${traegerId}-to-hub` : `peer-hub-to-${traegerId}`);
}

/**
 * `st<id letters><hash>`: storage account names are global across Azure, lowercase alphanumerics only,
 * at most 24. The hash covers Verbund, Träger and purpose, so two purposes never collide.
 */
export function storageAccountName(verbundShortName: string, traegerId: string, purpose: string): string {
  const hash = shortHash(6, verbundShortName, traegerId, purpose);
  const letters = traegerId.replace(/[^a-z0-9]/g, "");
  return checked("storageAccount", `st${letters.slice(0, 24 - 2 - hash.length)}${hash}`);
}

/** `kv-<id>-<hash>`, shortened to 24: key vault names are global and soft-deleted names stay taken. */
export function keyVaultName(verbundShortName: string, traegerId: string): string {
  const hash = shortHash(5, verbundShortName, traegerId, "kv");
  const room = 24 - "kv-".length - 1 - hash.length;
  const middle = traegerId.slice(0, room).replace(/-+$/, "");
  return checked("keyVault", `kv-${middle}-${hash}`);
}

/** `sg-<id>-<role>`: a Träger's Entra security group (role: users, admins, helpdesk, vdi-users or a declared extra). */
export function groupName(traegerId: string, role: string): string {
  return checked("entraGroup", `sg-${traegerId}-${role}`);
}

/** "KSM Träger – <name>": the Träger's administrative unit, its identity boundary in Entra ID. */
export function administrativeUnitName(verbundShortName: string, traegerName: string): string {
  return checked("administrativeUnit", `${verbundShortName.toUpperCase()} Träger – ${traegerName}`);
}

/** `rsv-<id>`: the Träger's Recovery Services vault. */
export function recoveryServicesVaultName(traegerId: string): string {
  return checked("recoveryServicesVault", `rsv-${traegerId}`);
}

/** `bkpol-<id>-<workload>`: backup policies ("vm" for session hosts, "fileshare" for profile and data shares). */
export function backupPolicyName(traegerId: string, workload: "vm" | "fileshare"): string {
  return checked("backupPolicy", `bkpol-${traegerId}-${workload}`);
}

/** `diag-<resource name>-to-log`: a diagnostic setting sending a resource's logs to the central workspace. */
export function diagnosticSettingName(resourceName: string): string {
  return checked("diagnosticSetting", `diag-${resourceName}-to-log`);
}

/** Azure Virtual Desktop objects: `vdpool-`, `vdag-`, `vdscaling-<id>-<pool>`, `vdws-<id>`. */
export function avdObjectName(kind: "host-pool" | "application-group" | "scaling-plan" | "workspace", traegerId: string, poolName?: string): string {
  const prefix = { "host-pool": "vdpool", "application-group": "vdag", "scaling-plan": "vdscaling", workspace: "vdws" }[kind];
  return checked("avdObject", poolName ? `${prefix}-${traegerId}-${poolName}` : `${prefix}-${traegerId}`);
}

/** `vm-<id>-<pool>-<nnn>`: a session host's Azure resource name (its Windows name is sessionHostComputerName). */
export function sessionHostVmName(traegerId: string, poolName: string, index: number): string {
  return checked("virtualMachine", `vm-${traegerId}-${poolName}-${String(index).padStart(3, "0")}`);
}

/** `nic-<vm name>` and `osdisk-<vm name>`. */
export function sessionHostPartName(part: "nic" | "osdisk", vmName: string): string {
  return checked(part === "nic" ? "networkInterface" : "virtualMachine", `${part}-${vmName}`);
}

/** `pep-<resource name>-<subresource>`: a private endpoint. */
export function privateEndpointName(resourceName: string, subresource: string): string {
  return checked("privateEndpoint", `pep-${resourceName}-${subresource}`);
}

/** `profiles-<pool>`: a pool's FSLogix profile share. */
export function profileShareName(poolName: string): string {
  return checked("fileShare", `profiles-${poolName}`);
}

/** Name of a Key Vault secret. */
export function keyVaultSecretName(name: string): string {
  return checked("keyVaultSecret", name);
}

/**
 * Windows computer name of a session host, at most 15 characters: up to 6 letters of the Träger id,
 * a 3-character hash of Träger and pool (so pools never share a prefix), "-", and a 3-digit number.
 */
export function sessionHostComputerName(traegerId: string, poolName: string, index: number): string {
  if (!Number.isInteger(index) || index < 0 || index > 999) throw new RangeError(`session host index ${index} is outside 0–999`);
  const letters = traegerId.replace(/[^a-z0-9]/g, "").slice(0, 6);
  return checked("windowsComputerName", `${letters}${shortHash(3, traegerId, poolName)}-${String(index).padStart(3, "0")}`);
}

/**
 * `sub-<verbund>-<id>`: a vended subscription's display name and its alias (unique in the tenant). The
 * alias never changes (it is how Azure finds the vended subscription again); the display name could.
 */
export function subscriptionName(verbundShortName: string, traegerId: string): string {
  return checked("subscription", `sub-${verbundShortName}-${traegerId}`);
}

/** `budget-<id>`: the Träger subscription's monthly budget. */
export function budgetName(traegerId: string): string {
  return checked("budget", `budget-${traegerId}`);
}

/** `ag-<id>-backup`: who hears about the Träger's backup alerts. */
export function actionGroupName(traegerId: string): string {
  return checked("actionGroup", `ag-${traegerId}-backup`);
}

/** `bkp-<verbund>`: the sender shown in alert e-mails and texts (at most 12 characters). */
export function actionGroupShortName(verbundShortName: string): string {
  return checked("actionGroupShortName", `bkp-${verbundShortName}`);
}

/** `apr-<id>-backup-alerts`: routes the vault's Azure Backup alerts to the action group. */
export function alertProcessingRuleName(traegerId: string): string {
  return checked("alertProcessingRule", `apr-${traegerId}-backup-alerts`);
}

/** `avnm-<short>`: the Verbund's network manager, in the hub subscription. */
export function networkManagerName(verbundShortName: string): string {
  return checked("networkManager", `avnm-${verbundShortName}`);
}

/** `rg-<short>-hub-network-manager`: the platform resource group of the network manager. */
export function networkManagerResourceGroupName(verbundShortName: string): string {
  return checked("resourceGroup", `rg-${verbundShortName}-hub-network-manager`);
}

/** A network group, security admin configuration or rule collection of the network manager. */
export function networkManagerChildName(name: string): string {
  return checked("networkManager", name);
}
