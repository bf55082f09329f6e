import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync } from "node:child_process";
import { loadVerbund } from "../../lib/verbund";
import { MAX_DECLARATION_BYTES } from "../../lib/verbund/load";
import { parseDeclarationSource } from "../../lib/verbund/parse";
import { formatProblem } from "../../lib/problems";
import { declarationSource, problemLines, stadt } from "../helpers/tenants";

/** The body of a declaration whose `id` field is replaced by some source text. */
function withIdSource(idSource: string, extra = ""): string {
  const fields = JSON.stringify(stadt(), null, 2).replace('"id": "teststadt"', `"id": ${idSource}`);
  return `import { defineTraeger } from "../lib/declaration";\n${extra}\nexport default defineTraeger(${fields});\n`;
}

const IMPORT = 'import { defineTraeger } from "../lib/declaration";\n';

describe("loading a declaration never runs it", () => {
  const marker = path.join(os.tmpdir(), `ksm-load-marker-${process.pid}`);
  afterEach(() => fs.rmSync(marker, { force: true }));

  it.each([
    ["a getter", `${IMPORT}export default defineTraeger({ get id() { return "teststadt"; } });\n`, "2:32: a getter is not allowed here: write the value itself"],
    ["a Proxy", `${IMPORT}export default defineTraeger(new Proxy({}, {}));\n`, "2:30: `new` is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["a second export default", `${IMPORT}export default defineTraeger(${JSON.stringify(stadt())});\nexport default defineTraeger(${JSON.stringify(stadt())});\n`, "3:1: a second `export default` is not allowed here (a declaration is one import and one `export default`)"],
    ["a __proto__ key", `${IMPORT}export default defineTraeger({ "__proto__": { "id": "x" } });\n`, "2:32: the key `__proto__` is not allowed here"],
    ["an endless loop", `${IMPORT}while (true) {}\nexport default defineTraeger({});\n`, "2:1: a while statement is not allowed here (a declaration is one import and one `export default`)"],
    ["an endless loop in a value", withIdSource('(() => { for (;;) {} })()'), "4:9: a function call is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["a dynamic import()", withIdSource('await import("node:fs")'), "4:9: `await` is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["a dynamic import() without await", withIdSource('import("node:fs")'), "4:9: a dynamic `import()` is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["process.env", withIdSource("process.env.GITHUB_TOKEN"), "4:9: a property access is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["an identifier", withIdSource("teststadt"), "4:9: the identifier `teststadt` is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["a template substitution", withIdSource("`test${'stadt'}`"), "4:16: a `${…}` substitution is not allowed here: write the text itself"],
    ["a spread", `${IMPORT}export default defineTraeger({ ...{ id: "teststadt" } });\n`, "2:32: a spread (`...`) is not allowed here: write the fields themselves"],
    ["a computed key", `${IMPORT}export default defineTraeger({ ["id"]: "teststadt" });\n`, "2:33: a computed key (`[…]:`) is not allowed here: write the field name"],
    ["a method", `${IMPORT}export default defineTraeger({ toJSON() { return {}; } });\n`, "2:32: a method is not allowed here: write the value itself"],
    ["a shorthand field", `${IMPORT}const id = "x";\nexport default defineTraeger({ id });\n`, "2:1: a variable is not allowed here (a declaration is one import and one `export default`)"],
    ["a duplicate key", `${IMPORT}export default defineTraeger({ id: "a", id: "b" });\n`, '2:41: the field "id" appears twice (first at line 2, column 32): write it once'],
    ["another import", `import * as fs from "node:fs";\nexport default defineTraeger({});\n`, '1:21: an import of "node:fs" is not allowed here: a declaration imports only "../lib/declaration" (declarations are plain data)'],
    ["a require", `${IMPORT}require("node:child_process");\nexport default defineTraeger({});\n`, "2:1: a function call is not allowed here (a declaration is one import and one `export default`)"],
    ["a renamed import", `import { defineTraeger as d } from "../lib/declaration";\nexport default d({});\n`, "1:10: only `import { defineTraeger }` (or `{ defineVerbund }` in verbund.ts) is allowed here, without renaming"],
    ["another call", `${IMPORT}export default defineTraeger(Object.freeze({}));\n`, "2:30: a function call is not allowed here: only literal values (text, numbers, true/false, null, objects, arrays)"],
    ["a named export", `${IMPORT}export const x = 1;\nexport default defineTraeger({});\n`, "2:1: a named export is not allowed here (a declaration is one import and one `export default`)"],
    ["a negative number", withIdSource("-1"), "4:9: a negative number is not allowed here: no field of a declaration takes one"],
    ["a type assertion", withIdSource('"teststadt" as string'), "4:24: a type assertion other than `as const` is not allowed here"],
    ["a syntax error", `${IMPORT}export default defineTraeger({ id: "a" `, "2:40: syntax error: Unexpected token, expected \",\""],
  ])("refuses %s with file:line:column", (_what, source, expected) => {
    const lines = problemLines({ "teststadt.ts": source });
    expect(lines[0]).toBe(`<tenants>/teststadt.ts:${expected}`);
  });

  it("accepts the literal forms of the grammar: comments, identifier and string keys, templates, `as const`, trailing commas", () => {
    const source = `${IMPORT}// a comment\n/* another */\nexport default defineTraeger({\n  id: \`teststadt\`,\n  "name": "Stadt Teststadt" as const,\n  kind: "amtsfreie-stadt",\n  key: "13076999",\n  joined: "2024-01-01",\n  subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e01",\n  network: { addressSpace: "10.70.0.0/20", },\n  vdi: { pools: [{ name: "verwaltung", users: 1_0, sessionsPerHost: 5, vmSize: "Standard_D4as_v5", clipboard: false, peakConcurrency: 0.5 },] },\n} as const);\n`;
    expect(problemLines({ "teststadt.ts": source })).toEqual([]);
  });

  it("builds objects without a prototype: no key reaches Object.prototype", () => {
    const parsed = parseDeclarationSource(`${IMPORT}export default defineTraeger({ constructor: { prototype: { polluted: true } }, toString: "x" });\n`);
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(value)).toBeNull();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports every refusal of a file in one run, one line each", () => {
    const lines = problemLines({ "teststadt.ts": `${IMPORT}export default defineTraeger({ id: a, name: b(), key: c.d });\n` });
    expect(lines).toHaveLength(3);
    expect(lines.map((l) => l.split(": ")[0])).toEqual(["<tenants>/teststadt.ts:2:36", "<tenants>/teststadt.ts:2:45", "<tenants>/teststadt.ts:2:55"]);
  });

  it("runs nothing: a file that would write a marker file, read the environment and loop forever leaves no trace", () => {
    const source = `${IMPORT}require("node:fs").writeFileSync(${JSON.stringify(marker)}, process.env.PATH ?? "");\nexport default defineTraeger({ id: (require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x"), "teststadt") });\nwhile (true) {}\n`;
    const lines = problemLines({ "teststadt.ts": source });
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => /^<tenants>\/teststadt\.ts:\d+:\d+: .* is not allowed here/.test(l))).toBe(true);
    expect(fs.existsSync(marker)).toBe(false);
  });

  it("loads verbund.ts the same way: a config that runs code is refused", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-verbund-"));
    try {
      const config = path.join(dir, "verbund.ts");
      const real = fs.readFileSync(path.join(__dirname, "..", "..", "verbund.ts"), "utf8");
      fs.writeFileSync(config, real.replace('shortName: "ksm"', `shortName: (require("node:fs").writeFileSync(${JSON.stringify(marker)}, "x"), "ksm")`));
      fs.writeFileSync(path.join(dir, "teststadt.ts"), declarationSource(stadt()));
      const { problems } = loadVerbund({ env: { TENANTS_DIR: dir, VERBUND_CONFIG: config } });
      expect(problems.map(formatProblem)[0]).toMatch(new RegExp(`^${config.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: .* is not allowed here`));
      expect(fs.existsSync(marker)).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("files outside the contract are refused, not ignored", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-tenants-"));
    fs.writeFileSync(path.join(dir, "teststadt.ts"), declarationSource(stadt()));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const lines = () => loadVerbund({ env: { TENANTS_DIR: dir } }).problems.map((p) => formatProblem(p).replaceAll(dir, "<tenants>"));

  it.each([
    ["zweitstadt.js", 'has the extension ".js"'],
    ["zweitstadt.tsx", 'has the extension ".tsx"'],
    ["zweitstadt.mts", 'has the extension ".mts"'],
    ["zweitstadt.d.ts", 'has the extension ".d.ts"'],
    ["zweitstadt.TS", 'has the extension ".TS"'],
    ["zweitstadt.test.ts", 'has the extension ".test.ts"'],
    ["README.md", 'has the extension ".md"'],
    ["zweitstadt", "has no extension"],
    [".zweitstadt.ts", "is a hidden file or folder"],
  ])("refuses %s", (name, message) => {
    fs.writeFileSync(path.join(dir, name), declarationSource(stadt({ id: "zweitstadt" })));
    expect(lines()).toEqual([`<tenants>/${name}: ${message}: only Träger declarations <id>.ts belong in this folder${message.startsWith("has") ? ' (the file name is the id, the extension exactly ".ts")' : ""}`]);
  });

  it("refuses a subfolder, even one holding declarations", () => {
    fs.mkdirSync(path.join(dir, "extra"));
    fs.writeFileSync(path.join(dir, "extra", "zweitstadt.ts"), declarationSource(stadt({ id: "zweitstadt" })));
    expect(lines()).toEqual(["<tenants>/extra: is a folder: only Träger declarations <id>.ts belong in this folder, directly in it (no subfolders)"]);
  });

  it("refuses a symbolic link without following it (a link to /dev/zero does not hang)", () => {
    fs.symlinkSync("/dev/zero", path.join(dir, "zero.ts"));
    fs.symlinkSync(path.join(dir, "teststadt.ts"), path.join(dir, "zweitstadt.ts"));
    expect(lines()).toEqual([
      "<tenants>/zero.ts: is a symbolic link: only Träger declarations <id>.ts belong in this folder, as regular files (links are never followed)",
      "<tenants>/zweitstadt.ts: is a symbolic link: only Träger declarations <id>.ts belong in this folder, as regular files (links are never followed)",
    ]);
  });

  it("refuses a named pipe without opening it for a blocking read", () => {
    execFileSync("mkfifo", [path.join(dir, "pipe.ts")]);
    expect(lines()).toEqual(["<tenants>/pipe.ts: is not a regular file: only Träger declarations <id>.ts belong in this folder"]);
  });

  it("refuses a file over the size limit", () => {
    fs.writeFileSync(path.join(dir, "zweitstadt.ts"), declarationSource(stadt({ id: "zweitstadt" })) + `// ${"x".repeat(MAX_DECLARATION_BYTES)}\n`);
    expect(lines()).toEqual([expect.stringMatching(/^<tenants>\/zweitstadt\.ts: is \d+ bytes: a declaration may have at most 65536 bytes$/)]);
  });

  it("refuses bytes that are not UTF-8", () => {
    const source = Buffer.from(declarationSource(stadt({ id: "zweitstadt", name: "Stadt Zweitstadt" })).replace("Zweitstadt", "Zweitst\u00e4dt"), "latin1");
    fs.writeFileSync(path.join(dir, "zweitstadt.ts"), source);
    expect(lines()).toEqual(["<tenants>/zweitstadt.ts: is not valid UTF-8: a declaration is UTF-8 text"]);
  });

  it("refuses a verbund.ts that is a symbolic link", () => {
    const link = path.join(dir, "..", `ksm-verbund-link-${process.pid}.ts`);
    fs.symlinkSync(path.join(__dirname, "..", "..", "verbund.ts"), link);
    try {
      const problems = loadVerbund({ env: { TENANTS_DIR: dir, VERBUND_CONFIG: link } }).problems.map(formatProblem);
      expect(problems).toEqual([`${link}: is a symbolic link: a declaration must be a regular file (links are never followed)`]);
    } finally {
      fs.rmSync(link, { force: true });
    }
  });
});
