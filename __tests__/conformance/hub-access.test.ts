/**
 * Isolation does not rest on a firewall policy outside this repository (issue 11): spoke NSGs allow
 * from the hub only what the spokes need, by hub subnet and port. Checked by evaluating the
 * synthesized NSG rules the way Azure does (lowest priority number first, first match wins).
 *
 * Sources:
 * - azurerm v4.55.0 internal/services/network/network_security_group_resource.go: security_rule
 *   `description` StringLenBetween(0, 140) (bytes), `protocol` in Tcp, Udp, Icmp, Esp, Ah, *,
 *   `access` Allow | Deny, `priority` IntBetween(100, 4096), `direction` Inbound | Outbound; single
 *   and plural port/prefix arguments side by side (Azure accepts only one of each pair).
 * - Microsoft Learn, "Network security groups": rules are processed in priority order and stop at
 *   the first match; priorities are unique per direction; NSGs are stateful (answers need no rule).
 * - Microsoft Learn, "Azure Firewall SNAT private IP address ranges": application rules always SNAT
 *   to the firewall subnet's addresses, so a hub source address may carry another Träger's traffic.
 * - Microsoft Learn, "Azure Bastion NSG": AzureBastionSubnet reaches target VMs on 3389/22.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { AD_DS_PORTS } from "../../lib/verbund";
import { type Cidr, parseCidr, parseIpv4 } from "../../lib/verbund/cidr";
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { declarationSource, stadt } from "../helpers/tenants";

interface Rule {
  name: string;
  priority: number;
  direction: "Inbound" | "Outbound";
  access: "Allow" | "Deny";
  protocol: string;
  description: string;
  source_address_prefix: string | null;
  source_address_prefixes: string[] | null;
  destination_address_prefix: string | null;
  destination_address_prefixes: string[] | null;
  destination_port_range: string | null;
  destination_port_ranges: string[] | null;
  source_port_range: string | null;
  source_port_ranges: string[] | null;
}

const ip = (text: string): number => {
  const v = parseIpv4(text);
  if (typeof v === "string") throw new Error(v);
  return v;
};
const block = (text: string): Cidr => {
  const b = parseCidr(text);
  if (typeof b === "string") throw new Error(b);
  return b;
};
const PRIVATE = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map(block);

/** Whether an address prefix of a rule (CIDR, address, "*" or the service tags we use) matches an address. */
function prefixMatches(prefix: string, address: number): boolean {
  if (prefix === "*") return true;
  if (prefix === "Internet") return !PRIVATE.some((b) => b.first <= address && address <= b.last);
  if (prefix === "AzureLoadBalancer") return address === ip("168.63.129.16");
  const b = block(prefix.includes("/") ? prefix : `${prefix}/32`);
  return b.first <= address && address <= b.last;
}
function portMatches(range: string, port: number): boolean {
  if (range === "*") return true;
  const [from, to] = range.split("-").map(Number) as [number, number | undefined];
  return to === undefined ? port === from : from <= port && port <= to;
}

/** Azure's verdict for one flow, or "default" when no rule of ours matches (Azure's default rules apply). */
function verdict(rules: Rule[], flow: { direction: "Inbound" | "Outbound"; source: string; destination: string; protocol: "Tcp" | "Udp"; port: number }): { access: string; name: string } {
  const matching = rules
    .filter((r) => r.direction === flow.direction)
    .filter((r) => r.protocol === "*" || r.protocol === flow.protocol)
    .filter((r) => [r.source_address_prefix, ...(r.source_address_prefixes ?? [])].some((p) => p !== null && prefixMatches(p, ip(flow.source))))
    .filter((r) => [r.destination_address_prefix, ...(r.destination_address_prefixes ?? [])].some((p) => p !== null && prefixMatches(p, ip(flow.destination))))
    .filter((r) => [r.destination_port_range, ...(r.destination_port_ranges ?? [])].some((p) => p !== null && portMatches(p, flow.port)))
    .sort((a, b) => a.priority - b.priority);
  return matching[0] ? { access: matching[0].access, name: matching[0].name } : { access: "default", name: "" };
}

/** A few addresses of a block: first usable, middle, last. */
const samples = (cidr: string): string[] => {
  const b = block(cidr);
  const at = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join(".");
  return [at(b.first + Math.min(4, b.size - 1)), at(b.first + Math.floor(b.size / 2)), at(b.last)];
};
const ANY_PORTS = [22, 53, 80, 88, 135, 389, 443, 445, 3389, 5985, 8080, 50000];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-hub-"));
fs.writeFileSync(path.join(dir, "teststadt.ts"), declarationSource(stadt()));
fs.writeFileSync(
  path.join(dir, "testamt.ts"),
  declarationSource(
    stadt({ id: "testamt", name: "Amt Testamt", key: "130765699", kind: "amt", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e02", network: { addressSpace: "10.70.16.0/20" }, members: [{ name: "Erstdorf", ags: "13076901" }], directory: { join: { mode: "ad", domain: "ksm.local", ouPath: "OU=testamt,OU=Traeger,DC=ksm,DC=local" } } }),
  ),
);
const model = loadModel({ TENANTS_DIR: dir });
const stacks = synthStacks(model);
fs.rmSync(dir, { recursive: true, force: true });
const hub = model.hub;

const nsgsOf = (stack: StackJson): Map<string, Rule[]> => new Map(resourcesOf(stack, "azurerm_network_security_group").map(([, n]) => [String(n.name).replace(/^nsg-[a-z0-9-]+?-(sessionhosts|privateendpoints|management)$/, "$1"), n.security_rule as Rule[]]));

describe.each(model.traeger.map((t) => [t.id, t.directory.join.mode, t] as const))("the NSGs of %s (join %s)", (id, join, traeger) => {
  const nsgs = nsgsOf(stacks.get(id)!);
  const subnet = (role: "sessionhosts" | "privateendpoints" | "management") => traeger.network.subnets[role];

  it("has one NSG per subnet", () => {
    expect([...nsgs.keys()].sort()).toEqual(["management", "privateendpoints", "sessionhosts"]);
  });

  it("accepts nothing from the firewall subnet on any port: its SNAT hides whose traffic it is", () => {
    for (const [role, rules] of nsgs) {
      for (const source of samples(hub.subnets.firewall)) {
        for (const port of ANY_PORTS) {
          for (const protocol of ["Tcp", "Udp"] as const) {
            const v = verdict(rules, { direction: "Inbound", source, destination: samples(subnet(role as "management"))[0]!, protocol, port });
            expect([role, source, protocol, port, v.access]).toEqual([role, source, protocol, port, "Deny"]);
          }
        }
      }
    }
  });

  it("accepts from the hub exactly: RDP from Bastion to session hosts, RDP/SSH from Bastion to management, HTTPS from the runners to private endpoints", () => {
    const allowed = new Set(["bastion sessionhosts Tcp 3389", "bastion management Tcp 22", "bastion management Tcp 3389", "runners privateendpoints Tcp 443"]);
    const hubSubnets = Object.entries(hub.subnets).filter((e): e is [string, string] => e[1] !== undefined);
    for (const [role, rules] of nsgs) {
      for (const [name, cidr] of hubSubnets) {
        for (const port of ANY_PORTS) {
          for (const protocol of ["Tcp", "Udp"] as const) {
            const key = `${name} ${role} ${protocol} ${port}`;
            const v = verdict(rules, { direction: "Inbound", source: samples(cidr)[1]!, destination: samples(subnet(role as "management"))[1]!, protocol, port });
            expect([key, v.access]).toEqual([key, allowed.has(key) ? "Allow" : "Deny"]);
          }
        }
      }
      // an address of the hub in no named subnet
      const v = verdict(rules, { direction: "Inbound", source: "10.60.3.200", destination: samples(subnet(role as "management"))[0]!, protocol: "Tcp", port: 3389 });
      expect([role, v.access]).toEqual([role, "Deny"]);
    }
  });

  it("sends to the hub only DNS to its DNS servers and, when AD-joined, AD DS ports to the domain controllers", () => {
    for (const [role, rules] of nsgs) {
      const source = samples(subnet(role as "management"))[0]!;
      const needsDns = role !== "privateendpoints";
      for (const server of hub.dnsServers) {
        for (const protocol of ["Udp", "Tcp"] as const) {
          expect([role, server, protocol, verdict(rules, { direction: "Outbound", source, destination: server, protocol, port: 53 }).access]).toEqual([role, server, protocol, needsDns ? "Allow" : "Deny"]);
        }
        expect([role, verdict(rules, { direction: "Outbound", source, destination: server, protocol: "Tcp", port: 445 }).access]).toEqual([role, "Deny"]);
      }
      const dc = samples(hub.subnets.domainControllers!)[0]!;
      const adAllowed = join === "ad" && role !== "privateendpoints";
      for (const port of [88, 389, 445, 464, 636, 3268, 49152, 65535]) {
        expect([role, port, verdict(rules, { direction: "Outbound", source, destination: dc, protocol: "Tcp", port }).access]).toEqual([role, port, adAllowed ? "Allow" : "Deny"]);
      }
      for (const port of [88, 123, 389, 464]) {
        expect([role, port, verdict(rules, { direction: "Outbound", source, destination: dc, protocol: "Udp", port }).access]).toEqual([role, port, adAllowed ? "Allow" : "Deny"]);
      }
      for (const port of [22, 3389, 5985, 8080]) {
        expect([role, port, verdict(rules, { direction: "Outbound", source, destination: dc, protocol: "Tcp", port }).access]).toEqual([role, port, "Deny"]);
      }
      for (const cidr of [hub.subnets.bastion, hub.subnets.runners, hub.subnets.firewall]) {
        const destination = samples(cidr)[2]!;
        expect([role, destination, verdict(rules, { direction: "Outbound", source, destination, protocol: "Tcp", port: 443 }).access]).toEqual([role, destination, "Deny"]);
      }
      // Internet egress is not ours to decide here: it goes by the default route through the firewall.
      expect(verdict(rules, { direction: "Outbound", source, destination: "20.50.1.1", protocol: "Tcp", port: 443 }).access).toBe("default");
    }
  });

  it("keeps every rule within the provider's and Azure's rules", () => {
    for (const [role, rules] of nsgs) {
      for (const direction of ["Inbound", "Outbound"]) {
        const priorities = rules.filter((r) => r.direction === direction).map((r) => r.priority);
        expect([role, direction, new Set(priorities).size]).toEqual([role, direction, priorities.length]);
      }
      expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
      for (const r of rules) {
        expect(Buffer.byteLength(r.description, "utf8")).toBeLessThanOrEqual(140);
        expect(["Tcp", "Udp", "Icmp", "Esp", "Ah", "*"]).toContain(r.protocol);
        expect(["Allow", "Deny"]).toContain(r.access);
        expect(Number.isInteger(r.priority) && r.priority >= 100 && r.priority <= 4096).toBe(true);
        for (const [one, many] of [
          [r.destination_port_range, r.destination_port_ranges],
          [r.source_port_range, r.source_port_ranges],
          [r.source_address_prefix, r.source_address_prefixes],
          [r.destination_address_prefix, r.destination_address_prefixes],
        ] as const) {
          expect([r.name, (one === null) !== (many === null)]).toEqual([r.name, true]);
        }
        // no allow from or to the hub on any port
        if (r.access === "Allow" && r.name.startsWith("allow-hub-")) {
          expect([r.name, r.destination_port_range]).not.toEqual([r.name, "*"]);
          expect(r.protocol).not.toBe("*");
        }
      }
    }
  });
});

describe("the AD DS ports", () => {
  it("are the documented client-to-DC ports and nothing wider than the RPC dynamic range", () => {
    expect(AD_DS_PORTS.tcp).toEqual(["88", "135", "389", "445", "464", "636", "3268-3269", "49152-65535"]);
    expect(AD_DS_PORTS.udp).toEqual(["88", "123", "389", "464"]);
  });
});
