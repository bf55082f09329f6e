import type { SubnetRole } from "./address-plan";
import type { HubModel, TraegerModel } from "./model";

/**
 * What a spoke exchanges with the Verbund hub, by hub subnet, port and spoke subnet. Spoke NSGs allow
 * exactly these and deny the rest of the hub: Azure Firewall SNATs application-rule traffic to its
 * own subnet's addresses, so "anything from the hub" would include every other Träger's traffic.
 *
 * Inbound is only what the hub starts: administration through Azure Bastion and the Verbund's runners
 * reaching the private endpoints. Answers to what a spoke starts (DNS, AD DS, egress through the
 * firewall) need no inbound rule: NSGs are stateful. Nothing inbound comes from the firewall or the
 * domain controllers. Egress to the Internet is matched by its final destination, not by the
 * firewall's address, so it needs no hub rule; the default route sends it through the firewall.
 */
export interface HubAccess {
  /** NSG rule name; stable, part of every NSG's rule set. */
  readonly name: string;
  readonly direction: "Inbound" | "Outbound";
  /** Fixed per entry, so that adding or dropping another entry never moves this one. */
  readonly priority: number;
  readonly protocol: "Tcp" | "Udp";
  readonly ports: readonly string[];
  /** Source (inbound) or destination (outbound) prefixes in the hub. */
  readonly hubPrefixes: readonly string[];
  readonly description: string;
}

/**
 * Ports Windows clients use towards domain controllers (Microsoft: "Active Directory and Active
 * Directory Domain Services port requirements"; DNS is covered by the DNS rule).
 */
export const AD_DS_PORTS = {
  tcp: ["88", "135", "389", "445", "464", "636", "3268-3269", "49152-65535"],
  udp: ["88", "123", "389", "464"],
} as const;

type HubTarget = "bastion" | "runners" | "domainControllers" | "dnsServers";

interface Entry extends Omit<HubAccess, "hubPrefixes"> {
  readonly hub: HubTarget;
  readonly spokeSubnets: readonly SubnetRole[];
  /** Only for Träger whose session hosts join Active Directory. */
  readonly adJoinedOnly?: boolean;
}

/** The whole access matrix. Priorities 200–299 inbound and outbound; the denies start at 4000. */
export const HUB_ACCESS: readonly Entry[] = [
  { name: "allow-hub-bastion-rdp-inbound", direction: "Inbound", priority: 200, protocol: "Tcp", ports: ["3389"], hub: "bastion", spokeSubnets: ["sessionhosts"], description: "RDP to session hosts from Azure Bastion in the hub" },
  { name: "allow-hub-bastion-admin-inbound", direction: "Inbound", priority: 201, protocol: "Tcp", ports: ["22", "3389"], hub: "bastion", spokeSubnets: ["management"], description: "RDP and SSH to management VMs from Azure Bastion in the hub" },
  { name: "allow-hub-runners-https-inbound", direction: "Inbound", priority: 210, protocol: "Tcp", ports: ["443"], hub: "runners", spokeSubnets: ["privateendpoints"], description: "HTTPS to private endpoints (key vault, storage) from the Verbund's runners" },
  { name: "allow-hub-dns-udp-outbound", direction: "Outbound", priority: 200, protocol: "Udp", ports: ["53"], hub: "dnsServers", spokeSubnets: ["sessionhosts", "management"], description: "DNS to the hub's DNS servers (firewall DNS proxy or resolver)" },
  { name: "allow-hub-dns-tcp-outbound", direction: "Outbound", priority: 201, protocol: "Tcp", ports: ["53"], hub: "dnsServers", spokeSubnets: ["sessionhosts", "management"], description: "DNS over TCP to the hub's DNS servers" },
  { name: "allow-hub-ad-ds-tcp-outbound", direction: "Outbound", priority: 210, protocol: "Tcp", ports: AD_DS_PORTS.tcp, hub: "domainControllers", spokeSubnets: ["sessionhosts", "management"], adJoinedOnly: true, description: "AD DS (Kerberos, LDAP, SMB, RPC) to the domain controllers" },
  { name: "allow-hub-ad-ds-udp-outbound", direction: "Outbound", priority: 211, protocol: "Udp", ports: AD_DS_PORTS.udp, hub: "domainControllers", spokeSubnets: ["sessionhosts", "management"], adJoinedOnly: true, description: "AD DS (Kerberos, LDAP, NTP) to the domain controllers" },
];

/** The hub's prefixes behind one target of the matrix: the DNS servers as /32s, else the named subnet (none when it is not declared). */
export function hubPrefixes(hub: HubModel, target: HubTarget): string[] {
  if (target === "dnsServers") return hub.dnsServers.map((ip) => `${ip}/32`);
  const subnet = hub.subnets[target];
  return subnet === undefined ? [] : [subnet];
}

/** The hub access rules of one spoke subnet of one Träger, in matrix order. */
export function hubAccessFor(hub: HubModel, traeger: TraegerModel, role: SubnetRole): HubAccess[] {
  return HUB_ACCESS.filter((e) => e.spokeSubnets.includes(role) && (!e.adJoinedOnly || traeger.directory.join.mode === "ad"))
    .map(({ hub: target, spokeSubnets: _, adJoinedOnly: __, ...rule }) => ({ ...rule, hubPrefixes: hubPrefixes(hub, target) }))
    .filter((rule) => rule.hubPrefixes.length > 0);
}
