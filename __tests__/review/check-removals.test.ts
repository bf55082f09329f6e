import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runCheckRemovals } from "../../lib/review/check-removals";
import { retentionEnds } from "../../lib/review/offboarding-record";
import { cloneProject } from "../helpers/files";

jest.setTimeout(60_000);

// The Träger under test is a fixture of its own, so that the checked-in Träger do not matter.
const FIXTURE = fs.readFileSync(path.join(__dirname, "..", "fixtures", "two-traeger", "fixture-stadt.ts"), "utf8");
const offboarding = (retention: string, status = "offboarding") => FIXTURE.replace('  network: {', `  status: "${status}",\n  backup: { retention: ${retention} },\n  network: {`);

describe("npm run check-removals", () => {
  const { root, repo, git } = cloneProject();
  const tenant = path.join(repo, "tenants", "fixture-stadt.ts");
  const record = path.join(repo, "deployments", "offboarding", "fixture-stadt.json");
  const argv = (args: string[]) => ["--base", "HEAD", ...args];
  /** The command in this process, against the clone: what the process would print and its exit code. */
  const run = (args: string[]) => {
    let stdout = "";
    let stderr = "";
    const status = runCheckRemovals(args, { cwd: repo, out: (t) => (stdout += t), err: (l) => (stderr += `${l}\n`) }, {}, new Date(), repo);
    return { status, stdout, stderr };
  };
  const check = (...args: string[]) => run(argv(args));
  /** The real command as a process (bin/check-removals.ts): exit code and output as CI sees them. */
  const checkProcess = (args: string[]) => spawnSync(process.execPath, ["-r", "./lib/ts-register.js", "bin/check-removals.ts", ...args], { cwd: repo, encoding: "utf8" });
  const commitBase = (files: Record<string, string | undefined>) => {
    for (const [file, content] of Object.entries(files)) {
      if (content === undefined) fs.rmSync(file, { force: true });
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      }
    }
    git("add", "-A");
    git("commit", "-qm", "base", "--allow-empty");
  };
  const removeTenant = () => fs.rmSync(tenant);
  afterEach(() => git("reset", "-q", "--hard"));
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it("refuses removing an active Träger and explains the offboarding path (as a process)", () => {
    commitBase({ [tenant]: FIXTURE, [record]: undefined });
    removeTenant();
    const run = checkProcess(argv([]));
    expect([run.status, run.stdout]).toEqual([1, ""]);
    expect(run.stderr).toBe(
      'tenants/fixture-stadt.ts: removal refused: fixture-stadt is "active" in HEAD. Removing a stack destroys nothing; it orphans the Träger\'s resources and state. ' +
        'First merge and deploy a change that sets status: "offboarding", then remove the file after the retention period (README, "Offboarding a Träger")\n',
    );
    expect(check()).toEqual({ status: run.status, stdout: run.stdout, stderr: run.stderr }); // the in-process runs below are the command
  });

  it("refuses removing an offboarding Träger whose offboarding has not been deployed (no record)", () => {
    commitBase({ [tenant]: offboarding("{ vm: { yearly: 2 } }"), [record]: undefined });
    removeTenant();
    const run = check("--today", "2040-01-01");
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('tenants/fixture-stadt.ts: removal refused: fixture-stadt is offboarding in HEAD, but deployments/offboarding/fixture-stadt.json is missing there: its offboarding has not been deployed (the deploy commits that record) (README, "Offboarding a Träger")\n');
  });

  it("refuses until the longest declared retention has run out since the deploy, then allows", () => {
    commitBase({ [tenant]: offboarding("{ vm: { yearly: 2 } }"), [record]: JSON.stringify({ traeger: "fixture-stadt", deployedAt: "2026-03-31", commit: "0123456789abcdef" }) });
    removeTenant();
    const early = check("--today", "2028-03-30");
    expect(early.status).toBe(1);
    expect(early.stderr).toBe('tenants/fixture-stadt.ts: removal refused: fixture-stadt\'s offboarding was deployed on 2026-03-31; its longest retention, 2 years (yearly VM points), runs until 2028-03-31 (README, "Offboarding a Träger")\n');
    const late = check("--today", "2028-03-31");
    expect([late.status, late.stderr]).toEqual([
      1,
      'tenants/fixture-stadt.ts: removal refused: fixture-stadt\'s longest retention, 2 years (yearly VM points), ended on 2028-03-31, but it is still "offboarding" in HEAD: first merge and deploy status: "decommissioned" (its subscription moves to the decommissioned management group instead of being cancelled), then remove the file (README, "Offboarding a Träger")\n',
    ]);
  });

  it("allows removing a decommissioned Träger whose longest retention has run out since the deploy", () => {
    commitBase({ [tenant]: offboarding("{ vm: { yearly: 2 } }", "decommissioned"), [record]: JSON.stringify({ traeger: "fixture-stadt", deployedAt: "2026-03-31", commit: "0123456789abcdef" }) });
    removeTenant();
    expect(check("--today", "2028-03-30").status).toBe(1);
    const late = check("--today", "2028-03-31");
    expect([late.status, late.stdout, late.stderr]).toEqual([0, "tenants/fixture-stadt.ts: removal allowed: fixture-stadt was offboarded on 2026-03-31 (commit 0123456789ab) and its longest retention, 2 years (yearly VM points), ended on 2028-03-31.\n", ""]);
  });

  it("refuses a record that is not valid or names another Träger", () => {
    commitBase({ [tenant]: offboarding("{}"), [record]: JSON.stringify({ traeger: "grabow", deployedAt: "2020-01-01", commit: "0123456789abcdef" }) });
    removeTenant();
    expect(check("--today", "2099-01-01").stderr).toContain("deployments/offboarding/fixture-stadt.json in HEAD is not a valid offboarding record (it names grabow)");
    git("reset", "-q", "--hard");
    commitBase({ [record]: JSON.stringify({ traeger: "fixture-stadt", deployedAt: "soon", commit: "x" }) });
    removeTenant();
    expect(check("--today", "2099-01-01").status).toBe(1);
  });

  it("treats a rename as a removal, and passes when nothing is removed", () => {
    commitBase({ [tenant]: FIXTURE });
    expect(check().stdout).toBe("No Träger declaration removed since HEAD.\n");
    fs.renameSync(tenant, path.join(repo, "tenants", "fixture-neu.ts"));
    git("add", "-A");
    expect(check().status).toBe(1);
  });

  it("needs --base, and --today must be a date", () => {
    const usage = run([]);
    expect(usage.status).toBe(64);
    expect(usage.stderr).toContain("--base <git-ref> is required");
    expect(check("--today", "tomorrow").status).toBe(64);
  });
});

describe("retention end of an offboarded Träger", () => {
  it("takes the longest tier, defaults included (10 yearly points)", () => {
    expect(retentionEnds("2026-01-15", undefined)).toEqual({ date: "2036-01-15", longest: "10 years (yearly VM points)" });
    expect(retentionEnds("2026-01-15", { vm: { daily: 9999, weekly: 1, monthly: 1, yearly: 1 } })).toEqual({ date: "2053-06-01", longest: "9999 days (daily VM points)" });
    expect(retentionEnds("2024-02-29", { vm: { yearly: 1, monthly: 1, weekly: 1, daily: 7 } })).toEqual({ date: "2025-03-01", longest: "1 years (yearly VM points)" });
  });
});
