import { AppRoleAssignment } from "@cdktf/provider-azuread/lib/app-role-assignment";
import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DirectoryRole } from "@cdktf/provider-azuread/lib/directory-role";
import { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import { AzurermBackend, TerraformOutput, type TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { EntraLogs } from "../constructs/platform/entra-logs";
import { PlatformIdentities } from "../constructs/platform/identities";
import { VerbundPolicies } from "../constructs/platform/policies";
import { policyDocFactsOf } from "../policies/render";
import { TraegerIsolation } from "../constructs/platform/network-manager";
import { PlatformShared } from "../constructs/platform/shared";
import { StateStorage } from "../constructs/platform/state-storage";
import { requireAzurermVersion } from "../constructs/provider-compat";
import { assignableScopeOf, CUSTOM_ROLES, IDENTITIES, resolveScopes, roleAssignmentCondition } from "../identities/rights";
import { platformLayout, platformResourceGroups } from "../identities/platform-layout";
import { PLATFORM_RESOURCE_PROVIDERS } from "../identities/resource-providers";
import { MANAGED_BY, PLATFORM_STACK_ID, stateBackendOf, type VerbundWithTraegerIds } from "../verbund";
import { isolationDesign } from "../verbund/network-isolation";
import { SelfContainedStack } from "./stack-json";

/** Application id of Microsoft Graph (the same in every tenant). */
export const MICROSOFT_GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

/** Tags of everything the platform stack creates (the policy rule requires the Träger tags: "platform" stands for the Verbund). */
export function platformTags(model: VerbundWithTraegerIds): Record<string, string> {
  return { traeger: PLATFORM_STACK_ID, key: model.shortName, "managed-by": MANAGED_BY, "cost-center": PLATFORM_STACK_ID };
}

/**
 * What the Verbund sets up once (docs/adoption.md): Terraform state storage, the plan and deploy
 * identities with their federated credentials, rights (lib/identities/rights.ts) and Graph
 * permissions, the resource guard, the central Log Analytics workspace and the private DNS zones.
 * Its state key is `platform.tfstate`; its outputs are the ids verbund.ts needs.
 */
export class PlatformStack extends SelfContainedStack {
  constructor(scope: Construct, model: VerbundWithTraegerIds) {
    super(scope, PLATFORM_STACK_ID);
    const layout = platformLayout(model);
    const tags = platformTags(model);
    const location = model.regions.primary;

    // One provider per subscription the platform touches; registration as listed in lib/identities.
    const providers = new Map<string, TerraformProvider>();
    const providerFor = (subscriptionId: string, alias: string): TerraformProvider => {
      const existing = providers.get(subscriptionId);
      if (existing) return existing;
      const provider = new AzurermProvider(this, providers.size === 0 ? "azurerm" : `azurerm-${alias}`, {
        ...(providers.size === 0 ? {} : { alias }),
        subscriptionId,
        tenantId: model.entraTenantId,
        storageUseAzuread: true,
        resourceProviderRegistrations: "none",
        resourceProvidersToRegister: PLATFORM_RESOURCE_PROVIDERS.map((p) => p.namespace),
        // The state account uses no queue or static website settings: with the data plane off, creating
        // and refreshing it is Resource Manager only, so neither the first apply (before its private
        // endpoint exists) nor the plan identity (no data rights) touches the storage data plane.
        features: [{ resourceGroup: [{ preventDeletionIfContainsResources: true }], storage: [{ dataPlaneAvailable: false }] }],
      });
      // The same exact azurerm version as the Träger stacks: one provider mirror serves every stack.
      requireAzurermVersion(provider);
      providers.set(subscriptionId, provider);
      return provider;
    };
    const zones = layout.privateDnsZones;
    const stateProvider = providerFor(layout.state.subscriptionId, "state");
    providerFor(zones.file.subscriptionId, "dns");
    providerFor(layout.logAnalyticsWorkspace.subscriptionId, "monitoring");
    const securityProvider = providerFor(layout.resourceGuard.subscriptionId, "security");
    const hubProvider = providerFor(layout.networkManager.subscriptionId, "hub");
    const azuread = new AzureadProvider(this, "azuread", { tenantId: model.entraTenantId });
    new AzurermBackend(this, stateBackendOf(model, PLATFORM_STACK_ID));

    const resourceGroups = new Map<string, ResourceGroup>();
    for (const group of platformResourceGroups(layout)) {
      resourceGroups.set(`${group.subscriptionId}/${group.name.toLowerCase()}`, new ResourceGroup(this, group.name, { provider: providers.get(group.subscriptionId)!, name: group.name, location, tags }));
    }
    const groupOf = (subscriptionId: string, name: string) => resourceGroups.get(`${subscriptionId}/${name.toLowerCase()}`);

    const shared = new PlatformShared(this, "shared", {
      layout,
      location,
      tags,
      hubVirtualNetworkId: model.hub.virtualNetworkId,
      providerFor: (subscriptionId) => providers.get(subscriptionId)!,
      groupOf,
      securityProvider,
    });
    const state = new StateStorage(this, "state", {
      layout,
      location,
      tags,
      provider: stateProvider,
      resourceGroup: groupOf(layout.state.subscriptionId, layout.state.resourceGroupName)!,
      privateEndpointSubnetId: model.stateBackend.privateEndpointSubnetId,
      blobZoneId: shared.zoneIds.blob,
    });
    // Isolation between Träger that Azure enforces (docs/design.md): the network manager and its commit.
    new TraegerIsolation(this, "isolation", {
      networkManager: layout.networkManager,
      resourceGroup: groupOf(layout.networkManager.subscriptionId, layout.networkManager.resourceGroupName)!,
      provider: hubProvider,
      location,
      managementGroupId: layout.managementGroupId,
      // Spokes live in the primary region; the paired region is committed too, so that a spoke moved there for recovery is isolated from its first minute.
      regions: [model.regions.primary, model.regions.paired],
      design: isolationDesign(model),
      tags,
    });
    // Entra ID sign-in and audit logs of the tenant to the central workspace.
    new EntraLogs(this, "entra-logs", { provider: providers.get(layout.logAnalyticsWorkspace.subscriptionId)!, workspaceId: shared.workspace.id, verbundShortName: model.shortName });
    const identities = new PlatformIdentities(this, "identities", {
      model,
      layout,
      location,
      tags,
      provider: stateProvider,
      resourceGroup: groupOf(layout.identities.subscriptionId, layout.identities.resourceGroupName)!,
    });

    // The guardrails Azure enforces at the Träger management group, and the decommissioned group (lib/policies/azure.ts).
    const policies = new VerbundPolicies(this, "policies", {
      traegerManagementGroupId: model.identities.traegerManagementGroupId,
      decommissionedManagementGroupId: model.identities.decommissionedManagementGroupId,
      decommissionedDisplayName: `${model.shortName.toUpperCase()}: stillgelegte Träger`,
      facts: policyDocFactsOf(model),
      provider: stateProvider,
    });

    // Custom roles, assignable in the resource groups (or subscriptions, management groups) where they
    // are granted: AssignableScopes cannot be a resource (assignableScopeOf); the assignments below stay
    // at their narrow scopes (a VNet, a subnet).
    const roleDefinitions = new Map<string, RoleDefinition>();
    for (const role of Object.values(CUSTOM_ROLES)) {
      const assignable = [...new Set(IDENTITIES.flatMap((i) => i.azure.filter((g) => g.custom === role.key).flatMap((g) => resolveScopes(g.scope, model).map((s) => assignableScopeOf(s.id)))))].sort();
      // A role granted nowhere (the key vault deploy role without an AD join account) is not defined.
      if (assignable.length === 0) continue;
      // Defined in the subscription that holds its assignable scopes (the hub's; the AD join vault's own).
      const definitionScope =
        role.key === "plan-reader" || role.key === "policy-writer" ? resolveScopes("traeger-management-group", model)[0]!.id : role.key === "key-vault-deploy" ? /^\/subscriptions\/[^/]+/i.exec(assignable[0]!)![0] : `/subscriptions/${model.hub.subscriptionId}`;
      roleDefinitions.set(role.key, new RoleDefinition(this, `role-${role.key}`, { provider: stateProvider, name: role.name, description: role.description, scope: definitionScope, permissions: [{ actions: [...role.actions], notActions: [], dataActions: [], notDataActions: [] }], assignableScopes: assignable }));
    }

    // Every Azure role of both identities, exactly as lib/identities/rights.ts lists them.
    for (const identity of IDENTITIES) {
      const principal = identities.byRole[identity.role];
      for (const grant of identity.azure) {
        for (const scope of resolveScopes(grant.scope, model)) {
          const definition = grant.custom ? roleDefinitions.get(grant.custom)! : undefined;
          const condition = roleAssignmentCondition(grant, model);
          new RoleAssignment(this, `${identity.role}-${grant.key}-${scope.key}`, {
            provider: stateProvider,
            scope: scope.id,
            // The decommissioned management group is created above and named here by its literal id (a
            // reference would leave the ForceNew scope unknown in the plan): without the dependency,
            // Terraform creates both in parallel and Azure refuses an assignment at a group that does not exist yet.
            ...(grant.scope === "decommissioned-management-group" ? { dependsOn: [policies.decommissioned] } : {}),
            ...(definition ? { roleDefinitionId: definition.roleDefinitionResourceId } : { roleDefinitionName: grant.role }),
            principalId: principal.principalId,
            principalType: "ServicePrincipal",
            ...(condition ? { condition, conditionVersion: "2.0" } : {}),
            description: `${identity.title}: ${grant.why}`.slice(0, 1024),
          });
        }
      }
    }

    // Microsoft Graph application permissions and directory roles.
    const graph = new DataAzureadServicePrincipal(this, "microsoft-graph", { provider: azuread, clientId: MICROSOFT_GRAPH_APP_ID });
    for (const identity of IDENTITIES) {
      const principal = identities.byRole[identity.role];
      for (const permission of identity.graph) {
        new AppRoleAssignment(this, `${identity.role}-graph-${permission.permission}`, {
          provider: azuread,
          appRoleId: graph.appRoleIds.lookup(permission.permission),
          principalObjectId: principal.principalId,
          resourceObjectId: graph.objectId,
        });
      }
      for (const { role } of identity.directoryRoles) {
        const directoryRole = new DirectoryRole(this, `directory-role-${role}`, { provider: azuread, displayName: role });
        new DirectoryRoleAssignment(this, `${identity.role}-directory-${role}`, { provider: azuread, roleId: directoryRole.templateId, principalObjectId: principal.principalId });
      }
    }

    const output = (id: string, value: unknown, description: string) => new TerraformOutput(this, id, { value, description });
    output("deploy_identity", { principal_id: identities.byRole.deploy.principalId, client_id: identities.byRole.deploy.clientId }, "verbund.ts identities.deployPrincipalId ← principal_id; GitHub variable AZURE_DEPLOY_CLIENT_ID ← client_id");
    output("plan_identity", { principal_id: identities.byRole.plan.principalId, client_id: identities.byRole.plan.clientId }, "GitHub variable AZURE_PLAN_CLIENT_ID ← client_id");
    output("private_dns_zone_ids", { file: shared.zoneIds.file, vault: shared.zoneIds.vault, blob: shared.zoneIds.blob }, "verbund.ts privateDns.fileZoneId ← file, privateDns.vaultZoneId ← vault");
    output("log_analytics_workspace_id", shared.workspace.id, "verbund.ts monitoring.logAnalyticsWorkspaceId");
    output("resource_guard_id", shared.resourceGuard.id, "verbund.ts backup.resourceGuardId");
    output("state_storage_account_id", state.account.id, "verbund.ts stateBackend (subscriptionId, resourceGroupName, storageAccountName)");
    output("tenant_id", model.entraTenantId, "verbund.ts entraTenantId; GitHub variable AZURE_TENANT_ID");
  }
}
