/**
 * The platform stack (issue 13 §6): what the Verbund sets up once, checked on its Terraform JSON
 * against lib/identities (the one place of the identities' rights) and the provider's rules.
 * Provider sources, hashicorp/terraform-provider-azurerm v4.55.0 unless named otherwise:
 *  - internal/services/storage/storage_account_resource.go: account_replication_type ∈ LRS|ZRS|GRS|RAGRS|GZRS|RAGZRS;
 *    min_tls_version ∈ PossibleValuesForMinimumTlsVersion; delete_retention_policy.days and
 *    container_delete_retention_policy.days IntBetween(1, 365); read tolerates 403 on ListKeys.
 *  - internal/services/storage/storage_container_resource.go: container_access_type ∈ blob|container|private.
 *  - internal/services/managedidentity/federated_identity_credential_resource.go: audience a list of MaxItems 1;
 *    issuer, subject, name, parent_id required; parent_id a user-assigned identity id (ForceNew).
 *  - internal/services/loganalytics/log_analytics_workspace_resource.go: retention_in_days IntBetween(30, 730).
 *  - internal/services/authorization/role_assignment_resource.go: principal_type ∈ User|Group|ServicePrincipal.
 *  - internal/provider/provider.go: resource_provider_registrations ∈ core|extended|all|none|legacy.
 *  - hashicorp/terraform-provider-azuread v3.7.0 docs/resources/app_role_assignment.md, directory_role_assignment.md.
 * Microsoft Learn: at most 20 federated identity credentials per user-assigned managed identity
 * (entra/workload-id/workload-identity-federation-considerations).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformResource } from "cdktf";
import { buildApp, PolicyViolationError, synthesizeApp } from "../../lib/app/build";
import { deployIdentityEnvironments, planIdentityEnvironments } from "../../lib/identities/environments";
import { PLATFORM_RESOURCE_PROVIDERS, resourceProviderOf } from "../../lib/identities/resource-providers";
import { AZURERM_PROVIDER_VERSION } from "../../lib/constructs/provider-compat";
import { CUSTOM_ROLES, DEPLOY_IDENTITY, PLAN_IDENTITY, PRIVILEGED_ROLE_DEFINITION_IDS, resolvedRoleAssignments } from "../../lib/identities/rights";
import { loadModel, synthAll, type StackJson } from "../helpers/synth";

const model = loadModel({ TENANTS_DIR: "__tests__/fixtures/two-traeger" });
const { platform, stacks } = synthAll(model);
const resources = (type: string): [string, Record<string, unknown>][] => Object.entries(platform.resource[type] ?? {});
const one = (type: string): Record<string, unknown> => {
  const found = resources(type);
  expect(found).toHaveLength(1);
  return found[0]![1];
};
const identityRef = (role: "plan" | "deploy") => {
  const [name] = resources("azurerm_user_assigned_identity").find(([, r]) => r.name === `id-${model.shortName}-${role}`)!;
  return name;
};

describe("the platform stack", () => {
  it("keeps its state under platform.tfstate in the Verbund's state account, with Entra ID", () => {
    expect((platform as StackJson).terraform.backend.azurerm).toMatchObject({ key: "platform.tfstate", storage_account_name: model.stateBackend.storageAccountName, use_azuread_auth: true });
  });

  it("has a state storage account with versioning, blob and container soft delete, no shared keys, Entra auth, TLS 1.2, no public access", () => {
    const account = one("azurerm_storage_account");
    expect(account).toMatchObject({
      name: model.stateBackend.storageAccountName,
      shared_access_key_enabled: false,
      default_to_oauth_authentication: true,
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      allow_nested_items_to_be_public: false,
      public_network_access_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    expect(["LRS", "ZRS", "GRS", "RAGRS", "GZRS", "RAGZRS"]).toContain(account.account_replication_type);
    const blob = (account.blob_properties as Record<string, unknown>) ?? {};
    expect(blob.versioning_enabled).toBe(true);
    for (const policy of ["delete_retention_policy", "container_delete_retention_policy"]) {
      const days = (blob[policy] as { days: number }).days;
      expect([policy, days >= 1 && days <= 365]).toEqual([policy, true]);
    }
    const container = one("azurerm_storage_container");
    expect(container).toMatchObject({ name: model.stateBackend.containerName, container_access_type: "private" });
    expect(String(container.storage_account_id)).toMatch(/^\$\{azurerm_storage_account\.[^.]+\.id\}$/);
    // internal/provider/features.go: storage.data_plane_available (default true); storage_account_resource.go
    // reads and writes queue_properties and static_website over the data plane only when it is true.
    for (const provider of platform.provider.azurerm) expect((provider.features as { storage?: unknown[] }[])[0]!.storage).toEqual([{ data_plane_available: false }]);
    expect(account.queue_properties).toBeUndefined();
    expect(account.static_website).toBeUndefined();
    const endpoint = one("azurerm_private_endpoint");
    expect(endpoint.subnet_id).toBe(model.stateBackend.privateEndpointSubnetId);
    expect(endpoint.private_service_connection).toMatchObject({ subresource_names: ["blob"], is_manual_connection: false });
  });

  it("gives each identity a federated credential for exactly its GitHub environments of the configured repository", () => {
    const credentials = resources("azurerm_federated_identity_credential").map(([, r]) => r);
    const expected = [...planIdentityEnvironments(), ...deployIdentityEnvironments(model)];
    expect(credentials.map((c) => c.subject).sort()).toEqual(expected.map((e) => `repo:${model.github.repository}:environment:${e.name}`).sort());
    expect(expected.map((e) => e.name).sort()).toEqual(["deploy-fixture-amt", "deploy-fixture-stadt", "deploy-platform", "drift", "plan", "plan-platform"]);
    for (const credential of credentials) {
      const environment = String(credential.subject).split(":environment:")[1]!;
      const role = environment.startsWith("deploy-") ? "deploy" : "plan";
      expect(credential).toMatchObject({ issuer: "https://token.actions.githubusercontent.com", audience: ["api://AzureADTokenExchange"] });
      expect(credential.parent_id).toBe(`\${azurerm_user_assigned_identity.${identityRef(role)}.id}`);
      // Azure's rule for a federated credential's name: 3–120 characters, alphanumeric first, then alphanumerics, - and _.
      expect(String(credential.name)).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9_-]{2,119}$/);
    }
    // Azure rejects concurrent credential writes on one identity: all but the first wait for another.
    expect(credentials.filter((c) => !c.depends_on)).toHaveLength(2);
  });

  it("grants exactly the Azure roles lib/identities/rights.ts lists, to the right identity, never Owner or User Access Administrator", () => {
    const assignments = resources("azurerm_role_assignment").map(([, r]) => r);
    const expected = resolvedRoleAssignments(model);
    expect(assignments).toHaveLength(expected.length);
    for (const { identity, grant, scope } of expected) {
      const match = assignments.filter((a) => a.scope === scope.id && a.principal_id === `\${azurerm_user_assigned_identity.${identityRef(identity)}.principal_id}` && (grant.custom ? String(a.role_definition_id).includes(`role-${grant.custom}`) : a.role_definition_name === grant.role));
      expect([identity, grant.role, scope.id, match.length]).toEqual([identity, grant.role, scope.id, 1]);
    }
    for (const a of assignments) {
      expect(a.principal_type).toBe("ServicePrincipal");
      expect(["Owner", "User Access Administrator"]).not.toContain(a.role_definition_name);
    }
  });

  it("lets the deploy identity hand out Owner, User Access Administrator and RBAC Administrator only to the platform operators (ABAC condition 2.0)", () => {
    const [, rbac] = resources("azurerm_role_assignment").find(([name]) => name === "deploy-rbac-admin-traeger")!;
    expect(rbac.condition_version).toBe("2.0"); // role_assignment_resource.go: StringInSlice 1.0|2.0
    const condition = String(rbac.condition);
    for (const action of ["write", "delete"]) expect(condition).toContain(`!(ActionMatches{'Microsoft.Authorization/roleAssignments/${action}'})`);
    expect(condition).toContain(`@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfNoneValues:GuidEquals {${Object.values(PRIVILEGED_ROLE_DEFINITION_IDS).join(", ")}}`);
    expect(condition).toContain(`@Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {${model.directory.platformOperatorsGroupObjectId}}`);
    expect(resources("azurerm_role_assignment").filter(([, a]) => a.condition !== undefined)).toHaveLength(1);
  });

  it("leaves the Träger stacks within that condition: they give the access-granting roles to the platform operators only", () => {
    const privileged = new Set(Object.keys(PRIVILEGED_ROLE_DEFINITION_IDS));
    for (const [id, json] of stacks) {
      const handed = Object.values(json.resource.azurerm_role_assignment ?? {}).filter((a) => privileged.has(String(a.role_definition_name)) || privileged.has(String(a.role_definition_id)));
      expect(handed.length).toBeGreaterThan(0);
      for (const a of handed) expect([id, a.principal_id]).toEqual([id, model.directory.platformOperatorsGroupObjectId]);
    }
  });

  it("gives the plan identity only reads: its custom role is */read, its state access Blob Data Reader, its Graph permissions *.Read.*", () => {
    expect(CUSTOM_ROLES["plan-reader"].actions).toEqual(["*/read"]);
    const definition = platform.resource.azurerm_role_definition!["role-plan-reader"]!;
    expect(definition.permissions).toEqual([{ actions: ["*/read"], not_actions: [], data_actions: [], not_data_actions: [] }]);
    // The built-in Reader (on the decommissioned management group, where the custom role cannot also be assignable) is */read as well.
    for (const grant of PLAN_IDENTITY.azure) expect([grant.role, grant.custom === "plan-reader" || grant.role === "Storage Blob Data Reader" || grant.role === "Reader"]).toEqual([grant.role, true]);
    for (const { permission } of PLAN_IDENTITY.graph) expect(permission).toMatch(/\.Read(\.All|\.Directory)$/);
  });

  it("defines custom roles at a scope the provider accepts (role_definition_resource.go: scope StringStartsWithOneOf /subscriptions/, /providers/Microsoft.Management/managementGroups/; ForceNew)", () => {
    for (const [key, definition] of Object.entries(platform.resource.azurerm_role_definition!)) {
      expect([key, /^(\/subscriptions\/|\/providers\/Microsoft\.Management\/managementGroups\/)/.test(String(definition.scope))]).toEqual([key, true]);
      expect(String(definition.name).length).toBeGreaterThan(0);
    }
    expect(platform.resource.azurerm_role_definition!["role-plan-reader"]!.scope).toBe(`/providers/Microsoft.Management/managementGroups/${model.identities.traegerManagementGroupId}`);
  });

  // Microsoft Learn, "Use Azure Key Vault to pass secure parameter value during deployment": whoever
  // deploys with a Key Vault reference needs Microsoft.KeyVault/vaults/deploy/action on the vault (and
  // the vault enabledForTemplateDeployment); reading the secret (Key Vault Secrets User) is not it.
  it("lets the deploy identity hand the AD join secret to Resource Manager with vaults/deploy/action only, at the vault", () => {
    const join = model.directory.adJoin!;
    const vaultGroup = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+/i.exec(join.keyVaultId)![0];
    const definition = platform.resource.azurerm_role_definition!["role-key-vault-deploy"]!;
    expect(definition.permissions).toEqual([{ actions: ["Microsoft.KeyVault/vaults/deploy/action"], not_actions: [], data_actions: [], not_data_actions: [] }]);
    expect(definition.assignable_scopes).toEqual([vaultGroup]);
    expect(definition.scope).toBe(/^\/subscriptions\/[^/]+/.exec(join.keyVaultId)![0]);
    const assignments = resources("azurerm_role_assignment").filter(([, a]) => String(a.role_definition_id).includes(".role-key-vault-deploy."));
    expect(assignments.map(([, a]) => [a.scope, a.principal_id])).toEqual([[join.keyVaultId, `\${azurerm_user_assigned_identity.${identityRef("deploy")}.principal_id}`]]);
    expect(resources("azurerm_role_assignment").filter(([, a]) => a.role_definition_name === "Key Vault Secrets User")).toEqual([]);
  });

  it("requires the same exact azurerm version as every Träger stack (one provider mirror serves all)", () => {
    const json = platform as unknown as { terraform: { required_providers: Record<string, { version?: string }> } };
    expect(json.terraform.required_providers.azurerm!.version).toBe(AZURERM_PROVIDER_VERSION);
    for (const [id, stack] of stacks) expect([id, (stack as unknown as typeof json).terraform.required_providers.azurerm!.version]).toEqual([id, AZURERM_PROVIDER_VERSION]);
  });

  // Microsoft Learn, "Azure custom roles" (AssignableScopes): management groups, subscriptions or
  // resource groups only; a role assignable at a VNet or subnet is refused by Azure.
  const ASSIGNABLE = /^(\/providers\/Microsoft\.Management\/managementGroups\/[^/]+|\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?)$/;

  it("makes every custom role assignable only at management groups, subscriptions or resource groups, covering every assignment", () => {
    for (const [key, definition] of Object.entries(platform.resource.azurerm_role_definition!)) {
      const assignable = definition.assignable_scopes as string[];
      for (const scope of assignable) expect([key, scope, ASSIGNABLE.test(scope)]).toEqual([key, scope, true]);
      const assignedAt = resources("azurerm_role_assignment").filter(([, a]) => String(a.role_definition_id).includes(`.${key}.`)).map(([, a]) => a.scope as string);
      expect(assignedAt.length).toBeGreaterThan(0);
      for (const scope of assignedAt) expect([key, scope, assignable.some((a) => scope === a || scope.toLowerCase().startsWith(`${a.toLowerCase()}/`))]).toEqual([key, scope, true]);
      // No wider than needed: every assignable scope holds an assignment.
      for (const a of assignable) expect([key, a, assignedAt.some((scope) => scope === a || scope.toLowerCase().startsWith(`${a.toLowerCase()}/`))]).toEqual([key, a, true]);
    }
  });

  it("keeps the custom roles' assignments at their narrow scopes (the hub VNet, the endpoint subnet)", () => {
    const scopes = (key: string) => resources("azurerm_role_assignment").filter(([, a]) => String(a.role_definition_id).includes(`.role-${key}.`)).map(([, a]) => a.scope as string);
    expect(scopes("hub-network")).toEqual(expect.arrayContaining([model.hub.virtualNetworkId]));
    expect(scopes("hub-endpoint-subnet")).toEqual([model.stateBackend.privateEndpointSubnetId]);
  });

  it("assigns Microsoft Graph application permissions and the Groups Administrator role as listed", () => {
    const graph = resources("azuread_app_role_assignment").map(([, r]) => r);
    const expected = [...PLAN_IDENTITY.graph.map((g) => ["plan", g.permission]), ...DEPLOY_IDENTITY.graph.map((g) => ["deploy", g.permission])];
    expect(graph).toHaveLength(expected.length);
    for (const [role, permission] of expected) {
      const match = graph.filter((g) => g.app_role_id === `\${data.azuread_service_principal.microsoft-graph.app_role_ids["${permission}"]}` && g.principal_object_id === `\${azurerm_user_assigned_identity.${identityRef(role as "plan" | "deploy")}.principal_id}`);
      expect([role, permission, match.length]).toEqual([role, permission, 1]);
    }
    expect(platform.data!.azuread_service_principal!["microsoft-graph"]).toMatchObject({ client_id: "00000003-0000-0000-c000-000000000000" });
    expect(DEPLOY_IDENTITY.graph.map((g) => g.permission)).toContain("RoleManagement.ReadWrite.Directory");
    // Every directory role of lib/identities/rights.ts, once, assigned to its identity (Security Administrator and Security Reader: the Entra diagnostic setting).
    const roles = resources("azuread_directory_role").map(([, r]) => r.display_name).sort();
    const listed = [...PLAN_IDENTITY.directoryRoles.map((r) => ["plan", r.role]), ...DEPLOY_IDENTITY.directoryRoles.map((r) => ["deploy", r.role])] as ["plan" | "deploy", string][];
    expect(roles).toEqual(listed.map(([, role]) => role).sort());
    expect(roles).toEqual(["Groups Administrator", "Security Administrator", "Security Reader"]);
    const assignments = resources("azuread_directory_role_assignment").map(([, r]) => r);
    expect(assignments).toHaveLength(listed.length);
    for (const [identity, role] of listed) {
      const [roleName] = resources("azuread_directory_role").find(([, r]) => r.display_name === role)!;
      const match = assignments.filter((a) => a.role_id === `\${azuread_directory_role.${roleName}.template_id}` && a.principal_object_id === `\${azurerm_user_assigned_identity.${identityRef(identity)}.principal_id}`);
      expect([identity, role, match.length]).toEqual([identity, role, 1]);
    }
  });

  it("puts the resource guard in the Träger vaults' region (Microsoft Learn, multi-user authorization: guard and vault in the same region)", () => {
    const guard = one("azurerm_data_protection_resource_guard");
    for (const [id, json] of stacks) {
      for (const vault of Object.values(json.resource.azurerm_recovery_services_vault ?? {})) expect([id, vault.location]).toEqual([id, guard.location]);
    }
  });

  it("creates the resource guard, the workspace and the private DNS zones verbund.ts refers to, and outputs their ids", () => {
    expect(one("azurerm_data_protection_resource_guard")).toMatchObject({ name: model.backup.resourceGuardId.split("/").pop(), vault_critical_operation_exclusion_list: [], lifecycle: { prevent_destroy: true } });
    const workspace = one("azurerm_log_analytics_workspace");
    expect(workspace).toMatchObject({ name: model.monitoring.logAnalyticsWorkspaceId.split("/").pop(), local_authentication_enabled: false });
    expect(workspace.retention_in_days as number).toBeGreaterThanOrEqual(30);
    expect(workspace.retention_in_days as number).toBeLessThanOrEqual(730);
    expect(resources("azurerm_private_dns_zone").map(([, z]) => z.name).sort()).toEqual(["privatelink.blob.core.windows.net", "privatelink.file.core.windows.net", "privatelink.vaultcore.azure.net"]);
    for (const [, link] of resources("azurerm_private_dns_zone_virtual_network_link")) expect(link).toMatchObject({ virtual_network_id: model.hub.virtualNetworkId, registration_enabled: false });
    expect(Object.keys(platform.output!).sort()).toEqual(["deploy_identity", "log_analytics_workspace_id", "plan_identity", "private_dns_zone_ids", "resource_guard_id", "state_storage_account_id", "tenant_id"]);
  });

  it("registers on every azurerm provider only the listed platform resource providers, which cover every resource type it synthesizes", () => {
    const listed = PLATFORM_RESOURCE_PROVIDERS.map((p) => p.namespace);
    for (const provider of platform.provider.azurerm) expect(provider).toMatchObject({ resource_provider_registrations: "none", resource_providers_to_register: listed });
    for (const type of Object.keys(platform.resource).filter((t) => t.startsWith("azurerm_"))) expect([type, listed.includes(resourceProviderOf(type) ?? "")]).toEqual([type, true]);
  });
});

describe("the platform stack's ordering", () => {
  it("creates the management groups it makes before anything that names them by their literal id (Terraform orders only by references and depends_on)", () => {
    const groups = resources("azurerm_management_group").map(([name, r]) => ({ address: `azurerm_management_group.${name}`, id: `/providers/Microsoft.Management/managementGroups/${String(r.name)}` }));
    expect(groups.length).toBeGreaterThan(0);
    const naming: string[] = [];
    for (const [type, byName] of Object.entries(platform.resource)) {
      for (const [name, r] of Object.entries(byName as Record<string, Record<string, unknown>>)) {
        const { "//": _, depends_on: dependsOn, ...config } = r;
        const text = JSON.stringify(config);
        for (const group of groups) {
          if (`${type}.${name}` === group.address || !text.includes(JSON.stringify(group.id))) continue;
          naming.push(`${type}.${name}`);
          expect({ resource: `${type}.${name}`, dependsOn: ((dependsOn ?? []) as string[]).includes(group.address) || text.includes("${" + group.address + ".") }).toEqual({ resource: `${type}.${name}`, dependsOn: true });
        }
      }
    }
    // The deploy identity's Management Group Contributor and the plan identity's Reader on the decommissioned group.
    expect(naming.filter((a) => a.startsWith("azurerm_role_assignment.")).length).toBeGreaterThanOrEqual(2);
  });
});

describe("the platform stack's names and ids", () => {
  it("names the identities as Azure allows (3–128 alphanumerics, - and _, alphanumeric first; user_assigned_identity_resource.go has no validator, so Azure's rule applies)", () => {
    for (const [, identity] of resources("azurerm_user_assigned_identity")) expect(String(identity.name)).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{2,127}$/);
  });

  it("names the resource guard within 1–260 characters (internal/services/dataprotection/validate/resource_guard_name.go)", () => {
    const name = String(one("azurerm_data_protection_resource_guard").name);
    expect(name.length).toBeGreaterThanOrEqual(1);
    expect(name.length).toBeLessThanOrEqual(260);
  });

  it("links DNS zones to a virtual network id (private_dns_zone_virtual_network_link_resource.go: commonids.ValidateVirtualNetworkID, ForceNew)", () => {
    for (const [, link] of resources("azurerm_private_dns_zone_virtual_network_link")) {
      expect(String(link.virtual_network_id)).toMatch(/^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[^/]+\/providers\/Microsoft\.Network\/virtualNetworks\/[^/]+$/);
    }
  });

  it("gives every federated credential's parent a user-assigned identity id (federated_identity_credential_resource.go: commonids.ValidateUserAssignedIdentityID)", () => {
    for (const [, credential] of resources("azurerm_federated_identity_credential")) expect(String(credential.parent_id)).toMatch(/^\$\{azurerm_user_assigned_identity\.[^.]+\.id\}$/);
  });
});

describe("the platform stack's azuread resources (hashicorp/terraform-provider-azuread v3.7.0)", () => {
  it("activates each directory role by exactly one of display_name and template_id (internal/services/directoryroles/directory_role_resource.go: ExactlyOneOf)", () => {
    for (const [, role] of resources("azuread_directory_role")) expect(["display_name", "template_id"].filter((key) => role[key] !== undefined)).toEqual(["display_name"]);
  });

  it("assigns it tenant-wide by template id, never with an app scope (directory_role_assignment_resource.go: role_id IsUUID, app_scope_id ConflictsWith directory_scope_id)", () => {
    for (const [, assignment] of resources("azuread_directory_role_assignment")) {
      expect(String(assignment.role_id)).toMatch(/^\$\{azuread_directory_role\.[^.]+\.template_id\}$/);
      expect(assignment.app_scope_id).toBeUndefined();
      expect(assignment.directory_scope_id).toBeUndefined(); // default "/": the units are created in the same apply as their groups; the Entra diagnostic setting is tenant-wide
    }
  });

  it("takes every app role id, principal and resource from the Graph service principal and the identities, never a hand-written GUID (app_role_assignment_resource.go: IsUUID, ForceNew)", () => {
    for (const [, assignment] of resources("azuread_app_role_assignment")) {
      expect(String(assignment.app_role_id)).toMatch(/^\$\{data\.azuread_service_principal\.microsoft-graph\.app_role_ids\["[A-Za-z.]+"\]\}$/);
      expect(assignment.resource_object_id).toBe("${data.azuread_service_principal.microsoft-graph.object_id}");
      expect(String(assignment.principal_object_id)).toMatch(/^\$\{azurerm_user_assigned_identity\.[^.]+\.principal_id\}$/);
    }
  });
});

describe("the platform stack's policy check", () => {
  it("runs the Träger rules that apply to it on every synth: an override opening the state account fails the synth", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-platform-"));
    try {
      const built = buildApp(model, outdir);
      const stack = built.app.node.findChild("platform");
      const account = stack.node.findAll().filter(TerraformResource.isTerraformResource).find((r) => r.terraformResourceType === "azurerm_storage_account")!;
      account.addOverride("public_network_access_enabled", true);
      let violations: string[] = [];
      try {
        synthesizeApp(built, model, outdir);
      } catch (error) {
        if (!(error instanceof PolicyViolationError)) throw error;
        violations = error.violations.map((v) => `${v.stack}: [${v.rule}]`);
      }
      expect(violations).toEqual(["platform: [no-public-network-access]"]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("the platform stack's templates", () => {
  it("parse with HashiCorp's HCL parser (@cdktf/hcl2json, the WebAssembly build of hashicorp/hcl)", async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { parse } = require("@cdktf/hcl2json") as { parse: (file: string, contents: string) => Promise<Record<string, unknown>> };
    const templates: string[] = [];
    const walk = (value: unknown): void => {
      if (typeof value === "string" && (value.includes("${") || value.includes("%{"))) templates.push(value);
      else if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") Object.values(value).forEach(walk);
    };
    walk(platform.resource);
    walk(platform.output);
    expect(templates.length).toBeGreaterThan(20);
    for (const template of templates) {
      await expect(parse("platform.tf", `value = "${asNativeTemplate(template)}"\n`).then(() => template)).resolves.toBe(template);
    }
  });
});

/**
 * Terraform reads a string of JSON syntax as a template whose literal text is taken as it is; in
 * native syntax the same template needs `\\` and `"` escaped in its literal parts only, never inside
 * `${…}` / `%{…}` (where quotes delimit strings of the expression).
 */
function asNativeTemplate(template: string): string {
  let out = "";
  let depth = 0;
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (depth === 0) {
      if ((c === "$" || c === "%") && template[i + 1] === "{") {
        out += `${c}{`;
        depth = 1;
        i++;
      } else out += c === "\\" || c === '"' ? `\\${c}` : c;
      continue;
    }
    out += c;
    if (inString) {
      if (c === "\\") out += template[++i] ?? "";
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}") depth--;
  }
  return out;
}
