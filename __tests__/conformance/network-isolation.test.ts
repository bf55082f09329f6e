/**
 * Isolation enforced by Azure (issue 15 §3): the network manager, its security admin rules and each
 * Träger VNet's static members, asserted on synthesized Terraform JSON of fixture Verbünde, and the
 * admin rules evaluated the way Azure evaluates them (Microsoft Learn, "Security admin rules in Azure
 * Virtual Network Manager": rules of every collection that applies to a VNet's network groups, lowest
 * priority number first; the first match decides; Deny drops, Allow ends the admin evaluation and
 * leaves the decision to the NSG, AlwaysAllow delivers without the NSG; no match leaves it to the NSG).
 * Provider: hashicorp/terraform-provider-azurerm v4.55.0 internal/services/network/network_manager_*_resource.go.
 */
import { AVNM_LIMITS, bitAt, isolationDesign, networkGroupsOf } from "../../lib/verbund/network-isolation";
import { type Cidr, cidrOf, formatCidr, parseCidr } from "../../lib/verbund/cidr";
import { HUB_ACCESS } from "../../lib/verbund";
import { generateDocs, traegerPagePath } from "../../lib/docs";
import { FIXTURE_VERBUND_ENV, loadModel, synthAll, type StackJson } from "../helpers/synth";
import { declarationSource, stadt, tenantsDir } from "../helpers/tenants";
import * as fs from "node:fs";

type Action = "Allow" | "Deny" | "AlwaysAllow";
interface EvaluatedRule {
  readonly name: string;
  readonly priority: number;
  readonly direction: "Inbound" | "Outbound";
  readonly action: Action;
  readonly protocol: string;
  readonly ports: readonly string[];
  readonly sources: readonly Cidr[];
  readonly destinations: readonly Cidr[];
}
interface Packet {
  readonly src: number;
  readonly dst: number;
  readonly protocol: "Tcp" | "Udp";
  readonly port: number;
}

const cidr = (text: string): Cidr => {
  const parsed = parseCidr(text.includes("/") ? text : `${text}/32`);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};
const address = (text: string): number => cidr(text).network;
const inside = (block: Cidr, a: number) => a >= block.network && a < block.network + block.size;
const ref = (text: unknown) => /^\$\{[a-z_]+\.([^.]+)\.id\}$/.exec(String(text))?.[1];

/** The admin rules of the platform stack, by the network group (Azure name) their collection applies to. */
function rulesByGroup(platform: StackJson): Map<string, EvaluatedRule[]> {
  const r = (type: string) => platform.resource[type] ?? {};
  const groupName = new Map(Object.entries(r("azurerm_network_manager_network_group")).map(([logical, g]) => [logical, String(g.name)]));
  const collectionGroups = new Map(Object.entries(r("azurerm_network_manager_admin_rule_collection")).map(([logical, c]) => [logical, (c.network_group_ids as string[]).map((id) => groupName.get(ref(id)!)!)]));
  const out = new Map<string, EvaluatedRule[]>();
  for (const rule of Object.values(r("azurerm_network_manager_admin_rule"))) {
    const prefixes = (side: unknown) => (side as { address_prefix: string; address_prefix_type: string }[]).map((p) => {
      expect(p.address_prefix_type).toBe("IPPrefix");
      return cidr(p.address_prefix);
    });
    const evaluated: EvaluatedRule = {
      name: String(rule.name),
      priority: rule.priority as number,
      direction: rule.direction as EvaluatedRule["direction"],
      action: rule.action as Action,
      protocol: String(rule.protocol),
      ports: (rule.destination_port_ranges as string[] | undefined) ?? [],
      sources: prefixes(rule.source),
      destinations: prefixes(rule.destination),
    };
    for (const group of collectionGroups.get(ref(rule.admin_rule_collection_id)!)!) out.set(group, [...(out.get(group) ?? []), evaluated]);
  }
  return out;
}

/** The network groups a Träger stack's VNet joins, read from its static members. */
function groupsOfStack(stack: StackJson): string[] {
  return Object.values(stack.resource.azurerm_network_manager_static_member ?? {}).map((m) => String(m.network_group_id).split("/").pop()!);
}

/** Azure's evaluation of the admin rules on one VNet for one direction: the deciding rule's action, or "none". */
function evaluate(rules: Map<string, EvaluatedRule[]>, groups: readonly string[], direction: "Inbound" | "Outbound", packet: Packet): Action | "none" {
  const applicable = [...new Set(groups.flatMap((g) => rules.get(g) ?? []))].filter((r) => r.direction === direction).sort((a, b) => a.priority - b.priority);
  for (const rule of applicable) {
    if (rule.protocol !== "Any" && rule.protocol !== packet.protocol) continue;
    if (rule.ports.length > 0 && !rule.ports.some((p) => {
      const [lo, hi] = p.split("-").map(Number);
      return packet.port >= lo! && packet.port <= (hi ?? lo!);
    })) continue;
    if (!rule.sources.some((s) => inside(s, packet.src)) || !rule.destinations.some((d) => inside(d, packet.dst))) continue;
    return rule.action;
  }
  return "none";
}

/** Whether the admin rules drop traffic between two VNets: outbound at the sender or inbound at the receiver. */
const denied = (rules: Map<string, EvaluatedRule[]>, from: readonly string[], to: readonly string[], packet: Packet) =>
  evaluate(rules, from, "Outbound", packet) === "Deny" || evaluate(rules, to, "Inbound", packet) === "Deny";

/** A few addresses of a block: first, middle and last. */
const samples = (block: Cidr) => [block.network, block.network + Math.floor(block.size / 2), block.network + block.size - 1];

describe.each([
  ["the fixture Verbund", FIXTURE_VERBUND_ENV],
  ["two Träger in one /19 (a /20 and a /21)", { TENANTS_DIR: "__tests__/fixtures/two-traeger" }],
])("isolation by security admin rules in %s", (_label, env) => {
  const model = loadModel(env);
  const { platform, stacks } = synthAll(model);
  const rules = rulesByGroup(platform);
  const spaces = model.traeger.map((t) => [t.id, cidr(t.network.addressSpace), groupsOfStack(stacks.get(t.id)!)] as const);

  it("creates the network manager in the hub, scoped to the Träger management group with SecurityAdmin access", () => {
    const managers = Object.values(platform.resource.azurerm_network_manager ?? {});
    expect(managers).toHaveLength(1);
    expect(managers[0]).toMatchObject({
      name: `avnm-${model.shortName}`,
      resource_group_name: `\${azurerm_resource_group.rg-${model.shortName}-hub-network-manager.name}`,
      scope: { management_group_ids: [`/providers/Microsoft.Management/managementGroups/${model.identities.traegerManagementGroupId}`] },
      scope_accesses: ["SecurityAdmin"],
      lifecycle: { prevent_destroy: true },
    });
    const group = Object.values(platform.resource.azurerm_resource_group ?? {}).find((g) => g.name === `rg-${model.shortName}-hub-network-manager`)!;
    const providerOf = (p: unknown) => platform.provider.azurerm.find((b) => (b.alias ? `azurerm.${String(b.alias)}` : "azurerm") === (p ?? "azurerm"))!;
    expect(providerOf(group.provider).subscription_id).toBe(model.hub.subscriptionId);
    expect(providerOf(managers[0]!.provider).subscription_id).toBe(model.hub.subscriptionId);
  });

  it("gives every admin rule a priority of its own within its collection (azurerm docs of network_manager_admin_rule: unique for each rule in the collection)", () => {
    const byCollection = new Map<string, number[]>();
    for (const rule of Object.values(platform.resource.azurerm_network_manager_admin_rule ?? {})) {
      const collection = String(rule.admin_rule_collection_id);
      byCollection.set(collection, [...(byCollection.get(collection) ?? []), Number(rule.priority)]);
    }
    expect(byCollection.size).toBeGreaterThan(1);
    for (const [collection, priorities] of byCollection) expect([collection, new Set(priorities).size]).toEqual([collection, priorities.length]);
  });

  it("commits the one security admin configuration to the primary and the paired region, re-committing when a rule changes", () => {
    const configurations = Object.keys(platform.resource.azurerm_network_manager_security_admin_configuration ?? {});
    expect(configurations).toHaveLength(1);
    const deployments = Object.values(platform.resource.azurerm_network_manager_deployment ?? {});
    expect(deployments.map((d) => d.location).sort()).toEqual([model.regions.primary, model.regions.paired].sort());
    for (const d of deployments) {
      expect(d).toMatchObject({ scope_access: "SecurityAdmin", configuration_ids: [`\${azurerm_network_manager_security_admin_configuration.${configurations[0]}.id}`], lifecycle: { prevent_destroy: true } });
      // Committed only after every rule exists.
      expect((d.depends_on as string[]).filter((x) => x.startsWith("azurerm_network_manager_admin_rule.")).length).toBe(Object.keys(platform.resource.azurerm_network_manager_admin_rule ?? {}).length);
      expect(String((d.triggers as Record<string, string>).admin_rules)).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("joins every Träger VNet to its groups from its own stack, through the hub provider, with an id derived from verbund.ts", () => {
    for (const t of model.traeger) {
      const stack = stacks.get(t.id)!;
      const members = Object.values(stack.resource.azurerm_network_manager_static_member ?? {});
      expect(groupsOfStack(stack).sort()).toEqual(networkGroupsOf(t.network.addressSpace, model).sort());
      const vnet = Object.keys(stack.resource.azurerm_virtual_network!)[0];
      for (const m of members) {
        expect(m).toMatchObject({ provider: "azurerm.hub", name: `traeger-${t.id}`, target_virtual_network_id: `\${azurerm_virtual_network.${vnet}.id}` });
        expect(String(m.network_group_id)).toMatch(new RegExp(`^/subscriptions/${model.hub.subscriptionId}/resourceGroups/rg-${model.shortName}-hub-network-manager/providers/Microsoft\\.Network/networkManagers/avnm-${model.shortName}/networkGroups/[a-z0-9-]+$`));
        // The group exists in the platform stack.
        expect(Object.values(platform.resource.azurerm_network_manager_network_group!).map((g) => g.name)).toContain(String(m.network_group_id).split("/").pop());
      }
    }
  });

  it("denies traffic between two Träger in both directions (A → B), on their synthesized groups and rules", () => {
    expect(spaces.length).toBeGreaterThanOrEqual(2);
    for (const [a, aSpace, aGroups] of spaces) {
      for (const [b, bSpace, bGroups] of spaces) {
        if (a === b) continue;
        for (const src of samples(aSpace)) for (const dst of samples(bSpace)) for (const packet of [{ src, dst, protocol: "Tcp", port: 445 }, { src, dst, protocol: "Udp", port: 53 }] as const) {
          expect([a, b, formatCidr(cidrOf(src, 32)), formatCidr(cidrOf(dst, 32)), denied(rules, aGroups, bGroups, packet)]).toEqual([a, b, formatCidr(cidrOf(src, 32)), formatCidr(cidrOf(dst, 32)), true]);
        }
      }
    }
  });

  it("never denies a Träger's traffic inside its own address space (A → A)", () => {
    for (const [a, space, groups] of spaces) {
      for (const src of samples(space)) for (const dst of samples(space)) {
        const packet: Packet = { src, dst, protocol: "Tcp", port: 445 };
        expect([a, evaluate(rules, groups, "Outbound", packet), evaluate(rules, groups, "Inbound", packet)]).toEqual([a, "none", "none"]);
      }
    }
  });

  it("allows what the hub must reach (lib/verbund/hub-access.ts) with Allow, so that the spoke's NSG still decides by subnet", () => {
    const hubAddress = (target: (typeof HUB_ACCESS)[number]["hub"]) => (target === "dnsServers" ? address(model.hub.dnsServers[0]!) : model.hub.subnets[target] ? cidr(model.hub.subnets[target]!).network + 4 : undefined);
    for (const [a, space, groups] of spaces) {
      for (const entry of HUB_ACCESS) {
        const hub = hubAddress(entry.hub);
        if (hub === undefined) continue;
        const spoke = space.network + 10;
        const packet: Packet = entry.direction === "Inbound" ? { src: hub, dst: spoke, protocol: entry.protocol, port: Number(entry.ports[0]!.split("-")[0]) } : { src: spoke, dst: hub, protocol: entry.protocol, port: Number(entry.ports[0]!.split("-")[0]) };
        expect([a, entry.name, evaluate(rules, groups, entry.direction, packet)]).toEqual([a, entry.name, "Allow"]);
      }
    }
  });

  it("denies the rest of the hub (the firewall SNATs other Träger's traffic to hub addresses), and AlwaysAllow is never used", () => {
    const firewall = cidr(model.hub.subnets.firewall).network + 5;
    for (const [a, space, groups] of spaces) {
      expect([a, evaluate(rules, groups, "Inbound", { src: firewall, dst: space.network + 10, protocol: "Tcp", port: 445 })]).toEqual([a, "Deny"]);
      expect([a, evaluate(rules, groups, "Outbound", { src: space.network + 10, dst: firewall, protocol: "Tcp", port: 445 })]).toEqual([a, "Deny"]);
      // Bastion may reach RDP, not SMB.
      expect([a, evaluate(rules, groups, "Inbound", { src: cidr(model.hub.subnets.bastion).network + 4, dst: space.network + 10, protocol: "Tcp", port: 445 })]).toEqual([a, "Deny"]);
    }
    for (const list of rules.values()) for (const rule of list) expect(rule.action).not.toBe("AlwaysAllow");
  });

  it("lets Internet egress (routed through the firewall by destination) pass to the NSG", () => {
    for (const [a, space, groups] of spaces) expect([a, evaluate(rules, groups, "Outbound", { src: space.network + 10, dst: address("20.50.2.1"), protocol: "Tcp", port: 443 })]).toEqual([a, "none"]);
  });
});

describe("the admin rule design at the Verbund's scale", () => {
  const model = loadModel(FIXTURE_VERBUND_ENV);

  it("stays inside Azure's limits, with the numbers and their sources written down", () => {
    const design = isolationDesign(model);
    expect(design.counts.prefixes).toBeLessThanOrEqual(AVNM_LIMITS.ipPrefixes.value);
    expect(design.counts.rules).toBeLessThanOrEqual(AVNM_LIMITS.adminRules.value);
    expect(design.counts.collections).toBeLessThanOrEqual(AVNM_LIMITS.ruleCollections.value);
    for (const limit of Object.values(AVNM_LIMITS)) expect(limit.source.length).toBeGreaterThan(20);
    // /12 pool: bits 13–20, i.e. every Träger of /20 or larger is separated from every other by admin rules.
    expect(design.levels).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    expect(design.exactDownTo).toBe(20);
  });

  it("costs the same whatever the number of Träger: the rules depend on the pool, not on who is in it", () => {
    const bench = { ...model, addressPool: "10.128.0.0/9" }; // the 10,000-Träger bench's pool (bench/generate.ts)
    const design = isolationDesign(bench);
    expect(design.counts.prefixes).toBeLessThanOrEqual(AVNM_LIMITS.ipPrefixes.value);
    expect(design.levels).toEqual([10, 11, 12, 13, 14, 15, 16, 17]);
    // Per Träger: one static member per group, at most one plus the number of levels.
    expect(networkGroupsOf("10.128.0.0/23", bench).length).toBeLessThanOrEqual(1 + design.levels.length);
  });

  it("separates every /20 block of the pool from a sample of others and from a /16, and never a block from itself", () => {
    const design = isolationDesign(model);
    const rules = new Map(design.collections.map((c) => [c.group.name, c.rules.map((r) => ({ ...r, ports: r.destinationPorts, sources: r.sources.map(cidr), destinations: r.destinations.map(cidr) }))]));
    const pool = cidr(model.addressPool);
    const blocks: Cidr[] = [];
    for (let i = 0; i < 256; i += 1) blocks.push(cidrOf(pool.network + i * 4096, 20));
    const groups = new Map(blocks.map((b) => [formatCidr(b), networkGroupsOf(formatCidr(b), model)]));
    let pairs = 0;
    for (const a of blocks) for (const b of [blocks[0]!, blocks[1]!, blocks[17]!, blocks[128]!, blocks[255]!, a]) {
      const packet: Packet = { src: a.network + 1, dst: b.network + 1, protocol: "Tcp", port: 3389 };
      expect([formatCidr(a), formatCidr(b), denied(rules, groups.get(formatCidr(a))!, groups.get(formatCidr(b))!, packet)]).toEqual([formatCidr(a), formatCidr(b), a.network !== b.network]);
      pairs += 1;
    }
    expect(pairs).toBe(256 * 6);
    // A /16 against each /20 outside it, and against one inside it (that would overlap: never both Träger).
    const big = cidr("10.72.0.0/16");
    const bigGroups = networkGroupsOf("10.72.0.0/16", model);
    for (const b of blocks.filter((x) => !inside(big, x.network))) expect(denied(rules, bigGroups, groups.get(formatCidr(b))!, { src: big.network + 7, dst: b.network + 9, protocol: "Udp", port: 88 })).toBe(true);
    expect(bitAt(address("10.72.0.0"), 13)).toBe(1);
  });

  it("tells each Träger on its Trägerblatt, in German, which groups isolate it and where the rules stop", () => {
    const docs = generateDocs(model);
    for (const t of model.traeger) {
      const page = docs.get(traegerPagePath(t.id))!;
      expect(page).toContain(`Abschottung durch Sicherheitsadministratorregeln des Verbunds (Azure Virtual Network Manager \`avnm-${model.shortName}\`, Netzgruppen ${networkGroupsOf(t.network.addressSpace, model).map((g) => `\`${g}\``).join(", ")})`);
      expect(page).not.toContain("trennen ihn diese Regeln nicht"); // every fixture Träger is /20 or larger
    }
  });

  it("does not separate two /23 Träger inside one /20 block: there the NSGs and the hub firewall do (documented in docs/design.md)", () => {
    const dir = tenantsDir({ "klein-a.ts": stadt({ id: "klein-a", key: "13076901", network: { addressSpace: "10.70.0.0/23" } }), "klein-b.ts": stadt({ id: "klein-b", key: "13076902", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e03", network: { addressSpace: "10.70.2.0/23" } }) });
    try {
      const small = loadModel({ TENANTS_DIR: dir });
      const design = isolationDesign(small);
      const rules = new Map(design.collections.map((c) => [c.group.name, c.rules.map((r) => ({ ...r, ports: r.destinationPorts, sources: r.sources.map(cidr), destinations: r.destinations.map(cidr) }))]));
      expect(denied(rules, networkGroupsOf("10.70.0.0/23", small), networkGroupsOf("10.70.2.0/23", small), { src: address("10.70.0.9"), dst: address("10.70.2.9"), protocol: "Tcp", port: 445 })).toBe(false);
      expect(generateDocs(small).get(traegerPagePath("klein-a"))).toContain("Von anderen Trägern im selben Block 10.70.0.0/20 trennen ihn diese Regeln nicht; dort schotten die Netzwerksicherheitsgruppen und die Firewall des Hubs ab.");
      // …but from a Träger in another /20 they are.
      expect(denied(rules, networkGroupsOf("10.70.0.0/23", small), networkGroupsOf("10.70.16.0/20", small), { src: address("10.70.0.9"), dst: address("10.70.16.9"), protocol: "Tcp", port: 445 })).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("changes nothing of the network manager when a Träger is onboarded: only the new Träger's stack gets static members", () => {
    const manager = (platform: StackJson) => JSON.stringify(Object.fromEntries(Object.entries(platform.resource).filter(([type]) => type.startsWith("azurerm_network_manager"))));
    const dir = tenantsDir({ "neu.ts": stadt({ id: "neu", key: "13076903", network: { addressSpace: "10.70.32.0/20" } }) });
    try {
      const before = loadModel({ TENANTS_DIR: dir });
      fs.writeFileSync(`${dir}/neuzwei.ts`, declarationSource(stadt({ id: "neuzwei", key: "13076904", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e04", network: { addressSpace: "10.70.48.0/20" } })));
      const after = loadModel({ TENANTS_DIR: dir });
      expect(after.traeger).toHaveLength(2);
      expect(manager(synthAll(after).platform)).toBe(manager(synthAll(before).platform));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
