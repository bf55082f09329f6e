import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
const DOMAIN = ["lib/declaration", "lib/verbund", "lib/naming", "lib/docs", "lib/identities"];

function tsFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(`${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : []));
}

describe("the code's shape", () => {
  it("keeps the domain model free of cdktf, constructs and provider imports", () => {
    const offending = DOMAIN.flatMap(tsFiles).filter((file) => /from "(cdktf|constructs|@cdktf\/[^"]+)"|\.\.\/constructs\/|\.\.\/stacks\//.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(offending).toEqual([]);
  });

  it("imports provider resources only by deep path, never the package root", () => {
    const files = [...tsFiles("lib"), ...tsFiles("__tests__"), "main.ts"];
    const barrel = files.filter((file) => /from "@cdktf\/provider-(azurerm|azuread)"/.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(barrel).toEqual([]);
  });

  // Hand-written bindings (azapi, msgraph) declare their own generator metadata as a constructor option;
  // changing it on an existing provider, or overriding attributes, happens in provider-compat.ts only.
  it("sets provider attributes newer than the bindings in lib/constructs/provider-compat.ts only", () => {
    const offending = tsFiles("lib").filter((file) => file !== "lib/constructs/provider-compat.ts" && /\.addOverride\(|\.terraformGeneratorMetadata|"terraformGeneratorMetadata"/.test(fs.readFileSync(path.join(ROOT, file), "utf8")));
    expect(offending).toEqual([]);
  });
});
