/**
 * Delegated administration reaches people, and role-assignable groups have no standing owner
 * (issue 11). Checked on the synthesized Terraform JSON of the checked-in Verbund and of Träger
 * whose ids are prefixes of each other.
 *
 * Sources:
 * - azuread v3.7.0 internal/services/administrativeunits/administrative_unit_resource.go: no
 *   membership_type / membership_rule (nor in v3.9.0); `members` Optional+Computed, so members a
 *   dynamic rule brings in are no drift.
 * - azuread v3.7.0 internal/services/directoryroles/directory_role_assignment_resource.go: role_id and
 *   principal_object_id IsUUID, directory_scope_id StringIsNotEmpty and ConflictsWith app_scope_id.
 * - azuread v3.7.0 internal/services/groups/group_resource.go: owners Optional+Computed, MaxItems 100,
 *   IsUUID; without owners "The calling principal is the default owner"; docs/resources/group.md:
 *   "Supported object types are users or service principals".
 * - microsoft/terraform-provider-msgraph docs/resources/update_resource.md: url required, api_version
 *   "v1.0" | "beta", body an object.
 * - Microsoft Graph v1.0, "Create administrativeUnit" (learn.microsoft.com/graph/api/
 *   directory-post-administrativeunits): membershipType, membershipRule, membershipRuleProcessingState
 *   ("On" | "Paused"). Entra docs "Add users, groups, or devices to an administrative unit": adding a
 *   group brings the group into scope, "but not the members of the group".
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DIRECTORY_ROLES, traegerMembershipRule, traegerUserMarker } from "../../lib/constructs/facts";
import { loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { declarationSource, stadt } from "../helpers/tenants";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The one shape a people unit's rule may have: one exact comparison, nothing that matches more. */
const RULE = /^\(user\.(extensionAttribute(?:[1-9]|1[0-5])) -eq "([a-z0-9]+:[a-z0-9-]+)"\)$/;
/** User Administrator and every other role that can write a user's attributes must not be delegated. */
const USER_WRITING_ROLES = new Set(["fe930be7-5e62-47db-91af-98c3a49a38b1", "62e90394-69f5-4237-9190-012177145e10", "e8611ab8-c189-46e8-94e1-60213ab1f814"]);

function withProviders(stack: StackJson): StackJson & { provider: Record<string, Record<string, unknown>[]> } {
  return stack as StackJson & { provider: Record<string, Record<string, unknown>[]> };
}

/** The people unit of a stack: the azuread unit whose object id a dynamic-membership update targets. */
function peopleUnits(stack: StackJson): { unitRef: string; body: Record<string, unknown>; update: Record<string, unknown> }[] {
  return resourcesOf(stack, "msgraph_update_resource")
    .map(([, update]) => {
      const match = /^directory\/administrativeUnits\/(\$\{azuread_administrative_unit\.[A-Za-z0-9_-]+\.object_id\})$/.exec(String(update.url));
      return match ? { unitRef: match[1]!, body: update.body as Record<string, unknown>, update } : undefined;
    })
    .filter((u): u is NonNullable<typeof u> => u !== undefined);
}

function synthWith(extra: Record<string, Record<string, unknown>>): Map<string, StackJson> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-people-"));
  try {
    for (const [file, value] of Object.entries(extra)) fs.writeFileSync(path.join(dir, file), declarationSource(value));
    return synthStacks(loadModel({ TENANTS_DIR: dir }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const model = loadModel();
const stacks = synthStacks(model);
// Ids that are prefixes of one another: an inexact rule (startsWith, contains) would let one unit take the other's people.
const prefixed = synthWith({
  "grabow.ts": stadt({ id: "grabow", name: "Stadt Grabow", key: "13076040", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e11", network: { addressSpace: "10.70.0.0/20" } }),
  "grabow-land.ts": stadt({ id: "grabow-land", name: "Amt Grabow-Land", key: "13076041", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e12", network: { addressSpace: "10.70.16.0/20" } }),
});

describe.each([...stacks.keys()].map((id) => [id]))("the people unit of %s", (id) => {
  const stack = stacks.get(id)!;
  const traeger = model.traeger.find((t) => t.id === id)!;
  const units = resourcesOf(stack, "azuread_administrative_unit");
  const people = peopleUnits(stack);

  it("is a unit with dynamic membership on the Träger's marker, set through msgraph v1.0", () => {
    expect(people).toHaveLength(1);
    const [{ unitRef, body, update }] = people as [(typeof people)[number]];
    expect(units.map(([name]) => `\${azuread_administrative_unit.${name}.object_id}`)).toContain(unitRef);
    expect(update).toMatchObject({ provider: "msgraph", api_version: "v1.0" });
    expect(["v1.0", "beta"]).toContain(update.api_version);
    expect(typeof body).toBe("object");
    expect(body).toEqual({
      membershipType: "Dynamic",
      membershipRule: `(user.${model.directory.traegerUserAttribute} -eq "${model.shortName}:${id}")`,
      membershipRuleProcessingState: traeger.status === "active" ? "On" : "Paused",
    });
  });

  it("holds no groups: a dynamic unit holds users only, so the groups stay in the other unit", () => {
    const [{ unitRef }] = people as [(typeof people)[number]];
    for (const [name, group] of resourcesOf(stack, "azuread_group")) expect([name, (group.administrative_unit_ids as string[]).includes(unitRef)]).toEqual([name, false]);
    for (const [, unit] of units) expect(unit.members).toBeUndefined();
  });

  it("is where the helpdesk (and the admins) may reset passwords; no delegated role can write the marker", () => {
    const [{ unitRef }] = people as [(typeof people)[number]];
    const assignments = resourcesOf(stack, "azuread_directory_role_assignment").map(([, a]) => a);
    if (traeger.status === "active") {
      const helpdesk = assignments.filter((a) => a.role_id === DIRECTORY_ROLES.helpdeskAdministrator);
      expect(helpdesk.map((a) => a.directory_scope_id)).toEqual([`/administrativeUnits/${unitRef}`, `/administrativeUnits/${unitRef}`]);
    }
    for (const a of assignments) {
      expect(USER_WRITING_ROLES.has(String(a.role_id))).toBe(false);
      // directory_role_assignment_resource.go: role_id IsUUID, directory_scope_id StringIsNotEmpty, ConflictsWith app_scope_id
      expect(String(a.role_id)).toMatch(UUID);
      expect(String(a.directory_scope_id).length).toBeGreaterThan(0);
      expect(a.app_scope_id).toBeUndefined();
    }
  });

  it("the msgraph provider talks to the Verbund's tenant and is pinned to a 0.3 release", () => {
    const json = withProviders(stack);
    expect(json.provider.msgraph).toEqual([{ tenant_id: model.entraTenantId }]);
    expect(json.terraform.required_providers.msgraph).toEqual({ source: "microsoft/msgraph", version: "~> 0.3.0" });
  });
});

describe("an offboarding Träger's people unit", () => {
  const stack = synthWith({ "teststadt.ts": stadt({ status: "offboarding" }) }).get("teststadt")!;

  it("stops following the attribute and delegates nothing", () => {
    const [{ body }] = peopleUnits(stack) as [ReturnType<typeof peopleUnits>[number]];
    expect(body.membershipRuleProcessingState).toBe("Paused");
    expect(resourcesOf(stack, "azuread_directory_role_assignment")).toEqual([]);
  });
});

describe("people units of different Träger", () => {
  const rulesOf = (all: Map<string, StackJson>): Map<string, { attribute: string; value: string }> =>
    new Map(
      [...all].map(([id, stack]) => {
        const [{ body }] = peopleUnits(stack) as [ReturnType<typeof peopleUnits>[number]];
        const match = RULE.exec(String(body.membershipRule));
        if (!match) throw new Error(`${id}: rule ${String(body.membershipRule)} is not one exact comparison`);
        return [id, { attribute: match[1]!, value: match[2]! }];
      }),
    );

  it.each([
    ["the checked-in Verbund", stacks],
    ["Träger whose ids are prefixes of each other", prefixed],
  ])("never match the same value (%s)", (_, all) => {
    const rules = rulesOf(all);
    expect(rules.size).toBeGreaterThanOrEqual(2);
    const values = [...rules.values()].map((r) => r.value);
    expect(new Set(values).size).toBe(values.length);
    expect(new Set([...rules.values()].map((r) => r.attribute)).size).toBe(1);
    for (const [id, rule] of rules) expect(rule.value).toBe(traegerUserMarker(model.shortName, id));
  });

  it("the rule is built from the marker only", () => {
    expect(traegerMembershipRule("extensionAttribute15", traegerUserMarker("ksm", "grabow"))).toBe('(user.extensionAttribute15 -eq "ksm:grabow")');
  });
});

describe("group owners", () => {
  it.each([...stacks.keys()].map((id) => [id]))("%s: Entra is asked at plan time whether each owner is what verbund.ts says", (id) => {
    const data = (stacks.get(id) as unknown as { data: Record<string, Record<string, Record<string, unknown>>> }).data.azuread_directory_object ?? {};
    const checks = Object.values(data).map((d) => [d.object_id, (d.lifecycle as { postcondition: { condition: string }[] }).postcondition.map((p) => p.condition)]);
    // directory_object_data_source.go: object_id IsUUID; `type` is the OData type in title case
    expect(checks.sort()).toEqual(model.directory.groupOwners.map((o) => [o.objectId, [`\${self.type == "${o.type}"}`]]).sort());
    for (const [objectId] of checks) expect(String(objectId)).toMatch(UUID);
  });


  it.each([...stacks.keys()].map((id) => [id]))("%s: role-assignable groups have no owner; the others only the configured users or service principals", (id) => {
    const stack = stacks.get(id)!;
    const configured = model.directory.groupOwners.map((o) => o.objectId);
    expect(model.directory.groupOwners.every((o) => o.type === "User" || o.type === "ServicePrincipal")).toBe(true);
    for (const [name, group] of resourcesOf(stack, "azuread_group")) {
      if (group.assignable_to_role === true) {
        expect([name, group.owners]).toEqual([name, undefined]);
      } else {
        // group_resource.go: owners MaxItems 100, each IsUUID
        expect([name, group.owners]).toEqual([name, configured]);
        expect((group.owners as string[]).length).toBeLessThanOrEqual(100);
        for (const owner of group.owners as string[]) expect(owner).toMatch(UUID);
      }
    }
  });
});
