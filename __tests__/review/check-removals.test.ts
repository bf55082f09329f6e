import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { cloneProject } from "../helpers/files";
import { loadModel } from "../helpers/synth";

describe("npm run check-removals", () => {
  const { root, repo, git } = cloneProject();
  // Two active Träger of the checked-in Verbund, whichever they are today: one goes offboarding.
  const [zarrentin, grabow] = loadModel().traeger.filter((t) => t.status === "active").map((t) => t.id) as [string, string];
  const check = (base: string) => spawnSync(process.execPath, ["-r", "sucrase/register", "bin/check-removals.ts", "--base", base], { cwd: repo, encoding: "utf8" });

  beforeAll(() => {
    const file = path.join(repo, "tenants", `${zarrentin}.ts`);
    const offboarding = fs.readFileSync(file, "utf8").replace(/^(\s*)(id: .*\n)/m, '$1$2$1status: "offboarding",\n');
    expect(offboarding).toContain('status: "offboarding"');
    fs.writeFileSync(file, offboarding);
    git("add", "-A");
    git("commit", "-qm", `${zarrentin} offboarding`);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("allows removing a Träger that was offboarding in the base revision", () => {
    fs.rmSync(path.join(repo, "tenants", `${zarrentin}.ts`));
    const run = check("HEAD");
    expect([run.status, run.stdout, run.stderr]).toEqual([0, `tenants/${zarrentin}.ts: removal allowed: ${zarrentin} was offboarding in HEAD.\n`, ""]);
    git("checkout", "--", `tenants/${zarrentin}.ts`);
  });

  it("refuses removing an active Träger and explains the offboarding path", () => {
    fs.rmSync(path.join(repo, "tenants", `${grabow}.ts`));
    fs.rmSync(path.join(repo, "tenants", `${zarrentin}.ts`));
    const run = check("HEAD");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe(`tenants/${zarrentin}.ts: removal allowed: ${zarrentin} was offboarding in HEAD.\n`);
    expect(run.stderr.trim()).toBe(
      `tenants/${grabow}.ts: removed while ${grabow} is "active" in HEAD. ` +
        'Removing a stack destroys nothing; it orphans the Träger\'s resources and state. ' +
        'First merge and deploy a change that sets status: "offboarding", then remove the file after the retention period (README, "Offboarding a Träger").',
    );
    git("checkout", "--", "tenants");
  });

  it("treats a rename as a removal, and passes when nothing is removed", () => {
    expect(check("HEAD").stdout).toBe("No Träger declaration removed since HEAD.\n");
    fs.renameSync(path.join(repo, "tenants", `${grabow}.ts`), path.join(repo, "tenants", `${grabow}-neu.ts`));
    git("add", "-A");
    expect(check("HEAD").status).toBe(1);
    git("reset", "-q", "--hard");
  });

  it("needs --base", () => {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "bin/check-removals.ts"], { cwd: repo, encoding: "utf8" });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain("--base <git-ref> is required");
  });
});
