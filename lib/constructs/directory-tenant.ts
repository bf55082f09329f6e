import { AdministrativeUnit } from "@cdktf/provider-azuread/lib/administrative-unit";
import { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
import { Group } from "@cdktf/provider-azuread/lib/group";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { StandardGroup } from "../declaration";
import { administrativeUnitName, groupName, resourceGroupName, type Workload } from "../naming";
import type { DirectoryConfig, TraegerModel } from "../verbund";

/** Template ids of the built-in Entra roles delegated to a Träger (the same in every tenant). */
export const DIRECTORY_ROLES = {
  helpdeskAdministrator: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
  userAdministrator: "fe930be7-5e62-47db-91af-98c3a49a38b1",
} as const;

/** Properties of a Träger's directory tenant. */
export interface DirectoryTenantProps {
  readonly traeger: TraegerModel;
  readonly directory: DirectoryConfig;
  /** The Verbund's short name, for the administrative unit's display name. */
  readonly verbundShortName: string;
  /** Region of the identity resource group (the Verbund's primary region). */
  readonly location: string;
  /** The azuread provider of the Verbund's Entra tenant. */
  readonly azureadProvider: TerraformProvider;
}

/** How session hosts join a directory, with everything the VDI construct needs to do it. */
export type SessionHostJoinSettings =
  | { readonly mode: "entra" }
  | {
      readonly mode: "ad";
      readonly domain: string;
      readonly ouPath: string;
      readonly username: string;
      /** Where the join account's password is; never the password itself. */
      readonly passwordSecret: { readonly keyVaultId: string; readonly secretName: string };
    };

/**
 * A Träger's identity boundary inside the Verbund's one Entra tenant: an administrative unit holding
 * the Träger's groups, Helpdesk and User Administrator delegated only within that unit, and Azure
 * roles only on the Träger's own resource groups (grantResourceGroupAccess).
 */
export class DirectoryTenant extends Construct {
  readonly administrativeUnit: AdministrativeUnit;
  /** Object id of the administrative unit. */
  readonly administrativeUnitObjectId: string;
  /** The standard groups, by role. */
  readonly groups: Readonly<Record<StandardGroup, Group>>;
  /** Groups declared beyond the standard ones, by name. */
  readonly extraGroups: Readonly<Record<string, Group>>;
  /** Resource group for the Träger's identity resources (e.g. secrets for its session hosts). */
  readonly resourceGroup: ResourceGroup;
  /** How session hosts join, for the VDI construct. */
  readonly sessionHostJoin: SessionHostJoinSettings;
  /** Object id of the group whose members may use the Träger's virtual desktops. */
  readonly vdiUsersGroupObjectId: string;

  private readonly props: DirectoryTenantProps;

  constructor(scope: Construct, id: string, props: DirectoryTenantProps) {
    super(scope, id);
    this.props = props;
    const { traeger, directory, azureadProvider } = props;

    this.administrativeUnit = new AdministrativeUnit(this, "administrative-unit", {
      provider: azureadProvider,
      displayName: administrativeUnitName(props.verbundShortName, traeger.name),
      description: `Identity boundary of ${traeger.name} (${traeger.key}); managed by ${traeger.tags["managed-by"]}`,
      hiddenMembershipEnabled: false,
      preventDuplicateNames: true,
    });
    this.administrativeUnitObjectId = this.administrativeUnit.objectId;

    const group = (role: string, description: string, assignableToRole: boolean): Group =>
      new Group(this, `group-${role}`, {
        provider: azureadProvider,
        displayName: groupName(traeger.id, role),
        description,
        securityEnabled: true,
        mailEnabled: false,
        // Role-assignable groups are the only ones a directory role can be given to; their membership
        // can then be changed only by Privileged Role Administrators, not by the Träger's helpdesk.
        assignableToRole,
        owners: [...directory.groupOwnerObjectIds],
        administrativeUnitIds: [this.administrativeUnit.objectId],
        preventDuplicateNames: true,
      });
    this.groups = {
      users: group("users", `All staff of ${traeger.name}`, false),
      admins: group("admins", `Administrators of ${traeger.name}: User Administrator within its administrative unit`, true),
      helpdesk: group("helpdesk", `Helpdesk of ${traeger.name}: Helpdesk Administrator within its administrative unit`, true),
      "vdi-users": group("vdi-users", `Staff of ${traeger.name} who use its virtual desktops`, false),
    };
    const extras: Record<string, Group> = {};
    for (const extra of traeger.directory.extraGroups) extras[extra.name] = group(extra.name, extra.description, false);
    this.extraGroups = extras;
    this.vdiUsersGroupObjectId = this.groups["vdi-users"].objectId;

    // Delegated administration, scoped to the Träger's administrative unit and never tenant-wide.
    // Offboarding keeps unit and groups for audit but withdraws what the Träger's people may do.
    if (traeger.status === "active") this.delegateAdministration(azureadProvider);

    this.resourceGroup = new ResourceGroup(this, "resource-group", { name: resourceGroupName(traeger.id, "identity"), location: props.location, tags: { ...traeger.tags } });
    this.grantResourceGroupAccess("identity", this.resourceGroup);

    const join = traeger.directory.join;
    if (join.mode === "ad") {
      const account = directory.adJoin;
      // Validation guarantees the account exists when a Träger joins AD.
      if (!account) throw new Error(`${traeger.id}: AD join declared but the Verbund config has no directory.adJoin`);
      this.sessionHostJoin = { mode: "ad", domain: join.domain, ouPath: join.ouPath, username: account.username, passwordSecret: { keyVaultId: account.keyVaultId, secretName: account.passwordSecretName } };
    } else {
      this.sessionHostJoin = { mode: "entra" };
    }
  }

  private delegateAdministration(azureadProvider: TerraformProvider): void {
    const unitScope = `/administrativeUnits/${this.administrativeUnit.objectId}`;
    new DirectoryRoleAssignment(this, "role-helpdesk-administrator", {
      provider: azureadProvider,
      roleId: DIRECTORY_ROLES.helpdeskAdministrator,
      principalObjectId: this.groups.helpdesk.objectId,
      directoryScopeId: unitScope,
    });
    new DirectoryRoleAssignment(this, "role-user-administrator", {
      provider: azureadProvider,
      roleId: DIRECTORY_ROLES.userAdministrator,
      principalObjectId: this.groups.admins.objectId,
      directoryScopeId: unitScope,
    });
  }

  /**
   * Grants Azure roles on one of the Träger's resource groups: the Träger's admins Reader (KSM runs
   * the infrastructure), the Verbund's platform operators Owner. Call once per workload. An
   * offboarding Träger's admins lose their access; the operators keep theirs to run what remains.
   */
  grantResourceGroupAccess(workload: Workload, resourceGroup: ResourceGroup): void {
    if (this.props.traeger.status === "active") {
      new RoleAssignment(this, `rbac-${workload}-admins-reader`, {
        scope: resourceGroup.id,
        roleDefinitionName: "Reader",
        principalId: this.groups.admins.objectId,
        principalType: "Group",
        description: `Admins of ${this.props.traeger.name} may read ${workload} resources`,
      });
    }
    new RoleAssignment(this, `rbac-${workload}-operators-owner`, {
      scope: resourceGroup.id,
      roleDefinitionName: "Owner",
      principalId: this.props.directory.platformOperatorsGroupObjectId,
      principalType: "Group",
      description: "KSM platform operators run the Träger's infrastructure",
    });
  }
}
