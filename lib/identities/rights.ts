/**
 * The one place that says what the plan and deploy identities may do, where and why. The platform
 * stack grants exactly this (lib/stacks/platform-stack.ts) and docs/identities.md is generated from it.
 * No cdktf imports.
 */
import type { VerbundWithTraegerIds } from "../verbund/model";
import type { IdentityRole } from "./environments";
import { platformLayout, platformResourceGroups } from "./platform-layout";

/** Where an Azure role is granted. */
export type ScopeKind = "traeger-management-group" | "decommissioned-management-group" | "hub-virtual-network" | "state-endpoint-subnet" | "platform-resource-groups" | "state-container" | "resource-guard" | "ad-join-key-vault";

/** A custom Azure role defined by the platform stack. */
export interface CustomRole {
  readonly key: "hub-network" | "hub-endpoint-subnet" | "plan-reader" | "key-vault-deploy" | "policy-writer";
  readonly name: string;
  readonly description: string;
  readonly actions: readonly string[];
  readonly why: string;
}

/** The custom roles, by key. */
export const CUSTOM_ROLES: Readonly<Record<CustomRole["key"], CustomRole>> = {
  "hub-network": {
    key: "hub-network",
    name: "KSM Verbund hub network",
    description: "Peer Träger spokes with the Verbund hub and link private DNS zones to it; nothing else in the hub.",
    actions: [
      "Microsoft.Network/virtualNetworks/read",
      "Microsoft.Network/virtualNetworks/peer/action",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
      "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
      "Microsoft.Network/virtualNetworks/join/action",
    ],
    why: "each Träger stack creates the hub→spoke peering in the hub VNet and needs peer/action on the hub for the spoke→hub one (Microsoft Learn, virtual network peering: permissions); the platform stack links its private DNS zones to the hub VNet (join/action)",
  },
  "hub-endpoint-subnet": {
    key: "hub-endpoint-subnet",
    name: "KSM Verbund state endpoint subnet",
    description: "Place the state account's private endpoint in its hub subnet; nothing else.",
    actions: ["Microsoft.Network/virtualNetworks/subnets/read", "Microsoft.Network/virtualNetworks/subnets/join/action"],
    why: "a private endpoint's subnet must allow join/action to whoever writes the endpoint",
  },
  "key-vault-deploy": {
    key: "key-vault-deploy",
    name: "KSM Verbund key vault deploy",
    description: "Let Azure Resource Manager take a secret from this key vault into a deployment (protectedSettingsFromKeyVault); no secret read, no other action.",
    actions: ["Microsoft.KeyVault/vaults/deploy/action"],
    why: "a VM extension's `protectedSettingsFromKeyVault` makes Resource Manager fetch the secret on the deployer's behalf: it needs `Microsoft.KeyVault/vaults/deploy/action` on the vault and the vault's `enabledForTemplateDeployment` (Microsoft Learn, \"Use Azure Key Vault to pass secure parameter value during deployment\"); the identity itself never reads the secret",
  },
  "policy-writer": {
    key: "policy-writer",
    name: "KSM Verbund policy writer",
    description: "Create, change and remove the Verbund's policy definitions and assignments; no exemptions, no initiatives.",
    actions: [
      "Microsoft.Authorization/policyDefinitions/read",
      "Microsoft.Authorization/policyDefinitions/write",
      "Microsoft.Authorization/policyDefinitions/delete",
      "Microsoft.Authorization/policyAssignments/read",
      "Microsoft.Authorization/policyAssignments/write",
      "Microsoft.Authorization/policyAssignments/delete",
    ],
    why: "Contributor excludes Microsoft.Authorization/*/Write, so it cannot assign policy (Microsoft Learn, \"What are Azure management groups?\": only Owner, Resource Policy Contributor and User Access Administrator assign policy); Resource Policy Contributor would also allow policy exemptions (Microsoft.Authorization/policyexemptions/*), which would let a pipeline exempt a resource from a guardrail",
  },
  "plan-reader": {
    key: "plan-reader",
    name: "KSM Verbund plan reader",
    description: "Read every resource's configuration to plan and detect drift; no action that returns a secret.",
    actions: ["*/read"],
    why: "terraform plan and refresh read every resource; `*/read` covers no POST action, so keys, tokens and secrets stay out of reach",
  },
};

/** One Azure role of an identity on one kind of scope. */
export interface AzureRoleGrant {
  /** Part of the role assignment's construct id: stable, never derived from a position. */
  readonly key: string;
  /** A built-in role's name, or a custom role's key (`custom`). */
  readonly role: string;
  readonly custom?: CustomRole["key"];
  readonly scope: ScopeKind;
  readonly why: string;
  /** An Azure ABAC condition on the assignment (condition version 2.0), see roleAssignmentCondition. */
  readonly condition?: "privileged-roles-only-to-platform-operators";
}

/** Ids of the built-in roles that hand out access: Owner, User Access Administrator, Role Based Access Control Administrator. */
export const PRIVILEGED_ROLE_DEFINITION_IDS = {
  Owner: "8e3af657-a8ff-443c-a75c-2fe8c4bcb635",
  "User Access Administrator": "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9",
  "Role Based Access Control Administrator": "f58310d9-a9f6-439a-9e8d-f62e7b41a168",
} as const;

/**
 * The condition on the deploy identity's Role Based Access Control Administrator: it may add and remove
 * any role assignment except of the roles that hand out access, which it may assign only to the
 * platform operators' group (the Träger stacks make them Owner of each Träger's resource groups). So
 * it cannot make itself or anyone else Owner. Shape from Microsoft Learn, "Examples to delegate Azure
 * role assignment management with conditions".
 */
export function roleAssignmentCondition(grant: AzureRoleGrant, model: VerbundWithTraegerIds): string | undefined {
  if (grant.condition !== "privileged-roles-only-to-platform-operators") return undefined;
  const privileged = Object.values(PRIVILEGED_ROLE_DEFINITION_IDS).join(", ");
  const operators = model.directory.platformOperatorsGroupObjectId;
  const clause = (action: "write" | "delete", source: "Request" | "Resource") =>
    [
      "(",
      ` (!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'}))`,
      " OR",
      ` (@${source}[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfNoneValues:GuidEquals {${privileged}})`,
      " OR",
      ` (@${source}[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${operators}})`,
      ")",
    ].join("\n");
  return `${clause("write", "Request")}\nAND\n${clause("delete", "Resource")}`;
}

/** A Microsoft Graph application permission (app role of Microsoft Graph). */
export interface GraphPermission {
  readonly permission: string;
  readonly why: string;
}

/** The rights of one identity. */
export interface IdentityRights {
  readonly role: IdentityRole;
  readonly title: string;
  readonly purpose: string;
  readonly azure: readonly AzureRoleGrant[];
  readonly graph: readonly GraphPermission[];
  /** Entra ID directory roles, tenant-wide. */
  readonly directoryRoles: readonly { readonly role: string; readonly why: string }[];
  /** What the identity deliberately cannot do. */
  readonly lacks: readonly string[];
  /**
   * Billing roles (not Azure RBAC: granted in Cost Management + Billing by a billing account owner,
   * docs/adoption.md): on the Verbund's billing scope (verbund.ts `vending.billingScopeId`).
   */
  readonly billing?: readonly { readonly role: string; readonly why: string }[];
  /** What the identity holds besides its grants (ownerships the providers give it), and why that is safe. */
  readonly holds?: readonly { readonly what: string; readonly why: string }[];
}

/** The deploy identity: applies every stack; its rights never include changing its own rights. */
export const DEPLOY_IDENTITY: IdentityRights = {
  role: "deploy",
  title: "Deploy identity",
  purpose: "applies the reviewed plans of every Träger stack (`deploy-<id>`) and of the platform stack (`deploy-platform`)",
  azure: [
    {
      key: "contributor",
      role: "Contributor",
      scope: "traeger-management-group",
      why: "creates, changes and removes every resource of a Träger stack, registers the resource providers a Träger subscription needs, and sets each subscription's budget (Microsoft.Consumption/budgets/write), Defender for Cloud plans (Microsoft.Security/pricings/write: Owner, Contributor or Security Admin, Microsoft Learn \"Permissions in Microsoft Defender for Cloud\") and activity log diagnostic setting (Microsoft.Insights/diagnosticSettings/write); and, as Contributor of the group, places each vended or adopted subscription in it (azurerm_management_group_subscription_association; Microsoft Learn, \"Organize your resources with management groups\": moving a subscription needs Owner, Contributor or Management Group Contributor on its current and its target parent group, none where that is the root group, and Owner on the subscription)",
    },
    {
      key: "rbac-admin",
      role: "Role Based Access Control Administrator",
      scope: "traeger-management-group",
      condition: "privileged-roles-only-to-platform-operators",
      why: "the Träger stacks assign roles: Reader for the Träger's admins, Owner for the platform operators, desktop, profile and sign-in access, power management for AVD, Key Vault Secrets Officer for itself; Owner, User Access Administrator and Role Based Access Control Administrator only to the platform operators' group (condition)",
    },
    {
      key: "policy-writer",
      role: CUSTOM_ROLES["policy-writer"].name,
      custom: "policy-writer",
      scope: "traeger-management-group",
      why: "the platform stack writes the Verbund's policy definitions and assigns them at the Träger management group and the decommissioned group below it (docs/policies.md); creating that group needs management group write on its parent, which Contributor on the Träger management group gives (Microsoft Learn, \"What are Azure management groups?\": management group access)",
    },
    {
      key: "decommission",
      role: "Management Group Contributor",
      scope: "decommissioned-management-group",
      why: "moves a decommissioned Träger's subscription into the decommissioned management group (the target parent of that move; Microsoft Learn, \"Organize your resources with management groups\"). The group is a child of the Träger management group, so the identity's rights there are inherited too; the group's deny-all policy is what stops writes inside decommissioned subscriptions",
    },
    { key: "hub-network", role: CUSTOM_ROLES["hub-network"].name, custom: "hub-network", scope: "hub-virtual-network", why: "peerings between the hub and each spoke, in both directions; the private DNS zones' links to the hub" },
    { key: "endpoint-subnet", role: CUSTOM_ROLES["hub-endpoint-subnet"].name, custom: "hub-endpoint-subnet", scope: "state-endpoint-subnet", why: "keeps the state account's private endpoint in the hub (platform stack)" },
    { key: "reader", role: CUSTOM_ROLES["plan-reader"].name, custom: "plan-reader", scope: "hub-virtual-network", why: "refreshes the platform stack's role assignments on the hub VNet, which the peering role cannot read" },
    {
      key: "contributor",
      role: "Contributor",
      scope: "platform-resource-groups",
      why:
        "applies the platform stack's resources; registers Träger private endpoints in the hub's private DNS zones (join) and points diagnostic settings at the central workspace; " +
        "in the network manager's group: its network groups, security admin configuration, rule collections and rules, the commit (`Microsoft.Network/networkManagers/commit/action`), and each Träger stack's static member of its VNet " +
        "(`Microsoft.Network/networkManagers/networkGroups/staticMembers/write` and `…/networkGroups/join/action` on the group: Microsoft Learn, \"Azure resource provider operations\", Microsoft.Network; \"Use Azure Policy with network groups\": required permissions)",
    },
    { key: "state", role: "Storage Blob Data Contributor", scope: "state-container", why: "reads and writes Terraform state and its lease (lock), with Entra ID (no shared keys)" },
    { key: "guard-reader", role: "Reader", scope: "resource-guard", why: "associates every Träger vault with the resource guard (multi-user authorization)" },
    {
      key: "ad-join-deploy",
      role: CUSTOM_ROLES["key-vault-deploy"].name,
      custom: "key-vault-deploy",
      scope: "ad-join-key-vault",
      why: "session hosts of AD-joined Träger get the join account's password through Resource Manager (protectedSettingsFromKeyVault); the vault must allow template deployment (docs/adoption.md)",
    },
  ],
  billing: [
    {
      role: "Azure subscription creator (MCA invoice section), Enrollment account subscription creator (EA enrollment account) or the partner's subscription creator role (MPA customer)",
      why: "creates each vended Träger subscription as a subscription alias (Microsoft.Subscription/aliases/write) in the Verbund's billing scope; the alias API authorizes the caller by its billing role on that scope (Microsoft Learn, \"Programmatically create Azure subscriptions for a Microsoft Customer Agreement with the latest APIs\" and \"… for an Enterprise Agreement …\", \"Assign roles to Azure Enterprise Agreement service principal names\")",
    },
  ],
  graph: [
    { permission: "AdministrativeUnit.ReadWrite.All", why: "creates each Träger's administrative unit and adds its groups (azuread_administrative_unit)" },
    { permission: "Application.Read.All", why: "reads the Azure Virtual Desktop and Microsoft Graph service principals (azuread_service_principal data sources)" },
    { permission: "Group.ReadWrite.All", why: "creates and changes the Träger's groups (azuread_group)" },
    { permission: "RoleManagement.ReadWrite.Directory", why: "creates role-assignable groups and assigns Helpdesk and User Administrator scoped to a unit (azuread_directory_role_assignment)" },
    { permission: "User.Read.All", why: "group owners are users (azuread_group owners)" },
  ],
  directoryRoles: [
    {
      role: "Security Administrator",
      why:
        "creates the tenant's Entra ID diagnostic setting (`microsoft.aadiam/diagnosticSettings/write`, azurerm_monitor_aad_diagnostic_setting) that sends sign-in and audit logs to the central workspace: Microsoft Learn, \"Configure Microsoft Entra diagnostic settings for activity logs\", prerequisites: a P1 or P2 tenant and Security Administrator",
    },
    {
      role: "Groups Administrator",
      why: "creating a group inside an administrative unit needs Groups Administrator on the unit (Microsoft Learn, administrativeUnit: add members); the unit is created in the same apply, so the role is tenant-wide",
    },
  ],
  lacks: [
    "no policy exemptions and no policy assignment outside the Träger management group and the groups below it: no pipeline can exempt a resource from a guardrail; weakening or removing an assignment is ⚠/⛔ in the plan review of the platform stack, whose deploy needs a reviewer's approval",
    "no role definitions, and no role assignment outside the Träger management group; inside it, Owner, User Access Administrator and Role Based Access Control Administrator go only to the platform operators' group: it cannot make itself Owner",
    "no Microsoft Graph permission to grant permissions (AppRoleAssignment.ReadWrite.All): changes to the identities' Graph permissions need a platform administrator",
    "no right on the resource guard beyond Reader: weakening a vault needs the security officer's approval",
    "no right in the hub besides peering, joining the hub VNet (DNS zone links) and the state endpoint's subnet, and the platform resource groups (the network manager's among them)",
    "Security Administrator is the only security role: it cannot assign roles itself (Privileged Role Administrator) and reads no secret; it is held for the Entra diagnostic setting alone",
    "no cancelling of a Träger subscription: the subscription stacks' provider sets `prevent_cancellation_on_destroy`, the alias has `prevent_destroy`, and the plan review blocks (⛔) a deleted alias; inside decommissioned subscriptions the deny-all policy refuses every write and delete, whatever the identity's inherited rights",
  ],
  holds: [
    {
      what: "Owner of every subscription it vends",
      why:
        "Azure makes the principal that creates a subscription alias an Owner of the new subscription; moving a subscription between management groups needs Owner on it (Microsoft Learn, \"Organize your resources with management groups\"), which is why the first move out of the root group works without any grant. " +
        "An adopted subscription must give the deploy identity the same Owner role once, by hand, before its subscription stack can move it to the decommissioned management group (docs/adoption.md)",
    },
    {
      what: "sole owner of every Träger's role-assignable groups `sg-<id>-admins` and `sg-<id>-helpdesk`",
      why:
        "these groups are declared without owners, so that no person could add themselves and hold the group's directory roles; Entra requires an owner, and azuread then makes the calling principal, the deploy identity, the owner at creation and puts it back whenever all owners are removed (hashicorp/terraform-provider-azuread v3.7.0 internal/services/groups/group_resource.go ~583-587 and ~1131-1136). " +
        "As owner it can change those groups' membership, and so give someone Helpdesk Administrator or Groups Administrator scoped to one Träger's unit. " +
        "That is no escalation: its `RoleManagement.ReadWrite.Directory` permission already lets it assign any directory role, tenant-wide, to any principal (the power of a Privileged Role Administrator), including the membership of role-assignable groups, which Microsoft Graph ties to that permission anyway. " +
        "What protects it is what protects all of its rights: its federated credentials trust only the `deploy-platform` and `deploy-<id>` environments, each of which needs a reviewer's approval and deploys only from `main` (.github/environments.json); nobody holds a secret for it. " +
        "Making a person owner instead would let that person make themselves a member",
    },
  ],
};

/** The plan identity: plans and drift checks of every stack, read-only, without the state lock. */
export const PLAN_IDENTITY: IdentityRights = {
  role: "plan",
  title: "Plan identity (read-only)",
  purpose: "plans pull requests (`plan`, `plan-platform`) and the deploy's plan view with `-refresh=false -lock=false` (`npm run plan --no-refresh`), and checks drift nightly (`drift`) with `-refresh-only -lock=false`, leaving out what reads a secret on refresh",
  azure: [
    { key: "reader", role: CUSTOM_ROLES["plan-reader"].name, custom: "plan-reader", scope: "traeger-management-group", why: "refreshes every resource of every Träger stack and subscription stack (budgets, management group associations), and the platform stack's policy definitions and assignments there and the decommissioned management group below it" },
    // A custom role may name only one management group among its assignable scopes (Microsoft Learn, "Azure custom roles"): the built-in Reader here.
    { key: "decommissioned-reader", role: "Reader", scope: "decommissioned-management-group", why: "refreshes the subscription stacks of decommissioned Träger, whose subscriptions live there" },
    { key: "reader", role: CUSTOM_ROLES["plan-reader"].name, custom: "plan-reader", scope: "hub-virtual-network", why: "refreshes the hub-side peerings" },
    { key: "reader", role: CUSTOM_ROLES["plan-reader"].name, custom: "plan-reader", scope: "platform-resource-groups", why: "refreshes the platform stack, the private DNS zones and the workspace" },
    { key: "reader", role: CUSTOM_ROLES["plan-reader"].name, custom: "plan-reader", scope: "resource-guard", why: "refreshes the resource guard" },
    { key: "state", role: "Storage Blob Data Reader", scope: "state-container", why: "reads state; plans run with -lock=false, so no lease (write) is needed" },
  ],
  graph: [
    { permission: "AdministrativeUnit.Read.All", why: "refreshes administrative units and their members" },
    { permission: "Application.Read.All", why: "reads service principals and the identities' app role assignments" },
    { permission: "Group.Read.All", why: "refreshes the Träger's groups" },
    { permission: "RoleManagement.Read.Directory", why: "refreshes directory roles and their unit-scoped assignments" },
    { permission: "User.Read.All", why: "refreshes group owners" },
  ],
  billing: [
    { role: "Invoice section reader (MCA) or Enrollment reader (EA)", why: "refreshes the vended subscriptions' aliases (Microsoft.Subscription/aliases/read) in the Verbund's billing scope" },
  ],
  directoryRoles: [
    {
      role: "Security Reader",
      why: "refreshes the tenant's Entra ID diagnostic setting (`microsoft.aadiam/diagnosticSettings/read`), which no Azure role on a subscription covers; read-only",
    },
  ],
  lacks: [
    "no write, delete or POST action anywhere: `*/read` only",
    "no key vault data access: it never reads a secret's value",
    "no host pool registration token (retrieving it is a POST): plans run with `-refresh=false`, and the nightly drift check leaves out, with `-target`, every `azurerm_virtual_desktop_host_pool_registration_info`, every `azurerm_key_vault_secret` and the session hosts' AVD agent extensions that depend on the token (lib/review/refresh-scope.ts): drift in those is not seen (docs/vdi.md)",
    "no storage account keys (listKeys is a POST): the azurerm provider tolerates the 403 when it refreshes a storage account (internal/services/storage/storage_account_resource.go); the platform stack's provider reads no storage data plane (`data_plane_available = false`)",
    "no state lease: a plan never blocks a deploy",
  ],
};

/** Both identities, plan first. */
export const IDENTITIES: readonly IdentityRights[] = [PLAN_IDENTITY, DEPLOY_IDENTITY];

/** One scope a grant resolves to in a concrete Verbund. */
export interface ResolvedScope {
  /** Part of the role assignment's construct id. */
  readonly key: string;
  readonly id: string;
  readonly label: string;
}

/** The concrete scopes of a kind of scope in a Verbund (none when it does not apply, e.g. no AD join). */
export function resolveScopes(kind: ScopeKind, model: VerbundWithTraegerIds): ResolvedScope[] {
  const layout = platformLayout(model);
  switch (kind) {
    case "traeger-management-group":
      return [{ key: "traeger", id: `/providers/Microsoft.Management/managementGroups/${layout.managementGroupId}`, label: `management group \`${layout.managementGroupId}\` (every Träger subscription)` }];
    case "decommissioned-management-group":
      return [{ key: "decommissioned", id: `/providers/Microsoft.Management/managementGroups/${model.identities.decommissionedManagementGroupId}`, label: `management group \`${model.identities.decommissionedManagementGroupId}\` (subscriptions of decommissioned Träger)` }];
    case "hub-virtual-network":
      return [{ key: "hub", id: model.hub.virtualNetworkId, label: `hub VNet \`${model.hub.virtualNetworkName}\`` }];
    case "platform-resource-groups":
      return platformResourceGroups(layout).map((g) => ({ key: g.name, id: `/subscriptions/${g.subscriptionId}/resourceGroups/${g.name}`, label: `resource group \`${g.name}\` (${g.holds})` }));
    case "state-container":
      return [{ key: "state", id: layout.state.containerId, label: `state container \`${layout.state.accountName}/${layout.state.containerName}\`` }];
    case "state-endpoint-subnet":
      return [{ key: "state-endpoint", id: model.stateBackend.privateEndpointSubnetId, label: `hub subnet \`${model.stateBackend.privateEndpointSubnetId.split("/").pop()}\` (state private endpoint)` }];
    case "resource-guard": {
      // The guard's resource group, so that its group (created by the platform stack) can be refreshed too.
      const guard = layout.resourceGuard;
      return [{ key: "guard", id: `/subscriptions/${guard.subscriptionId}/resourceGroups/${guard.resourceGroupName}`, label: `resource group \`${guard.resourceGroupName}\` of the resource guard \`${guard.name}\`` }];
    }
    case "ad-join-key-vault": {
      const join = model.directory.adJoin;
      if (!join) return [];
      return [{ key: "ad-join", id: join.keyVaultId, label: `key vault \`${join.keyVaultId.split("/").pop()}\` of the AD join secret \`${join.passwordSecretName}\`` }];
    }
  }
}

/**
 * Where a custom role granted at `scopeId` may be assigned: a custom role's AssignableScopes may only be
 * management groups, subscriptions or resource groups (Microsoft Learn, "Azure custom roles":
 * AssignableScopes), so a grant on a resource (a VNet, a subnet, a vault) makes the role assignable in
 * that resource's group; the assignment itself stays at the resource.
 */
export function assignableScopeOf(scopeId: string): string {
  if (/^\/providers\/Microsoft\.Management\/managementGroups\/[^/]+$/i.test(scopeId)) return scopeId;
  const group = /^(\/subscriptions\/[^/]+)(\/resourceGroups\/[^/]+)?/i.exec(scopeId);
  if (!group) throw new Error(`not an Azure scope: ${scopeId}`);
  return group[0];
}

/** Every role assignment of every identity in a Verbund: what the platform stack creates. */
export function resolvedRoleAssignments(model: VerbundWithTraegerIds): { readonly identity: IdentityRole; readonly grant: AzureRoleGrant; readonly scope: ResolvedScope }[] {
  return IDENTITIES.flatMap((identity) => identity.azure.flatMap((grant) => resolveScopes(grant.scope, model).map((scope) => ({ identity: identity.role, grant, scope }))));
}
