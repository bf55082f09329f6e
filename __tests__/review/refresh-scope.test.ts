import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runTerraform } from "../../lib/review/terraform-runner";
import { refreshScope, SECRET_READING_TYPES } from "../../lib/review/refresh-scope";
import { loadModel, synthStacks } from "../helpers/synth";

jest.setTimeout(60_000);

/** A stack like the desktop stacks: a pool, its registration token, a host with the agent extension, the admin password's secret. */
const STACK = {
  resource: {
    azurerm_virtual_desktop_host_pool: { pool: { name: "vdpool-x" } },
    azurerm_virtual_desktop_host_pool_registration_info: { token: { hostpool_id: "${azurerm_virtual_desktop_host_pool.pool.id}" } },
    azurerm_windows_virtual_machine: { host: { name: "vm-x" } },
    azurerm_virtual_machine_extension: {
      agent: { virtual_machine_id: "${azurerm_windows_virtual_machine.host.id}", protected_settings: "${jsonencode({token = azurerm_virtual_desktop_host_pool_registration_info.token.token})}" },
      after_agent: { virtual_machine_id: "${azurerm_windows_virtual_machine.host.id}", depends_on: ["azurerm_virtual_machine_extension.agent"] },
    },
    azurerm_key_vault_secret: { admin: { value: "${random_password.admin.result}" } },
    random_password: { admin: { length: 24 } },
  },
};

describe("what the plan identity's drift check refreshes (lib/review/refresh-scope.ts)", () => {
  it("leaves out the secret readers and, transitively, what depends on them, and targets the rest", () => {
    expect([...SECRET_READING_TYPES].sort()).toEqual(["azurerm_key_vault_secret", "azurerm_virtual_desktop_host_pool_registration_info"]);
    expect(refreshScope(STACK)).toEqual({
      excluded: ["azurerm_key_vault_secret.admin", "azurerm_virtual_desktop_host_pool_registration_info.token", "azurerm_virtual_machine_extension.after_agent", "azurerm_virtual_machine_extension.agent"],
      targets: ["azurerm_virtual_desktop_host_pool.pool", "azurerm_windows_virtual_machine.host", "random_password.admin"],
    });
    expect(refreshScope({ resource: { azurerm_resource_group: { rg: { name: "rg" } } } })).toEqual({ excluded: [], targets: [] });
  });

  it("in a synthesized desktop stack, no target depends on a left-out resource and only agent extensions are left out besides the secret readers", () => {
    const stacks = [...synthStacks(loadModel({ TENANTS_DIR: "__tests__/fixtures/limits/tenants", VERBUND_CONFIG: "__tests__/fixtures/limits/verbund.ts" })).values()].filter((s) => s.resource?.azurerm_virtual_desktop_host_pool_registration_info);
    expect(stacks.length).toBeGreaterThan(0);
    for (const stack of stacks) {
      const { excluded, targets } = refreshScope(stack as Parameters<typeof refreshScope>[0]);
      const types = new Set(excluded.map((a) => a.slice(0, a.indexOf("."))));
      expect([...types].sort()).toEqual(["azurerm_key_vault_secret", "azurerm_virtual_desktop_host_pool_registration_info", "azurerm_virtual_machine_extension"]);
      for (const a of excluded.filter((x) => x.startsWith("azurerm_virtual_machine_extension."))) expect(a).toMatch(/avd-agent/);
      expect(targets.some((a) => a.startsWith("azurerm_windows_virtual_machine."))).toBe(true);
      const resources = (stack as { resource: Record<string, Record<string, unknown>> }).resource;
      for (const target of targets) {
        const [type, name] = [target.slice(0, target.indexOf(".")), target.slice(target.indexOf(".") + 1)];
        const text = JSON.stringify(resources[type]![name]);
        expect([target, excluded.filter((a) => new RegExp(`\\b${a.replace(/[.]/g, "\\.")}\\b`).test(text))]).toEqual([target, []]);
      }
    }
  });

  it("npm run drift passes the targets to terraform plan -refresh-only", async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-scope-"));
    try {
      fs.mkdirSync(path.join(work, "stacks", "teststadt"), { recursive: true });
      fs.writeFileSync(path.join(work, "stacks", "teststadt", "cdk.tf.json"), JSON.stringify(STACK));
      const plan = path.join(work, "empty.json");
      fs.writeFileSync(plan, JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: [] }));
      const log = path.join(work, "log");
      const env = { PATH: `${path.join(__dirname, "..", "fixtures", "fake-terraform")}${path.delimiter}${process.env.PATH}`, FAKE_TF_LOG: log, FAKE_TF_PLANS: JSON.stringify({ "*": plan }) };
      await runTerraform("drift", ["--stacks-dir", path.join(work, "stacks"), "--out-dir", path.join(work, "out"), "--stacks", "teststadt"], { cwd: work, out: () => undefined, err: () => undefined }, env);
      const planCall = fs.readFileSync(log, "utf8").split("\n").find((l) => l.startsWith("teststadt plan "))!;
      expect(planCall).toContain("-refresh-only -target=azurerm_virtual_desktop_host_pool.pool -target=azurerm_windows_virtual_machine.host -target=random_password.admin -out=");
      expect(planCall).not.toContain("registration_info");
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
