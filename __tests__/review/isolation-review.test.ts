/**
 * The plan review of the isolation Azure enforces and of the Entra logs (issue 15 §3, §4): weakening
 * an admin rule, removing a rule collection, a static member, the commit or the Entra diagnostic
 * setting is ⚠; deleting, replacing or forgetting the network manager, its configuration or a commit
 * is ⛔. Hand-made plans (`"//": "hand-made"`, azurerm types cannot be planned here) against the real
 * synthesized platform stack of the fixture Verbund (its prevent_destroy markers).
 * Attribute names: hashicorp/terraform-provider-azurerm v4.55.0 internal/services/network/network_manager_*_resource.go,
 * internal/services/monitor/monitor_aad_diagnostic_setting_resource.go.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { adminRuleWeakenings } from "../../lib/review/isolation-changes";
import { isBlocking, summarizePlan } from "../../lib/review/plan-summary";
import type { PlanDocument } from "../../lib/review/plan-json";
import { readStackContext } from "../../lib/review/stack-context";
import { guardStackJson } from "../../lib/review/stack-guard";
import { PLATFORM_STACK_ID } from "../../lib/verbund";
import { fixtureModel, synthesizeCached } from "../helpers/synth";
import { change, plan } from "../helpers/plans";

const model = fixtureModel();
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-isolation-review-"));
synthesizeCached(model, outdir);
const stacksDir = path.join(outdir, "stacks");
const platformJson = JSON.parse(fs.readFileSync(path.join(stacksDir, PLATFORM_STACK_ID, "cdk.tf.json"), "utf8")) as { resource: Record<string, Record<string, Record<string, unknown>>> };
const context = readStackContext(stacksDir, PLATFORM_STACK_ID);
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The address of the first synthesized resource of a type whose logical name contains `part`. */
const address = (type: string, part = "") => `${type}.${Object.keys(platformJson.resource[type]!).find((n) => n.includes(part))!}`;
const review = (changes: unknown[]) => summarizePlan({ stack: PLATFORM_STACK_ID, file: "platform.json", plan: plan(changes) as unknown as PlanDocument }, context);

const denyRule = {
  name: "deny-bit-13-inbound",
  action: "Deny",
  direction: "Inbound",
  priority: 2026,
  protocol: "Any",
  source: [{ address_prefix: "10.72.0.0/13", address_prefix_type: "IPPrefix" }],
  destination: [{ address_prefix: "10.64.0.0/12", address_prefix_type: "IPPrefix" }],
  description: "Other Träger",
};
const allowRule = {
  name: "allow-hub-bastion-rdp-inbound",
  action: "Allow",
  direction: "Inbound",
  priority: 200,
  protocol: "Tcp",
  destination_port_ranges: ["3389"],
  source: [{ address_prefix: "10.60.0.64/26", address_prefix_type: "IPPrefix" }],
  destination: [{ address_prefix: "10.64.0.0/12", address_prefix_type: "IPPrefix" }],
  description: "RDP from Bastion",
};

describe("plan review of the security admin rules", () => {
  it("reads the synthesized platform stack, whose isolation types pass the stack guard", () => {
    expect("missing" in context).toBe(false);
    expect(guardStackJson(PLATFORM_STACK_ID, platformJson, { tenantId: model.entraTenantId, backend: { subscriptionId: model.stateBackend.subscriptionId, resourceGroupName: model.stateBackend.resourceGroupName, storageAccountName: model.stateBackend.storageAccountName, containerName: model.stateBackend.containerName } })).toEqual([]);
  });

  it.each([
    ["Deny → Allow", { ...denyRule, action: "Allow" }, /action Deny → Allow/],
    ["Deny → AlwaysAllow", { ...denyRule, action: "AlwaysAllow" }, /action Deny → AlwaysAllow/],
    ["a Deny's prefix narrowed", { ...denyRule, source: [{ address_prefix: "10.72.0.0/14", address_prefix_type: "IPPrefix" }] }, /source no longer denied: 10\.72\.0\.0\/13/],
    ["a Deny narrowed to TCP", { ...denyRule, protocol: "Tcp" }, /protocol Any → Tcp/],
    ["a Deny moved behind others", { ...denyRule, priority: 4000 }, /Deny moved later: priority 2026 → 4000/],
  ])("marks %s ⚠", (_label, after, reason) => {
    const summary = review([change(address("azurerm_network_manager_admin_rule", "deny-bit-13-inbound"), ["update"], denyRule, after)]);
    expect(summary.warnings.map((w) => w.reason).join("\n")).toMatch(reason);
    expect(isBlocking(summary)).toBe(false);
  });

  it.each([
    ["an Allow widened to the whole pool", { ...allowRule, source: [{ address_prefix: "10.64.0.0/12", address_prefix_type: "IPPrefix" }] }, /source widened: 10\.64\.0\.0\/12/],
    ["an Allow's ports opened", { ...allowRule, destination_port_ranges: ["3389", "445"] }, /ports opened: 445/],
    ["an Allow that skips the NSG", { ...allowRule, action: "AlwaysAllow" }, /action Allow → AlwaysAllow/],
  ])("marks %s ⚠", (_label, after, reason) => {
    const summary = review([change(address("azurerm_network_manager_admin_rule", "allow-hub-bastion-rdp"), ["update"], allowRule, after)]);
    expect(summary.warnings.map((w) => w.reason).join("\n")).toMatch(reason);
  });

  it("does not warn when a rule gets stricter (a Deny widened, an Allow narrowed)", () => {
    expect(adminRuleWeakenings(denyRule, { ...denyRule, source: [{ address_prefix: "10.64.0.0/12", address_prefix_type: "IPPrefix" }] })).toEqual([]);
    expect(adminRuleWeakenings(allowRule, { ...allowRule, destination: [{ address_prefix: "10.64.0.0/13", address_prefix_type: "IPPrefix" }] })).toEqual([]);
    expect(adminRuleWeakenings(denyRule, denyRule)).toEqual([]);
    expect(adminRuleWeakenings(undefined, denyRule)).toEqual([]);
  });

  it("marks ⚠ a removed Deny rule, a removed rule collection, a removed network group and a new Allow rule", () => {
    const summary = review([
      change(address("azurerm_network_manager_admin_rule", "deny-bit-14-outbound"), ["delete"], { ...denyRule, name: "deny-bit-14-outbound" }, null),
      change(address("azurerm_network_manager_admin_rule_collection", "isolation-bit-15"), ["delete"], { name: "isolation-bit-15", network_group_ids: ["/subscriptions/x/…/networkGroups/isolation-bit-15"] }, null),
      change(address("azurerm_network_manager_network_group", "isolation-bit-16"), ["delete"], { name: "isolation-bit-16" }, null),
      change("azurerm_network_manager_admin_rule.isolation_rule-new", ["create"], null, { ...allowRule, name: "allow-everything", source: [{ address_prefix: "*", address_prefix_type: "IPPrefix" }] }),
    ]);
    const reasons = summary.warnings.map((w) => w.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/^admin rule removed \(was: Deny Inbound Any ports \* from 10\.72\.0\.0\/13 to 10\.64\.0\.0\/12 \(priority 2026\)\): what it denied is left to the NSGs/),
      expect.stringMatching(/^admin rule collection "isolation-bit-15" removed: its rules stop applying to /),
      expect.stringMatching(/^network group "isolation-bit-16" removed/),
      expect.stringMatching(/^new admin rule Allow: Allow Inbound Tcp ports 3389 from \* to /),
    ]);
  });

  it("blocks (⛔) deleting or replacing the network manager, the configuration or a commit; removing a commit is also ⚠", () => {
    const deployment = address("azurerm_network_manager_deployment", model.regions.primary);
    const summary = review([
      change(deployment, ["delete"], { location: model.regions.primary, scope_access: "SecurityAdmin", configuration_ids: ["/c"] }, null),
      change(address("azurerm_network_manager_security_admin_configuration"), ["delete", "create"], { name: "traeger-isolation" }, { name: "traeger-isolation-2" }),
      change(address("azurerm_network_manager"), ["forget"], { name: "avnm-fxv" }, null),
    ]);
    expect(isBlocking(summary)).toBe(true);
    expect(summary.blocked.map((b) => [b.address, b.action])).toEqual([
      [deployment, "delete"],
      [address("azurerm_network_manager_security_admin_configuration"), "replace"],
      [address("azurerm_network_manager"), "forget"],
    ]);
    expect(summary.blocked[0]!.reason).toMatch(/enforces the isolation between Träger.*has prevent_destroy/);
    expect(summary.warnings.map((w) => w.reason)).toContain(`security admin configuration no longer committed in ${model.regions.primary}: no admin rule applies there`);
  });

  it("marks ⚠ a commit that drops the configuration and a scope that loses SecurityAdmin", () => {
    const summary = review([
      change(address("azurerm_network_manager_deployment"), ["update"], { location: "germanywestcentral", configuration_ids: ["/cfg"] }, { location: "germanywestcentral", configuration_ids: [] }),
      change(address("azurerm_network_manager"), ["update"], { scope_accesses: ["SecurityAdmin"], scope: [{ management_group_ids: ["/providers/Microsoft.Management/managementGroups/mg-a"] }] }, { scope_accesses: ["Connectivity"], scope: [{ management_group_ids: ["/providers/Microsoft.Management/managementGroups/mg-b"] }] }),
    ]);
    const reasons = summary.warnings.map((w) => w.reason);
    expect(reasons).toContain("commit in germanywestcentral drops /cfg");
    expect(reasons).toContain("scope access SecurityAdmin removed: the admin rules stop applying");
    expect(reasons.some((r) => r.startsWith("scope changed:"))).toBe(true);
  });
});

describe("plan review of a Träger's static members and of the Entra logs", () => {
  it("marks ⚠ a VNet that leaves its network group (in the Träger's stack)", () => {
    const summary = summarizePlan(
      { stack: "fixture-stadt", file: "fixture-stadt.json", plan: plan([change("azurerm_network_manager_static_member.isolation_traeger-spokes_1", ["delete"], { name: "traeger-fixture-stadt", network_group_id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkManagers/avnm-fxv/networkGroups/traeger-spokes", target_virtual_network_id: "/subscriptions/t/resourceGroups/rg-fixture-stadt-network/providers/Microsoft.Network/virtualNetworks/vnet-fixture-stadt" }, null)]) as unknown as PlanDocument },
      readStackContext(stacksDir, "fixture-stadt"),
    );
    expect(summary.warnings.map((w) => w.reason)).toEqual(["VNet /subscriptions/t/resourceGroups/rg-fixture-stadt-network/providers/Microsoft.Network/virtualNetworks/vnet-fixture-stadt leaves network group traeger-spokes: its security admin rules stop applying to it"]);
  });

  it("marks ⚠ removing the Entra diagnostic setting, dropping a category or changing its workspace", () => {
    const setting = address("azurerm_monitor_aad_diagnostic_setting");
    const before = { name: "fxv-entra-to-central-workspace", log_analytics_workspace_id: "/ws/a", enabled_log: [{ category: "AuditLogs" }, { category: "SignInLogs" }] };
    expect(review([change(setting, ["delete"], before, null)]).warnings.map((w) => w.reason)).toEqual(["Entra ID sign-in and audit logs stop reaching the central workspace"]);
    expect(review([change(setting, ["update"], before, { ...before, log_analytics_workspace_id: "/ws/b", enabled_log: [{ category: "AuditLogs" }] })]).warnings.map((w) => w.reason)).toEqual([
      "Entra log categories no longer sent: SignInLogs",
      "Entra logs go to another workspace: /ws/b",
    ]);
  });
});
