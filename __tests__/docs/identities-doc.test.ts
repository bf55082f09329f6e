import { generateDocs } from "../../lib/docs";
import { deployIdentityEnvironments, planIdentityEnvironments } from "../../lib/identities/environments";
import { TRAEGER_RESOURCE_PROVIDERS } from "../../lib/identities/resource-providers";
import { CUSTOM_ROLES, IDENTITIES, resolvedRoleAssignments } from "../../lib/identities/rights";
import { loadModel } from "../helpers/synth";

const model = loadModel({ TENANTS_DIR: "__tests__/fixtures/two-traeger" });
const doc = generateDocs(model).get("docs/identities.md")!;

describe("docs/identities.md", () => {
  it("lists every role assignment of both identities with its concrete scope", () => {
    for (const { grant, scope } of resolvedRoleAssignments(model)) {
      expect(doc).toContain(`| ${grant.custom ? `${grant.role} (custom, below)` : grant.role} | ${scope.label}: \`${scope.id}\` |`);
    }
  });

  it("lists the custom roles' actions, the Graph permissions and the directory roles", () => {
    for (const role of Object.values(CUSTOM_ROLES)) expect(doc).toContain(`Actions: ${role.actions.map((a) => `\`${a}\``).join(", ")}; no data actions.`);
    for (const identity of IDENTITIES) {
      for (const g of identity.graph) expect(doc).toContain(`| \`${g.permission}\` |`);
      for (const r of identity.directoryRoles) expect(doc).toContain(`- **${r.role}** (tenant-wide)`);
    }
    expect(doc).toContain("Groups Administrator");
  });

  it("names exactly the trusted GitHub environments of the configured repository", () => {
    const subjects = [...doc.matchAll(/^- `(repo:[^`]+)`/gm)].map((m) => m[1]);
    expect(subjects.sort()).toEqual([...planIdentityEnvironments(), ...deployIdentityEnvironments(model)].map((e) => `repo:${model.github.repository}:environment:${e.name}`).sort());
  });

  it("lists the Träger resource providers and none for the hub", () => {
    for (const p of TRAEGER_RESOURCE_PROVIDERS) expect(doc).toContain(`\`${p.namespace}\` (${p.why})`);
    expect(doc).toContain("| the hub subscription (provider `azurerm.hub` of each Träger stack) | none");
  });
});

describe("README", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const readme = (require("node:fs") as typeof import("node:fs")).readFileSync(require("node:path").join(__dirname, "..", "..", "README.md"), "utf8").replace(/\s+/g, " ");

  it("links the generated identities document and the adoption guide", () => {
    expect(readme).toContain("[docs/identities.md](docs/identities.md)");
    expect(readme).toContain("[docs/adoption.md](docs/adoption.md)");
  });

  it("names every Graph permission, directory role, built-in and custom role the code grants, and every Träger resource provider", () => {
    const names = [
      ...IDENTITIES.flatMap((identity) => [
        ...identity.graph.filter((p) => !p.permission.endsWith(".Read.All")).map((g) => `\`${g.permission}\``),
        ...identity.directoryRoles.map((r) => r.role),
        ...identity.azure.map((grant) => (grant.custom ? CUSTOM_ROLES[grant.custom].name : grant.role)),
      ]),
      ...TRAEGER_RESOURCE_PROVIDERS.map((p) => `\`${p.namespace}\``),
    ];
    expect(names.filter((name) => !readme.includes(name))).toEqual([]);
  });
});
