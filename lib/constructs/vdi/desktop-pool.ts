import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageShare } from "@cdktf/provider-azurerm/lib/storage-share";
import { VirtualDesktopApplicationGroup } from "@cdktf/provider-azurerm/lib/virtual-desktop-application-group";
import { VirtualDesktopHostPool } from "@cdktf/provider-azurerm/lib/virtual-desktop-host-pool";
import { VirtualDesktopHostPoolRegistrationInfo } from "@cdktf/provider-azurerm/lib/virtual-desktop-host-pool-registration-info";
import { VirtualDesktopScalingPlan } from "@cdktf/provider-azurerm/lib/virtual-desktop-scaling-plan";
import type { VirtualDesktopWorkspace } from "@cdktf/provider-azurerm/lib/virtual-desktop-workspace";
import { VirtualDesktopWorkspaceApplicationGroupAssociation } from "@cdktf/provider-azurerm/lib/virtual-desktop-workspace-application-group-association";
import { Rotating } from "@cdktf/provider-time/lib/rotating";
import { Construct } from "constructs";
import { minutesOf } from "../../declaration";
import { avdObjectName, profileShareName } from "../../naming";
import { fitBytes, labelWithSuffix } from "../../naming/display-name";
import { SCHEDULE_TIME_ZONE, type PoolModel, type TraegerModel } from "../../verbund";
import type { BackupVault } from "../backup-vault";
import type { SessionHostJoinSettings } from "../directory-tenant";
import { sendToCentralLogAnalytics } from "../diagnostics";
import { rdpProperties } from "./rdp-properties";
import { SessionHost } from "./session-host";

/** friendly_name of AVD objects: validation.StringLenBetween(1, 64), in bytes (azurerm v4.55.0). */
export const AVD_FRIENDLY_NAME_MAX_BYTES = 64;
/** description of AVD objects: validation.StringLenBetween(1, 512), in bytes. */
export const AVD_DESCRIPTION_MAX_BYTES = 512;

/** Days a registration token lives before it is rotated (Azure allows up to 30). */
export const REGISTRATION_TOKEN_ROTATION_DAYS = 27;

/** Properties of one desktop pool. */
export interface DesktopPoolProps {
  readonly traeger: TraegerModel;
  readonly pool: PoolModel;
  readonly resourceGroupName: string;
  /** Region of session hosts and profiles (German). */
  readonly location: string;
  /** Region of the AVD service objects (an EU region; AVD has no German location for them). */
  readonly avdLocation: string;
  /** The Träger's workspace; undefined while the Träger is offboarding. */
  readonly workspace?: VirtualDesktopWorkspace;
  readonly sessionHostSubnetId: string;
  readonly profileStorage: StorageAccount;
  readonly backup: BackupVault;
  readonly join: SessionHostJoinSettings;
  readonly adminPassword: string;
  readonly vdiUsersGroupObjectId: string;
  readonly logAnalyticsWorkspaceId: string;
}

/**
 * One desktop pool: host pool, desktop application group in the Träger's workspace, a scaling plan
 * for pooled pools, the pool's FSLogix profile share (backed up), and its session hosts. While the
 * Träger is offboarding only the profile share and its backup remain.
 */
export class DesktopPool extends Construct {
  /** The host pool; undefined while the Träger is offboarding. */
  readonly hostPool?: VirtualDesktopHostPool;
  readonly applicationGroup?: VirtualDesktopApplicationGroup;
  readonly profileShare: StorageShare;
  readonly sessionHosts: readonly SessionHost[] = [];
  readonly scalingPlan?: VirtualDesktopScalingPlan;

  constructor(scope: Construct, id: string, props: DesktopPoolProps) {
    super(scope, id);
    const { traeger, pool } = props;
    const tags = { ...traeger.tags };
    const personal = pool.type === "personal";

    // The share holds the pool's profiles: it stays, backed up, whatever the Träger's status.
    this.profileShare = new StorageShare(this, "profile-share", {
      name: profileShareName(pool.name),
      storageAccountId: props.profileStorage.id,
      quota: pool.profileShareGiB,
      enabledProtocol: "SMB",
      accessTier: "Premium",
      lifecycle: { preventDestroy: true },
    });
    props.backup.protectFileShare(profileShareName(pool.name), props.profileStorage, this.profileShare);
    if (traeger.status !== "active" || !props.workspace) return;

    const hostPoolName = avdObjectName("host-pool", traeger.id, pool.name);
    const applicationGroupName = avdObjectName("application-group", traeger.id, pool.name);
    // Friendly names keep the pool's name whole and shorten the Träger's name when 64 bytes demand it;
    // the whole text then goes into the description.
    const label = poolLabel(traeger.name, pool.name);
    this.hostPool = new VirtualDesktopHostPool(this, "host-pool", {
      name: hostPoolName,
      ...label,
      resourceGroupName: props.resourceGroupName,
      location: props.avdLocation,
      type: personal ? "Personal" : "Pooled",
      ...(personal ? { loadBalancerType: "Persistent", personalDesktopAssignmentType: "Automatic", maximumSessionsAllowed: 1 } : { loadBalancerType: "BreadthFirst", maximumSessionsAllowed: pool.sessionsPerHost }),
      startVmOnConnect: true,
      preferredAppGroupType: "Desktop",
      validateEnvironment: false,
      customRdpProperties: rdpProperties({ clipboard: pool.clipboard, entraJoined: props.join.mode === "entra" }),
      scheduledAgentUpdates: {
        enabled: true,
        timezone: SCHEDULE_TIME_ZONE,
        useSessionHostTimezone: false,
        schedule: [
          { dayOfWeek: "Saturday", hourOfDay: 2 },
          { dayOfWeek: "Sunday", hourOfDay: 2 },
        ],
      },
      // A scaling plan switches a pooled pool between breadth-first and depth-first during the day; the
      // declared value is only the start value, and reverting it every night would be drift noise.
      ...(personal ? {} : { lifecycle: { ignoreChanges: ["load_balancer_type"] } }),
      tags,
    });

    // The token's expiry moves only when the rotation comes due (every 27 days), never on every plan:
    // a token from timestamp() would make every plan and every drift check show a change.
    const rotation = new Rotating(this, "registration-rotation", { rotationDays: REGISTRATION_TOKEN_ROTATION_DAYS });
    // Azure returns the expiry in another format than time_rotating's RFC 3339 (the read sets
    // ExpirationTime as the service formats it, without diff suppression: azurerm v4.58.0
    // virtual_desktop_host_pool_registration_info_resource.go ~53-57, 149), so expiration_date is
    // ignored and the rotation replaces the token instead: a new time_rotating (due every
    // REGISTRATION_TOKEN_ROTATION_DAYS) creates a new registration info with the new expiry.
    // replace_triggered_by is written as a plain reference: Terraform's JSON syntax parses each string
    // as an expression and rejects "${…}" there (checked with terraform 1.11.4 validate).
    const registration = new VirtualDesktopHostPoolRegistrationInfo(this, "registration", {
      hostpoolId: this.hostPool.id,
      expirationDate: rotation.rotationRfc3339,
      lifecycle: { ignoreChanges: ["expiration_date"], replaceTriggeredBy: [`${Rotating.tfResourceType}.${rotation.friendlyUniqueId}`] },
    });

    this.applicationGroup = new VirtualDesktopApplicationGroup(this, "application-group", {
      name: applicationGroupName,
      ...label,
      // The desktop's name in the users' client; kept within 64 bytes like every AVD friendly name.
      defaultDesktopDisplayName: labelWithSuffix(traeger.name, ` (${pool.name})`, AVD_FRIENDLY_NAME_MAX_BYTES),
      resourceGroupName: props.resourceGroupName,
      location: props.avdLocation,
      type: "Desktop",
      hostPoolId: this.hostPool.id,
      tags,
    });
    new VirtualDesktopWorkspaceApplicationGroupAssociation(this, "workspace-association", { workspaceId: props.workspace.id, applicationGroupId: this.applicationGroup.id });
    new RoleAssignment(this, "users-desktop-access", {
      scope: this.applicationGroup.id,
      roleDefinitionName: "Desktop Virtualization User",
      principalId: props.vdiUsersGroupObjectId,
      principalType: "Group",
    });

    if (!personal) this.scalingPlan = this.addScalingPlan(props, this.hostPool, tags);

    new RoleAssignment(this, "users-profile-access", {
      scope: this.profileShare.id,
      roleDefinitionName: "Storage File Data SMB Share Contributor",
      principalId: props.vdiUsersGroupObjectId,
      principalType: "Group",
    });

    const hosts: SessionHost[] = [];
    for (let index = 0; index < pool.sessionHostCount; index += 1) {
      const host = new SessionHost(this, `host-${String(index).padStart(3, "0")}`, {
        traeger,
        pool,
        index,
        resourceGroupName: props.resourceGroupName,
        location: props.location,
        subnetId: props.sessionHostSubnetId,
        hostPoolName,
        registrationToken: registration.token,
        join: props.join,
        adminPassword: props.adminPassword,
      });
      // Personal desktops hold user data; pooled hosts are rebuilt from the image instead.
      if (personal) props.backup.protectVm(host.vmName, host.virtualMachine);
      hosts.push(host);
    }
    this.sessionHosts = hosts;

    const diagnostics = { logAnalyticsWorkspaceId: props.logAnalyticsWorkspaceId, logCategoryGroups: ["allLogs"] };
    sendToCentralLogAnalytics(this, "diagnostics-host-pool", { resourceName: hostPoolName, targetResourceId: this.hostPool.id, ...diagnostics });
    sendToCentralLogAnalytics(this, "diagnostics-application-group", { resourceName: applicationGroupName, targetResourceId: this.applicationGroup.id, ...diagnostics });
  }

  private addScalingPlan(props: DesktopPoolProps, hostPool: VirtualDesktopHostPool, tags: Record<string, string>): VirtualDesktopScalingPlan {
    const { traeger, pool } = props;
    const at = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const start = minutesOf(pool.officeHours.start);
    const end = minutesOf(pool.officeHours.end);
    return new VirtualDesktopScalingPlan(this, "scaling-plan", {
      name: avdObjectName("scaling-plan", traeger.id, pool.name),
      friendlyName: labelWithSuffix(traeger.name, ` – ${pool.name}`, AVD_FRIENDLY_NAME_MAX_BYTES),
      description: fitBytes(`${traeger.name} – ${pool.name}: office hours ${pool.officeHours.start}–${pool.officeHours.end} Monday to Friday (${SCHEDULE_TIME_ZONE})`, AVD_DESCRIPTION_MAX_BYTES),
      resourceGroupName: props.resourceGroupName,
      // A scaling plan lives in its host pool's region.
      location: props.avdLocation,
      timeZone: SCHEDULE_TIME_ZONE,
      schedule: [
        {
          name: "weekdays",
          daysOfWeek: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
          rampUpStartTime: at(start - 60),
          rampUpLoadBalancingAlgorithm: "BreadthFirst",
          rampUpMinimumHostsPercent: 20,
          rampUpCapacityThresholdPercent: 60,
          peakStartTime: at(start),
          peakLoadBalancingAlgorithm: "BreadthFirst",
          rampDownStartTime: at(end),
          rampDownLoadBalancingAlgorithm: "DepthFirst",
          rampDownMinimumHostsPercent: 10,
          rampDownCapacityThresholdPercent: 90,
          rampDownForceLogoffUsers: false,
          rampDownWaitTimeMinutes: 30,
          rampDownNotificationMessage: "Dieser Desktop wird in 30 Minuten heruntergefahren. Bitte speichern Sie Ihre Arbeit.",
          rampDownStopHostsWhen: "ZeroSessions",
          offPeakStartTime: at(end + 60),
          offPeakLoadBalancingAlgorithm: "DepthFirst",
        },
      ],
      hostPool: [{ hostpoolId: hostPool.id, scalingPlanEnabled: true }],
      tags,
    });
  }
}

/** friendly_name (≤ 64 bytes) of a pool's host pool and application group, and the whole text as description when it was shortened. */
function poolLabel(traegerName: string, poolName: string): { friendlyName: string; description?: string } {
  const full = `${traegerName} – ${poolName}`;
  const friendlyName = labelWithSuffix(traegerName, ` – ${poolName}`, AVD_FRIENDLY_NAME_MAX_BYTES);
  return friendlyName === full ? { friendlyName } : { friendlyName, description: fitBytes(full, AVD_DESCRIPTION_MAX_BYTES) };
}
