import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

describe("README's command table", () => {
  it("names only npm scripts that exist, and every review command", () => {
    const table = readme.split("\n").filter((l) => l.startsWith("| `npm run "));
    const named = table.map((l) => /^\| `npm run ([a-z-]+)/.exec(l)![1]!);
    for (const script of named) expect([script, script in scripts]).toEqual([script, true]);
    expect(named).toEqual(expect.arrayContaining(["plan", "drift", "validate", "plan-summary", "drift-report", "check-removals"]));
  });

  it("documents the provider mirror for npm run validate", () => {
    expect(readme).toContain("TF_CLI_CONFIG_FILE=");
    expect(readme).toMatch(/filesystem_mirror \{/);
    expect(readme).toContain("network_mirror");
  });
});
