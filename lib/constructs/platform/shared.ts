import { DataProtectionResourceGuard } from "@cdktf/provider-azurerm/lib/data-protection-resource-guard";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { PlatformLayout } from "../../identities/platform-layout";

/** Properties of the Verbund's shared services. */
export interface PlatformSharedProps {
  readonly layout: PlatformLayout;
  readonly location: string;
  readonly tags: Record<string, string>;
  /** The hub VNet every private DNS zone is linked to (the spokes resolve through the hub's DNS). */
  readonly hubVirtualNetworkId: string;
  readonly providerFor: (subscriptionId: string) => TerraformProvider;
  /** A platform resource group the stack creates, if any (the guard's group may be one of them). */
  readonly groupOf: (subscriptionId: string, name: string) => ResourceGroup | undefined;
  /** Provider of the security officer's subscription, where the resource guard lives. */
  readonly securityProvider: TerraformProvider;
}

/** Days the central workspace keeps logs (the provider accepts 30–730, internal/services/loganalytics/log_analytics_workspace_resource.go). */
export const WORKSPACE_RETENTION_DAYS = 365;

/**
 * What every Träger stack refers to by id: the private DNS zones (linked to the hub VNet), the
 * central Log Analytics workspace and the resource guard of every backup vault.
 */
export class PlatformShared extends Construct {
  readonly zoneIds: { readonly file: string; readonly vault: string; readonly blob: string };
  readonly workspace: LogAnalyticsWorkspace;
  readonly resourceGuard: DataProtectionResourceGuard;

  constructor(scope: Construct, id: string, props: PlatformSharedProps) {
    super(scope, id);
    const { layout, tags } = props;
    const ids: Record<string, string> = {};
    for (const [key, zone] of Object.entries(layout.privateDnsZones)) {
      const provider = props.providerFor(zone.subscriptionId);
      const group = props.groupOf(zone.subscriptionId, zone.resourceGroupName)!;
      const resource = new PrivateDnsZone(this, `zone-${key}`, { provider, name: zone.name, resourceGroupName: group.name, tags, lifecycle: { preventDestroy: true } });
      new PrivateDnsZoneVirtualNetworkLink(this, `zone-${key}-hub-link`, {
        provider,
        name: "hub",
        privateDnsZoneName: resource.name,
        resourceGroupName: group.name,
        virtualNetworkId: props.hubVirtualNetworkId,
        registrationEnabled: false,
        tags,
      });
      ids[key] = resource.id;
    }
    this.zoneIds = { file: ids.file!, vault: ids.vault!, blob: ids.blob! };

    const ws = layout.logAnalyticsWorkspace;
    this.workspace = new LogAnalyticsWorkspace(this, "workspace", {
      provider: props.providerFor(ws.subscriptionId),
      name: ws.name,
      resourceGroupName: props.groupOf(ws.subscriptionId, ws.resourceGroupName)!.name,
      location: props.location,
      sku: "PerGB2018",
      retentionInDays: WORKSPACE_RETENTION_DAYS,
      // Only Entra ID identities read or write logs: no workspace keys.
      localAuthenticationEnabled: false,
      tags,
      lifecycle: { preventDestroy: true },
    });

    // The guard belongs to the security officer: the platform stack creates it once, after which the
    // identities only read it (lib/identities/rights.ts), so no pipeline can weaken it.
    const guard = layout.resourceGuard;
    const guardGroup =
      props.groupOf(guard.subscriptionId, guard.resourceGroupName) ??
      new ResourceGroup(this, "guard-resource-group", { provider: props.securityProvider, name: guard.resourceGroupName, location: props.location, tags });
    this.resourceGuard = new DataProtectionResourceGuard(this, "resource-guard", {
      provider: props.securityProvider,
      name: guard.name,
      resourceGroupName: guardGroup.name,
      location: props.location,
      // Empty: every critical operation of every associated vault needs the guard's approval.
      vaultCriticalOperationExclusionList: [],
      tags,
      lifecycle: { preventDestroy: true },
    });
  }
}
