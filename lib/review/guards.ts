/**
 * What blocks a plan (⛔): a delete, replace or forget of anything that holds data or protects it, and
 * a data-bearing resource that was deleted outside Terraform (a refresh shows it in `resource_drift`)
 * and that the plan would recreate empty. Judged per resource from the plan and the synthesized stack.
 */
import { type Action, asObject, type PlanDocument, type ResourceChange } from "./plan-json";
import type { StackContext } from "./stack-context";

/** Resource types that hold data: deleting, replacing or forgetting one loses it or leaves it unmanaged. */
export const DATA_BEARING_TYPES: ReadonlySet<string> = new Set([
  "azurerm_recovery_services_vault",
  "azurerm_data_protection_backup_vault",
  "azurerm_storage_account",
  "azurerm_storage_share",
  "azurerm_storage_container",
  "azurerm_managed_disk",
  "azurerm_key_vault",
  "azurerm_virtual_network",
]);

/** A Träger's identity in Entra: a recreated group or unit has a new object id, members and roles are gone. */
export const DIRECTORY_TYPES: ReadonlySet<string> = new Set(["azuread_group", "azuread_administrative_unit"]);

/** What keeps the backups: without it, shares and VMs are no longer backed up or guarded. */
export const BACKUP_PROTECTION_TYPES: ReadonlySet<string> = new Set([
  "azurerm_backup_protected_file_share",
  "azurerm_backup_protected_vm",
  "azurerm_backup_container_storage_account",
  "azurerm_recovery_services_vault_resource_guard_association",
  "azurerm_data_protection_backup_instance_blob_storage",
  "azurerm_data_protection_backup_instance_disk",
]);

const ISOLATION_REASON = "enforces the isolation between Träger: without it the security admin rules stop applying and only NSGs the Träger can edit remain";

/**
 * What protects every Träger rather than holding its data, by type, with why losing it is blocked:
 * - the guardrails Azure enforces (lib/constructs/platform/policies.ts): removing or replacing one
 *   leaves every Träger subscription, or every decommissioned one, unguarded (a replace has a window
 *   without it);
 * - what makes the isolation between Träger Azure's and not the NSGs' (lib/constructs/platform/network-manager.ts):
 *   deleting, replacing or forgetting one removes every security admin rule (in a region, for a deployment);
 * - what keeps a Träger's subscription in the Verbund (issue 15): its alias, its place in the Träger
 *   management group (the Verbund's policies and the identities' rights are assigned there), its budget
 *   and its Defender plans. azurerm v4.55.0: subscription/subscription_resource.go,
 *   managementgroup/management_group_subscription_association_resource.go (management_group_id ForceNew: a
 *   move is a replace), consumption/consumption_budget_subscription_resource.go,
 *   securitycenter/security_center_subscription_pricing_resource.go (delete sets the plan to Free).
 */
export const PROTECTED_TYPES: Readonly<Record<string, string>> = {
  azurerm_management_group_policy_assignment: "a policy assignment Azure enforces on every Träger (or decommissioned) subscription: without it, Azure allows what the guardrail denies",
  azurerm_policy_definition: "a policy definition the Verbund's guardrails are assigned from: its assignments go with it",
  azurerm_management_group: "the management group of decommissioned Träger: deleting it returns its subscriptions to the tenant root group, outside every guardrail (the provider moves them there before it deletes the group)",
  ...Object.fromEntries(["azurerm_network_manager", "azurerm_network_manager_security_admin_configuration", "azurerm_network_manager_deployment"].map((type) => [type, `${type} ${ISOLATION_REASON}`])),
  azurerm_subscription: "the Träger's subscription alias: without it the Verbund gives up the subscription (deleting a vended alias cancels the subscription unless the provider prevents it)",
  azurerm_management_group_subscription_association:
    "moves the Träger's subscription out of its management group: the Verbund's Azure Policy assignments and the identities' rights there no longer apply",
  azurerm_consumption_budget_subscription: "the Träger's budget: its cost alerts to the Träger's admins and the platform team stop",
  azurerm_security_center_subscription_pricing: "a Defender for Cloud plan of the subscription's security baseline: without it the plan falls back to Free",
};

/** A subscription's own resource id (its activity log's diagnostic setting targets it). */
const SUBSCRIPTION_ID = /^\/subscriptions\/[^/]+$/i;

/** One blocked change and why. */
export interface Blocked {
  readonly address: string;
  readonly action: "delete" | "replace" | "forget" | "recreate";
  readonly reason: string;
}

const VM_TYPES: ReadonlySet<string> = new Set(["azurerm_windows_virtual_machine", "azurerm_linux_virtual_machine"]);

/** Why losing this resource loses data or protection, or undefined when it does not. */
export function dataReason(rc: ResourceChange, context: StackContext | undefined, personalPools: ReadonlySet<string>): string | undefined {
  const reasons: string[] = [];
  if (DATA_BEARING_TYPES.has(rc.type)) reasons.push(`${rc.type} holds data`);
  if (DIRECTORY_TYPES.has(rc.type)) reasons.push(`${rc.type === "azuread_group" ? "a Träger's Entra group" : "a Träger's administrative unit"}: its object id, members and role assignments are lost`);
  if (BACKUP_PROTECTION_TYPES.has(rc.type)) reasons.push(`${rc.type} is backup protection: the share or VM would no longer be backed up or guarded`);
  if (VM_TYPES.has(rc.type) && isPersonalDesktop(rc, context, personalPools)) reasons.push("a personal desktop: its user's data is on its OS disk");
  if (Object.hasOwn(PROTECTED_TYPES, rc.type)) reasons.push(PROTECTED_TYPES[rc.type]!);
  if (rc.type === "azurerm_monitor_diagnostic_setting" && [rc.change.before, rc.change.after].some((v) => SUBSCRIPTION_ID.test(String(asObject(v).target_resource_id ?? "")))) {
    reasons.push("the subscription's activity log: it stops reaching the central workspace the security operations centre reads");
  }
  if (context?.protectedAddresses.has(rc.address)) reasons.push("has prevent_destroy in its configuration");
  return reasons.length > 0 ? reasons.join("; ") : undefined;
}

function isPersonalDesktop(rc: ResourceChange, context: StackContext | undefined, personalPools: ReadonlySet<string>): boolean {
  if (context?.pools.some((p) => p.personal && p.hosts.includes(rc.address))) return true;
  const pool = [rc.change.before, rc.change.after].map((v) => asObject(asObject(v).tags)["avd-host-pool"]).find((p) => typeof p === "string");
  return typeof pool === "string" && personalPools.has(pool);
}

/** Names of host pools that the plan or the stack shows as personal. */
export function personalPoolsOf(plan: PlanDocument, context: StackContext | undefined): Set<string> {
  const out = new Set(context?.pools.filter((p) => p.personal).map((p) => p.name) ?? []);
  for (const rc of [...(plan.resource_changes ?? []), ...(plan.resource_drift ?? [])]) {
    if (rc.type !== "azurerm_virtual_desktop_host_pool") continue;
    for (const v of [rc.change.before, rc.change.after]) if (asObject(v).type === "Personal" && typeof asObject(v).name === "string") out.add(asObject(v).name as string);
  }
  return out;
}

/**
 * A declared decommissioning (README, "Offboarding a Träger"): the subscription stack of a Träger whose
 * status is "decommissioned" (its synthesized outputs say so; validation allows it only after the
 * retention ran out) replaces its management-group association by one with the decommissioned group.
 * Exactly that move is shown as ⚠, not ⛔; any other move stays blocked.
 */
export function isDeclaredDecommissioning(rc: ResourceChange, action: Action, context: StackContext | undefined): boolean {
  if (rc.type !== "azurerm_management_group_subscription_association" || action !== "replace") return false;
  if (context?.lifecycle !== "decommissioned" || context.managementGroupId === undefined) return false;
  return String(asObject(rc.change.after).management_group_id ?? "").toLowerCase() === context.managementGroupId.toLowerCase();
}

/** Every blocked change of a plan. */
export function blockedChanges(plan: PlanDocument, actionOf: (rc: ResourceChange) => Action, context: StackContext | undefined): Blocked[] {
  const personalPools = personalPoolsOf(plan, context);
  const blocked: Blocked[] = [];
  const deletedOutside = new Map((plan.resource_drift ?? []).filter((d) => d.change.actions.includes("delete") && d.change.after == null).map((d) => [d.address, d]));
  for (const rc of plan.resource_changes ?? []) {
    const action = actionOf(rc);
    const reason = dataReason(rc, context, personalPools);
    if (reason === undefined || isDeclaredDecommissioning(rc, action, context)) continue;
    if (action === "delete" || action === "replace") blocked.push({ address: rc.address, action, reason });
    else if (action === "forget") blocked.push({ address: rc.address, action, reason: `${reason}; forget leaves it unmanaged and unprotected (Terraform no longer guards or backs it up)` });
    else if (deletedOutside.has(rc.address) && action === "create") blocked.push({ address: rc.address, action: "recreate", reason: `${reason}; it was deleted outside Terraform and this plan creates it new and empty: restore it instead` });
  }
  for (const [address, d] of deletedOutside) {
    if (blocked.some((b) => b.address === address)) continue;
    const reason = dataReason(d, context, personalPools);
    if (reason !== undefined) blocked.push({ address, action: "recreate", reason: `${reason}; it was deleted outside Terraform (found by the refresh): restore it, do not apply over it` });
  }
  return blocked;
}
