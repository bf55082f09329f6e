import { AdministrativeUnit } from "@cdktf/provider-azuread/lib/administrative-unit";
import { DataAzureadDirectoryObject } from "@cdktf/provider-azuread/lib/data-azuread-directory-object";
import { DirectoryRoleAssignment } from "@cdktf/provider-azuread/lib/directory-role-assignment";
import { Group } from "@cdktf/provider-azuread/lib/group";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { StandardGroup } from "../declaration";
import { administrativeUnitName, groupName, resourceGroupName, type Workload } from "../naming";
import type { DirectoryConfig, TraegerModel } from "../verbund";
import { type MsgraphProvider, MsgraphUpdateResource } from "./msgraph-update";
import { DIRECTORY_ROLES, traegerUserMarker, traegerMembershipRule } from "./facts";


/** The groups that hold directory roles: role-assignable, owned by no person (the deploy identity is their only owner). */
export const ROLE_ASSIGNABLE_GROUPS: readonly StandardGroup[] = ["admins", "helpdesk"];


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
  /** The msgraph provider of the same tenant: dynamic membership, which azuread cannot express. */
  readonly msgraphProvider: MsgraphProvider;
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
 * the Träger's groups, a second one whose members are the Träger's people (dynamic membership on the
 * attribute the Verbund sets), Helpdesk and Groups Administrator delegated only within those units,
 * and Azure roles only on the Träger's own resource groups (grantResourceGroupAccess).
 */
export class DirectoryTenant extends Construct {
  /** The unit holding the Träger's groups (assigned membership). */
  readonly administrativeUnit: AdministrativeUnit;
  /** Object id of the groups unit. */
  readonly administrativeUnitObjectId: string;
  /** The unit holding the Träger's people: every user whose Träger attribute carries its marker. */
  readonly peopleUnit: AdministrativeUnit;
  /** The dynamic membership rule of the people unit. */
  readonly peopleMembershipRule: string;
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

    // Adding a group to a unit does not bring its members into scope, and a unit with dynamic
    // membership holds users only, never groups: the people get a unit of their own. azuread (3.7.0,
    // and 3.9.0) has no membership_type on azuread_administrative_unit, so the rule is set through
    // msgraph (Graph v1.0 administrativeUnit: membershipType, membershipRule,
    // membershipRuleProcessingState). azuread's `members` is Optional+Computed
    // (administrative_unit_resource.go), so the members the rule brings in are no drift.
    this.peopleUnit = new AdministrativeUnit(this, "administrative-unit-people", {
      provider: azureadProvider,
      displayName: `${administrativeUnitName(props.verbundShortName, traeger.name)} (Personen)`,
      description: `People of ${traeger.name} (${traeger.key}): users whose ${directory.traegerUserAttribute} the Verbund set to its marker; managed by ${traeger.tags["managed-by"]}`,
      hiddenMembershipEnabled: false,
      preventDuplicateNames: true,
    });
    this.peopleMembershipRule = traegerMembershipRule(directory.traegerUserAttribute, traegerUserMarker(props.verbundShortName, traeger.id));
    new MsgraphUpdateResource(this, "administrative-unit-people-membership", {
      provider: props.msgraphProvider,
      url: `directory/administrativeUnits/${this.peopleUnit.objectId}`,
      body: {
        membershipType: "Dynamic",
        membershipRule: this.peopleMembershipRule,
        // Offboarding keeps the unit for audit and stops it following the attribute.
        membershipRuleProcessingState: traeger.status === "active" ? "On" : "Paused",
      },
    });

    // The config says what each owner is; Entra is asked at plan time and the plan stops if it
    // disagrees, so a group can never slip in as owner by a mistyped id. azuread 3.7.0
    // directory_object_data_source.go reports `type` as the Graph OData type in title case
    // ("User", "ServicePrincipal", "Group"; directoryobjects.go formatODataType).
    for (const owner of directory.groupOwners) {
      new DataAzureadDirectoryObject(this, `owner-${owner.objectId.toLowerCase()}`, {
        provider: azureadProvider,
        objectId: owner.objectId,
        lifecycle: {
          postcondition: [{ condition: `\${self.type == "${owner.type}"}`, errorMessage: `verbund.ts directory.groupOwners: ${owner.objectId} is declared a ${owner.type}, but Entra ID says it is not; group owners must be users or service principals, never groups.` }],
        },
      });
    }

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
        // An owner of a role-assignable group could add itself and hold the group's roles in every
        // unit it is scoped to: such groups get no standing owner. azuread then leaves the deploying
        // identity as the only owner (group_resource.go: "The calling principal is the default owner
        // if no others are specified", ~583-587; re-added if all owners go, ~1131-1136), whose
        // RoleManagement.ReadWrite.Directory already lets it assign any directory role (docs/identities.md).
        ...(assignableToRole ? {} : { owners: directory.groupOwners.map((o) => o.objectId) }),
        administrativeUnitIds: [this.administrativeUnit.objectId],
        preventDuplicateNames: true,
      });
    this.groups = {
      users: group("users", `All staff of ${traeger.name}`, false),
      admins: group("admins", `Administrators of ${traeger.name}: Groups Administrator of its groups, Helpdesk Administrator of its people`, ROLE_ASSIGNABLE_GROUPS.includes("admins")),
      helpdesk: group("helpdesk", `Helpdesk of ${traeger.name}: Helpdesk Administrator of its people`, ROLE_ASSIGNABLE_GROUPS.includes("helpdesk")),
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

  /**
   * Helpdesk Administrator on the people unit (helpdesk and admins: passwords, sign-out), Groups
   * Administrator on the groups unit (admins: who is in which group). No User Administrator: it could
   * write the Träger attribute and so move people between units.
   */
  private delegateAdministration(azureadProvider: TerraformProvider): void {
    const groupsScope = `/administrativeUnits/${this.administrativeUnit.objectId}`;
    const peopleScope = `/administrativeUnits/${this.peopleUnit.objectId}`;
    new DirectoryRoleAssignment(this, "role-helpdesk-administrator", {
      provider: azureadProvider,
      roleId: DIRECTORY_ROLES.helpdeskAdministrator,
      principalObjectId: this.groups.helpdesk.objectId,
      directoryScopeId: peopleScope,
    });
    new DirectoryRoleAssignment(this, "role-admins-helpdesk-administrator", {
      provider: azureadProvider,
      roleId: DIRECTORY_ROLES.helpdeskAdministrator,
      principalObjectId: this.groups.admins.objectId,
      directoryScopeId: peopleScope,
    });
    new DirectoryRoleAssignment(this, "role-groups-administrator", {
      provider: azureadProvider,
      roleId: DIRECTORY_ROLES.groupsAdministrator,
      principalObjectId: this.groups.admins.objectId,
      directoryScopeId: groupsScope,
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
