/**
 * The guard between a pull request's synthesized stacks and Terraform with credentials. The pull
 * request's build job is untrusted: whatever it hands on (cdktf.out/stacks/<id>/cdk.tf.json) is data,
 * and this module accepts only what the Verbund's own code synthesizes — its providers, resource and
 * data types, its state backend — and nothing that runs or reads anything on the runner.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { SUBSCRIPTION_STACK_SUFFIX } from "../verbund/model";

/** Providers the Verbund uses, by local name → registry source (namespace/type, lower case). */
export const ALLOWED_PROVIDERS: Readonly<Record<string, string>> = {
  azurerm: "hashicorp/azurerm",
  azuread: "hashicorp/azuread",
  random: "hashicorp/random",
  time: "hashicorp/time",
  // Vault settings the azurerm schema cannot express (lib/constructs/azapi-update.ts).
  azapi: "azure/azapi",
  // The people unit's dynamic membership rule, which azuread cannot express (lib/constructs/msgraph-update.ts).
  msgraph: "microsoft/msgraph",
};

/**
 * Provider arguments the Verbund sets, per provider; anything else (endpoints such as metadata_host,
 * token files, client secrets, OIDC request URLs) is refused.
 */
export const PROVIDER_ARGUMENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  azurerm: new Set(["alias", "features", "subscription_id", "tenant_id", "storage_use_azuread", "resource_provider_registrations", "resource_providers_to_register"]),
  azuread: new Set(["alias", "tenant_id"]),
  azapi: new Set(["alias", "subscription_id", "tenant_id", "skip_provider_registration"]),
  msgraph: new Set(["alias", "tenant_id"]),
  random: new Set(["alias"]),
  time: new Set(["alias"]),
};

/** Resource types the Verbund synthesizes (a test synthesizes the Verbund and checks each is here). */
export const ALLOWED_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "azuread_administrative_unit", "azuread_directory_role_assignment", "azuread_group",
  "azurerm_backup_container_storage_account", "azurerm_backup_policy_file_share", "azurerm_backup_policy_vm",
  "azurerm_backup_protected_file_share", "azurerm_backup_protected_vm", "azurerm_key_vault", "azurerm_key_vault_secret",
  "azurerm_monitor_diagnostic_setting", "azurerm_network_interface", "azurerm_network_security_group",
  "azurerm_private_endpoint", "azurerm_recovery_services_vault", "azurerm_recovery_services_vault_resource_guard_association",
  "azurerm_resource_group", "azurerm_role_assignment", "azurerm_route_table", "azurerm_storage_account", "azurerm_storage_share",
  "azurerm_subnet", "azurerm_subnet_network_security_group_association", "azurerm_subnet_route_table_association",
  "azurerm_virtual_desktop_application_group", "azurerm_virtual_desktop_host_pool", "azurerm_virtual_desktop_host_pool_registration_info",
  "azurerm_virtual_desktop_scaling_plan", "azurerm_virtual_desktop_workspace", "azurerm_virtual_desktop_workspace_application_group_association",
  "azurerm_virtual_machine_extension", "azurerm_virtual_network", "azurerm_virtual_network_peering", "azurerm_windows_virtual_machine",
  "random_password", "time_rotating", "time_sleep",
  // Vault hardening and backup alerts (issue 11); the people unit's membership rule (issue 12).
  "azapi_update_resource", "azurerm_monitor_action_group", "azurerm_monitor_alert_processing_rule_action_group", "msgraph_update_resource",
  // The platform stack (lib/stacks/platform-stack.ts, lib/constructs/platform/*).
  "azurerm_storage_container", "azurerm_user_assigned_identity", "azurerm_federated_identity_credential", "azurerm_role_definition",
  "azuread_app_role_assignment", "azuread_directory_role", "azurerm_data_protection_resource_guard", "azurerm_log_analytics_workspace",
  "azurerm_private_dns_zone", "azurerm_private_dns_zone_virtual_network_link",
  // Guardrails in Azure and the decommissioned management group (issue 15, lib/constructs/platform/policies.ts).
  "azurerm_management_group", "azurerm_policy_definition", "azurerm_management_group_policy_assignment",
  // Isolation enforced by Azure and Entra logs (issue 15 §3, §4): platform stack; static members in each Träger stack.
  "azurerm_network_manager", "azurerm_network_manager_network_group", "azurerm_network_manager_security_admin_configuration",
  "azurerm_network_manager_admin_rule_collection", "azurerm_network_manager_admin_rule", "azurerm_network_manager_deployment",
  "azurerm_network_manager_static_member", "azurerm_monitor_aad_diagnostic_setting",
  // Subscription stacks (lib/stacks/subscription-stack.ts) and the Träger subscription's security baseline (issue 15).
  "azurerm_subscription", "azurerm_management_group_subscription_association", "azurerm_consumption_budget_subscription", "time_static",
  "azurerm_security_center_subscription_pricing",
]);

/**
 * Data sources the Verbund reads: the Windows Virtual Desktop service principal, each declared group
 * owner (its type is checked at plan time), and a Träger stack's one `terraform_remote_state`, which
 * must read exactly its own subscription stack's state in the Verbund's backend (checkRemoteState).
 * Never `external`, `http`, `local_file`.
 */
export const ALLOWED_DATA_TYPES: ReadonlySet<string> = new Set(["azuread_service_principal", "azuread_directory_object", "terraform_remote_state"]);

/** Terraform functions that read the runner's files or paths (Terraform 1.11 function list). */
export const RUNNER_READING_FUNCTIONS: ReadonlySet<string> = new Set([
  "file", "fileexists", "fileset", "filebase64", "filebase64sha256", "filebase64sha512", "filemd5", "filesha1", "filesha256",
  "filesha512", "templatefile", "pathexpand", "abspath",
]);

/**
 * Terraform functions a template may call: what the Verbund's code uses, and pure functions like it.
 * Anything else is refused, among others `nonsensitive` (it would print a secret from state into the
 * plan), `templatestring` (it evaluates a template of its own), `timestamp`/`uuid` (perpetual diffs).
 */
export const ALLOWED_FUNCTIONS: ReadonlySet<string> = new Set([
  "jsonencode", "jsondecode", "base64encode", "format", "join", "split", "lower", "upper", "replace", "substr", "trimspace",
  "length", "lookup", "merge", "concat", "tostring", "tonumber", "tolist", "toset", "tomap", "coalesce", "element", "keys", "values",
  "distinct", "flatten", "try", "cidrsubnet", "cidrhost",
]);

const DENIED_DATA_HINT: Readonly<Record<string, string>> = {
  external: "runs a program on the runner",
  http: "sends requests from the runner",
  terraform_remote_state: "reads another state",
};

const TOP_LEVEL = new Set(["//", "terraform", "provider", "resource", "data", "output", "locals", "moved"]);
const TERRAFORM_BLOCK = new Set(["backend", "required_providers", "required_version"]);
const BACKEND_KEYS = new Set(["container_name", "key", "resource_group_name", "storage_account_name", "subscription_id", "tenant_id", "use_azuread_auth"]);
const STACK_ID = /^[a-z][a-z0-9-]{0,62}$/;
const MAX_BYTES = 64 * 1024 * 1024;

/** The Verbund's state backend, from verbund.ts on the base branch. */
export interface GuardConfig {
  readonly tenantId: string;
  readonly backend: { readonly subscriptionId: string; readonly resourceGroupName: string; readonly storageAccountName: string; readonly containerName: string };
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
const isObject = (v: unknown): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Every problem with one stack's Terraform JSON, one line each, prefixed with `where`. */
export function guardStackJson(stack: string, json: unknown, config: GuardConfig, where = `${stack}/cdk.tf.json`): string[] {
  const problems: string[] = [];
  const refuse = (at: string, message: string) => problems.push(`${where}: ${at}: ${message}`);
  if (!isObject(json)) return [`${where}: not a JSON object`];

  for (const key of Object.keys(json)) {
    if (!TOP_LEVEL.has(key)) refuse(key, key === "module" ? "module sources are not allowed (the Verbund uses none)" : `top-level block "${key}" is not one the Verbund synthesizes`);
  }
  checkTerraformBlock(json.terraform, stack, config, refuse);
  const providers = json.provider;
  if (providers !== undefined) {
    if (!isObject(providers)) refuse("provider", "must be an object");
    else for (const [name, blocks] of Object.entries(providers)) {
      if (!Object.hasOwn(ALLOWED_PROVIDERS, name)) refuse(`provider.${name}`, `provider "${name}" is not one the Verbund uses (${Object.keys(ALLOWED_PROVIDERS).join(", ")})`);
      for (const [i, block] of (Array.isArray(blocks) ? blocks : [blocks]).entries()) {
        if (!isObject(block)) { refuse(`provider.${name}[${i}]`, "must be an object"); continue; }
        const allowed = Object.hasOwn(PROVIDER_ARGUMENTS, name) ? PROVIDER_ARGUMENTS[name]! : new Set<string>();
        for (const key of Object.keys(block)) if (!allowed.has(key)) refuse(`provider.${name}[${i}].${key}`, `provider argument "${key}" is not one the Verbund sets`);
      }
    }
  }
  checkTyped(json.resource, "resource", ALLOWED_RESOURCE_TYPES, refuse);
  checkTyped(json.data, "data", ALLOWED_DATA_TYPES, refuse);
  if (isObject(json.data)) checkRemoteState(json.data.terraform_remote_state, stack, config, refuse);
  walk(json, "", refuse);
  return problems;
}

function checkTerraformBlock(block: Json | undefined, stack: string, config: GuardConfig, refuse: (at: string, m: string) => void): void {
  if (!isObject(block)) { refuse("terraform", "missing: every stack declares its azurerm backend"); return; }
  for (const key of Object.keys(block)) if (!TERRAFORM_BLOCK.has(key)) refuse(`terraform.${key}`, `"${key}" is not allowed in the terraform block`);
  const backend = block.backend;
  const kinds = isObject(backend) ? Object.keys(backend) : [];
  if (kinds.length !== 1 || kinds[0] !== "azurerm" || !isObject(backend) || !isObject(backend.azurerm)) {
    refuse("terraform.backend", `only the Verbund's azurerm backend is allowed (found ${kinds.join(", ") || "none"})`);
  } else {
    const b = backend.azurerm;
    const expected: Record<string, Json> = {
      container_name: config.backend.containerName, key: `${stack}.tfstate`, resource_group_name: config.backend.resourceGroupName,
      storage_account_name: config.backend.storageAccountName, subscription_id: config.backend.subscriptionId, tenant_id: config.tenantId, use_azuread_auth: true,
    };
    for (const key of Object.keys(b)) if (!BACKEND_KEYS.has(key)) refuse(`terraform.backend.azurerm.${key}`, `backend argument "${key}" is not allowed`);
    for (const [key, value] of Object.entries(expected)) {
      if (b[key] !== value) refuse(`terraform.backend.azurerm.${key}`, `must be ${JSON.stringify(value)} (found ${JSON.stringify(b[key] ?? null)})`);
    }
  }
  const required = block.required_providers;
  if (required !== undefined) {
    if (!isObject(required)) refuse("terraform.required_providers", "must be an object");
    else for (const [name, spec] of Object.entries(required)) {
      const source = isObject(spec) && typeof spec.source === "string" ? spec.source.toLowerCase().replace(/^registry\.terraform\.io\//, "") : "";
      const allowed = Object.hasOwn(ALLOWED_PROVIDERS, name) ? ALLOWED_PROVIDERS[name] : undefined;
      if (!allowed) refuse(`terraform.required_providers.${name}`, `provider "${name}" is not one the Verbund uses`);
      else if (source !== allowed && !(allowed.startsWith("hashicorp/") && source === name)) refuse(`terraform.required_providers.${name}.source`, `must be ${allowed} (found ${JSON.stringify(isObject(spec) ? spec.source ?? null : spec)})`);
    }
  }
}

/**
 * A terraform_remote_state may read one state only: the stack's own subscription stack's
 * (`<id>--subscription.tfstate`, lib/stacks/traeger-stack.ts), in the Verbund's backend, signed in as
 * the backend is. Any other key would let a pull request read another Träger's or the platform's state.
 */
function checkRemoteState(section: Json | undefined, stack: string, config: GuardConfig, refuse: (at: string, m: string) => void): void {
  if (section === undefined) return;
  if (!isObject(section)) { refuse("data.terraform_remote_state", "must be an object"); return; }
  for (const [name, block] of Object.entries(section)) {
    const at = `data.terraform_remote_state.${name}`;
    if (name !== "subscription") refuse(at, 'only the remote state "subscription" (the stack\'s own subscription stack) is allowed');
    if (!isObject(block)) { refuse(at, "must be an object"); continue; }
    for (const key of Object.keys(block)) if (key !== "backend" && key !== "config" && key !== "//") refuse(`${at}.${key}`, `"${key}" is not allowed in a remote state`);
    if (block.backend !== "azurerm") refuse(`${at}.backend`, `must be "azurerm" (found ${JSON.stringify(block.backend ?? null)})`);
    const c = isObject(block.config) ? block.config : {};
    const expected: Record<string, Json> = {
      container_name: config.backend.containerName, key: `${stack}${SUBSCRIPTION_STACK_SUFFIX}.tfstate`, resource_group_name: config.backend.resourceGroupName,
      storage_account_name: config.backend.storageAccountName, subscription_id: config.backend.subscriptionId, tenant_id: config.tenantId, use_azuread_auth: true,
    };
    for (const key of Object.keys(c)) if (!BACKEND_KEYS.has(key)) refuse(`${at}.config.${key}`, `remote state argument "${key}" is not allowed`);
    for (const [key, value] of Object.entries(expected)) if (c[key] !== value) refuse(`${at}.config.${key}`, `must be ${JSON.stringify(value)} (found ${JSON.stringify(c[key] ?? null)})`);
  }
}

function checkTyped(section: Json | undefined, kind: "resource" | "data", allowed: ReadonlySet<string>, refuse: (at: string, m: string) => void): void {
  if (section === undefined) return;
  if (!isObject(section)) { refuse(kind, "must be an object"); return; }
  for (const type of Object.keys(section)) {
    if (allowed.has(type)) continue;
    const hint = kind === "data" ? DENIED_DATA_HINT[type] : undefined;
    refuse(`${kind}.${type}`, `${kind === "data" ? "data source" : "resource type"} ${type} is not one the Verbund uses${hint ? ` (it ${hint})` : ""}`);
  }
}

/** Refuses provisioners, connections and runner-reading functions anywhere in the document. */
function walk(value: Json, at: string, refuse: (at: string, m: string) => void): void {
  if (typeof value === "string") {
    for (const problem of templateProblems(value)) refuse(at || "(root)", problem);
    return;
  }
  if (Array.isArray(value)) { value.forEach((v, i) => walk(v, `${at}[${i}]`, refuse)); return; }
  if (!isObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const here = at ? `${at}.${key}` : key;
    if (key === "provisioner") refuse(here, "provisioners are not allowed (local-exec/remote-exec run commands)");
    else if (key === "connection") refuse(here, "connection blocks are not allowed");
    else if (key === "local-exec" || key === "remote-exec") refuse(here, `${key} is not allowed`);
    for (const problem of templateProblems(key)) refuse(here, problem);
    walk(child, here, refuse);
  }
}

/**
 * Functions that read the runner, inside any `${…}`/`%{…}` of a string. Deliberately conservative: it
 * scans everything after the first template opener, escaped (`$${`) or not, so a string literal inside
 * a template that spells `file(` is refused too rather than parsed cleverly.
 */
export function templateProblems(text: string): string[] {
  const opener = /[$%]\{/.exec(text);
  if (!opener) return [];
  const code = text.slice(opener.index);
  const problems = new Set<string>();
  for (const match of code.matchAll(/([A-Za-z_][A-Za-z0-9_-]*(?:::[A-Za-z0-9_-]+)*)\s*\(/g)) {
    const name = match[1]!;
    if (RUNNER_READING_FUNCTIONS.has(name)) problems.add(`function ${name}() reads the runner and is not allowed`);
    else if (name.includes("::")) problems.add(`provider-defined function ${name}() is not allowed`);
    else if (!ALLOWED_FUNCTIONS.has(name)) problems.add(`function ${name}() is not one the Verbund uses`);
  }
  for (const match of code.matchAll(/\bpath\.(cwd|root|module)\b/g)) problems.add(`path.${match[1]} names the runner's folders and is not allowed`);
  return [...problems];
}

/** Checks a folder of synthesized stacks (<dir>/<id>/cdk.tf.json and nothing else). */
export function guardStacksDir(dir: string, config: GuardConfig, only?: readonly string[]): { stacks: string[]; problems: string[] } {
  const problems: string[] = [];
  if (!fs.existsSync(dir) || !fs.lstatSync(dir).isDirectory()) return { stacks: [], problems: [`${dir}: not a folder of synthesized stacks`] };
  const stacks: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const where = path.join(path.basename(dir), entry.name);
    if (!entry.isDirectory()) { problems.push(`${where}: only stack folders are allowed here`); continue; }
    if (!STACK_ID.test(entry.name)) { problems.push(`${where}: "${entry.name}" is not a Träger id`); continue; }
    stacks.push(entry.name);
  }
  for (const name of only ?? []) {
    if (!STACK_ID.test(name)) problems.push(`${name}: "${name}" is not a Träger id`);
    else if (!stacks.includes(name)) problems.push(`${path.join(path.basename(dir), name)}: stack to plan is missing`);
  }
  for (const stack of only ? stacks.filter((s) => only.includes(s)) : stacks) {
    const folder = path.join(dir, stack);
    const where = `${path.basename(dir)}/${stack}`;
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      if (entry.name !== "cdk.tf.json" || !entry.isFile()) problems.push(`${where}/${entry.name}: only cdk.tf.json is allowed in a stack folder (Terraform would read it)`);
    }
    const file = path.join(folder, "cdk.tf.json");
    if (!fs.existsSync(file) || !fs.lstatSync(file).isFile()) { problems.push(`${where}/cdk.tf.json: missing`); continue; }
    if (fs.statSync(file).size > MAX_BYTES) { problems.push(`${where}/cdk.tf.json: larger than ${MAX_BYTES} bytes`); continue; }
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (error) {
      problems.push(`${where}/cdk.tf.json: not valid JSON (${(error as Error).message})`);
      continue;
    }
    problems.push(...guardStackJson(stack, json, config, `${where}/cdk.tf.json`));
  }
  return { stacks, problems };
}
