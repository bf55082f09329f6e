import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TimeProvider } from "@cdktf/provider-time/lib/provider";
import { AzurermBackend, DataTerraformRemoteStateAzurerm, TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { AzapiProvider } from "../constructs/azapi-update";
import { BackupAlerts } from "../constructs/backup-alerts";
import { BackupVault } from "../constructs/backup-vault";
import { SecurityBaseline } from "../constructs/security-baseline";
import { DirectoryTenant } from "../constructs/directory-tenant";
import { IsolationMembership } from "../constructs/isolation-membership";
import { MsgraphProvider } from "../constructs/msgraph-update";
import { requireAzurermVersion } from "../constructs/provider-compat";
import { SpokeNetwork } from "../constructs/spoke-network";
import { VirtualDesktops } from "../constructs/vdi/virtual-desktops";
import { traegerResourceProviderNamespaces } from "../identities/resource-providers";
import { terraformLiteralTraeger } from "../terraform/literal";
import { SelfContainedStack } from "./stack-json";
import { subscriptionName } from "../naming";
import { stateBackendOf, subscriptionStackId, type TraegerModel, type VerbundModel } from "../verbund";
import { SUBSCRIPTION_ID_OUTPUT } from "./subscription-stack";

/** Properties of one Träger's stack. */
export interface TraegerStackProps {
  readonly verbund: VerbundModel;
  readonly traeger: TraegerModel;
}

/** One Träger's Terraform stack (stack name = Träger id), composed of one construct per capability. */
export class TraegerStack extends SelfContainedStack {
  readonly traeger: TraegerModel;
  readonly network: SpokeNetwork;
  readonly directory: DirectoryTenant;
  readonly backup: BackupVault;
  /** The Träger's virtual desktops; undefined when it declares no pools. */
  readonly desktops?: VirtualDesktops;

  constructor(scope: Construct, props: TraegerStackProps) {
    super(scope, props.traeger.id);
    const { verbund } = props;
    this.traeger = props.traeger;
    // A vended subscription's id is in the subscription stack's state (applied first, docs/design.md):
    // nobody copies it. An adopted one is the declared id, so the stack plans before its subscription stack applied.
    const subscriptionId =
      props.traeger.subscriptionId ?? new DataTerraformRemoteStateAzurerm(this, "subscription", stateBackendOf(verbund, subscriptionStackId(props.traeger.id))).getString(SUBSCRIPTION_ID_OUTPUT);
    // Constructs see the Träger through the one Terraform-text boundary: free text is escaped there.
    const traeger: TraegerModel = { ...terraformLiteralTraeger(props.traeger), subscriptionId };

    const azurermProvider = new AzurermProvider(this, "azurerm", {
      subscriptionId,
      tenantId: verbund.entraTenantId,
      storageUseAzuread: true,
      // Exactly the resource providers a Träger subscription needs (lib/identities/resource-providers.ts).
      resourceProviderRegistrations: "none",
      resourceProvidersToRegister: traegerResourceProviderNamespaces(),
      features: [providerFeatures],
    });
    const hubProvider = new AzurermProvider(this, "azurerm-hub", {
      alias: "hub",
      subscriptionId: verbund.hub.subscriptionId,
      tenantId: verbund.entraTenantId,
      storageUseAzuread: true,
      // The deploy identity has only peering rights in the hub: it must not try to register anything there.
      resourceProviderRegistrations: "none",
      features: [providerFeatures],
    });
    requireAzurermVersion(azurermProvider);
    requireAzurermVersion(hubProvider);
    const azureadProvider = new AzureadProvider(this, "azuread", { tenantId: verbund.entraTenantId });
    const msgraphProvider = new MsgraphProvider(this, "msgraph", { tenantId: verbund.entraTenantId });
    const azapiProvider = new AzapiProvider(this, "azapi", { subscriptionId, tenantId: verbund.entraTenantId });
    new AzurermBackend(this, stateBackendOf(verbund, traeger.id));
    // The subscription's security baseline: Defender plans and the activity log (docs/design.md).
    new SecurityBaseline(this, "baseline", {
      subscriptionResourceId: `/subscriptions/${subscriptionId}`,
      subscriptionName: subscriptionName(verbund.shortName, traeger.id),
      logAnalyticsWorkspaceId: verbund.monitoring.logAnalyticsWorkspaceId,
    });

    this.network = new SpokeNetwork(this, "network", {
      traeger,
      hub: verbund.hub,
      addressPool: verbund.addressPool,
      location: verbund.regions.primary,
      hubProvider,
    });

    // The VNet joins the network groups whose security admin rules keep every other Träger out.
    new IsolationMembership(this, "isolation", { verbund, traeger, virtualNetwork: this.network.virtualNetwork, hubProvider });

    this.directory = new DirectoryTenant(this, "directory", {
      traeger,
      directory: verbund.directory,
      verbundShortName: verbund.shortName,
      location: verbund.regions.primary,
      azureadProvider,
      msgraphProvider,
    });
    this.directory.grantResourceGroupAccess("network", this.network.resourceGroup);

    this.backup = new BackupVault(this, "backup", {
      traeger,
      location: verbund.regions.primary,
      resourceGuardId: verbund.backup.resourceGuardId,
      logAnalyticsWorkspaceId: verbund.monitoring.logAnalyticsWorkspaceId,
      azapiProvider,
    });
    this.directory.grantResourceGroupAccess("backup", this.backup.resourceGroup);
    new BackupAlerts(this, "backup-alerts", {
      traeger,
      verbundShortName: verbund.shortName,
      vault: this.backup.vault,
      resourceGroup: this.backup.resourceGroup,
      platformTeamEmail: verbund.monitoring.platformTeamEmail,
    });

    if (traeger.pools.length > 0) {
      // Declared even while offboarding: Terraform needs the providers to destroy what they created.
      new TimeProvider(this, "time");
      new RandomProvider(this, "random");
      this.desktops = new VirtualDesktops(this, "vdi", {
        traeger,
        verbundShortName: verbund.shortName,
        tenantId: verbund.entraTenantId,
        location: verbund.regions.primary,
        avdLocation: verbund.regions.avd,
        network: this.network,
        directory: this.directory,
        backup: this.backup,
        privateDns: verbund.privateDns,
        deployPrincipalId: verbund.identities.deployPrincipalId,
        logAnalyticsWorkspaceId: verbund.monitoring.logAnalyticsWorkspaceId,
      });
      if (traeger.status === "active") {
        new TerraformOutput(this, "desktop_pools", {
          value: Object.fromEntries(
            Object.entries(this.desktops.pools).map(([name, pool]) => [name, { host_pool_id: pool.hostPool?.id, session_hosts: pool.sessionHosts.map((h) => h.computerName) }]),
          ),
          description: "Host pool id and session host computer names of each desktop pool",
        });
      }
    }

    new TerraformOutput(this, "spoke_vnet_id", { value: this.network.virtualNetwork.id, description: "Resource id of the Träger's spoke VNet" });
    new TerraformOutput(this, "administrative_unit_id", { value: this.directory.administrativeUnitObjectId, description: "Object id of the Träger's administrative unit" });
    const groups = { ...this.directory.groups, ...this.directory.extraGroups };
    new TerraformOutput(this, "group_object_ids", {
      value: Object.fromEntries(Object.entries(groups).map(([role, group]) => [role, group.objectId])),
      description: "Object ids of the Träger's groups, by role",
    });
    new TerraformOutput(this, "session_host_join", { value: this.directory.sessionHostJoin, description: "How the Träger's session hosts join a directory (no secrets)" });
    new TerraformOutput(this, "address_space", { value: traeger.network.addressSpace, description: "The Träger's address space" });
  }
}

/**
 * Provider features: never purge or force-delete anything that holds data. Destroying a protected VM
 * stops its protection but keeps its recovery points.
 */
const providerFeatures = {
  resourceGroup: [{ preventDeletionIfContainsResources: true }],
  keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true }],
  recoveryService: [{ vmBackupStopProtectionAndRetainDataOnDestroy: true, purgeProtectedItemsFromVaultOnDestroy: false }],
  recoveryServicesVaults: [{ recoverSoftDeletedBackupProtectedVm: true }],
};
