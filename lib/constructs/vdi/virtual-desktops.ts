import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { DataAzurermKeyVaultSecret } from "@cdktf/provider-azurerm/lib/data-azurerm-key-vault-secret";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount, type StorageAccountAzureFilesAuthentication } from "@cdktf/provider-azurerm/lib/storage-account";
import { VirtualDesktopWorkspace } from "@cdktf/provider-azurerm/lib/virtual-desktop-workspace";
import { Password } from "@cdktf/provider-random/lib/password";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { avdObjectName, keyVaultName, keyVaultSecretName, privateEndpointName, resourceGroupName, storageAccountName } from "../../naming";
import type { DirectoryConfig, TraegerModel } from "../../verbund";
import type { BackupVault } from "../backup-vault";
import type { DirectoryTenant } from "../directory-tenant";
import { sendToCentralLogAnalytics } from "../diagnostics";
import type { SpokeNetwork } from "../spoke-network";
import { DesktopPool } from "./desktop-pool";

/** Application id of Microsoft's Azure Virtual Desktop service principal (the same in every tenant). */
export const AVD_SERVICE_PRINCIPAL_APP_ID = "9cdead84-a844-4324-93f2-b2e6bb768d07";
/** Name of the Key Vault secret holding the session hosts' local administrator password. */
export const LOCAL_ADMIN_SECRET = "sessionhost-local-admin";

/** Properties of a Träger's virtual desktops. */
export interface VirtualDesktopsProps {
  readonly traeger: TraegerModel;
  readonly verbundShortName: string;
  readonly tenantId: string;
  /** Region of session hosts, profiles and secrets (German). */
  readonly location: string;
  /** Region of the AVD service objects (an EU region). */
  readonly avdLocation: string;
  readonly network: SpokeNetwork;
  readonly directory: DirectoryTenant;
  readonly directoryConfig: DirectoryConfig;
  readonly backup: BackupVault;
  readonly privateDns: { readonly fileZoneId: string; readonly vaultZoneId: string };
  readonly logAnalyticsWorkspaceId: string;
  /** Object id of the deploy identity (verbund.ts), which writes the local admin secret: never whoever runs Terraform. */
  readonly deployPrincipalId: string;
  /** Provider of the hub subscription, where the AD join account's Key Vault is. */
  readonly hubProvider: TerraformProvider;
}

/**
 * A Träger's virtual desktops: its AVD workspace, one DesktopPool per declared pool, FSLogix profile
 * storage reachable only through a private endpoint, a Key Vault for the session hosts' generated
 * local admin password, and the rights AVD needs to start and stop the hosts. While the Träger is
 * offboarding only what holds data remains: profile storage and shares, the Key Vault and its secret.
 */
export class VirtualDesktops extends Construct {
  readonly resourceGroup: ResourceGroup;
  /** The Träger's AVD workspace; undefined while the Träger is offboarding. */
  readonly workspace?: VirtualDesktopWorkspace;
  readonly profileStorage: StorageAccount;
  readonly keyVault: KeyVault;
  /** Pools by name. */
  readonly pools: Readonly<Record<string, DesktopPool>>;

  constructor(scope: Construct, id: string, props: VirtualDesktopsProps) {
    super(scope, id);
    const { traeger, directory, location } = props;
    const tags = { ...traeger.tags };
    const join = directory.sessionHostJoin;

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: resourceGroupName(traeger.id, "vdi"), location, tags });
    directory.grantResourceGroupAccess("vdi", this.resourceGroup);

    const active = traeger.status === "active";
    if (active) this.workspace = this.createWorkspaceAndAccess(props, tags);

    this.keyVault = this.createKeyVault(props, tags);
    const adminPassword = new Password(this, "local-admin-password", { length: 24, special: true, minUpper: 1, minLower: 1, minNumeric: 1, minSpecial: 1, overrideSpecial: "!#%*-_=+?" });
    const secretsOfficer = new RoleAssignment(this, "deployer-secrets-officer", {
      scope: this.keyVault.id,
      roleDefinitionName: "Key Vault Secrets Officer",
      principalId: props.deployPrincipalId,
      principalType: "ServicePrincipal",
    });
    new KeyVaultSecret(this, "local-admin-secret", {
      name: keyVaultSecretName(LOCAL_ADMIN_SECRET),
      keyVaultId: this.keyVault.id,
      value: adminPassword.result,
      contentType: `local administrator password of the ${traeger.id} session hosts`,
      dependsOn: [secretsOfficer],
      tags,
    });

    this.profileStorage = this.createProfileStorage(props, tags);

    let domainJoinPassword: string | undefined;
    if (join.mode === "ad" && active) {
      domainJoinPassword = new DataAzurermKeyVaultSecret(this, "domain-join-password", {
        provider: props.hubProvider,
        keyVaultId: join.passwordSecret.keyVaultId,
        name: join.passwordSecret.secretName,
      }).value;
    }

    const pools: Record<string, DesktopPool> = {};
    for (const pool of traeger.pools) {
      pools[pool.name] = new DesktopPool(this, `pool-${pool.name}`, {
        traeger,
        pool,
        resourceGroupName: this.resourceGroup.name,
        location,
        avdLocation: props.avdLocation,
        ...(this.workspace ? { workspace: this.workspace } : {}),
        sessionHostSubnetId: props.network.sessionHostSubnetId,
        profileStorage: this.profileStorage,
        backup: props.backup,
        join,
        ...(domainJoinPassword ? { domainJoinPassword } : {}),
        adminPassword: adminPassword.result,
        vdiUsersGroupObjectId: directory.vdiUsersGroupObjectId,
        logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      });
    }
    this.pools = pools;
  }

  private createWorkspaceAndAccess(props: VirtualDesktopsProps, tags: Record<string, string>): VirtualDesktopWorkspace {
    const { traeger, directory } = props;
    const workspace = new VirtualDesktopWorkspace(this, "workspace", {
      name: avdObjectName("workspace", traeger.id),
      friendlyName: traeger.name,
      resourceGroupName: this.resourceGroup.name,
      location: props.avdLocation,
      tags,
    });
    sendToCentralLogAnalytics(this, "diagnostics-workspace", {
      resourceName: avdObjectName("workspace", traeger.id),
      targetResourceId: workspace.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategoryGroups: ["allLogs"],
    });

    // AVD starts hosts on connect and scales them: it needs power rights on the Träger's subscription.
    const avd = new DataAzureadServicePrincipal(this, "avd-service-principal", { clientId: AVD_SERVICE_PRINCIPAL_APP_ID });
    new RoleAssignment(this, "avd-power-on-off", {
      scope: `/subscriptions/${traeger.subscriptionId}`,
      roleDefinitionName: "Desktop Virtualization Power On Off Contributor",
      principalId: avd.objectId,
      principalType: "ServicePrincipal",
    });
    if (directory.sessionHostJoin.mode === "entra") {
      new RoleAssignment(this, "users-vm-login", {
        scope: this.resourceGroup.id,
        roleDefinitionName: "Virtual Machine User Login",
        principalId: directory.vdiUsersGroupObjectId,
        principalType: "Group",
      });
    }

    return workspace;
  }

  private createKeyVault(props: VirtualDesktopsProps, tags: Record<string, string>): KeyVault {
    const name = keyVaultName(props.verbundShortName, props.traeger.id);
    const vault = new KeyVault(this, "key-vault", {
      name,
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      tenantId: props.tenantId,
      skuName: "standard",
      rbacAuthorizationEnabled: true,
      purgeProtectionEnabled: true,
      softDeleteRetentionDays: 90,
      publicNetworkAccessEnabled: false,
      networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.privateEndpoint("key-vault-endpoint", name, vault.id, "vault", props.privateDns.vaultZoneId, props, tags);
    return vault;
  }

  private createProfileStorage(props: VirtualDesktopsProps, tags: Record<string, string>): StorageAccount {
    const { traeger } = props;
    const join = props.directory.sessionHostJoin;
    const name = storageAccountName(props.verbundShortName, traeger.id, "profiles");
    const ad = props.directoryConfig.adJoin;
    const authentication: StorageAccountAzureFilesAuthentication =
      join.mode === "ad" && ad
        ? {
            directoryType: "AD",
            activeDirectory: { domainName: join.domain, domainGuid: ad.domainGuid, domainSid: ad.domainSid, forestName: ad.forestName, netbiosDomainName: ad.netbiosDomainName },
            defaultShareLevelPermission: "None",
          }
        : { directoryType: "AADKERB", defaultShareLevelPermission: "None" };
    const account = new StorageAccount(this, "profile-storage", {
      name,
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      accountKind: "FileStorage",
      accountTier: "Premium",
      // Zone-redundant across Frankfurt's three zones; geo-replication is not offered for Premium files.
      accountReplicationType: "ZRS",
      minTlsVersion: "TLS1_2",
      httpsTrafficOnlyEnabled: true,
      publicNetworkAccessEnabled: false,
      sharedAccessKeyEnabled: false,
      defaultToOauthAuthentication: true,
      allowNestedItemsToBePublic: false,
      crossTenantReplicationEnabled: false,
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices"] },
      azureFilesAuthentication: authentication,
      shareProperties: { retentionPolicy: { days: 14 } },
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.privateEndpoint("profile-storage-endpoint", name, account.id, "file", props.privateDns.fileZoneId, props, tags);
    sendToCentralLogAnalytics(this, "diagnostics-profile-storage", {
      resourceName: `${name}-files`,
      targetResourceId: `${account.id}/fileServices/default`,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategoryGroups: ["allLogs"],
    });
    return account;
  }

  private privateEndpoint(id: string, resourceName: string, resourceId: string, subresource: string, dnsZoneId: string, props: VirtualDesktopsProps, tags: Record<string, string>): PrivateEndpoint {
    const name = privateEndpointName(resourceName, subresource);
    return new PrivateEndpoint(this, id, {
      name,
      resourceGroupName: this.resourceGroup.name,
      location: props.location,
      subnetId: props.network.privateEndpointSubnetId,
      privateServiceConnection: { name, privateConnectionResourceId: resourceId, subresourceNames: [subresource], isManualConnection: false },
      privateDnsZoneGroup: { name: "hub-private-dns", privateDnsZoneIds: [dnsZoneId] },
      tags,
    });
  }
}
