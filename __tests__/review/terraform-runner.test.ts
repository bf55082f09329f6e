import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exec, mapWithLimit, runTerraform, shard } from "../../lib/review/terraform-runner";
import { FAKE_TERRAFORM_DIR as FAKE, inProcessTerraform } from "../helpers/fake-terraform";
import { change, FIXTURE_STACKS, plan, PLAN_FIXTURES } from "../helpers/plans";

// The first test spawns the fake terraform three times per stack; the machine is shared.
jest.setTimeout(60_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-runner-"));
const stacksDir = path.join(work, "stacks");
const STACKS = ["alpha", "musterstadt", "teststadt"];
for (const id of STACKS) fs.cpSync(path.join(FIXTURE_STACKS, id === "teststadt" ? "teststadt" : "musterstadt"), path.join(stacksDir, id), { recursive: true });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const SECRET = "Sehr!Geheim-9f3a";
const planFile = (name: string, document: unknown) => {
  const file = path.join(work, name);
  fs.writeFileSync(file, JSON.stringify(document));
  return file;
};
const CREATE = planFile("create.json", plan([change("azurerm_resource_group.rg_1", ["create"], null, { name: "rg-x" })]));

/** Runs the command with the fake terraform in this process, or (`asProcess`) as the process on PATH. */
async function run(mode: "plan" | "drift", argv: string[], fake: { plans: Record<string, string>; fail?: string[]; badShow?: string[] }, extraEnv: Record<string, string> = {}, asProcess = false) {
  const log = path.join(work, `log-${Math.random().toString(36).slice(2)}`);
  const outDir = path.join(work, `out-${Math.random().toString(36).slice(2)}`);
  let stdout = "";
  const stderr: string[] = [];
  const env = { PATH: `${FAKE}${path.delimiter}${process.env.PATH}`, FAKE_TF_LOG: log, FAKE_TF_PLANS: JSON.stringify(fake.plans), FAKE_TF_FAIL: (fake.fail ?? []).join(","), FAKE_TF_BAD_SHOW: (fake.badShow ?? []).join(","), ...extraEnv };
  const code = await runTerraform(mode, ["--stacks-dir", stacksDir, "--out-dir", outDir, ...argv], { cwd: work, out: (t) => (stdout += t), err: (l) => stderr.push(l) }, env, asProcess ? exec : inProcessTerraform);
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return { code, stdout, stderr, calls, outDir };
}

describe("npm run plan", () => {
  it("inits, plans and shows every stack, with progress, then prints the summary (terraform as a process)", async () => {
    const { code, stdout, stderr, calls, outDir } = await run("plan", ["--parallelism", "3"], { plans: { "*": CREATE } }, {}, true);
    expect(code).toBe(0);
    for (const id of STACKS) {
      expect(calls).toContain(`${id} init -input=false -no-color`);
      expect(calls).toContainEqual(expect.stringMatching(new RegExp(`^${id} plan -input=false -no-color -lock-timeout=5m -detailed-exitcode -out=.*/${id}\\.tfplan$`)));
      expect(calls).toContainEqual(expect.stringMatching(new RegExp(`^${id} show -json -no-color .*/${id}\\.tfplan$`)));
    }
    expect(fs.readdirSync(outDir).sort()).toEqual(STACKS.flatMap((id) => [`${id}.json`, `${id}.tfplan`]).sort());
    expect(stderr[0]).toBe("Planning 3 stacks, 3 at a time …");
    expect(stderr.filter((l) => /^\[\d\/3\] [a-z-]+: done in \d+\.\d s$/.test(l))).toHaveLength(3);
    expect(stdout).toContain("✅ 3 stacks planned; nothing destroys data.");
    expect(stdout).toContain("| <code>musterstadt</code> | Stadt Musterstadt | 1 | 0 | 0 | 0 | 0 |  |");
  });

  it("with --no-refresh plans with -refresh=false (what the read-only plan identity runs); drift has no such option", async () => {
    const { code, calls } = await run("plan", ["--stacks", "musterstadt", "--no-refresh"], { plans: { "*": CREATE } });
    expect(code).toBe(0);
    expect(calls).toContainEqual(expect.stringMatching(/^musterstadt plan -input=false -no-color -lock-timeout=5m -detailed-exitcode -refresh=false -out=.*\/musterstadt\.tfplan$/));
    expect((await run("drift", ["--stacks", "musterstadt", "--no-refresh"], { plans: { "*": CREATE } })).code).toBe(64);
  });

  it("masks every sensitive value before it writes the plan JSON: changes, drift, outputs, planned values, prior state, variables", async () => {
    const secretPlan = planFile("secret.json", plan(
      [change("azurerm_key_vault_secret.s", ["update"], { name: "s", value: SECRET, tags: { a: "1" } }, { name: "s", value: `${SECRET}-neu`, tags: { a: "2" } }, { before_sensitive: { value: true }, after_sensitive: { value: true } }),
       change("azurerm_windows_virtual_machine.vm", ["create"], null, { name: "vm", os_profile: [{ admin_password: SECRET, list: [1, { deep: SECRET }] }] }, { after_sensitive: { os_profile: [{ admin_password: true, list: [false, { deep: true }] }] } })],
      {
        resource_drift: [change("azurerm_key_vault_secret.s", ["update"], { value: "old-Secret-77" }, { value: SECRET }, { before_sensitive: { value: true }, after_sensitive: { value: true } })],
        output_changes: { pw: { actions: ["create"], before: null, after: { nested: [SECRET] }, after_unknown: false, before_sensitive: false, after_sensitive: true } },
        planned_values: { outputs: { pw: { sensitive: true, value: { nested: [SECRET] } } }, root_module: { resources: [], child_modules: [{ resources: [{ address: "module.m.x.y", values: { token: SECRET, keep: "visible" }, sensitive_values: { token: true } }] }] } },
        prior_state: { format_version: "1.0", values: { outputs: { pw: { sensitive: true, value: "old-Secret-77" } }, root_module: { resources: [{ address: "x.y", values: { map: { k: "old-Secret-77" } }, sensitive_values: { map: { k: true } } }] } } },
        variables: { admin: { value: SECRET } },
        configuration: { root_module: { variables: { admin: { sensitive: true } }, resources: [{ address: "x.y", expressions: { password: { constant_value: `prefix-${SECRET}` } } }] } },
      },
    ));
    const { code, outDir, stdout } = await run("plan", ["--stacks", "musterstadt"], { plans: { musterstadt: secretPlan } });
    expect(code).toBe(0);
    const written = fs.readFileSync(path.join(outDir, "musterstadt.json"), "utf8");
    expect(written).not.toContain("Geheim");
    expect(written).not.toContain("old-Secret-77");
    const json = JSON.parse(written) as { resource_changes: { change: { before: { value: string; tags: unknown }; after: { value: string } } }[]; planned_values: { root_module: { child_modules: { resources: { values: Record<string, string> }[] }[] } } };
    expect(json.resource_changes[0]!.change.before).toEqual({ name: "s", value: "(sensitive)", tags: { a: "1" } });
    expect(json.resource_changes[0]!.change.after.value).toBe("(sensitive, changed)");
    expect(json.planned_values.root_module.child_modules[0]!.resources[0]!.values).toEqual({ token: "(sensitive)", keep: "visible" });
    for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith(".json"))) expect(fs.readFileSync(path.join(outDir, file), "utf8")).not.toContain("Geheim");
    expect(stdout).not.toContain("Geheim");
    expect(stdout).toContain("  - <code>value</code>: <code>(sensitive)</code> → <code>(sensitive, changed)</code>");
  });

  it("writes a failure record for a failing stack, marks it ⛔ in the summary without hiding the others, and exits 1", async () => {
    const { code, stdout, stderr, outDir } = await run("plan", ["--stacks", "teststadt,alpha,musterstadt"], { plans: { "*": CREATE }, fail: ["alpha"] });
    expect(code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, "alpha.failure.json"), "utf8"))).toEqual({
      stack: "alpha",
      mode: "plan",
      step: "plan",
      exitCode: 1,
      message: "terraform plan failed (exit 1): Error: building account: could not acquire access token",
    });
    expect(fs.existsSync(path.join(outDir, "alpha.json"))).toBe(false);
    expect(stdout).toContain("⛔ **1 of 3 stacks blocked**");
    expect(stdout).toContain("| <code>alpha</code> | – | – | – | – | – | – | ⛔ plan failed |");
    expect(stdout).toContain("> - ⛔ <code>alpha</code>: terraform plan failed (exit 1)&#58; Error&#58; building account&#58; could not acquire access token");
    expect(stdout).toContain("| <code>teststadt</code> | – | 1 | 0 | 0 | 0 | 0 |  |");
    expect(stderr).toContainEqual(expect.stringMatching(/^\[\d\/3\] alpha: FAILED in/));
  });

  it("records a stack whose terraform show prints no JSON as failed, and never writes that output", async () => {
    const { code, stdout, outDir } = await run("plan", ["--stacks", "musterstadt"], { plans: { "*": CREATE }, badShow: ["musterstadt"] });
    expect(code).toBe(1);
    expect(fs.readdirSync(outDir).sort()).toEqual(["musterstadt.failure.json", "musterstadt.tfplan"]);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, "musterstadt.failure.json"), "utf8"))).toMatchObject({ step: "show", message: expect.stringMatching(/^terraform show -json did not print JSON/) });
    expect(stdout).toContain("⛔ plan failed");
  });

  it("exits 3 when a plan destroys data", async () => {
    const { code, stdout } = await run("plan", ["--stacks", "teststadt"], { plans: { teststadt: path.join(PLAN_FIXTURES, "azurerm-delete-vault.json") } });
    expect(code).toBe(3);
    expect(stdout).toContain("> - ⛔ <code>teststadt</code>: **delete** <code>azurerm_recovery_services_vault.backup_vault_A3268EAD</code>");
  });

  it("reports a stack that was not synthesized, with a failure record", async () => {
    const { code, stdout, outDir } = await run("plan", ["--stacks", "luebtheen"], { plans: {} });
    expect(code).toBe(1);
    expect(stdout).toMatch(/> - ⛔ <code>luebtheen<\/code>: not synthesized \(.*luebtheen\/cdk\.tf\.json missing\)&#58; run npm run synth first/);
    expect(JSON.parse(fs.readFileSync(path.join(outDir, "luebtheen.failure.json"), "utf8"))).toMatchObject({ stack: "luebtheen", step: "synth", exitCode: null });
  });

  it("plans only its shard", async () => {
    const { calls } = await run("plan", ["--shard", "2/2"], { plans: { "*": CREATE } });
    expect([...new Set(calls.map((c) => c.split(" ")[0]))]).toEqual(["musterstadt"]);
  });

  it("links the CI run and the commit from GitHub's environment", async () => {
    const { stdout } = await run("plan", ["--stacks", "teststadt"], { plans: { "*": CREATE } }, { GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "ksm/verbund", GITHUB_RUN_ID: "4711", GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567" });
    expect(stdout).toContain("<sub>Planned in [CI run](https://github.com/ksm/verbund/actions/runs/4711), commit [<code>0123456789ab</code>](https://github.com/ksm/verbund/commit/0123456789abcdef0123456789abcdef01234567).</sub>");
  });

  it("says in one line that terraform is missing, with the version to install, and exits 4 without writing anything", async () => {
    for (const mode of ["plan", "drift"] as const) {
      const { code, stdout, stderr, outDir } = await run(mode, ["--stacks", "teststadt"], { plans: {} }, { PATH: path.join(work, "empty-bin") });
      expect([code, stdout, stderr]).toEqual([4, "", ["terraform is not on PATH: install Terraform 1.11.4 (https://releases.hashicorp.com/terraform/1.11.4/) and run again"]]);
      expect(fs.existsSync(outDir)).toBe(false);
    }
  });

  it("refuses a stack id that is not one", async () => {
    const { code, stderr } = await run("plan", ["--stacks", "../etc"], { plans: {} });
    expect(code).toBe(64);
    expect(stderr[0]).toBe('--stacks: "../etc" is not a stack id (lowercase letters, digits and -)');
  });
});

describe("npm run drift", () => {
  const DRIFT = path.join(PLAN_FIXTURES, "azurerm-drift.json");
  const CLEAN = planFile("clean.json", plan([], { resource_drift: [] }));

  it("plans refresh-only and exits 3 on drift", async () => {
    const { code, stdout, calls } = await run("drift", ["--stacks", "teststadt"], { plans: { teststadt: DRIFT } });
    expect(code).toBe(3);
    expect(calls).toContainEqual(expect.stringMatching(/^teststadt plan .*-detailed-exitcode -refresh-only -out=/));
    expect(stdout).toContain("### <code>teststadt</code>");
  });

  it("exits 0 without drift, with --json", async () => {
    const { code, stdout } = await run("drift", ["--stacks", "teststadt", "--json"], { plans: { teststadt: CLEAN } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ drifted: false, failed: false, driftedStacks: [], failedStacks: [] });
  });

  it("keeps the shard's JSON whole when a refresh fails: the failed stack is listed for its own issue, and the exit is 1", async () => {
    const { code, stdout } = await run("drift", ["--stacks", "alpha,musterstadt,teststadt", "--json"], { plans: { "*": CLEAN, teststadt: DRIFT }, fail: ["alpha"] });
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { drifted: boolean; failed: boolean; driftedStacks: string[]; failedStacks: { stack: string; reason: string }[]; stacks: { stack: string }[] };
    expect(json.drifted).toBe(true);
    expect(json.failed).toBe(true);
    expect(json.driftedStacks).toEqual(["teststadt"]);
    expect(json.failedStacks).toEqual([{ stack: "alpha", reason: "terraform plan failed (exit 1): Error: building account: could not acquire access token" }]);
    expect(json.stacks.map((s) => s.stack)).toEqual(["musterstadt", "teststadt"]);
  });
});

describe("helpers", () => {
  it("shard splits a sorted list into n shares and rejects bad specs", () => {
    expect(shard(["a", "b", "c", "d", "e"], "1/2")).toEqual(["a", "c", "e"]);
    expect(shard(["a", "b", "c", "d", "e"], "2/2")).toEqual(["b", "d"]);
    expect(() => shard(["a"], "3/2")).toThrow("--shard must be i/n with 1 ≤ i ≤ n (got 3/2)");
  });

  it("mapWithLimit never runs more than the limit at once and keeps order", async () => {
    let running = 0;
    let peak = 0;
    const results = await mapWithLimit([5, 1, 4, 2, 3], 2, async (n) => {
      running += 1;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 5));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
