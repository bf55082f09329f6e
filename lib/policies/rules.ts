/**
 * The rules every Träger stack must satisfy, checked on every synth against each stack's final
 * Terraform JSON (lib/policies/check.ts). Each names the requirement it supports. Rules read a resource
 * as Terraform will see it: its resolved configuration, overrides included.
 */

import { type Cidr, contains, overlaps, parseCidr } from "../verbund/cidr";
import { AZURE_POLICIES, type AzurePolicy } from "./azure";
import { GLOBAL_ONLY_TYPES, PUBLIC_IP_TYPES, PUBLIC_SOURCES as PUBLIC_SOURCE_LIST, REQUIRED_TAGS, SUBNETS_WITHOUT_NSG } from "./constants";

export { REQUIRED_TAGS } from "./constants";

/** One resource as a rule sees it. */
export interface ResourceView {
  /** Terraform resource type, e.g. azurerm_storage_account. */
  readonly type: string;
  /** Terraform address, e.g. azurerm_storage_account.vdi_profile-storage_BF9BCCB3. */
  readonly address: string;
  /** An attribute of the resolved configuration (snake_case, as in Terraform JSON). */
  attribute(name: string): unknown;
  /** Whether the resource type can carry tags. */
  readonly taggable: boolean;
}

/** What a rule knows about the stack it checks. */
export interface StackContext {
  readonly traegerId: string;
  readonly subscriptionId: string;
  readonly germanRegions: readonly string[];
  readonly avdRegion: string;
  readonly hub: {
    readonly virtualNetworkId: string;
    readonly virtualNetworkName: string;
    readonly firewallPrivateIp: string;
    readonly addressSpace: string;
    readonly subnets: { readonly firewall: string };
  };
  /** Address (type.name) → provider alias ("" for the stack's default provider), for every resource of the stack. */
  readonly resourceProviders: ReadonlyMap<string, string>;
  /** Every resource of the stack of one type, for rules that judge one resource by another (a subnet by its NSG association). */
  resourcesOfType(type: string): readonly ResourceView[];
}

/** A policy rule: which requirement it supports and what it checks. */
export interface PolicyRule {
  readonly id: string;
  readonly title: string;
  /** The requirement it supports: BSI IT-Grundschutz modules, the GDPR. */
  readonly requirement: string;
  /** What is wrong with the resource, one message per problem; empty when it complies. */
  check(resource: ResourceView, stack: StackContext): string[];
  /** The Azure Policy assignments that enforce the same rule in Azure, with the same values (azure.ts). */
  readonly azure?: readonly AzurePolicy[];
}

const AVD_TYPE = /^azurerm_virtual_desktop_/;
/** Types Azure offers only as a global service; they hold receivers and routing, never Träger data. */
const GLOBAL_TYPES: ReadonlySet<string> = new Set(GLOBAL_ONLY_TYPES.map((t) => t.terraform));
const PUBLIC_SOURCES: ReadonlySet<string> = new Set(PUBLIC_SOURCE_LIST.map((p) => p.toLowerCase()));
const PUBLIC_IP_TERRAFORM_TYPES: ReadonlySet<string> = new Set(PUBLIC_IP_TYPES.map((t) => t.terraform));
const EXEMPT_SUBNETS: ReadonlySet<string> = new Set(SUBNETS_WITHOUT_NSG);
const DATA_BEARING = new Set(["azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault", "azurerm_storage_account", "azurerm_storage_share", "azurerm_key_vault"]);
const PUBLIC_ACCESS_TYPES = new Set(["azurerm_storage_account", "azurerm_recovery_services_vault", "azurerm_data_protection_backup_vault", "azurerm_key_vault"]);

const asList = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? (value as Record<string, unknown>[]) : value && typeof value === "object" ? [value as Record<string, unknown>] : []);
/** The NSG rules of a resource: inline in an NSG or one separate rule resource. */
const nsgRules = (resource: ResourceView): Record<string, unknown>[] =>
  resource.type === "azurerm_network_security_group"
    ? asList(resource.attribute("security_rule"))
    : resource.type === "azurerm_network_security_rule"
      ? [Object.fromEntries(["name", "direction", "access", "source_address_prefix", "source_address_prefixes", "destination_address_prefix", "destination_address_prefixes", "destination_port_range", "destination_port_ranges"].map((k) => [k, resource.attribute(k)]))]
      : [];
/** Parsed prefixes: the same few recur in every stack's rules (bounded, so memory stays flat). */
const parsedCidrs = new Map<string, Cidr | undefined>();
const cidrOf = (prefix: unknown): Cidr | undefined => {
  if (typeof prefix !== "string") return undefined;
  if (parsedCidrs.has(prefix)) return parsedCidrs.get(prefix);
  const parsed = parseCidr(prefix.includes("/") ? prefix : `${prefix}/32`);
  if (parsedCidrs.size >= 10_000) parsedCidrs.clear();
  parsedCidrs.set(prefix, typeof parsed === "string" ? undefined : parsed);
  return parsedCidrs.get(prefix);
};
const reference = (value: unknown): string | undefined => /^\$\{([a-z0-9_]+\.[A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(value))?.[1];

/** Every rule, in the order they are listed. */
export const POLICY_RULES: readonly PolicyRule[] = [
  {
    id: "required-tags",
    title: `every taggable resource carries the tags ${REQUIRED_TAGS.join(", ")}`,
    requirement: "OPS.2.2 (cloud use: every resource attributable to its Träger and cost centre)",
    azure: [AZURE_POLICIES.tags, AZURE_POLICIES.resourceGroupTags],
    check(resource) {
      if (!resource.taggable) return [];
      const tags = (resource.attribute("tags") ?? {}) as Record<string, unknown>;
      const missing = REQUIRED_TAGS.filter((tag) => typeof tags[tag] !== "string" || tags[tag] === "");
      return missing.length > 0 ? [`missing tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`] : [];
    },
  },
  {
    id: "data-residency",
    title: "everything is in germanywestcentral or germanynorth; AVD service objects in the Verbund's AVD region; action groups global (a global-only service holding receivers, no data)",
    requirement: "GDPR data residency (Art. 44 ff.), OPS.2.2",
    azure: [AZURE_POLICIES.locations, AZURE_POLICIES.resourceGroupLocations],
    check(resource, stack) {
      const location = resource.attribute("location");
      if (typeof location !== "string") return [];
      if (AVD_TYPE.test(resource.type)) return location === stack.avdRegion ? [] : [`location ${location}: AVD service objects belong in ${stack.avdRegion}`];
      if (GLOBAL_TYPES.has(resource.type) && location === "global") return [];
      return stack.germanRegions.includes(location) ? [] : [`location ${location} lies outside Germany (${stack.germanRegions.join(", ")})`];
    },
  },
  {
    id: "no-public-ip",
    title: "no public IP addresses",
    requirement: "NET.1.1 (network architecture: no direct exposure), SYS.2.6",
    azure: [AZURE_POLICIES.publicIpTypes, AZURE_POLICIES.nicPublicIp],
    check(resource) {
      if (PUBLIC_IP_TERRAFORM_TYPES.has(resource.type)) return ["public IP addresses are not allowed: reach the Träger through the hub"];
      if (resource.type !== "azurerm_network_interface") return [];
      return asList(resource.attribute("ip_configuration")).some((ip) => ip.public_ip_address_id) ? ["network interface has a public IP address"] : [];
    },
  },
  {
    id: "no-public-network-access",
    title: "storage accounts, vaults and key vaults have public network access disabled",
    requirement: "NET.1.1, CON.3.A14 (backups and secrets reachable only from the Verbund's network)",
    azure: [AZURE_POLICIES.storagePublicAccess, AZURE_POLICIES.keyVaultPublicAccess, AZURE_POLICIES.vaultPublicAccess],
    check(resource) {
      if (!PUBLIC_ACCESS_TYPES.has(resource.type)) return [];
      return resource.attribute("public_network_access_enabled") === false ? [] : ["public_network_access_enabled must be false"];
    },
  },
  {
    id: "storage-transport-encryption",
    title: "storage accounts accept HTTPS only, with TLS 1.2 or newer",
    requirement: "CON.1 (cryptography concept)",
    azure: [AZURE_POLICIES.storageHttps],
    check(resource) {
      if (resource.type !== "azurerm_storage_account") return [];
      const problems: string[] = [];
      if (resource.attribute("https_traffic_only_enabled") !== true) problems.push("https_traffic_only_enabled must be true");
      if (!["TLS1_2", "TLS1_3"].includes(String(resource.attribute("min_tls_version")))) problems.push("min_tls_version must be TLS1_2 or newer");
      return problems;
    },
  },
  {
    id: "no-shared-key-access",
    title: "storage accounts allow identity-based access only, no shared keys",
    requirement: "ORP.4 (identity and access management)",
    azure: [AZURE_POLICIES.sharedKey],
    check(resource) {
      if (resource.type !== "azurerm_storage_account") return [];
      return resource.attribute("shared_access_key_enabled") === false ? [] : ["shared_access_key_enabled must be false (use Entra ID or AD DS identities)"];
    },
  },
  {
    id: "no-inbound-from-internet",
    title: "no NSG rule allows inbound traffic from Internet, * or 0.0.0.0/0",
    requirement: "NET.1.1.A23 (separation of network segments)",
    azure: [AZURE_POLICIES.inboundFromInternet],
    check(resource) {
      const rules = nsgRules(resource);
      if (rules.length === 0) return [];
      return rules
        .filter((r) => String(r.direction).toLowerCase() === "inbound" && String(r.access).toLowerCase() === "allow")
        .filter((r) => [r.source_address_prefix, ...((r.source_address_prefixes as unknown[] | undefined) ?? [])].some((p) => typeof p === "string" && PUBLIC_SOURCES.has(p.toLowerCase())))
        .map((r) => `rule ${String(r.name)} allows inbound traffic from ${String(r.source_address_prefix ?? "a public source")}`);
    },
  },
  {
    id: "nsg-on-every-subnet",
    title: `every subnet has an NSG association (except ${SUBNETS_WITHOUT_NSG.join(", ")}, which Azure reserves)`,
    requirement: "NET.1.1.A23 (separation of network segments), NET.3.2",
    azure: [AZURE_POLICIES.nsgOnSubnet],
    check(resource, stack) {
      if (resource.type !== "azurerm_subnet" || EXEMPT_SUBNETS.has(String(resource.attribute("name")))) return [];
      const name = resource.address.slice(resource.type.length + 1);
      const associated = stack.resourcesOfType("azurerm_subnet_network_security_group_association").some((a) => reference(a.attribute("subnet_id")) === `azurerm_subnet.${name}` && a.attribute("network_security_group_id"));
      return associated ? [] : [`subnet ${String(resource.attribute("name"))} has no azurerm_subnet_network_security_group_association`];
    },
  },
  {
    id: "hub-by-subnet-and-port",
    title: "NSG rules allow the hub only by subnet and port: never its whole range, never inbound from the firewall subnet, never on every port",
    requirement: "NET.1.1.A23 (separation of network segments; the hub firewall SNATs other Träger's traffic to its own addresses)",
    check(resource, stack) {
      const rules = nsgRules(resource);
      if (rules.length === 0) return [];
      const hub = cidrOf(stack.hub.addressSpace);
      const firewall = cidrOf(stack.hub.subnets.firewall);
      if (!hub || !firewall) return [];
      const problems: string[] = [];
      for (const r of rules.filter((rule) => String(rule.access).toLowerCase() === "allow")) {
        const inbound = String(r.direction).toLowerCase() === "inbound";
        const hubSide = inbound ? [r.source_address_prefix, ...((r.source_address_prefixes as unknown[] | null) ?? [])] : [r.destination_address_prefix, ...((r.destination_address_prefixes as unknown[] | null) ?? [])];
        const ports = [r.destination_port_range, ...((r.destination_port_ranges as unknown[] | null) ?? [])].filter((p) => typeof p === "string");
        for (const block of hubSide.map(cidrOf).filter((b): b is Cidr => b !== undefined && overlaps(b, hub))) {
          const prefix = `${String(r.name)} (${inbound ? "from" : "to"} ${hubSide.filter((p) => typeof p === "string").join(", ")})`;
          if (contains(block, hub)) problems.push(`rule ${prefix} allows the hub's whole range ${stack.hub.addressSpace}`);
          else if (inbound && overlaps(block, firewall)) problems.push(`rule ${prefix} allows inbound from the firewall subnet ${stack.hub.subnets.firewall}, whose SNAT hides other Träger's traffic`);
          else if (ports.includes("*")) problems.push(`rule ${prefix} allows every port`);
        }
      }
      return problems;
    },
  },
  {
    id: "protect-data-from-destroy",
    title: "vaults, storage accounts, file shares and key vaults carry prevent_destroy",
    requirement: "CON.3.A14 (backups must not be deletable by accident)",
    check(resource) {
      if (!DATA_BEARING.has(resource.type)) return [];
      const lifecycle = resource.attribute("lifecycle") as { prevent_destroy?: unknown } | undefined;
      return lifecycle?.prevent_destroy === true ? [] : ["holds data but lacks lifecycle.prevent_destroy"];
    },
  },
  {
    id: "peering-only-with-hub",
    title: "a Träger's VNet peers with the hub only, never with another Träger",
    requirement: "NET.1.1.A23 (separation of network segments)",
    azure: [AZURE_POLICIES.peering],
    check(resource, stack) {
      if (resource.type !== "azurerm_virtual_network_peering") return [];
      const remote = String(resource.attribute("remote_virtual_network_id"));
      const local = String(resource.attribute("virtual_network_name"));
      const ownVnet = (value: string) => {
        const address = reference(value);
        return address !== undefined && address.startsWith("azurerm_virtual_network.") && stack.resourceProviders.get(address) === "";
      };
      if (remote.toLowerCase() === stack.hub.virtualNetworkId.toLowerCase() && (ownVnet(local) || local === `vnet-${stack.traegerId}`)) return [];
      if (local === stack.hub.virtualNetworkName && ownVnet(remote)) return [];
      return [`peers ${local} with ${remote}: only the Träger's own VNet and the hub may be peered`];
    },
  },
  {
    id: "default-route-via-hub-firewall",
    title: "0.0.0.0/0 is routed to the hub firewall, never around it",
    requirement: "NET.1.1.A23, NET.3.2 (all outbound traffic through the firewall)",
    check(resource, stack) {
      const routes = resource.type === "azurerm_route_table" ? asList(resource.attribute("route")) : resource.type === "azurerm_route" ? [{ name: resource.attribute("name"), address_prefix: resource.attribute("address_prefix"), next_hop_type: resource.attribute("next_hop_type"), next_hop_in_ip_address: resource.attribute("next_hop_in_ip_address") }] : [];
      if (routes.length === 0) return [];
      return routes
        .filter((r) => r.address_prefix === "0.0.0.0/0" && !(r.next_hop_type === "VirtualAppliance" && r.next_hop_in_ip_address === stack.hub.firewallPrivateIp))
        .map((r) => `route ${String(r.name)} sends 0.0.0.0/0 to ${String(r.next_hop_type)} ${String(r.next_hop_in_ip_address ?? "")}`.trim() + `, not to the hub firewall ${stack.hub.firewallPrivateIp}`);
    },
  },
  {
    id: "role-assignment-in-own-subscription",
    title: "every Azure role assignment's scope lies in the Träger's own subscription",
    requirement: "ORP.4 (least privilege; no Träger reaches another)",
    check(resource, stack) {
      if (resource.type !== "azurerm_role_assignment") return [];
      const scope = String(resource.attribute("scope"));
      const own = `/subscriptions/${stack.subscriptionId}`;
      if (scope === own || scope.startsWith(`${own}/`)) return [];
      const address = reference(scope);
      if (address && stack.resourceProviders.get(address) === "") return [];
      return [`scope ${scope} lies outside the Träger's subscription ${stack.subscriptionId}`];
    },
  },
  {
    id: "directory-role-in-administrative-unit",
    title: "every directory role assignment is scoped to the Träger's administrative unit",
    requirement: "ORP.4 (delegated administration only within the Träger's identity boundary)",
    check(resource, stack) {
      if (resource.type !== "azuread_directory_role_assignment") return [];
      const scope = String(resource.attribute("directory_scope_id") ?? "/");
      const unit = /^\/administrativeUnits\/\$\{(azuread_administrative_unit\.[A-Za-z0-9_-]+)\.object_id\}$/.exec(scope)?.[1];
      return unit && stack.resourceProviders.has(unit) ? [] : [`directory_scope_id ${scope} is not the Träger's administrative unit (tenant-wide or foreign scope)`];
    },
  },
];

/**
 * The rules that apply to the platform stack: all but those whose subject is one Träger (its own
 * subscription, its administrative unit). The platform stack's role and directory role assignments
 * are exactly lib/identities/rights.ts, checked by __tests__/conformance/platform-stack.test.ts.
 */
export const PLATFORM_POLICY_RULES: readonly PolicyRule[] = POLICY_RULES.filter((rule) => rule.id !== "role-assignment-in-own-subscription" && rule.id !== "directory-role-in-administrative-unit");
