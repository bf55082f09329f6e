import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cloneProject } from "../helpers/files";

describe("npm run check-removals", () => {
  const { root, repo, git } = cloneProject();
  const check = (base: string) => spawnSync(process.execPath, ["-r", "sucrase/register", "bin/check-removals.ts", "--base", base], { cwd: repo, encoding: "utf8" });

  beforeAll(() => {
    const zarrentin = path.join(repo, "tenants", "zarrentin.ts");
    fs.writeFileSync(zarrentin, fs.readFileSync(zarrentin, "utf8").replace("  vdi: {", '  status: "offboarding",\n  vdi: {'));
    git("add", "-A");
    git("commit", "-qm", "Zarrentin offboarding", "--allow-empty");
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("allows removing a Träger that was offboarding in the base revision", () => {
    fs.rmSync(path.join(repo, "tenants", "zarrentin.ts"));
    const run = check("HEAD");
    expect([run.status, run.stdout, run.stderr]).toEqual([0, "tenants/zarrentin.ts: removal allowed: zarrentin was offboarding in HEAD.\n", ""]);
    git("checkout", "--", "tenants/zarrentin.ts");
  });

  it("refuses removing an active Träger and explains the offboarding path", () => {
    fs.rmSync(path.join(repo, "tenants", "grabow.ts"));
    fs.rmSync(path.join(repo, "tenants", "zarrentin.ts"));
    const run = check("HEAD");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("tenants/zarrentin.ts: removal allowed: zarrentin was offboarding in HEAD.\n");
    expect(run.stderr.trim()).toBe(
      'tenants/grabow.ts: removed while grabow is "active" in HEAD. Removing a stack destroys nothing; it orphans the Träger\'s resources and state. ' +
        'First merge and deploy a change that sets status: "offboarding", then remove the file after the retention period (README, "Offboarding a Träger").',
    );
    git("checkout", "--", "tenants");
  });

  it("treats a rename as a removal, and passes when nothing is removed", () => {
    expect(check("HEAD").stdout).toBe("No Träger declaration removed since HEAD.\n");
    fs.renameSync(path.join(repo, "tenants", "grabow.ts"), path.join(repo, "tenants", "grabow-neu.ts"));
    git("add", "-A");
    expect(check("HEAD").status).toBe(1);
    git("reset", "-q", "--hard");
  });

  it("needs --base", () => {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "bin/check-removals.ts"], { cwd: repo, encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--base <git-ref> is required");
  });
});
