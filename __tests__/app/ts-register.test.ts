import { spawnSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { transform } from "sucrase";

const ROOT = path.join(__dirname, "..", "..");
const REGISTER = path.join(ROOT, "lib", "ts-register.js");
const CACHE = path.join(ROOT, "node_modules", ".cache", "ksm-ts");
// As lib/ts-register.js transforms (and @sucrase/jest-plugin, which runs the tests, leaves ES syntax alone the same way).
const OPTIONS = { transforms: ["imports", "typescript"] as ("imports" | "typescript")[], disableESTransforms: true };

/** The cache entry lib/ts-register.js keeps for a file with this source. */
function entryOf(source: string): string {
  const version = (JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "sucrase", "package.json"), "utf8")) as { version: string }).version;
  const key = crypto.createHash("sha256").update(`${version}\0${JSON.stringify(OPTIONS)}\0`).update(source).digest("hex");
  return path.join(CACHE, `${key}.js`);
}

describe("the TypeScript loader lib/ts-register.js", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-ts-register-"));
  const file = path.join(dir, "probe.ts");
  const entries: string[] = [];
  afterAll(() => {
    for (const entry of entries) fs.rmSync(entry, { force: true });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const run = (env: NodeJS.ProcessEnv = {}) => spawnSync(process.execPath, ["-r", REGISTER, file], { encoding: "utf8", env: { ...process.env, ...env } });

  it("runs TypeScript and keeps sucrase's output, keyed by the source, for the next start", () => {
    const source = `const answer: number = 41;\nexport const next = (n: number): number => n + 1;\nconsole.log(next(answer), new Error("here").stack!.split("\\n")[1]!.includes("probe.ts:3"));\n`;
    fs.writeFileSync(file, source);
    const entry = entryOf(source);
    entries.push(entry);
    expect(run()).toMatchObject({ status: 0, stdout: "42 true\n", stderr: "" });
    expect(fs.readFileSync(entry, "utf8")).toBe(transform(source, { ...OPTIONS, filePath: file }).code);
    // Node runs optional chaining, nullish coalescing and class fields itself: sucrase's helpers for them made
    // a closure and an array at every \`?.\` in the synth's hottest functions, and class fields differ from TypeScript's ES2022 target.
    const modern = `class Box { readonly kept = 1; }\nconst maybe: { a?: { b: number } } = {};\nconsole.log(maybe.a?.b ?? new Box().kept);\n`;
    fs.writeFileSync(file, modern);
    entries.push(entryOf(modern));
    expect(run()).toMatchObject({ status: 0, stdout: "1\n", stderr: "" });
    const written = fs.readFileSync(entryOf(modern), "utf8");
    expect(written).toContain("maybe.a?.b ?? new Box().kept");
    expect(written).toMatch(/class Box {\s*kept = 1;/);
    expect(written).not.toMatch(/_optionalChain|_nullishCoalesce|__init/);
    fs.writeFileSync(file, source);
    // A second start reads the entry: what it holds is what runs.
    fs.writeFileSync(entry, fs.readFileSync(entry, "utf8").replace("n + 1", "n + 2"));
    expect(run().stdout).toBe("43 true\n");
    // The same source elsewhere (a worktree, a clone) is served from that entry too; its stack traces name its own path.
    const copy = path.join(dir, "copy", "probe.ts");
    fs.mkdirSync(path.dirname(copy));
    fs.writeFileSync(copy, source);
    expect(spawnSync(process.execPath, ["-r", REGISTER, copy], { encoding: "utf8" }).stdout).toBe("43 true\n");
  });

  it("never serves a changed file from an older entry, and transpiles without the cache when KSM_TS_CACHE=off", () => {
    const source = `console.log("zweite Fassung" as string);\n`;
    fs.writeFileSync(file, source);
    const entry = entryOf(source);
    entries.push(entry);
    expect(run({ KSM_TS_CACHE: "off" })).toMatchObject({ status: 0, stdout: "zweite Fassung\n" });
    expect(fs.existsSync(entry)).toBe(false);
    expect(run().stdout).toBe("zweite Fassung\n");
    expect(fs.existsSync(entry)).toBe(true);
  });
});
