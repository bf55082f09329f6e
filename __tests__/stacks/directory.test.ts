import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "../../lib/app/build";
import { DIRECTORY_ROLES } from "../../lib/constructs/facts";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { fixtureModel, loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";

const model = loadModel();
const stacks = synthStacks(model);
const ref = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;

// Every active Träger; what an offboarding Träger keeps and loses is checked in offboarding.test.ts.
describe.each(model.traeger.filter((t) => t.status === "active").map((t) => [t.id, t] as const))("the directory tenant of %s", (id, traeger) => {
  const stack = stacks.get(id) as StackJson;
  const units = new Map(resourcesOf(stack, "azuread_administrative_unit").map(([name, u]) => [String(u.display_name), { name, u }]));
  const { name: unitName, u: unit } = units.get(`KSM Träger – ${traeger.name}`)!;
  const unitRef = ref("azuread_administrative_unit", unitName, "object_id");
  const peopleRef = ref("azuread_administrative_unit", units.get(`KSM Träger – ${traeger.name} (Personen)`)!.name, "object_id");
  const groups = new Map(resourcesOf(stack, "azuread_group").map(([name, g]) => [String(g.display_name), { name, g }]));
  const groupRef = (role: string) => ref("azuread_group", groups.get(`sg-${id}-${role}`)!.name, "object_id");

  it("has a groups unit and a people unit named after the Träger, through the azuread provider of the Verbund tenant", () => {
    expect([...units.keys()].sort()).toEqual([`KSM Träger – ${traeger.name}`, `KSM Träger – ${traeger.name} (Personen)`]);
    expect(unit).toMatchObject({ display_name: `KSM Träger – ${traeger.name}`, provider: "azuread" });
    expect((stack.provider as unknown as { azuread: Record<string, unknown>[] }).azuread).toEqual([{ tenant_id: model.entraTenantId }]);
  });

  it("has the standard groups plus the declared ones, security-enabled, not mail-enabled, inside the groups unit", () => {
    const expected = ["users", "admins", "helpdesk", "vdi-users", ...traeger.directory.extraGroups.map((g) => g.name)].map((r) => `sg-${id}-${r}`).sort();
    expect([...groups.keys()].sort()).toEqual(expected);
    for (const { g } of groups.values()) {
      expect(g).toMatchObject({ security_enabled: true, mail_enabled: false, administrative_unit_ids: [unitRef] });
    }
  });

  it("gives the groups without directory roles the platform team as owners, and the role-assignable ones no owner", () => {
    for (const [displayName, { g }] of groups) {
      const expected = g.assignable_to_role === true ? undefined : model.directory.groupOwners.map((o) => o.objectId);
      expect([displayName, g.owners]).toEqual([displayName, expected]);
    }
  });

  it("makes only the admins and helpdesk groups role-assignable", () => {
    const assignable = [...groups.entries()].filter(([, { g }]) => g.assignable_to_role === true).map(([n]) => n).sort();
    expect(assignable).toEqual([`sg-${id}-admins`, `sg-${id}-helpdesk`]);
  });

  it("delegates Helpdesk Administrator on the people unit and Groups Administrator on the groups unit, nothing else", () => {
    const assignments = resourcesOf(stack, "azuread_directory_role_assignment").map(([, a]) => [a.role_id, a.principal_object_id, a.directory_scope_id]);
    expect(assignments.sort()).toEqual(
      [
        [DIRECTORY_ROLES.helpdeskAdministrator, groupRef("helpdesk"), `/administrativeUnits/${peopleRef}`],
        [DIRECTORY_ROLES.helpdeskAdministrator, groupRef("admins"), `/administrativeUnits/${peopleRef}`],
        [DIRECTORY_ROLES.groupsAdministrator, groupRef("admins"), `/administrativeUnits/${unitRef}`],
      ].sort(),
    );
  });

  it("gives admins Reader and platform operators Owner on every resource group of the stack, and nothing else", () => {
    const resourceGroups = resourcesOf(stack, "azurerm_resource_group").map(([name]) => ref("azurerm_resource_group", name, "id")).sort();
    expect(resourceGroups.length).toBeGreaterThanOrEqual(2);
    const assignments = resourcesOf(stack, "azurerm_role_assignment").map(([, a]) => a);
    const byRole = (role: string, principal: string) => assignments.filter((a) => a.role_definition_name === role && a.principal_id === principal).map((a) => String(a.scope)).sort();
    expect(byRole("Reader", groupRef("admins"))).toEqual(resourceGroups);
    expect(byRole("Owner", model.directory.platformOperatorsGroupObjectId)).toEqual(resourceGroups);
    const toAdminsOrOperators = assignments.filter((a) => a.principal_id === groupRef("admins") || a.principal_id === model.directory.platformOperatorsGroupObjectId);
    expect(toAdminsOrOperators).toHaveLength(resourceGroups.length * 2);
  });

  it("outputs the unit id, the group object ids and the join settings", () => {
    expect(stack.output?.administrative_unit_id?.value).toBe(unitRef);
    expect(Object.keys(stack.output?.group_object_ids?.value as object).sort()).toEqual(["admins", "helpdesk", "users", "vdi-users", ...traeger.directory.extraGroups.map((g) => g.name)].sort());
    expect((stack.output?.session_host_join?.value as { mode: string }).mode).toBe(traeger.directory.join.mode);
  });
});

describe("the join settings for session hosts", () => {
  it("are typed members of the construct, naming the Key Vault secret for AD join and never a password", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-dir-"));
    try {
      const fixtures = fixtureModel();
      const { app } = buildApp(fixtures, outdir);
      const byId = new Map(app.node.children.filter(TerraformStack.isStack).map((s) => [s.node.id, s as TraegerStack]));
      expect(byId.get("fixture-kreis")?.directory.sessionHostJoin).toEqual({
        mode: "ad",
        domain: "ksm.local",
        ouPath: "OU=fixture-kreis,OU=Traeger,DC=ksm,DC=local",
        username: "svc-domainjoin@ksm.local",
        passwordSecret: { keyVaultId: fixtures.directory.adJoin!.keyVaultId, secretName: "domainjoin-password" },
      });
      expect(byId.get("fixture-amt")?.directory.sessionHostJoin).toEqual({ mode: "entra" });
      expect(byId.get("fixture-amt")?.directory.vdiUsersGroupObjectId).toMatch(/^\$\{TfToken\[TOKEN\.\d+\]\}$/);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("isolation between Träger", () => {
  /** Every string in a stack's JSON, with the JSON path it sits at. */
  const strings = (value: unknown, at = ""): [string, string][] => {
    if (typeof value === "string") return [[at, value]];
    if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
    return [];
  };

  it("nothing in any Träger's stack refers to another Träger's subscription, resource groups, groups or unit", () => {
    for (const a of model.traeger) {
      const values = strings(stacks.get(a.id));
      for (const b of model.traeger.filter((t) => t.id !== a.id)) {
        const foreignNames = new Set([
          ...["network", "identity", "backup", "vdi"].map((w) => `rg-${b.id}-${w}`),
          ...["users", "admins", "helpdesk", "vdi-users", ...b.directory.extraGroups.map((g) => g.name)].map((r) => `sg-${b.id}-${r}`),
          `KSM Träger – ${b.name}`,
          `KSM Träger – ${b.name} (Personen)`,
          `vnet-${b.id}`,
        ]);
        const leaks = values.filter(([, v]) => (b.subscriptionId !== undefined && v.toLowerCase().includes(b.subscriptionId)) || v.split("/").some((part) => foreignNames.has(part)) || foreignNames.has(v));
        expect([a.id, b.id, leaks]).toEqual([a.id, b.id, []]);
      }
    }
  });

  it("every role assignment's scope lies in the Träger's own subscription", () => {
    for (const t of model.traeger) {
      const stack = stacks.get(t.id)!;
      // Resources the stack creates with its default provider live in the Träger's subscription.
      const ownResources = new Set(
        Object.entries(stack.resource).flatMap(([type, byName]) => Object.entries(byName).filter(([, r]) => r.provider === undefined).map(([name]) => ref(type, name, "id"))),
      );
      for (const [name, assignment] of resourcesOf(stack, "azurerm_role_assignment")) {
        const scope = String(assignment.scope);
        const inOwnSubscription = ownResources.has(scope) || scope === `/subscriptions/${t.subscriptionId}` || scope.startsWith(`/subscriptions/${t.subscriptionId}/`);
        expect([t.id, name, inOwnSubscription]).toEqual([t.id, name, true]);
        expect(assignment.provider).toBeUndefined();
      }
    }
  });
});
