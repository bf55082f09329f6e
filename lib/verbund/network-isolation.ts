/**
 * Isolation between Träger that a spoke's owner cannot override: Azure Virtual Network Manager (AVNM)
 * security admin rules, evaluated before any NSG (docs/design.md, "Isolation enforced by Azure").
 * Pure data from the Verbund's model; no cdktf imports.
 *
 * A fixed rule set cannot tell a Träger's own traffic from another Träger's: the same rule applies to
 * every VNet of its network group, so "deny the pool" would also deny A → A. Rules that name each
 * Träger's own space do not fit Azure's limits at 1,000–10,000 Träger (two rules and four prefixes
 * per Träger against 100 admin rules and 1,000 prefixes). So the rules are fixed and the Träger are
 * sorted into network groups by their address bits: group `isolation-bit-L` holds every spoke whose
 * whole address space has bit L (counted from 1) equal to 1, and its rule collection denies, in both
 * directions, the pool's addresses whose bit L is 0. Two Träger A ≠ B differ in a first bit L that is
 * fixed in both (their blocks are aligned and disjoint); the one with 1 there is in group L and denies
 * the other's addresses, outbound and inbound. A Träger never denies itself: all its addresses have
 * bit L = 1 in every group it joins. (1, not 0, is the member bit because blocks are handed out from
 * the bottom of the pool: most Träger have few 1 bits, so they join few groups.) The rules never change when a Träger joins: onboarding adds only
 * static members, in the new Träger's own stack.
 */
import { ADDRESS_PREFIX_RANGE } from "../declaration/traeger";
import { cidrOf, formatCidr, parseCidr, type Cidr } from "./cidr";
import { HUB_ACCESS, hubPrefixes } from "./hub-access";
import type { HubModel, VerbundModel } from "./model";

/**
 * The AVNM limits the design is sized against, each with its source. Where Microsoft's pages disagree
 * the smaller number counts.
 */
export const AVNM_LIMITS = {
  ipPrefixes: {
    value: 1000,
    source:
      'Microsoft Learn, "Limitations with Azure Virtual Network Manager" (articles/virtual-network-manager/concept-limitations.md; includes/azure-virtual-network-manager-limits.md): "The maximum number of IP prefixes in all security admin rules combined is 1000" — raised to 20,000 on the live page according to MicrosoftDocs/azure-docs PR #127924 (2025-11-20); the smaller number counts until confirmed',
  },
  adminRules: { value: 100, source: 'same page: "The maximum number of admin rules in one level of Azure Virtual Network Manager is 100"' },
  ruleCollections: {
    value: 10,
    source: "no Microsoft page found offline; 10 rule collections per security admin configuration is the number third-party summaries give, kept as a bound",
  },
  networkGroups: { value: Number.POSITIVE_INFINITY, source: 'Microsoft Learn, Azure Virtual Network Manager FAQ: "There\'s no limit to how many network groups you can create."' },
  configurationsPerRegion: { value: 1, source: 'Microsoft Learn, Azure Virtual Network Manager FAQ: "You can deploy only one security admin configuration to a region."' },
} as const;

/** Prefixes kept free for the fixed rules (hub access and hub denies), so that the bit levels never depend on the hub's settings. */
export const FIXED_RULE_PREFIX_RESERVE = 100;

/** One security admin rule, as Azure evaluates it. Empty `destinationPorts` means any port. */
export interface AdminRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: "Inbound" | "Outbound";
  /** "Allow" ends the admin evaluation and leaves the decision to the NSG; "Deny" drops; "AlwaysAllow" would skip the NSG (not used). */
  readonly action: "Allow" | "Deny";
  readonly protocol: "Tcp" | "Udp" | "Any";
  readonly destinationPorts: readonly string[];
  /** IP prefixes (CIDR). */
  readonly sources: readonly string[];
  readonly destinations: readonly string[];
  readonly description: string;
}

/** A network group of the network manager: its key is its Azure name. */
export interface NetworkGroupSpec {
  readonly name: string;
  readonly description: string;
}

/** A rule collection, the one network group it applies to, and its rules. */
export interface AdminRuleCollectionSpec {
  readonly name: string;
  readonly description: string;
  readonly group: NetworkGroupSpec;
  readonly rules: readonly AdminRule[];
}

/** The whole security admin configuration of a Verbund, and what it costs against AVNM_LIMITS. */
export interface IsolationDesign {
  /** The address bits (counted from 1) that have a group: pool prefix + 1 … pool prefix + depth. */
  readonly levels: readonly number[];
  readonly collections: readonly AdminRuleCollectionSpec[];
  readonly counts: { readonly prefixes: number; readonly rules: number; readonly collections: number };
  /**
   * Träger whose address space is this prefix length or larger are separated from every other Träger
   * by admin rules; smaller ones (a /21–/23 when the levels stop at /20) only from Träger outside their
   * block of this length, and inside it by their NSGs and the hub firewall.
   */
  readonly exactDownTo: number;
}

/** The network group every Träger spoke joins: the hub access rules and the hub denies apply to it. */
export const SPOKES_GROUP: NetworkGroupSpec = { name: "traeger-spokes", description: "Every Träger spoke VNet (joined from the Träger's own stack)" };
/** Name of the security admin configuration. */
export const SECURITY_ADMIN_CONFIGURATION_NAME = "traeger-isolation";

/** The network group of bit `level`. */
export function levelGroup(level: number): NetworkGroupSpec {
  return { name: `isolation-bit-${level}`, description: `Träger spokes whose whole address space has bit ${level} = 1` };
}

/** Priorities: hub access first (its NSG priorities, 200–299), then the hub denies, then the bit levels. */
export const ADMIN_PRIORITY = { denyHubInbound: 1000, denyHubOutbound: 1001, level: (level: number, direction: "Inbound" | "Outbound") => 2000 + level * 2 + (direction === "Inbound" ? 0 : 1) } as const;

/** The pool's addresses whose bit `level` is 0, as CIDRs of length `level`. */
export function zeroHalvesAt(pool: Cidr, level: number): Cidr[] {
  const count = 2 ** (level - pool.prefix - 1);
  const size = 2 ** (32 - level);
  return Array.from({ length: count }, (_, i) => cidrOf(pool.network + 2 * i * size, level));
}

/** Bit `level` (counted from 1, most significant first) of an IPv4 address. */
export function bitAt(address: number, level: number): 0 | 1 {
  return (Math.floor(address / 2 ** (32 - level)) % 2) as 0 | 1;
}

function poolOf(model: Pick<VerbundModel, "addressPool">): Cidr {
  const pool = parseCidr(model.addressPool);
  if (typeof pool === "string") throw new Error(`address pool: ${pool}`);
  return pool;
}

/** Prefixes and rules the bit levels cost at a depth: two rules per level, each with its half-pool and the pool. */
function levelCost(depth: number): { prefixes: number; rules: number } {
  return { prefixes: 2 * (2 ** depth - 1) + 2 * depth, rules: 2 * depth };
}

/** Added to the hub access matrix's outbound priorities (200–299) in the admin rules, below the hub denies (1000). */
const OUTBOUND_ALLOW_OFFSET = 100;

/** The rules that let the hub in (its access matrix, lib/verbund/hub-access.ts) and keep the rest of the hub out. */
function hubAccessRules(hub: HubModel, pool: string): AdminRule[] {
  const allows = HUB_ACCESS.map((entry): AdminRule | undefined => {
    const hubSide = hubPrefixes(hub, entry.hub);
    if (hubSide.length === 0) return undefined;
    return {
      name: entry.name,
      // NSG priorities are unique per direction, admin rule priorities per collection (the provider's
      // docs: "must be unique for each rule in the collection"): outbound allows move up by 100.
      priority: entry.direction === "Inbound" ? entry.priority : entry.priority + OUTBOUND_ALLOW_OFFSET,
      direction: entry.direction,
      action: "Allow",
      protocol: entry.protocol,
      destinationPorts: [...entry.ports],
      sources: entry.direction === "Inbound" ? hubSide : [pool],
      destinations: entry.direction === "Inbound" ? [pool] : hubSide,
      description: `${entry.description}; the spoke's NSG still decides by subnet`,
    };
  }).filter((r): r is AdminRule => r !== undefined);
  return [
    ...allows,
    { name: "deny-hub-inbound", priority: ADMIN_PRIORITY.denyHubInbound, direction: "Inbound", action: "Deny", protocol: "Any", destinationPorts: [], sources: [hub.addressSpace], destinations: [pool], description: "The rest of the hub: Azure Firewall SNATs other Träger's traffic to hub addresses" },
    { name: "deny-hub-outbound", priority: ADMIN_PRIORITY.denyHubOutbound, direction: "Outbound", action: "Deny", protocol: "Any", destinationPorts: [], sources: [pool], destinations: [hub.addressSpace], description: "The rest of the hub: only the hub access above" },
  ];
}

/** The bit levels that get a group: as many as fit the limits beside the fixed rules, never deeper than the smallest Träger. */
function levelsFor(pool: Cidr, fixedRules: number): number[] {
  const maxDepth = Math.max(0, ADDRESS_PREFIX_RANGE.max - pool.prefix);
  let depth = 0;
  while (
    depth < maxDepth &&
    levelCost(depth + 1).prefixes <= AVNM_LIMITS.ipPrefixes.value - FIXED_RULE_PREFIX_RESERVE &&
    1 + (depth + 1) <= AVNM_LIMITS.ruleCollections.value &&
    fixedRules + levelCost(depth + 1).rules <= AVNM_LIMITS.adminRules.value
  )
    depth += 1;
  return Array.from({ length: depth }, (_, i) => pool.prefix + 1 + i);
}

const designs = new WeakMap<HubModel, Map<string, IsolationDesign>>();

/** The Verbund's security admin configuration: which bit levels, which collections and rules, and their cost. */
export function isolationDesign(model: Pick<VerbundModel, "addressPool" | "hub">): IsolationDesign {
  // Pure in the hub and the pool; the documents ask once per Träger.
  const byPool = designs.get(model.hub) ?? new Map<string, IsolationDesign>();
  designs.set(model.hub, byPool);
  const known = byPool.get(model.addressPool);
  if (known) return known;
  const design = buildDesign(model);
  byPool.set(model.addressPool, design);
  return design;
}

function buildDesign(model: Pick<VerbundModel, "addressPool" | "hub">): IsolationDesign {
  const pool = poolOf(model);
  const poolText = formatCidr(pool);
  const hub = hubAccessRules(model.hub, poolText);
  const levels = levelsFor(pool, hub.length);
  const collections: AdminRuleCollectionSpec[] = [
    { name: "hub-access", description: "What the hub must reach is allowed (the NSG decides by subnet); the rest of the hub is denied", group: SPOKES_GROUP, rules: hub },
    ...levels.map((level): AdminRuleCollectionSpec => {
      const other = zeroHalvesAt(pool, level).map(formatCidr);
      return {
        name: `isolation-bit-${level}`,
        description: `Denies, to spokes whose bit ${level} is 1, every pool address whose bit ${level} is 0`,
        group: levelGroup(level),
        rules: [
          { name: `deny-bit-${level}-inbound`, priority: ADMIN_PRIORITY.level(level, "Inbound"), direction: "Inbound", action: "Deny", protocol: "Any", destinationPorts: [], sources: other, destinations: [poolText], description: `Other Träger: pool addresses with bit ${level} = 0` },
          { name: `deny-bit-${level}-outbound`, priority: ADMIN_PRIORITY.level(level, "Outbound"), direction: "Outbound", action: "Deny", protocol: "Any", destinationPorts: [], sources: [poolText], destinations: other, description: `Other Träger: pool addresses with bit ${level} = 0` },
        ],
      };
    }),
  ];
  for (const collection of collections) {
    const seen = new Set<number>();
    for (const rule of collection.rules) {
      if (seen.has(rule.priority)) throw new Error(`admin rule collection ${collection.name}: priority ${rule.priority} is used twice`);
      seen.add(rule.priority);
    }
  }
  const rules = collections.flatMap((c) => c.rules);
  const counts = { prefixes: rules.reduce((n, r) => n + r.sources.length + r.destinations.length, 0), rules: rules.length, collections: collections.length };
  if (counts.prefixes > AVNM_LIMITS.ipPrefixes.value || counts.rules > AVNM_LIMITS.adminRules.value) throw new Error(`the security admin rules exceed Azure's limits: ${JSON.stringify(counts)}`);
  return { levels, collections, counts, exactDownTo: pool.prefix + levels.length };
}

/** The network groups a spoke with this address space joins (in the Träger's own stack), by name. */
export function networkGroupsOf(addressSpace: string, model: Pick<VerbundModel, "addressPool" | "hub">): string[] {
  const space = parseCidr(addressSpace);
  if (typeof space === "string") throw new Error(`address space: ${space}`);
  // Only the levels, not the whole rule set: this runs once per Träger stack.
  const pool = poolOf(model);
  const levels = levelsFor(pool, hubAccessRules(model.hub, model.addressPool).length).filter((level) => level <= space.prefix && bitAt(space.network, level) === 1);
  return [SPOKES_GROUP.name, ...levels.map((level) => levelGroup(level).name)];
}
