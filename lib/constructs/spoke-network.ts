import { NetworkSecurityGroup, type NetworkSecurityGroupSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-group";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { networkSecurityGroupName, peeringName, resourceGroupName, routeTableName, subnetName, virtualNetworkName } from "../naming";
import { type HubAccess, type HubModel, hubAccessFor, SUBNET_ROLES, type SubnetRole, type TraegerModel } from "../verbund";

/** Properties of a Träger's spoke network. */
export interface SpokeNetworkProps {
  readonly traeger: TraegerModel;
  readonly hub: HubModel;
  /** The Verbund's whole Träger pool: denied inbound and outbound, after the Träger's own space is allowed. */
  readonly addressPool: string;
  /** Region of the spoke (the Verbund's primary region). */
  readonly location: string;
  /** Provider for the hub subscription: the hub-side peering is created through it. */
  readonly hubProvider: TerraformProvider;
}

/**
 * NSG priorities: allows first (the hub's, by subnet and port, at 200–299: lib/verbund/hub-access.ts),
 * then the denies that keep Träger apart and the rest of the hub out. Part of the public behaviour.
 */
export const NSG_PRIORITY = {
  allowTraeger: 100,
  allowAzureLoadBalancer: 120,
  denyOtherTraeger: 4000,
  denyInternet: 4010,
  denyHub: 4020,
  denyAll: 4096,
} as const;

/**
 * A Träger's spoke: its VNet with one subnet per role, an NSG on every subnet that isolates it from
 * every other Träger, a default route to the hub firewall, and peering to the hub in both directions.
 */
export class SpokeNetwork extends Construct {
  readonly resourceGroup: ResourceGroup;
  readonly virtualNetwork: VirtualNetwork;
  readonly routeTable: RouteTable;
  /** Subnet resources by role. */
  readonly subnets: Readonly<Record<SubnetRole, Subnet>>;
  /** Where session hosts get their NICs. */
  readonly sessionHostSubnetId: string;
  /** Where private endpoints (profile storage, key vault) get their NICs. */
  readonly privateEndpointSubnetId: string;
  readonly managementSubnetId: string;

  constructor(scope: Construct, id: string, props: SpokeNetworkProps) {
    super(scope, id);
    const { traeger, hub, location } = props;
    const tags = { ...traeger.tags };

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: resourceGroupName(traeger.id, "network"), location, tags });
    this.virtualNetwork = new VirtualNetwork(this, "vnet", {
      name: virtualNetworkName(traeger.id),
      resourceGroupName: this.resourceGroup.name,
      location,
      addressSpace: [traeger.network.addressSpace],
      dnsServers: [...hub.dnsServers],
      tags,
    });
    this.routeTable = new RouteTable(this, "route-table", {
      name: routeTableName(traeger.id),
      resourceGroupName: this.resourceGroup.name,
      location,
      // Routes learned over BGP from the hub gateway must not bypass the firewall.
      bgpRoutePropagationEnabled: false,
      route: [{ name: "default-via-hub-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: hub.firewallPrivateIp }],
      tags,
    });

    const subnets = {} as Record<SubnetRole, Subnet>;
    for (const role of SUBNET_ROLES) {
      const rules = isolationRules(traeger.network.addressSpace, hub.addressSpace, props.addressPool, traeger.network.subnets[role], hubAccessFor(hub, traeger, role));
      const subnet = new Subnet(this, `subnet-${role}`, {
        name: subnetName(role),
        resourceGroupName: this.resourceGroup.name,
        virtualNetworkName: this.virtualNetwork.name,
        addressPrefixes: [traeger.network.subnets[role]],
        // Outbound goes through the hub firewall only, never through Azure's implicit internet access.
        defaultOutboundAccessEnabled: false,
        // Private endpoints obey the NSG and route table like every other NIC.
        privateEndpointNetworkPolicies: "Enabled",
      });
      const nsg = new NetworkSecurityGroup(this, `nsg-${role}`, {
        name: networkSecurityGroupName(traeger.id, role),
        resourceGroupName: this.resourceGroup.name,
        location,
        securityRule: rules,
        tags,
      });
      new SubnetNetworkSecurityGroupAssociation(this, `nsg-association-${role}`, { subnetId: subnet.id, networkSecurityGroupId: nsg.id });
      new SubnetRouteTableAssociation(this, `route-table-association-${role}`, { subnetId: subnet.id, routeTableId: this.routeTable.id });
      subnets[role] = subnet;
    }
    this.subnets = subnets;
    this.sessionHostSubnetId = subnets.sessionhosts.id;
    this.privateEndpointSubnetId = subnets.privateendpoints.id;
    this.managementSubnetId = subnets.management.id;

    // Offboarding cuts the Träger off the Verbund; the VNet stays for the private endpoints of its data.
    if (traeger.status !== "active") return;
    // Both directions live in the Träger's stack, so onboarding one Träger plans one stack only.
    new VirtualNetworkPeering(this, "peering-to-hub", {
      name: peeringName(traeger.id, "spoke-to-hub"),
      resourceGroupName: this.resourceGroup.name,
      virtualNetworkName: this.virtualNetwork.name,
      remoteVirtualNetworkId: hub.virtualNetworkId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: hub.useRemoteGateways,
    });
    new VirtualNetworkPeering(this, "peering-from-hub", {
      provider: props.hubProvider,
      name: peeringName(traeger.id, "hub-to-spoke"),
      resourceGroupName: hub.resourceGroupName,
      virtualNetworkName: hub.virtualNetworkName,
      remoteVirtualNetworkId: this.virtualNetwork.id,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: hub.useRemoteGateways,
      useRemoteGateways: false,
    });
  }
}

/**
 * The rules of one spoke subnet. Every other Träger is denied by denying the whole pool, which does
 * not depend on who else is in the Verbund: onboarding a Träger never changes another's stack. The
 * hub is allowed only by subnet and port (`hub`), the rest of it denied in both directions.
 */
function isolationRules(ownSpace: string, hubSpace: string, pool: string, subnet: string, hub: readonly HubAccess[]): NetworkSecurityGroupSecurityRule[] {
  const rule = (r: Pick<NetworkSecurityGroupSecurityRule, "name" | "priority" | "direction" | "access" | "sourceAddressPrefix" | "destinationAddressPrefix" | "description">): NetworkSecurityGroupSecurityRule => ({
    protocol: "*",
    sourcePortRange: "*",
    destinationPortRange: "*",
    ...r,
  });
  const hubRule = (a: HubAccess): NetworkSecurityGroupSecurityRule => {
    const hubSide = a.hubPrefixes.length === 1 ? { prefix: a.hubPrefixes[0] } : { prefixes: [...a.hubPrefixes] };
    return {
      name: a.name,
      priority: a.priority,
      direction: a.direction,
      access: "Allow",
      protocol: a.protocol,
      sourcePortRange: "*",
      ...(a.ports.length === 1 ? { destinationPortRange: a.ports[0] } : { destinationPortRanges: [...a.ports] }),
      ...(a.direction === "Inbound"
        ? { sourceAddressPrefix: hubSide.prefix, sourceAddressPrefixes: hubSide.prefixes, destinationAddressPrefix: subnet }
        : { sourceAddressPrefix: subnet, destinationAddressPrefix: hubSide.prefix, destinationAddressPrefixes: hubSide.prefixes }),
      description: a.description,
    };
  };
  const inbound = hub.filter((a) => a.direction === "Inbound").map(hubRule);
  const outbound = hub.filter((a) => a.direction === "Outbound").map(hubRule);
  return [
    rule({ name: "allow-traeger-inbound", priority: NSG_PRIORITY.allowTraeger, direction: "Inbound", access: "Allow", sourceAddressPrefix: ownSpace, destinationAddressPrefix: ownSpace, description: "The Träger's own network" }),
    rule({ name: "allow-azure-load-balancer-inbound", priority: NSG_PRIORITY.allowAzureLoadBalancer, direction: "Inbound", access: "Allow", sourceAddressPrefix: "AzureLoadBalancer", destinationAddressPrefix: ownSpace, description: "Azure health probes" }),
    ...inbound,
    rule({ name: "deny-other-traeger-inbound", priority: NSG_PRIORITY.denyOtherTraeger, direction: "Inbound", access: "Deny", sourceAddressPrefix: pool, destinationAddressPrefix: "*", description: "Every other Träger of the Verbund (NET.1.1.A23)" }),
    rule({ name: "deny-internet-inbound", priority: NSG_PRIORITY.denyInternet, direction: "Inbound", access: "Deny", sourceAddressPrefix: "Internet", destinationAddressPrefix: "*", description: "No inbound traffic from the Internet" }),
    rule({ name: "deny-hub-inbound", priority: NSG_PRIORITY.denyHub, direction: "Inbound", access: "Deny", sourceAddressPrefix: hubSpace, destinationAddressPrefix: "*", description: "The rest of the hub: the firewall SNATs other Träger's traffic to hub addresses" }),
    rule({ name: "deny-all-inbound", priority: NSG_PRIORITY.denyAll, direction: "Inbound", access: "Deny", sourceAddressPrefix: "*", destinationAddressPrefix: "*", description: "Anything not allowed above" }),
    rule({ name: "allow-traeger-outbound", priority: NSG_PRIORITY.allowTraeger, direction: "Outbound", access: "Allow", sourceAddressPrefix: ownSpace, destinationAddressPrefix: ownSpace, description: "The Träger's own network" }),
    ...outbound,
    rule({ name: "deny-other-traeger-outbound", priority: NSG_PRIORITY.denyOtherTraeger, direction: "Outbound", access: "Deny", sourceAddressPrefix: "*", destinationAddressPrefix: pool, description: "Every other Träger of the Verbund (NET.1.1.A23)" }),
    rule({ name: "deny-hub-outbound", priority: NSG_PRIORITY.denyHub, direction: "Outbound", access: "Deny", sourceAddressPrefix: "*", destinationAddressPrefix: hubSpace, description: "The rest of the hub: only DNS and AD DS above" }),
  ];
}
