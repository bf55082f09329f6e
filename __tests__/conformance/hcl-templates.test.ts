import { parse } from "@cdktf/hcl2json";
import { allDocuments } from "./stacks";

/**
 * Every string in every synthesized stack that holds a Terraform template (`${…}` or `%{…}`) is read
 * by HashiCorp's own HCL parser (@cdktf/hcl2json: HCL compiled to WebAssembly, as cdktf-cli ships
 * it). A heredoc reads the string as a template the way Terraform's JSON syntax does: no backslash
 * escapes outside `${…}`, but inside an expression HCL's own string rules apply.
 */
const templates: [where: string, template: string][] = [];
const collect = (value: unknown, where: string): void => {
  if (typeof value === "string") {
    if (value.includes("${") || value.includes("%{")) templates.push([where, value]);
  } else if (Array.isArray(value)) value.forEach((item, index) => collect(item, `${where}[${index}]`));
  else if (value && typeof value === "object") for (const [key, item] of Object.entries(value)) if (key !== "//") collect(item, `${where}.${key}`);
};
for (const [label, doc] of allDocuments(true)) collect(doc, label);

/** A template as the value of one attribute, in a heredoc. */
const attribute = (name: string, template: string) => `${name} = <<EOT\n${template}\nEOT\n`;

/** The parser's error for one template, or undefined when it parses. */
async function hclError(template: string): Promise<string | undefined> {
  try {
    await parse("template.tf", attribute("x", template));
    return undefined;
  } catch (error) {
    return String((error as Error).message ?? error);
  }
}

/**
 * The parser's error for each of `templates` (undefined where it parses). They are read as the
 * attributes of one document, one call into the parser instead of one per template; only when that
 * document fails is each read alone, to name the ones that fail.
 */
async function hclErrors(templates: readonly string[]): Promise<Map<string, string | undefined>> {
  const errors = new Map<string, string | undefined>(templates.map((t) => [t, undefined]));
  try {
    await parse("templates.tf", templates.map((t, index) => attribute(`t${index}`, t)).join(""));
  } catch {
    for (const template of templates) errors.set(template, await hclError(template));
  }
  return errors;
}

describe("Terraform templates in the synthesized stacks", () => {
  it("finds templates in both Verbunds (the harness reads what it should)", () => {
    expect(templates.some(([where]) => where.startsWith("verbund/"))).toBe(true);
    expect(templates.some(([where]) => where.startsWith("limits/"))).toBe(true);
  });

  it("all parse with HashiCorp's HCL parser", async () => {
    // The same template recurs in every stack (2,000+ strings, about 230 distinct): each distinct one
    // is parsed once, and its result reported at every place it occurs.
    const errors = await hclErrors([...new Set(templates.map(([, t]) => t))]);
    const failures: string[] = [];
    for (const [where, template] of templates) {
      const error = errors.get(template);
      if (error) failures.push(`${where}: ${error.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it("rejects what Terraform rejects (the parser is really consulted)", async () => {
    expect(await hclError('${jsonencode({ f = "Configuration.ps1\\AddSessionHost" })}')).toMatch(/Invalid escape sequence/);
    expect(await hclError("${jsonencode({ a = 1 }}")).toBeDefined();
    expect(await hclError('${jsonencode({ f = "Configuration.ps1\\\\AddSessionHost" })}')).toBeUndefined();
    // In one document, the failing template is still named, and only it.
    const good = "${jsonencode({ a = 1 })}";
    const bad = '${jsonencode({ f = "Configuration.ps1\\AddSessionHost" })}';
    const errors = await hclErrors([good, bad]);
    expect([errors.get(good), errors.get(bad)]).toEqual([undefined, expect.stringMatching(/Invalid escape sequence/)]);
  });
});
