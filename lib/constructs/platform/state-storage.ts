import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { PlatformLayout } from "../../identities/platform-layout";
import { privateEndpointName } from "../../naming";

/** Properties of the Terraform state storage. */
export interface StateStorageProps {
  readonly layout: PlatformLayout;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly provider: TerraformProvider;
  readonly resourceGroup: ResourceGroup;
  /** Hub subnet of the account's private endpoint. */
  readonly privateEndpointSubnetId: string;
  readonly blobZoneId: string;
}

/** Days deleted blobs (state versions) and deleted containers can be restored. */
export const STATE_SOFT_DELETE_DAYS = 30;

/**
 * Where Terraform keeps every stack's state: Entra ID only (no shared keys), TLS 1.2, no public blob
 * access and no public network, every state version kept (versioning) and deletions recoverable
 * (blob and container soft delete); reached through a private endpoint in the hub.
 */
export class StateStorage extends Construct {
  readonly account: StorageAccount;
  readonly container: StorageContainer;

  constructor(scope: Construct, id: string, props: StateStorageProps) {
    super(scope, id);
    const { layout, tags, provider } = props;
    this.account = new StorageAccount(this, "account", {
      provider,
      name: layout.state.accountName,
      resourceGroupName: props.resourceGroup.name,
      location: props.location,
      accountKind: "StorageV2",
      accountTier: "Standard",
      // Zone- and geo-redundant: state survives a zone and a region (germanynorth holds the copy).
      accountReplicationType: "GZRS",
      httpsTrafficOnlyEnabled: true,
      minTlsVersion: "TLS1_2",
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      allowNestedItemsToBePublic: false,
      publicNetworkAccessEnabled: false,
      blobProperties: {
        versioningEnabled: true,
        deleteRetentionPolicy: { days: STATE_SOFT_DELETE_DAYS },
        containerDeleteRetentionPolicy: { days: STATE_SOFT_DELETE_DAYS },
      },
      tags,
      lifecycle: { preventDestroy: true },
    });
    // storage_account_id (not _name): the container is managed through Resource Manager, so creating
    // it needs no data-plane access (internal/services/storage/storage_container_resource.go).
    this.container = new StorageContainer(this, "container", { provider, name: layout.state.containerName, storageAccountId: this.account.id, containerAccessType: "private" });
    new PrivateEndpoint(this, "private-endpoint", {
      provider,
      name: privateEndpointName(layout.state.accountName, "blob"),
      resourceGroupName: props.resourceGroup.name,
      location: props.location,
      subnetId: props.privateEndpointSubnetId,
      privateServiceConnection: { name: `${layout.state.accountName}-blob`, privateConnectionResourceId: this.account.id, subresourceNames: ["blob"], isManualConnection: false },
      privateDnsZoneGroup: { name: "blob", privateDnsZoneIds: [props.blobZoneId] },
      tags,
    });
  }
}
