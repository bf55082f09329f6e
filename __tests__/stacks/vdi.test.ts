import * as fs from "node:fs";
import { LOCAL_ADMIN_USERNAME } from "../../lib/constructs/facts";
import { AVD_SERVICE_PRINCIPAL_APP_ID } from "../../lib/constructs/facts";
import { fixtureModel, loadModel, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { stadt, tenantsDir } from "../helpers/tenants";

type Json = Record<string, unknown>;
const model = loadModel();
const stacks = synthStacks(model);
/** Behaviour of particular declarations is checked on the fixture Verbund, never on a real Träger. */
const fixtures = synthStacks(fixtureModel());

const LONGEST_ID = "amt-abcdefghijklmnopqrst";
const edgeDir = tenantsDir({
  [`${LONGEST_ID}.ts`]: stadt({
    id: LONGEST_ID,
    kind: "amt",
    key: "130765698",
    members: [{ name: "Langdorf", ags: "13076996" }],
    vdi: {
      pools: [
        { name: "abcdefghijklmnop", users: 30, sessionsPerHost: 3, vmSize: "Standard_D4as_v5" },
        { name: "abcdefghijklmnoq", users: 12, sessionsPerHost: 1, vmSize: "Standard_D2as_v5", type: "personal", clipboard: false },
      ],
    },
  }),
});
const edge = synthStacks(loadModel({ TENANTS_DIR: edgeDir })).get(LONGEST_ID)!;
afterAll(() => fs.rmSync(edgeDir, { recursive: true, force: true }));

const all = (stack: StackJson, type: string): Json[] => resourcesOf(stack, type).map(([, r]) => r);
const byName = (stack: StackJson, type: string, name: string): Json => {
  const found = all(stack, type).filter((r) => r.name === name);
  expect(found).toHaveLength(1);
  return found[0]!;
};
// Desktops run only while a Träger is active; offboarding.test.ts checks what offboarding removes.
const withVdi = model.traeger.filter((t) => t.pools.length > 0 && t.status === "active");

describe.each(withVdi.map((t) => [t.id, t] as const))("the desktops of %s", (id, traeger) => {
  const stack = stacks.get(id)!;

  it("size every pool by the rule and spread its hosts over three zones", () => {
    for (const pool of traeger.pools) {
      const vms = all(stack, "azurerm_windows_virtual_machine").filter((vm) => String(vm.name).startsWith(`vm-${id}-${pool.name}-`));
      expect([pool.name, vms.length]).toEqual([pool.name, pool.sessionHostCount]);
      expect(new Set(vms.map((vm) => vm.zone))).toEqual(new Set(["1", "2", "3"].slice(0, Math.min(3, vms.length))));
    }
  });

  it("put service objects in the AVD region and everything running or holding data in Germany", () => {
    for (const type of ["azurerm_virtual_desktop_host_pool", "azurerm_virtual_desktop_application_group", "azurerm_virtual_desktop_workspace", "azurerm_virtual_desktop_scaling_plan"]) {
      for (const r of all(stack, type)) expect([type, r.location]).toEqual([type, "westeurope"]);
    }
    for (const type of ["azurerm_windows_virtual_machine", "azurerm_network_interface", "azurerm_storage_account", "azurerm_key_vault", "azurerm_private_endpoint", "azurerm_recovery_services_vault", "azurerm_resource_group"]) {
      for (const r of all(stack, type)) expect([type, r.name, r.location]).toEqual([type, r.name, "germanywestcentral"]);
    }
  });

  it("run session hosts with trusted launch and encryption at host, no public IP, a generated password", () => {
    expect(all(stack, "azurerm_public_ip")).toEqual([]);
    for (const nic of all(stack, "azurerm_network_interface")) {
      for (const ip of nic.ip_configuration as Json[]) expect(ip.public_ip_address_id).toBeUndefined();
    }
    const [[passwordName]] = resourcesOf(stack, "random_password") as [[string, Json]];
    for (const vm of all(stack, "azurerm_windows_virtual_machine")) {
      expect(vm).toMatchObject({ secure_boot_enabled: true, vtpm_enabled: true, encryption_at_host_enabled: true, admin_username: LOCAL_ADMIN_USERNAME, admin_password: `\${random_password.${passwordName}.result}` });
    }
    const [secret] = all(stack, "azurerm_key_vault_secret");
    // Write-only: the value never lands in the secret's state or in a plan.
    expect(secret).toMatchObject({ name: "sessionhost-local-admin", value_wo: `\${random_password.${passwordName}.result}`, value_wo_version: 1 });
    expect(secret!.value).toBeUndefined();
  });

  it("give every session host a computer name of at most 15 characters, unique within the Träger", () => {
    const names = all(stack, "azurerm_windows_virtual_machine").map((vm) => String(vm.computer_name));
    for (const name of names) expect(name.length).toBeLessThanOrEqual(15);
    expect(new Set(names).size).toBe(names.length);
  });

  it("register hosts with a token that rotates, never from timestamp()", () => {
    expect(JSON.stringify(stack)).not.toContain("timestamp(");
    for (const [name, rotation] of resourcesOf(stack, "time_rotating")) {
      expect(rotation).toMatchObject({ rotation_days: 27 });
      const registrations = all(stack, "azurerm_virtual_desktop_host_pool_registration_info").filter((r) => r.expiration_date === `\${time_rotating.${name}.rotation_rfc3339}`);
      expect(registrations).toHaveLength(1);
      // azurerm v4.58.0 virtual_desktop_host_pool_registration_info_resource.go ~53-57 (expiration_date,
      // no DiffSuppressFunc) and ~149 (read back in Azure's own format): ignored, and the rotation
      // replaces the token. Terraform's JSON syntax wants a bare reference in replace_triggered_by.
      expect(registrations[0]!.lifecycle).toEqual({ ignore_changes: ["expiration_date"], replace_triggered_by: [`time_rotating.${name}`] });
    }
    for (const ext of all(stack, "azurerm_virtual_machine_extension").filter((e) => e.type === "DSC")) {
      expect(ext.lifecycle).toEqual({ ignore_changes: ["protected_settings"] });
      expect(String(ext.protected_settings)).toContain(".token}");
    }
  });

  it("join hosts as the directory section says", () => {
    const joinType = traeger.directory.join.mode === "entra" ? "AADLoginForWindows" : "JsonADDomainExtension";
    const joins = all(stack, "azurerm_virtual_machine_extension").filter((e) => e.type === "AADLoginForWindows" || e.type === "JsonADDomainExtension");
    expect(joins).toHaveLength(all(stack, "azurerm_windows_virtual_machine").length);
    for (const join of joins) expect(join.type).toBe(joinType);
    if (traeger.directory.join.mode === "ad") {
      for (const join of joins) {
        expect(JSON.parse(String(join.settings))).toMatchObject({ OUPath: traeger.directory.join.ouPath, Options: "3" });
        // The password is read by the platform from the hub Key Vault, never by Terraform.
        expect(join.protected_settings).toBeUndefined();
        expect(join.protected_settings_from_key_vault).toMatchObject({ secret_url: expect.stringMatching(/^https:\/\/[\w-]+\.vault\.azure\.net\/secrets\/[\w-]+$/) });
      }
    }
  });

  it("keep FSLogix profiles on private, identity-based Premium file storage in Germany, protected from destroy", () => {
    const [account] = all(stack, "azurerm_storage_account");
    expect(account).toMatchObject({
      account_kind: "FileStorage",
      account_tier: "Premium",
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      public_network_access_enabled: false,
      shared_access_key_enabled: false,
      lifecycle: { prevent_destroy: true },
    });
    // Entra: Kerberos from Entra ID. AD: the account's domain join sets AD DS authentication, which
    // Terraform then leaves alone (docs/vdi.md).
    if (traeger.directory.join.mode === "entra") expect(account).toMatchObject({ azure_files_authentication: { directory_type: "AADKERB" } });
    else expect(account).toMatchObject({ lifecycle: { ignore_changes: ["azure_files_authentication"] } });
    const endpoints = all(stack, "azurerm_private_endpoint");
    expect(endpoints.map((e) => (e.private_service_connection as Json).subresource_names)).toEqual(expect.arrayContaining([["file"], ["vault"]]));
    const file = endpoints.find((e) => JSON.stringify(e).includes('"file"'))!;
    expect(file.private_dns_zone_group).toMatchObject({ private_dns_zone_ids: [model.privateDns.fileZoneId] });
    expect(String(file.subnet_id)).toContain("subnet-privateendpoints");
  });

  it("give every pool a profile share sized from its users, backed up by the Träger's vault", () => {
    for (const pool of traeger.pools) {
      const share = byName(stack, "azurerm_storage_share", `profiles-${pool.name}`);
      expect(share).toMatchObject({ quota: Math.max(100, pool.users * 10), lifecycle: { prevent_destroy: true } });
    }
    const protectedShares = all(stack, "azurerm_backup_protected_file_share");
    expect(protectedShares).toHaveLength(traeger.pools.length);
  });

  it("back up personal desktops with the VM policy and nothing else", () => {
    const personalHosts = traeger.pools.filter((p) => p.type === "personal").reduce((n, p) => n + p.sessionHostCount, 0);
    expect(all(stack, "azurerm_backup_protected_vm")).toHaveLength(personalHosts);
  });

  it("grant the vdi-users group desktop, profile and (Entra join) sign-in access", () => {
    const vdiUsers = resourcesOf(stack, "azuread_group").find(([, g]) => g.display_name === `sg-${id}-vdi-users`)![0];
    const roles = all(stack, "azurerm_role_assignment").filter((r) => r.principal_id === `\${azuread_group.${vdiUsers}.object_id}`).map((r) => r.role_definition_name).sort();
    const expected = [...traeger.pools.map(() => "Desktop Virtualization User"), ...traeger.pools.map(() => "Storage File Data SMB Share Contributor"), ...(traeger.directory.join.mode === "entra" ? ["Virtual Machine User Login"] : [])].sort();
    expect(roles).toEqual(expected);
  });

  it("let AVD power hosts on and off in the Träger's own subscription", () => {
    const data = (stack as unknown as { data: Record<string, Record<string, Json>> }).data;
    expect(Object.values(data.azuread_service_principal!)[0]).toMatchObject({ client_id: AVD_SERVICE_PRINCIPAL_APP_ID });
    const power = all(stack, "azurerm_role_assignment").filter((r) => r.role_definition_name === "Desktop Virtualization Power On Off Contributor");
    expect(power).toEqual([expect.objectContaining({ scope: `/subscriptions/${traeger.subscriptionId}`, principal_type: "ServicePrincipal" })]);
  });

  it("send host pool, application group, workspace and profile storage logs to the central workspace", () => {
    const targets = all(stack, "azurerm_monitor_diagnostic_setting").map((d) => String(d.target_resource_id));
    for (const type of ["azurerm_virtual_desktop_host_pool", "azurerm_virtual_desktop_application_group", "azurerm_virtual_desktop_workspace"]) {
      for (const [name] of resourcesOf(stack, type)) expect(targets).toContain(`\${${type}.${name}.id}`);
    }
    expect(targets.some((t) => t.endsWith("/fileServices/default"))).toBe(true);
  });
});

// azurerm v4.58.0 monitor_diagnostic_setting_resource.go ~102-111 (log_analytics_destination_type
// Optional + Computed, no DiffSuppressFunc) and ~550-553 (Azure's null is read back as ""): key vault,
// AVD workspace, host pool, application group and fileServices have no resource-specific tables, so
// "Dedicated" there would be a change in every plan. Only the backup vault asks for it.
describe("diagnostic settings of a Träger with desktops", () => {
  it("leave the destination type unset on key vault, AVD objects and file services; Dedicated only on the vault", () => {
    const vaults = resourcesOf(edge, "azurerm_recovery_services_vault").map(([name]) => `\${azurerm_recovery_services_vault.${name}.id}`);
    const settings = all(edge, "azurerm_monitor_diagnostic_setting");
    const targets = settings.map((d) => String(d.target_resource_id));
    for (const type of ["azurerm_key_vault", "azurerm_virtual_desktop_host_pool", "azurerm_virtual_desktop_application_group", "azurerm_virtual_desktop_workspace"]) {
      for (const [name] of resourcesOf(edge, type)) expect(targets).toContain(`\${${type}.${name}.id}`);
    }
    expect(targets.some((t) => t.endsWith("/fileServices/default"))).toBe(true);
    for (const d of settings) {
      const expected = vaults.includes(String(d.target_resource_id)) ? "Dedicated" : undefined;
      expect([d.target_resource_id, d.log_analytics_destination_type]).toEqual([d.target_resource_id, expected]);
    }
  });
});

describe("host pools", () => {
  const ludwigslust = fixtures.get("fixture-stadt")!; // a pooled "verwaltung" and a personal "finanzen" pool

  it("pooled: breadth-first, the declared session limit, start VM on connect, weekend agent updates, a scaling plan", () => {
    const pool = byName(ludwigslust, "azurerm_virtual_desktop_host_pool", "vdpool-fixture-stadt-verwaltung");
    expect(pool).toMatchObject({
      type: "Pooled",
      load_balancer_type: "BreadthFirst",
      maximum_sessions_allowed: 8,
      start_vm_on_connect: true,
      scheduled_agent_updates: { enabled: true, timezone: "W. Europe Standard Time", schedule: [{ day_of_week: "Saturday", hour_of_day: 2 }, { day_of_week: "Sunday", hour_of_day: 2 }] },
    });
    const plan = byName(ludwigslust, "azurerm_virtual_desktop_scaling_plan", "vdscaling-fixture-stadt-verwaltung");
    expect(plan).toMatchObject({ time_zone: "W. Europe Standard Time", location: "westeurope" });
    expect((plan.schedule as Json[])[0]).toMatchObject({
      days_of_week: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
      ramp_up_start_time: "06:00",
      peak_start_time: "07:00",
      ramp_down_start_time: "18:00",
      off_peak_start_time: "19:00",
    });
  });

  it("personal: persistent with automatic assignment, and no scaling plan", () => {
    const pool = byName(ludwigslust, "azurerm_virtual_desktop_host_pool", "vdpool-fixture-stadt-finanzen");
    expect(pool).toMatchObject({ type: "Personal", load_balancer_type: "Persistent", personal_desktop_assignment_type: "Automatic", start_vm_on_connect: true });
    expect(all(ludwigslust, "azurerm_virtual_desktop_scaling_plan").map((p) => p.name)).toEqual(["vdscaling-fixture-stadt-verwaltung"]);
  });

  it("harden RDP: no drive, USB, camera or COM/LPT redirection; clipboard as declared", () => {
    const rdp = String(byName(ludwigslust, "azurerm_virtual_desktop_host_pool", "vdpool-fixture-stadt-verwaltung").custom_rdp_properties);
    for (const p of ["drivestoredirect:s:;", "usbdevicestoredirect:s:;", "camerastoredirect:s:;", "redirectcomports:i:0;", "redirectclipboard:i:1;", "enablerdsaadauth:i:1;"]) expect(rdp).toContain(p);
    const edgeRdp = all(edge, "azurerm_virtual_desktop_host_pool").map((p) => String(p.custom_rdp_properties));
    expect(edgeRdp.filter((r) => r.includes("redirectclipboard:i:0;"))).toHaveLength(1);
  });

  it("belong to the Träger's one workspace", () => {
    const [[workspace]] = resourcesOf(ludwigslust, "azurerm_virtual_desktop_workspace") as [[string, Json]];
    const associations = all(ludwigslust, "azurerm_virtual_desktop_workspace_application_group_association");
    expect(associations).toHaveLength(2);
    for (const a of associations) expect(a.workspace_id).toBe(`\${azurerm_virtual_desktop_workspace.${workspace}.id}`);
  });
});

describe("the longest ids and pool names", () => {
  it("still give valid, unique computer names and derived names", () => {
    const names = all(edge, "azurerm_windows_virtual_machine").map((vm) => String(vm.computer_name));
    expect(names).toHaveLength(8 + 12); // ceil(30 × 0.8 / 3) pooled, 12 personal
    for (const name of names) expect(name.length).toBeLessThanOrEqual(15);
    expect(new Set(names).size).toBe(names.length);
    for (const pool of all(edge, "azurerm_virtual_desktop_host_pool")) expect(String(pool.name).length).toBeLessThanOrEqual(64);
    for (const plan of all(edge, "azurerm_virtual_desktop_scaling_plan")) expect(String(plan.name).length).toBeLessThanOrEqual(64);
  });
});

describe("a Träger without a vdi section", () => {
  it("gets no desktops, storage, key vault or extra providers", () => {
    const schwerin = fixtures.get("fixture-ohne-vdi")!;
    for (const type of ["azurerm_virtual_desktop_host_pool", "azurerm_windows_virtual_machine", "azurerm_storage_account", "azurerm_key_vault", "time_rotating", "random_password"]) {
      expect([type, all(schwerin, type)]).toEqual([type, []]);
    }
    // azapi (vault hardening) and msgraph (people unit) belong to every stack, desktops or not
    expect(Object.keys(schwerin.provider).sort()).toEqual(["azapi", "azuread", "azurerm", "msgraph"]);
  });
});
