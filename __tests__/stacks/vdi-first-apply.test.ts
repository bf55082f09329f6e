import * as fs from "node:fs";
import * as path from "node:path";
import { INTUNE_MDM_APP_ID } from "../../lib/constructs/facts";
import { LOCAL_ADMIN_SECRET_VERSION, ROLE_PROPAGATION_WAIT } from "../../lib/constructs/facts";
import { AZURERM_PROVIDER_VERSION } from "../../lib/constructs/provider-compat";
import { DESKTOP_REFRESH_NEEDS } from "../../lib/constructs/vdi/refresh-rights";
import { fitBytes, labelWithSuffix, utf8Bytes } from "../../lib/naming/display-name";
import { allDocuments, type StackDocument } from "../conformance/stacks";

/**
 * What a first `terraform apply` of a stack with desktops needs, and what keeps later plans quiet:
 * for every stack of the checked-in Verbund and of the fixture Verbund at the limits
 * (__tests__/fixtures/limits: longest id, long names with umlauts and "–", AD join, personal pools).
 */
type Json = Record<string, unknown>;
const documents = allDocuments();
const withDesktops = documents.filter(([, doc]) => Object.keys(doc.resource?.azurerm_virtual_desktop_host_pool ?? {}).length > 0);
const resources = (doc: StackDocument, type: string): [string, Json][] => Object.entries(doc.resource?.[type] ?? {});
const address = (type: string, name: string) => `${type}.${name}`;
const entraJoined = (doc: StackDocument) => resources(doc, "azurerm_virtual_machine_extension").some(([, e]) => e.type === "AADLoginForWindows");
const adJoined = (doc: StackDocument) => resources(doc, "azurerm_virtual_machine_extension").some(([, e]) => e.type === "JsonADDomainExtension");

describe("the harness's inputs", () => {
  it("include stacks with Entra-joined and with AD-joined desktops, pooled and personal", () => {
    expect(withDesktops.some(([, doc]) => entraJoined(doc))).toBe(true);
    expect(withDesktops.some(([, doc]) => adJoined(doc))).toBe(true);
    const types = withDesktops.flatMap(([, doc]) => resources(doc, "azurerm_virtual_desktop_host_pool").map(([, p]) => p.type));
    expect(new Set(types)).toEqual(new Set(["Pooled", "Personal"]));
  });
});

describe.each(withDesktops)("desktops of %s", (_label, doc) => {
  it("register hosts with settings that are plain JSON naming the DSC function with one backslash", () => {
    for (const [, extension] of resources(doc, "azurerm_virtual_machine_extension").filter(([, e]) => e.type === "DSC")) {
      const settings = JSON.parse(String(extension.settings)) as { configurationFunction: string };
      expect(settings.configurationFunction).toBe("Configuration.ps1\\AddSessionHost");
    }
  });

  it("give every AVD object a friendly name of at most 64 bytes, the office hours in the scaling plan's description", () => {
    for (const type of ["azurerm_virtual_desktop_host_pool", "azurerm_virtual_desktop_application_group", "azurerm_virtual_desktop_workspace", "azurerm_virtual_desktop_scaling_plan"]) {
      for (const [, object] of resources(doc, type)) expect(utf8Bytes(String(object.friendly_name))).toBeLessThanOrEqual(64);
    }
    for (const [, plan] of resources(doc, "azurerm_virtual_desktop_scaling_plan")) {
      expect(String(plan.description)).toMatch(/office hours \d\d:\d\d–\d\d:\d\d/);
      expect(utf8Bytes(String(plan.description))).toBeLessThanOrEqual(512);
    }
  });

  it("let pooled host pools under a scaling plan change their load balancing without drift", () => {
    const scaled = new Set(resources(doc, "azurerm_virtual_desktop_scaling_plan").flatMap(([, plan]) => (plan.host_pool as Json[]).map((h) => String(h.hostpool_id))));
    for (const [name, pool] of resources(doc, "azurerm_virtual_desktop_host_pool")) {
      const ignored = ((pool.lifecycle as Json | undefined)?.ignore_changes ?? []) as string[];
      const underPlan = scaled.has(`\${${address("azurerm_virtual_desktop_host_pool", name)}.id}`);
      expect(underPlan).toBe(pool.type === "Pooled");
      expect(ignored).toEqual(underPlan ? ["load_balancer_type"] : []);
    }
  });

  it("write the local admin secret write-only, after its vault's private endpoint (with DNS) and the role's propagation", () => {
    const [[, secret]] = resources(doc, "azurerm_key_vault_secret") as [[string, Json]];
    expect(secret.value).toBeUndefined();
    expect(secret).toMatchObject({ value_wo: expect.stringMatching(/^\$\{random_password\.[\w-]+\.result\}$/), value_wo_version: LOCAL_ADMIN_SECRET_VERSION });
    const dependsOn = secret.depends_on as string[];
    const sleep = dependsOn.find((d) => d.startsWith("time_sleep."))!;
    const [, wait] = resources(doc, "time_sleep").find(([name]) => address("time_sleep", name) === sleep)!;
    expect(wait.create_duration).toBe(ROLE_PROPAGATION_WAIT);
    const role = (wait.depends_on as string[])[0]!;
    const [, assignment] = resources(doc, "azurerm_role_assignment").find(([name]) => address("azurerm_role_assignment", name) === role)!;
    expect(assignment).toMatchObject({ role_definition_name: "Key Vault Secrets Officer", scope: secret.key_vault_id });
    const endpoint = dependsOn.find((d) => d.startsWith("azurerm_private_endpoint."))!;
    const [, pe] = resources(doc, "azurerm_private_endpoint").find(([name]) => address("azurerm_private_endpoint", name) === endpoint)!;
    expect(pe).toMatchObject({ private_service_connection: { private_connection_resource_id: secret.key_vault_id, subresource_names: ["vault"] }, private_dns_zone_group: { private_dns_zone_ids: [expect.stringContaining("privatelink.vaultcore.azure.net")] } });
  });

  it("keep the domain-join password out of state and plans (no data source reads it)", () => {
    expect(doc.data?.azurerm_key_vault_secret).toBeUndefined();
    for (const [, join] of resources(doc, "azurerm_virtual_machine_extension").filter(([, e]) => e.type === "JsonADDomainExtension")) {
      expect(join.protected_settings).toBeUndefined();
      expect(join.protected_settings_from_key_vault).toMatchObject({ secret_url: expect.stringMatching(/^https:\/\/[\w-]+\.vault\.azure\.net\/secrets\/[\w-]+$/), source_vault_id: expect.stringContaining("/providers/Microsoft.KeyVault/vaults/") });
    }
  });

  it("send the Key Vault's audit logs to the central workspace", () => {
    const vaults = resources(doc, "azurerm_key_vault").map(([name]) => `\${${address("azurerm_key_vault", name)}.id}`);
    for (const vault of vaults) {
      const settings = resources(doc, "azurerm_monitor_diagnostic_setting").filter(([, s]) => s.target_resource_id === vault);
      expect(settings).toHaveLength(1);
      expect(settings[0]![1]).toMatchObject({ enabled_log: [{ category_group: "audit" }], log_analytics_workspace_id: expect.stringContaining("/Microsoft.OperationalInsights/workspaces/") });
    }
  });

  it("enrol Entra-joined hosts in Intune, which delivers FSLogix and LAPS", () => {
    for (const [, join] of resources(doc, "azurerm_virtual_machine_extension").filter(([, e]) => e.type === "AADLoginForWindows")) {
      expect(JSON.parse(String(join.settings))).toEqual({ mdmId: INTUNE_MDM_APP_ID });
    }
  });

  it("create AD-joined profile storage without AD DS authentication and leave exactly that block to the domain join", () => {
    const [[, account]] = resources(doc, "azurerm_storage_account") as [[string, Json]];
    const lifecycle = account.lifecycle as Json;
    if (adJoined(doc)) {
      expect(account.azure_files_authentication).toBeUndefined();
      expect(lifecycle.ignore_changes).toEqual(["azure_files_authentication"]);
    } else {
      expect(account.azure_files_authentication).toMatchObject({ directory_type: "AADKERB" });
      expect(lifecycle.ignore_changes).toBeUndefined();
    }
  });
});

describe.each(documents)("backups and providers of %s", (_label, doc) => {
  it("back file shares up to the vault tier, with fewer snapshot days than daily points", () => {
    for (const [, policy] of resources(doc, "azurerm_backup_policy_file_share")) {
      expect(policy.backup_tier).toBe("vault-standard");
      expect(Number(policy.snapshot_retention_in_days)).toBeLessThan(Number((policy.retention_daily as Json).count));
    }
  });

  it(`require azurerm ${AZURERM_PROVIDER_VERSION}, the first version with backup_tier`, () => {
    expect((doc.terraform as { required_providers: Record<string, { version: string }> }).required_providers.azurerm!.version).toBe(AZURERM_PROVIDER_VERSION);
  });
});

describe("display names within byte limits", () => {
  it("cut at a character boundary, never inside a multi-byte character", () => {
    const name = "Amt Groß Überlänge – Ämterübergreifende Dienststelle für Möllenbeck";
    for (let max = 4; max <= 80; max += 1) {
      const cut = fitBytes(name, max);
      expect(utf8Bytes(cut)).toBeLessThanOrEqual(max);
      expect(cut).not.toContain("\uFFFD");
    }
    expect(fitBytes("kurz", 64)).toBe("kurz");
  });

  it("keep a pool's name whole and shorten the Träger's name in front of it", () => {
    const label = labelWithSuffix("Landeshauptstadt Schwerin – Eigenbetrieb Städtische Dienstleistungen", " – buergerservice", 64);
    expect(label.endsWith(" – buergerservice")).toBe(true);
    expect(utf8Bytes(label)).toBeLessThanOrEqual(64);
  });
});

describe("the plan identity's rights for desktops (docs/vdi.md)", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "vdi.md"), "utf8");
  const section = doc.slice(doc.indexOf("## Rights the plan identity needs for desktops"));

  it("list every resource whose refresh needs more than Reader, with its action", () => {
    expect(section.length).toBeGreaterThan(0);
    for (const need of DESKTOP_REFRESH_NEEDS) {
      expect(section).toContain(need.resource);
      expect(section).toContain(need.action.split(" ")[0]!);
    }
    expect(DESKTOP_REFRESH_NEEDS.filter((n) => !n.readerSuffices).map((n) => n.resource).sort()).toEqual(["azurerm_key_vault_secret", "azurerm_virtual_desktop_host_pool_registration_info"]);
  });

  it("cover every desktop resource type of the stacks that reads a secret on refresh", () => {
    const secretReaders = new Set(DESKTOP_REFRESH_NEEDS.filter((n) => !n.readerSuffices).map((n) => n.resource));
    for (const [, stack] of withDesktops) for (const type of secretReaders) expect(Object.keys(stack.resource?.[type] ?? {}).length).toBeGreaterThan(0);
  });
});
