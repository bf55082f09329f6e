import { NetworkManagerStaticMember } from "@cdktf/provider-azurerm/lib/network-manager-static-member";
import type { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { networkGroupId, platformLayout } from "../identities/platform-layout";
import { networkManagerChildName } from "../naming";
import type { TraegerModel, VerbundModel } from "../verbund";
import { networkGroupsOf } from "../verbund/network-isolation";

/** Properties of a Träger VNet's membership in the isolation's network groups. */
export interface IsolationMembershipProps {
  readonly verbund: VerbundModel;
  readonly traeger: TraegerModel;
  readonly virtualNetwork: VirtualNetwork;
  /** Provider of the hub subscription, where the network manager and its groups live. */
  readonly hubProvider: TerraformProvider;
}

/**
 * Joins the Träger's VNet to the network groups its address space belongs to (lib/verbund/network-isolation.ts),
 * from the Träger's own stack: the group ids are derived from verbund.ts, never read from the platform
 * stack, so onboarding plans only the new Träger's stack. A static member takes effect at once; the
 * committed configuration needs no new commit (Microsoft Learn, "Configuration deployments in Azure
 * Virtual Network Manager": goal state, deployment latency).
 */
export class IsolationMembership extends Construct {
  /** The static members, by network group name. */
  readonly members: Readonly<Record<string, NetworkManagerStaticMember>>;

  constructor(scope: Construct, id: string, props: IsolationMembershipProps) {
    super(scope, id);
    const layout = platformLayout(props.verbund);
    const members: Record<string, NetworkManagerStaticMember> = {};
    for (const group of networkGroupsOf(props.traeger.network.addressSpace, props.verbund)) {
      members[group] = new NetworkManagerStaticMember(this, group, {
        provider: props.hubProvider,
        // Unique in its group: one member per Träger.
        name: networkManagerChildName(`traeger-${props.traeger.id}`),
        networkGroupId: networkGroupId(layout, group),
        targetVirtualNetworkId: props.virtualNetwork.id,
      });
    }
    this.members = members;
  }
}
