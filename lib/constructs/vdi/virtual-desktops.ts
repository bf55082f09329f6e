import { DataAzureadServicePrincipal } from "@cdktf/provider-azuread/lib/data-azuread-service-principal";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultSecret } from "@cdktf/provider-azurerm/lib/key-vault-secret";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount, type StorageAccountAzureFilesAuthentication } from "@cdktf/provider-azurerm/lib/storage-account";
import { VirtualDesktopWorkspace } from "@cdktf/provider-azurerm/lib/virtual-desktop-workspace";
import { Password } from "@cdktf/provider-random/lib/password";
import { Sleep } from "@cdktf/provider-time/lib/sleep";
import { Construct } from "constructs";
import { fitBytes } from "../../naming/display-name";
import { avdObjectName, keyVaultName, keyVaultSecretName, privateEndpointName, resourceGroupName, storageAccountName } from "../../naming";
import type { TraegerModel } from "../../verbund";
import type { BackupVault } from "../backup-vault";
import type { DirectoryTenant } from "../directory-tenant";
import { sendToCentralLogAnalytics } from "../diagnostics";
import type { SpokeNetwork } from "../spoke-network";
import { AVD_DESCRIPTION_MAX_BYTES, AVD_FRIENDLY_NAME_MAX_BYTES, DesktopPool } from "./desktop-pool";
import { AVD_SERVICE_PRINCIPAL_APP_ID, LOCAL_ADMIN_SECRET, LOCAL_ADMIN_SECRET_VERSION, ROLE_PROPAGATION_WAIT } from "../facts";


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
  readonly backup: BackupVault;
  readonly privateDns: { readonly fileZoneId: string; readonly vaultZoneId: string };
  readonly logAnalyticsWorkspaceId: string;
  /** Object id of the deploy identity (verbund.ts), which writes the local admin secret: never whoever runs Terraform. */
  readonly deployPrincipalId: string;
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

    const { vault, endpoint } = this.createKeyVault(props, tags);
    this.keyVault = vault;
    // The VM's admin_password is not write-only (azurerm windows_virtual_machine_resource.go), so the
    // first password must be a stored value: an ephemeral random_password cannot reach it. Windows LAPS
    // replaces it on every host after provisioning (docs/vdi.md); what state holds is then void.
    const adminPassword = new Password(this, "local-admin-password", { length: 24, special: true, minUpper: 1, minLower: 1, minNumeric: 1, minSpecial: 1, overrideSpecial: "!#%*-_=+?" });
    const secretsOfficer = new RoleAssignment(this, "deployer-secrets-officer", {
      scope: this.keyVault.id,
      roleDefinitionName: "Key Vault Secrets Officer",
      principalId: props.deployPrincipalId,
      principalType: "ServicePrincipal",
    });
    const propagation = new Sleep(this, "deployer-secrets-officer-propagation", {
      createDuration: ROLE_PROPAGATION_WAIT,
      triggers: { role_assignment_id: secretsOfficer.id },
      dependsOn: [secretsOfficer],
    });
    // The vault has no public access: the secret is written through its private endpoint, which must
    // exist with its DNS record (the private_dns_zone_group) first. value_wo keeps the value out of the
    // secret's state and out of every plan (Terraform 1.11 write-only arguments).
    new KeyVaultSecret(this, "local-admin-secret", {
      name: keyVaultSecretName(LOCAL_ADMIN_SECRET),
      keyVaultId: this.keyVault.id,
      valueWo: adminPassword.result,
      valueWoVersion: LOCAL_ADMIN_SECRET_VERSION,
      contentType: `first local administrator password of the ${traeger.id} session hosts (rotated by Windows LAPS after provisioning)`,
      dependsOn: [propagation, endpoint],
      tags,
    });

    this.profileStorage = this.createProfileStorage(props, tags);

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
      friendlyName: fitBytes(traeger.name, AVD_FRIENDLY_NAME_MAX_BYTES),
      ...(fitBytes(traeger.name, AVD_FRIENDLY_NAME_MAX_BYTES) === traeger.name ? {} : { description: fitBytes(traeger.name, AVD_DESCRIPTION_MAX_BYTES) }),
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

  private createKeyVault(props: VirtualDesktopsProps, tags: Record<string, string>): { vault: KeyVault; endpoint: PrivateEndpoint } {
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
    const endpoint = this.privateEndpoint("key-vault-endpoint", name, vault.id, "vault", props.privateDns.vaultZoneId, props, tags);
    // Who read or wrote which secret: the audit category group (AuditEvent) to the central workspace.
    sendToCentralLogAnalytics(this, "diagnostics-key-vault", {
      resourceName: name,
      targetResourceId: vault.id,
      logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId,
      logCategoryGroups: ["audit"],
    });
    return { vault, endpoint };
  }

  private createProfileStorage(props: VirtualDesktopsProps, tags: Record<string, string>): StorageAccount {
    const { traeger } = props;
    const join = props.directory.sessionHostJoin;
    const name = storageAccountName(props.verbundShortName, traeger.id, "profiles");
    // AD DS authentication needs the storage account's own computer account in AD (storage_sid), which
    // only the domain join of the account creates (docs/vdi.md): azurerm refuses directory_type "AD"
    // without it at create (storage_account_resource.go, expandAccountAzureFilesAuthentication). So an
    // AD-joined Träger's account is created without identity-based authentication, the join sets it,
    // and Terraform leaves exactly that block to the join.
    const adJoined = join.mode === "ad";
    const authentication: StorageAccountAzureFilesAuthentication | undefined = adJoined ? undefined : { directoryType: "AADKERB", defaultShareLevelPermission: "None" };
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
      ...(authentication ? { azureFilesAuthentication: authentication } : {}),
      shareProperties: { retentionPolicy: { days: 14 } },
      tags,
      lifecycle: { preventDestroy: true, ...(adJoined ? { ignoreChanges: ["azure_files_authentication"] } : {}) },
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
