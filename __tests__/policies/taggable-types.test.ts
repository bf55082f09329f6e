import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../lib/verbund";

const PROVIDERS = ["provider-azurerm", "provider-azuread", "provider-random", "provider-time"];

/** Resource types whose generated class has a `tags` argument, read from the providers' type declarations. */
function taggableTypes(): string[] {
  const types: string[] = [];
  for (const provider of PROVIDERS) {
    const lib = path.join(PROJECT_ROOT, "node_modules", "@cdktf", provider, "lib");
    for (const dir of fs.readdirSync(lib)) {
      if (dir.startsWith("data-")) continue;
      const file = path.join(lib, dir, "index.d.ts");
      if (!fs.existsSync(file)) continue;
      const source = fs.readFileSync(file, "utf8");
      const type = /static readonly tfResourceType = "([a-z0-9_]+)"/.exec(source)?.[1];
      if (type && source.includes("get tagsInput()")) types.push(type);
    }
  }
  return types.sort();
}

describe("the list of taggable resource types the policy checks use", () => {
  it("is exactly the installed providers' resource types with a tags argument", () => {
    const types = taggableTypes();
    expect(types).toContain("azurerm_resource_group");
    expect(types).not.toContain("azurerm_role_assignment");
    const source = [
      "/**",
      " * Resource types that carry `tags` (their provider class has a `tags` argument), from the installed",
      " * providers (@cdktf/provider-azurerm, -azuread, -random, -time). Generated: a test compares this list",
      " * with the providers and rewrites it with `npx jest __tests__/policies/taggable-types.test.ts -u`.",
      " */",
      "export const TAGGABLE_RESOURCE_TYPES: ReadonlySet<string> = new Set([",
      ...types.map((t) => `  "${t}",`),
      "]);",
      "",
    ].join("\n");
    expect(source).toMatchFile(path.join(PROJECT_ROOT, "lib", "policies", "taggable-types.ts"));
  });
});
