/**
 * The deploy identity is configuration, never "whoever runs Terraform", and every azurerm provider
 * registers exactly what lib/identities/resource-providers.ts lists.
 * Provider source (hashicorp/terraform-provider-azurerm v4.55.0):
 *  - internal/provider/provider.go: `resource_provider_registrations` is one of core|extended|all|none|legacy
 *    (default legacy: registers dozens of providers, which needs rights the hub deployer lacks);
 *    `resource_providers_to_register` is added to that set; buildClient → resourceproviders.EnsureRegistered
 *    registers only the ones not yet registered (internal/resourceproviders/registration.go).
 */
import * as fs from "node:fs";
import { loadVerbund, type VerbundModel } from "../../lib/verbund";
import { formatProblem } from "../../lib/problems";
import { resourceProviderOf, TRAEGER_RESOURCE_PROVIDERS } from "../../lib/identities/resource-providers";
import { synthAll, type StackJson } from "../helpers/synth";
import { amt, stadt, tenantsDir } from "../helpers/tenants";

const REGISTRATIONS = new Set(["core", "extended", "all", "none", "legacy"]); // internal/provider/provider.go, StringInSlice

function loadFixture(files: Record<string, Record<string, unknown>>): { model: VerbundModel; warnings: string[] } {
  const dir = tenantsDir(files);
  try {
    const { verbund, problems } = loadVerbund({ env: { TENANTS_DIR: dir } });
    if (!verbund) throw new Error(problems.map(formatProblem).join("\n"));
    return { model: verbund.model, warnings: verbund.warnings.map(formatProblem) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Träger at the interesting edges, independent of tenants/: pooled desktops, and an AD-joined Amt with a personal pool.
const fixture = loadFixture({
  "teststadt.ts": stadt({ vdi: { pools: [{ name: "verwaltung", users: 20, sessionsPerHost: 5, vmSize: "Standard_D8as_v5" }] } }),
  "testamt.ts": amt({
    directory: { join: { mode: "ad", domain: "ksm.local", ouPath: "OU=testamt,OU=Traeger,DC=ksm,DC=local" } },
    vdi: { pools: [{ name: "personal", type: "personal", users: 2, sessionsPerHost: 1, vmSize: "Standard_D8as_v5" }] },
  }),
});
const { stacks, platform } = synthAll(fixture.model);
const all: [string, StackJson][] = [...stacks, ["platform", platform]];

describe("the deploy identity", () => {
  it("is never read from the signed-in client: no stack has a client_config data source", () => {
    for (const [id, json] of all) {
      const text = JSON.stringify(json);
      expect([id, text.includes("azurerm_client_config"), text.includes("azuread_client_config")]).toEqual([id, false, false]);
    }
  });

  it("gets Key Vault Secrets Officer on each Träger key vault by the object id configured in verbund.ts", () => {
    for (const [id, json] of stacks) {
      const officer = Object.entries(json.resource.azurerm_role_assignment ?? {}).filter(([name]) => name.includes("deployer-secrets-officer"));
      expect([id, officer.length]).toEqual([id, 1]);
      const [, assignment] = officer[0]!;
      expect(assignment).toMatchObject({ role_definition_name: "Key Vault Secrets Officer", principal_id: fixture.model.identities.deployPrincipalId, principal_type: "ServicePrincipal" });
    }
  });

  it("follows the configuration: another deploy identity object id changes the principal", () => {
    const other = { ...fixture.model, identities: { ...fixture.model.identities, deployPrincipalId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eaa" } };
    const json = synthAll(other).stacks.get("teststadt")!;
    const [, assignment] = Object.entries(json.resource.azurerm_role_assignment!).find(([name]) => name.includes("deployer-secrets-officer"))!;
    expect(assignment.principal_id).toBe("3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9eaa");
  });

  it("is warned about on every synth while it is a placeholder", () => {
    expect(fixture.warnings).toContainEqual(expect.stringMatching(/^verbund\.ts: identities\.deployPrincipalId: is a placeholder: .*deploy_identity\.principal_id/));
  });

  it("warns when the deploy identity would need more federated credentials than Azure allows (20)", () => {
    const files: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 20; i++) {
      const id = `stadt-${String.fromCharCode(97 + i)}`;
      files[`${id}.ts`] = stadt({ id, key: `130769${String(i).padStart(2, "0")}`, subscriptionId: `3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9f${String(i).padStart(2, "0")}`, network: { addressSpace: `10.${66 + Math.floor(i / 16)}.${(i % 16) * 16}.0/20` } });
    }
    const { warnings } = loadFixture(files);
    expect(warnings).toContainEqual(expect.stringMatching(/^verbund\.ts: github\.repository: the deploy identity needs 21 federated credentials .*Azure allows 20 per identity/));
    expect(fixture.warnings.some((w) => w.includes("federated credentials"))).toBe(false);
  });

  it("reserves the id platform for the platform stack", () => {
    const dir = tenantsDir({ "platform.ts": stadt({ id: "platform" }) });
    try {
      const lines = loadVerbund({ env: { TENANTS_DIR: dir } }).problems.map(formatProblem);
      expect(lines).toContainEqual(expect.stringMatching(/platform\.ts: id: "platform" is reserved: it names the Verbund's platform stack/));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("resource provider registration", () => {
  const listed = TRAEGER_RESOURCE_PROVIDERS.map((p) => p.namespace);

  it("is explicit on every azurerm provider of every stack, with a value the provider accepts", () => {
    for (const [id, json] of all) {
      for (const provider of json.provider.azurerm) {
        expect([id, provider.alias ?? "", REGISTRATIONS.has(String(provider.resource_provider_registrations))]).toEqual([id, provider.alias ?? "", true]);
      }
    }
  });

  it("registers nothing through the hub alias and exactly the listed providers in the Träger subscription", () => {
    for (const [id, json] of stacks) {
      const hub = json.provider.azurerm.find((p) => p.alias === "hub")!;
      const own = json.provider.azurerm.find((p) => p.alias === undefined)!;
      expect([id, hub.resource_provider_registrations, hub.resource_providers_to_register]).toEqual([id, "none", undefined]);
      expect([id, own.resource_provider_registrations, own.resource_providers_to_register]).toEqual([id, "none", listed]);
    }
  });

  it("lists the resource provider of every azurerm resource type a Träger stack synthesizes, and none that no type needs", () => {
    const used = new Set<string>();
    for (const [id, json] of stacks) {
      for (const type of Object.keys(json.resource).filter((t) => t.startsWith("azurerm_"))) {
        const namespace = resourceProviderOf(type);
        expect([id, type, namespace !== undefined && listed.includes(namespace)]).toEqual([id, type, true]);
        used.add(namespace!);
      }
    }
    expect([...used].sort()).toEqual([...listed].sort());
  });

  it("lists each provider once, sorted, each with its reason", () => {
    expect(listed).toEqual([...new Set(listed)].sort());
    for (const p of TRAEGER_RESOURCE_PROVIDERS) expect(p.why.length).toBeGreaterThan(10);
  });
});
