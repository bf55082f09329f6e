import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, runPlanSummary } from "../../lib/review/commands";
import { change, FIXTURE_STACKS, plan, tempFiles } from "../helpers/plans";

function summary(files: Record<string, unknown>, argv: string[]) {
  const { dir, done } = tempFiles(files);
  let out = "";
  const err: string[] = [];
  const io: CommandIo = { cwd: dir, out: (t) => (out += t), err: (l) => err.push(l) };
  try {
    const code = runPlanSummary(["--stacks-dir", FIXTURE_STACKS, ...argv], io, {});
    const full = fs.existsSync(path.join(dir, "plan-summary.full.md")) ? fs.readFileSync(path.join(dir, "plan-summary.full.md"), "utf8") : undefined;
    return { code, out, err, full };
  } finally {
    done();
  }
}

const rule = (name: string, access: string, priority: number, ports: string | string[], sources: string | string[]) => ({
  name,
  access,
  direction: "Inbound",
  protocol: "Tcp",
  priority,
  destination_port_range: typeof ports === "string" ? ports : null,
  destination_port_ranges: Array.isArray(ports) ? ports : null,
  source_address_prefix: typeof sources === "string" ? sources : null,
  source_address_prefixes: Array.isArray(sources) ? sources : null,
  destination_address_prefix: "10.64.224.0/20",
  destination_address_prefixes: null,
  source_port_range: "*",
});
const NSG = "azurerm_network_security_group.network_nsg-sessionhosts_339A3638";

describe("plan comment: values, rules, names", () => {
  const nsgPlan = plan([
    change(
      NSG,
      ["update"],
      { name: "nsg-musterstadt-sessionhosts", security_rule: [rule("deny-pool", "Deny", 200, "*", "10.64.0.0/12"), rule("allow-https", "Allow", 110, "443", "10.60.1.0/24"), rule("allow-dns", "Allow", 120, "53", "10.60.0.4")] },
      { name: "nsg-musterstadt-sessionhosts", security_rule: [rule("deny-pool", "Allow", 200, "*", "10.64.0.0/12"), rule("allow-https", "Allow", 110, ["443", "3389"], "10.60.0.0/16"), rule("allow-rdp-any", "Allow", 100, "3389", "*")] },
    ),
  ]);

  it("shows NSG rules as added, removed and changed by name, and marks each weakening ⚠ (exit 0: nothing destroyed)", () => {
    const { code, out } = summary({ "musterstadt.json": nsgPlan }, ["musterstadt.json"]);
    expect(code).toBe(0);
    expect(out).toContain(`- ✏️ **update** <code>${NSG}</code> · <code>nsg-musterstadt-sessionhosts</code>`);
    expect(out).toContain("  - <code>security_rule</code> <code>allow-dns</code> **removed**: <code>Allow Inbound Tcp port 53 from 10.60.0.4 to 10.64.224.0/20 (priority 120)</code>");
    expect(out).toContain("  - <code>security_rule</code> <code>allow-rdp-any</code> **added**: <code>Allow Inbound Tcp port 3389 from &#42; to 10.64.224.0/20 (priority 100)</code>");
    expect(out).toContain("  - <code>security_rule</code> <code>deny-pool</code> **changed**: <code>access&#58; &#34;Deny&#34; → &#34;Allow&#34;</code>");
    expect(out).toContain("⚠ **4 changes weaken isolation or protection**: read them below.");
    const warnings = out.split("\n").filter((l) => l.startsWith("> - ⚠"));
    expect(warnings).toEqual([
      `> - ⚠ <code>musterstadt</code>: <code>${NSG}</code> (<code>nsg-musterstadt-sessionhosts</code>): NSG rule &#34;deny-pool&#34;&#58; Deny turned Allow&#58; Allow Inbound Tcp port &#42; from 10.64.0.0/12 to 10.64.224.0/20 (priority 200)`,
      `> - ⚠ <code>musterstadt</code>: <code>${NSG}</code> (<code>nsg-musterstadt-sessionhosts</code>): NSG rule &#34;allow-https&#34;&#58; port opened&#58; 3389 (Allow Inbound Tcp port 443,3389 from 10.60.0.0/16 to 10.64.224.0/20 (priority 110))`,
      `> - ⚠ <code>musterstadt</code>: <code>${NSG}</code> (<code>nsg-musterstadt-sessionhosts</code>): NSG rule &#34;allow-https&#34;&#58; source widened&#58; 10.60.0.0/16 (Allow Inbound Tcp port 443,3389 from 10.60.0.0/16 to 10.64.224.0/20 (priority 110))`,
      `> - ⚠ <code>musterstadt</code>: <code>${NSG}</code> (<code>nsg-musterstadt-sessionhosts</code>): NSG rule &#34;allow-rdp-any&#34;&#58; new rule allows&#58; Allow Inbound Tcp port 3389 from &#42; to 10.64.224.0/20 (priority 100)`,
    ]);
    expect(out).toContain("| <code>musterstadt</code> | Stadt Musterstadt | 0 | 1 | 0 | 0 | 0 | ⚠ weakens protection |");
  });

  it("does not warn about a rule that allows less", () => {
    const narrower = plan([change(NSG, ["update"], { security_rule: [rule("allow-https", "Allow", 110, ["443", "8443"], "10.60.0.0/16")] }, { security_rule: [rule("allow-https", "Allow", 110, "443", "10.60.1.0/24")] })]);
    const { code, out } = summary({ "musterstadt.json": narrower }, ["musterstadt.json"]);
    expect(code).toBe(0);
    expect(out).not.toContain("⚠");
    expect(out).toContain("**changed**: <code>destination_port_range&#58; (none) → &#34;443&#34;; destination_port_ranges&#58; &#91;&#34;443&#34;,&#34;8443&#34;&#93; → (none); source_address_prefix&#58; &#34;10.60.0.0/16&#34; → &#34;10.60.1.0/24&#34;</code>");
  });

  it.each([
    ["a role assignment added", change("azurerm_role_assignment.extra", ["create"], null, { role_definition_name: "Owner", scope: "/subscriptions/x", principal_id: "p-1" }), "role assignment added&#58; role_definition_name=Owner, scope=/subscriptions/x, principal_id=p-1"],
    ["a role assignment widened", change("azurerm_role_assignment.r", ["create", "delete"], { role_definition_name: "Reader", scope: "/subscriptions/x/resourceGroups/rg" }, { role_definition_name: "Contributor", scope: "/subscriptions/x" }), "role assignment changed (role_definition_name&#58; &#34;Reader&#34; → &#34;Contributor&#34;; scope&#58; &#34;/subscriptions/x/resourceGroups/rg&#34; → &#34;/subscriptions/x&#34;)"],
    ["vault immutability weakened", change("azurerm_recovery_services_vault.backup_vault_A3268EAD", ["update"], { name: "rsv-musterstadt", immutability: "Locked" }, { name: "rsv-musterstadt", immutability: "Unlocked" }), "immutability weakened&#58; &#34;Locked&#34; → &#34;Unlocked&#34;"],
    ["vault soft delete turned off", change("azurerm_recovery_services_vault.backup_vault_A3268EAD", ["update"], { soft_delete_enabled: true }, { soft_delete_enabled: false }), "soft_delete_enabled weakened&#58; true → false"],
    ["a key vault's purge protection turned off", change("azurerm_key_vault.kv", ["update"], { purge_protection_enabled: true }, { purge_protection_enabled: false }), "purge_protection_enabled weakened&#58; true → false"],
    ["a peering flag changed", change("azurerm_virtual_network_peering.network_peering-to-hub_05652892", ["update"], { allow_forwarded_traffic: false }, { allow_forwarded_traffic: true }), "peering flag allow_forwarded_traffic&#58; false → true"],
    ["a subnet losing its NSG", change("azurerm_subnet_network_security_group_association.a", ["delete"], { subnet_id: "s" }, null), "a subnet loses its NSG"],
  ])("marks %s ⚠", (_, resourceChange, reason) => {
    const { out } = summary({ "musterstadt.json": plan([resourceChange]) }, ["musterstadt.json"]);
    expect(out.split("\n").filter((l) => l.startsWith("> - ⚠"))).toEqual([expect.stringContaining(`: ${reason}`)]);
  });

  it("warns when the resource guard association goes, and blocks it too", () => {
    const { code, out } = summary({ "musterstadt.json": plan([change("azurerm_recovery_services_vault_resource_guard_association.backup_resource-guard_7DD11FAA", ["delete"], { vault_id: "v" }, null)]) }, ["musterstadt.json"]);
    expect(code).toBe(3);
    expect(out).toContain("**delete** <code>azurerm_recovery_services_vault_resource_guard_association.backup_resource-guard_7DD11FAA</code>: azurerm_recovery_services_vault_resource_guard_association is backup protection");
  });

  it("shows values before → after, sensitive ones masked and long ones shortened; the whole plan as text in a collapsed <details>", () => {
    const long = "x".repeat(300);
    const p = plan([
      change("azurerm_virtual_desktop_host_pool.vdi_pool-verwaltung_host-pool_DEEAF337", ["update"], { name: "vdpool-musterstadt-verwaltung", maximum_sessions_allowed: 8, description: "kurz", custom_rdp_properties: "a" }, { name: "vdpool-musterstadt-verwaltung", maximum_sessions_allowed: 10, description: long, custom_rdp_properties: "b" }, { before_sensitive: { custom_rdp_properties: true }, after_sensitive: { custom_rdp_properties: true } }),
    ]);
    const { out } = summary({ "musterstadt.json": p }, ["musterstadt.json"]);
    expect(out).toContain("  - <code>maximum_sessions_allowed</code>: <code>8</code> → <code>10</code>");
    expect(out).toContain("  - <code>custom_rdp_properties</code>: <code>(sensitive)</code> → <code>(sensitive, changed)</code>");
    expect(out).toContain(`  - <code>description</code>: <code>&#34;kurz&#34;</code> → <code>&#34;${"x".repeat(116)}…</code>`);
    const details = out.slice(out.indexOf("<details><summary>The whole plan as text</summary>"));
    expect(details).toContain(`    ~ description = "kurz" -&#62; "${long}"`);
    expect(details).toContain("    ~ maximum_sessions_allowed = 8 -&#62; 10");
    expect(details).toContain('    ~ custom_rdp_properties = "(sensitive)" -&#62; "(sensitive, changed)"');
    expect(details).toMatch(/<\/pre>\n\n<\/details>/);
  });

  it("names the Träger and the blast radius: its desktop users and the data stores touched", () => {
    const { out } = summary({ "musterstadt.json": plan([change("azurerm_storage_account.vdi_profile-storage_BF9BCCB3", ["update"], { name: "stmusterstadt1a2b3c", tags: { a: "1" } }, { name: "stmusterstadt1a2b3c", tags: { a: "2" } }), change("azurerm_windows_virtual_machine.vdi_pool-verwaltung_host-000_vm_C22C2EEC", ["update"], { name: "vm-musterstadt-verwaltung-000", size: "a" }, { name: "vm-musterstadt-verwaltung-000", size: "b" })]) }, ["musterstadt.json"]);
    expect(out).toContain("### <code>musterstadt</code> — Stadt Musterstadt");
    expect(out).toContain(
      "**Blast radius:** Träger Stadt Musterstadt; desktops: vdpool-musterstadt-chef&#58; 1 personal desktops (one user each); vdpool-musterstadt-verwaltung&#58; 2 session hosts, up to 16 sessions; users&#58; members of sg-musterstadt-vdi-users; this plan changes their desktops; data stores touched: <code>stmusterstadt1a2b3c (update)</code>.",
    );
  });
});

describe("plan comment: failed and missing stacks, run link, length", () => {
  it("reads an out-dir: plans, failure records, and expected stacks that left nothing are ⛔", () => {
    const files = {
      "out/musterstadt.json": plan([]),
      "out/alpha.failure.json": { stack: "alpha", mode: "plan", step: "init", exitCode: 1, message: "terraform init failed (exit 1): Error: \u001b[31mbackend\u001b[0m unreachable" },
    };
    const { code, out } = summary(files, ["--dir", "out", "--expect", "alpha,musterstadt,zeta"]);
    expect(code).toBe(3);
    expect(out).toContain("⛔ **2 of 3 stacks blocked**: see below.");
    expect(out).toContain("| <code>alpha</code> | – | – | – | – | – | – | ⛔ plan failed |");
    expect(out).toContain("| <code>zeta</code> | – | – | – | – | – | – | ⛔ missing |");
    expect(out).toContain("> - ⛔ <code>alpha</code>: terraform init failed (exit 1)&#58; Error&#58; backend unreachable");
    expect(out).toContain("> - ⛔ <code>zeta</code>: missing: neither a plan nor a failure record (the job did not finish or its output was lost)");
    expect(out).not.toContain("\u001b");
  });

  it("counts a failure record given among the plan files (a glob such as plans/*.json) as a failed stack", () => {
    const files = { "plans/musterstadt.json": plan([]), "plans/alpha.failure.json": { stack: "alpha", mode: "plan", step: "plan", exitCode: 1, message: "terraform plan failed (exit 1): denied" } };
    const { code, out } = summary(files, ["plans/alpha.failure.json", "plans/musterstadt.json"]);
    expect(code).toBe(3);
    expect(out).toContain("> - ⛔ <code>alpha</code>: terraform plan failed (exit 1)&#58; denied");
  });

  it("reports every stack of an out-dir without --expect, and refuses --expect without --dir", () => {
    expect(summary({ "out/musterstadt.json": plan([]) }, ["--dir", "out"]).out).toContain("✅ 1 stack planned; nothing destroys data.");
    const wrong = summary({}, ["--expect", "a"]);
    expect([wrong.code, wrong.err[0]]).toEqual([2, "--expect needs --dir"]);
  });

  it("links the run and the commit given as flags, and refuses what is not a commit or an https link", () => {
    const { out } = summary({ "musterstadt.json": plan([]) }, ["--run-url", "https://github.com/ksm/verbund/actions/runs/1)<b>", "--commit", "abcdef1234567", "musterstadt.json"]);
    expect(out).toContain("<sub>Planned in [CI run](https://github.com/ksm/verbund/actions/runs/1%29%3Cb%3E), commit <code>abcdef123456</code>.</sub>");
    expect(summary({ "musterstadt.json": plan([]) }, ["--commit", "main; rm -rf /", "musterstadt.json"]).code).toBe(2);
    expect(summary({ "musterstadt.json": plan([]) }, ["--run-url", "javascript:alert(1)", "musterstadt.json"]).out).not.toContain("javascript");
  });

  it("cuts to the comment limit keeping every ⛔ and ⚠, drops the plan text first, and writes the whole summary", () => {
    const changes = Array.from({ length: 400 }, (_, i) => change(`azurerm_network_interface.nic_${i}`, ["update"], { name: `nic-${i}`, tags: { a: "1" } }, { name: `nic-${i}`, tags: { a: "2" } }));
    changes.push(change("azurerm_key_vault.vdi_key-vault_29485FBC", ["delete"], { name: "kv-musterstadt" }, null), change("azurerm_role_assignment.extra", ["create"], null, { role_definition_name: "Owner" }));
    const { code, out, full } = summary({ "musterstadt.json": plan(changes) }, ["--limit", "20000", "musterstadt.json"]);
    expect(code).toBe(3);
    expect(out.length).toBeLessThanOrEqual(20000);
    expect(out).toContain("> - ⛔ <code>musterstadt</code>: **delete** <code>azurerm_key_vault.vdi_key-vault_29485FBC</code>");
    expect(out).toContain("> - ⚠ <code>musterstadt</code>: <code>azurerm_role_assignment.extra</code>: role assignment added");
    expect(out).not.toContain("<details>");
    expect(out).toContain("✂ Cut to fit a pull-request comment. The whole summary is in <code>plan-summary.full.md</code>.");
    expect(full).toContain("<details><summary>The whole plan as text</summary>");
    expect(full).toContain("nic_399");
  });
});
