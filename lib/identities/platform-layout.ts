/**
 * Where the platform stack's resources live, read from the ids in verbund.ts: the config names each
 * resource by its id before it exists, so the platform stack creates exactly what the Träger stacks
 * refer to. No cdktf imports.
 */
import { networkManagerName, networkManagerResourceGroupName } from "../naming";
import type { VerbundWithTraegerIds } from "../verbund/model";

/** A resource id taken apart. */
export interface AzureResourceRef {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly name: string;
}

const RESOURCE_ID = /^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([^/]+)\/providers\/[^/]+\/[^/]+\/([^/]+)$/;

/** Splits a resource id of the form /subscriptions/…/resourceGroups/…/providers/<ns>/<type>/<name>. */
export function parseResourceId(id: string): AzureResourceRef {
  const match = RESOURCE_ID.exec(id);
  if (!match) throw new Error(`not a resource id: ${id}`);
  return { id, subscriptionId: match[1]!.toLowerCase(), resourceGroupName: match[2]!, name: match[3]! };
}

/** The private DNS zone of the state account's private endpoint, beside the zones verbund.ts names. */
export const BLOB_PRIVATE_DNS_ZONE = "privatelink.blob.core.windows.net";

/** Everything the platform stack creates, by where it lives. */
export interface PlatformLayout {
  readonly state: { readonly subscriptionId: string; readonly resourceGroupName: string; readonly accountName: string; readonly accountId: string; readonly containerName: string; readonly containerId: string };
  /** The resource group of the plan and deploy identities, in the state subscription. */
  readonly identities: { readonly subscriptionId: string; readonly resourceGroupName: string; readonly planName: string; readonly deployName: string };
  readonly privateDnsZones: { readonly file: AzureResourceRef; readonly vault: AzureResourceRef; readonly blob: AzureResourceRef };
  readonly logAnalyticsWorkspace: AzureResourceRef;
  readonly resourceGuard: AzureResourceRef;
  readonly managementGroupId: string;
  /** The network manager of the Träger isolation (lib/verbund/network-isolation.ts), in the hub subscription. */
  readonly networkManager: AzureResourceRef;
}

/** The id of one of the network manager's network groups: Träger stacks derive it, no cross-stack reference. */
export function networkGroupId(layout: Pick<PlatformLayout, "networkManager">, groupName: string): string {
  return `${layout.networkManager.id}/networkGroups/${groupName}`;
}

/** The platform stack's layout for a Verbund. */
export function platformLayout(model: VerbundWithTraegerIds): PlatformLayout {
  const sb = model.stateBackend;
  const subscriptionId = sb.subscriptionId.toLowerCase();
  const accountId = `/subscriptions/${subscriptionId}/resourceGroups/${sb.resourceGroupName}/providers/Microsoft.Storage/storageAccounts/${sb.storageAccountName}`;
  const file = parseResourceId(model.privateDns.fileZoneId);
  const blobId = `/subscriptions/${file.subscriptionId}/resourceGroups/${file.resourceGroupName}/providers/Microsoft.Network/privateDnsZones/${BLOB_PRIVATE_DNS_ZONE}`;
  return {
    state: {
      subscriptionId,
      resourceGroupName: sb.resourceGroupName,
      accountName: sb.storageAccountName,
      accountId,
      containerName: sb.containerName,
      containerId: `${accountId}/blobServices/default/containers/${sb.containerName}`,
    },
    identities: { subscriptionId, resourceGroupName: `rg-${model.shortName}-identities`, planName: `id-${model.shortName}-plan`, deployName: `id-${model.shortName}-deploy` },
    privateDnsZones: { file, vault: parseResourceId(model.privateDns.vaultZoneId), blob: parseResourceId(blobId) },
    logAnalyticsWorkspace: parseResourceId(model.monitoring.logAnalyticsWorkspaceId),
    resourceGuard: parseResourceId(model.backup.resourceGuardId),
    managementGroupId: model.identities.traegerManagementGroupId,
    networkManager: parseResourceId(
      `/subscriptions/${model.hub.subscriptionId.toLowerCase()}/resourceGroups/${networkManagerResourceGroupName(model.shortName)}/providers/Microsoft.Network/networkManagers/${networkManagerName(model.shortName)}`,
    ),
  };
}

/** The platform's resource groups (sorted, unique), each with its subscription and what it holds. */
export function platformResourceGroups(layout: PlatformLayout): { readonly subscriptionId: string; readonly name: string; readonly holds: string }[] {
  const groups = new Map<string, { subscriptionId: string; name: string; holds: string[] }>();
  const add = (subscriptionId: string, name: string, holds: string) => {
    const key = `${subscriptionId}/${name.toLowerCase()}`;
    const group = groups.get(key) ?? { subscriptionId, name, holds: [] };
    group.holds.push(holds);
    groups.set(key, group);
  };
  add(layout.state.subscriptionId, layout.state.resourceGroupName, "Terraform state");
  add(layout.identities.subscriptionId, layout.identities.resourceGroupName, "plan and deploy identities");
  const zones = layout.privateDnsZones;
  for (const zone of [zones.file, zones.vault, zones.blob]) add(zone.subscriptionId, zone.resourceGroupName, "private DNS zones");
  add(layout.logAnalyticsWorkspace.subscriptionId, layout.logAnalyticsWorkspace.resourceGroupName, "Log Analytics workspace");
  add(layout.networkManager.subscriptionId, layout.networkManager.resourceGroupName, "network manager of the Träger isolation");
  return [...groups.values()].map((g) => ({ subscriptionId: g.subscriptionId, name: g.name, holds: [...new Set(g.holds)].join(", ") })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
