/**
 * Plan review of the guardrails Azure enforces (issue 15 §2, §5): removing or replacing a policy
 * assignment, a policy definition or the decommissioned management group is ⛔; an assignment that
 * stops being enforced, denies less, changes parameters or excludes scopes, a definition whose rule
 * changes and a moved management group are ⚠. Hand-made azurerm-typed plan JSON (the shape of
 * `terraform show -json`), attribute names from hashicorp/terraform-provider-azurerm v4.55.0
 * internal/services/policy/assignment_resource_base.go, policy_definition_resource.go and
 * managementgroup/management_group_resource.go.
 */
import { type CommandIo, runPlanSummary } from "../../lib/review/commands";
import { change, FIXTURE_STACKS, plan, tempFiles } from "../helpers/plans";

interface Summary {
  readonly code: number;
  readonly blocked: { address: string; action: string; reason: string }[];
  readonly warnings: { address: string; reason: string }[];
}

function review(document: unknown): Summary {
  const { dir, done } = tempFiles({ "musterstadt.json": document });
  let out = "";
  const io: CommandIo = { cwd: dir, out: (t) => (out += t), err: () => undefined };
  try {
    const code = runPlanSummary(["--stacks-dir", FIXTURE_STACKS, "--json", "musterstadt.json"], io, {});
    const stack = (JSON.parse(out) as { stacks: Summary[] }).stacks[0]!;
    return { code, blocked: stack.blocked, warnings: stack.warnings };
  } finally {
    done();
  }
}

const ASSIGNMENT = "azurerm_management_group_policy_assignment.policies_assignment-verbund-locations_1A2B3C4D";
const DEFINITION = "azurerm_policy_definition.policies_definition-verbund-allowed-locations_5E6F7A8B";
const GROUP = "azurerm_management_group.policies_decommissioned_9C0D1E2F";
const traeger = "/providers/Microsoft.Management/managementGroups/mg-ksm-traeger";
const assignment = (parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  name: "verbund-locations",
  management_group_id: traeger,
  enforce: true,
  not_scopes: [],
  parameters: JSON.stringify(Object.fromEntries(Object.entries(parameters).map(([k, v]) => [k, { value: v }]))),
  ...extra,
});
const locations = { allowedLocations: ["germanywestcentral", "germanynorth"], avdLocation: "westeurope", effect: "Deny" };

describe("plan summary: the guardrails in Azure", () => {
  it.each([
    ["deleting a policy assignment", ASSIGNMENT, ["delete"], assignment(locations), null, "delete"],
    ["replacing a policy assignment", ASSIGNMENT, ["delete", "create"], assignment(locations), assignment(locations, { policy_definition_id: "/x" }), "replace"],
    ["deleting a policy definition", DEFINITION, ["delete"], { name: "verbund-allowed-locations" }, null, "delete"],
    ["deleting the decommissioned management group", GROUP, ["delete"], { name: "mg-ksm-decommissioned", parent_management_group_id: traeger }, null, "delete"],
  ])("blocks (⛔) %s", (_, address, actions, before, after, action) => {
    const { code, blocked } = review(plan([change(address, actions, before, after)]));
    expect(code).toBe(3);
    expect(blocked.map((b) => [b.address, b.action])).toEqual([[address, action]]);
  });

  it("says why deleting the decommissioned group is blocked: its subscriptions go to the root group", () => {
    const { blocked } = review(plan([change(GROUP, ["delete"], { name: "mg-ksm-decommissioned" }, null)]));
    expect(blocked[0]!.reason).toContain("returns its subscriptions to the tenant root group");
  });

  it.each([
    ["the effect weakened to Audit", assignment({ ...locations, effect: "Audit" }), ["policy effect weakened: Deny → Audit"]],
    ["the effect disabled", assignment({ ...locations, effect: "Disabled" }), ["policy effect weakened: Deny → Disabled"]],
    ["enforcement turned off", assignment(locations, { enforce: false }), ["policy assignment no longer enforced (enforce: true → false): Azure only reports what it denied before"]],
    ["a parameter changed", assignment({ ...locations, allowedLocations: ["germanywestcentral", "germanynorth", "westeurope"] }), ['policy parameter allowedLocations changed: ["germanywestcentral","germanynorth"] → ["germanywestcentral","germanynorth","westeurope"]']],
    ["a scope excluded", assignment(locations, { not_scopes: ["/subscriptions/00000000-0000-0000-0000-000000000009"] }), ["policy assignment excludes scopes: /subscriptions/00000000-0000-0000-0000-000000000009"]],
  ])("warns (⚠) about a policy assignment with %s", (_, after, reasons) => {
    const { code, blocked, warnings } = review(plan([change(ASSIGNMENT, ["update"], assignment(locations), after)]));
    expect(code).toBe(0);
    expect(blocked).toEqual([]);
    expect(warnings).toEqual(reasons.map((reason) => ({ address: ASSIGNMENT, reason })));
  });

  it("does not warn about an unchanged assignment whose parameters JSON is only formatted differently, or a stronger effect", () => {
    const same = { ...assignment(locations), parameters: JSON.stringify({ effect: { value: "Deny" }, avdLocation: { value: "westeurope" }, allowedLocations: { value: ["germanywestcentral", "germanynorth"] } }, null, 2) };
    expect(review(plan([change(ASSIGNMENT, ["update"], assignment(locations), { ...same, display_name: "renamed" })])).warnings).toEqual([]);
    expect(review(plan([change(ASSIGNMENT, ["update"], assignment({ ...locations, effect: "Audit" }), assignment(locations))])).warnings).toEqual([]);
  });

  it("warns about a definition whose rule changes and a decommissioned group that moves", () => {
    const rule = (location: string) => JSON.stringify({ if: { field: "location", notIn: [location] }, then: { effect: "deny" } });
    const { warnings } = review(
      plan([
        change(DEFINITION, ["update"], { name: "verbund-allowed-locations", policy_rule: rule("germanywestcentral"), mode: "Indexed" }, { name: "verbund-allowed-locations", policy_rule: rule("westeurope"), mode: "Indexed" }),
        change(GROUP, ["update"], { name: "mg-ksm-decommissioned", parent_management_group_id: traeger }, { name: "mg-ksm-decommissioned", parent_management_group_id: "/providers/Microsoft.Management/managementGroups/tenant-root" }),
      ]),
    );
    expect(warnings.map((w) => [w.address, w.reason])).toEqual([
      [DEFINITION, "policy definition policy_rule changed: every assignment of it judges differently"],
      [GROUP, `management group moved: "${traeger}" → "/providers/Microsoft.Management/managementGroups/tenant-root" (its subscriptions leave the guardrails of the old parent)`],
    ]);
  });

  it("neither blocks nor warns about creating the guardrails", () => {
    expect(review(plan([change(ASSIGNMENT, ["create"], null, assignment(locations)), change(GROUP, ["create"], null, { name: "mg-ksm-decommissioned" })]))).toMatchObject({ code: 0, blocked: [], warnings: [] });
  });
});
