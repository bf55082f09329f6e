import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { planDigest, runApply } from "../../lib/review/apply";
import { OFFBOARDING_RECORD_DIR, offboardingRecordSchema } from "../../lib/review/offboarding-record";
import type { PlanDocument } from "../../lib/review/plan-json";
import { exec } from "../../lib/review/terraform-runner";
import { FAKE_TERRAFORM_DIR as FAKE, inProcessTerraform } from "../helpers/fake-terraform";
import { amt, stadt, tenantsDir } from "../helpers/tenants";

// Spawns Terraform: slow on a loaded machine, so no tight per-test timeout.
jest.setTimeout(60_000);

const PLANS = path.join(__dirname, "..", "fixtures", "plans");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-apply-"));
const stacksDir = path.join(work, "stacks");
for (const stack of ["teststadt", "testamt", "teststadt--subscription"]) {
  fs.mkdirSync(path.join(stacksDir, stack), { recursive: true });
  fs.writeFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "{}");
}
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const readPlan = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as PlanDocument;
const SAFE = path.join(PLANS, "azurerm-safe.json");
const DELETE_VAULT = path.join(PLANS, "azurerm-delete-vault.json");

/** Runs the command with the fake terraform in this process, or (`asProcess`) as the process on PATH. */
async function deploy(argv: string[], fake: { plans: Record<string, string>; applyFail?: string[] }, reviewed: Record<string, string>, extraEnv: Record<string, string> = {}, asProcess = false) {
  const dir = fs.mkdtempSync(path.join(work, "run-"));
  const log = path.join(dir, "terraform.log");
  fs.writeFileSync(path.join(dir, "reviewed.json"), JSON.stringify({ source: "pull request #7, run 42", stacks: reviewed }));
  const env = { ...process.env, PATH: `${FAKE}${path.delimiter}${process.env.PATH}`, FAKE_TF_LOG: log, FAKE_TF_PLANS: JSON.stringify(fake.plans), FAKE_TF_APPLY_FAIL: (fake.applyFail ?? []).join(","), GITHUB_ACTOR: "platform-oncall", GITHUB_STEP_SUMMARY: path.join(dir, "summary.md"), ...extraEnv };
  let stdout = "";
  const stderr: string[] = [];
  const code = await runApply(["--stacks-dir", stacksDir, "--out-dir", path.join(dir, "deploy"), "--reviewed", "reviewed.json", ...argv], { cwd: dir, out: (t) => (stdout += t), err: (l) => stderr.push(l) }, env, asProcess ? exec : inProcessTerraform);
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  const result = (stack: string) => JSON.parse(fs.readFileSync(path.join(dir, "deploy", `${stack}.result.json`), "utf8"));
  const summary = fs.existsSync(env.GITHUB_STEP_SUMMARY) ? fs.readFileSync(env.GITHUB_STEP_SUMMARY, "utf8") : "";
  return { code, stdout, stderr, calls, result, summary, dir };
}

describe("the digest of a plan (what a reviewer saw)", () => {
  it("is the same for the same change planned twice by real Terraform, and differs for another change", () => {
    const dir = fs.mkdtempSync(path.join(work, "real-"));
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify({ variable: { x: { type: "string" } }, resource: { terraform_data: { a: { input: "${var.x}" }, b: { input: "fixed" } } } }));
    const tf = (...args: string[]) => execFileSync("terraform", args, { cwd: dir, encoding: "utf8", env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" }, stdio: ["ignore", "pipe", "ignore"] });
    tf("init", "-input=false");
    tf("apply", "-input=false", "-auto-approve", "-var", "x=1");
    const planned = (x: string, name: string) => {
      tf("plan", "-input=false", "-var", `x=${x}`, `-out=${name}`);
      return JSON.parse(tf("show", "-json", name)) as PlanDocument;
    };
    const first = planned("2", "one.tfplan");
    const again = planned("2", "two.tfplan");
    const other = planned("3", "three.tfplan");
    expect(first.resource_changes!.find((r) => r.address === "terraform_data.a")!.change.actions).toEqual(["update"]);
    expect(planDigest(first)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(planDigest(again)).toBe(planDigest(first));
    expect(planDigest(other)).not.toBe(planDigest(first));
    expect(planDigest(planned("1", "none.tfplan"))).toBe(planDigest({ resource_changes: [] }));
  });

  it("does not depend on key order and never contains a sensitive value", () => {
    const plan = readPlan(SAFE);
    const reverse = (v: unknown): unknown => (Array.isArray(v) ? v.map(reverse) : v && typeof v === "object" ? Object.fromEntries(Object.entries(v).reverse().map(([k, x]) => [k, reverse(x)])) : v);
    const reordered = reverse(plan) as PlanDocument;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(plan));
    expect(planDigest(reordered)).toBe(planDigest(plan));
    const secret = { resource_changes: [{ address: "x.y", type: "x", name: "y", change: { actions: ["update"], before: { v: "old-secret" }, after: { v: "new-secret" }, before_sensitive: { v: true }, after_sensitive: { v: true } } }] };
    const otherSecret = structuredClone(secret);
    otherSecret.resource_changes[0]!.change.after.v = "another-secret";
    expect(planDigest(otherSecret)).toBe(planDigest(secret));
  });
});

describe("npm run apply (deploy applies what was reviewed)", () => {
  it("applies the saved planfile when the fresh plan is the reviewed one, waiting for the state lock, never -auto-approve (terraform as a process)", async () => {
    const { code, calls, result, stdout } = await deploy(["--stacks", "teststadt", "--lock-timeout", "20m"], { plans: { "*": SAFE } }, { teststadt: planDigest(readPlan(SAFE)) }, {}, true);
    expect(code).toBe(0);
    expect(calls).toContainEqual(expect.stringMatching(/^teststadt plan .*-out=.*\/teststadt\.tfplan$/));
    expect(calls).toContainEqual(expect.stringMatching(/^teststadt apply -input=false -no-color -lock-timeout=20m .*\/deploy\/teststadt\.tfplan$/));
    expect(calls.join("\n")).not.toMatch(/auto-approve/);
    expect(result("teststadt")).toMatchObject({ ok: true, outcome: "applied", digest: planDigest(readPlan(SAFE)) });
    expect(stdout).toContain("✔ teststadt: applied");
  });

  it("refuses, without applying, a plan that differs from the reviewed one or was never reviewed", async () => {
    const { code, calls, result, stdout } = await deploy(["--stacks", "teststadt,testamt"], { plans: { "*": SAFE } }, { teststadt: `sha256:${"0".repeat(64)}` });
    expect(code).toBe(1);
    expect(calls.some((c) => / apply /.test(c))).toBe(false);
    expect(result("teststadt")).toMatchObject({ ok: false, outcome: "refused" });
    expect(stdout).toContain("⛔ teststadt: refused — the plan differs from the reviewed plan (pull request #7, run 42: sha256:000");
    expect(stdout).toContain("⛔ testamt: refused — no reviewed plan for testamt in pull request #7, run 42");
  });

  it("refuses a data-destroying plan unless an override reason is given, and logs the override with the actor", async () => {
    const reviewed = { teststadt: planDigest(readPlan(DELETE_VAULT)) };
    const refused = await deploy(["--stacks", "teststadt"], { plans: { "*": DELETE_VAULT } }, reviewed);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/⛔ teststadt: refused — would delete or replace data: azurerm_recovery_services_vault\.\S+ \(delete\)/);
    expect(refused.calls.some((c) => / apply /.test(c))).toBe(false);
    const allowed = await deploy(["--stacks", "teststadt", "--allow-destroy", "Träger left the Verbund, data archived (ticket 4711)"], { plans: { "*": DELETE_VAULT } }, reviewed);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContainEqual(expect.stringMatching(/^::warning::OVERRIDE: platform-oncall allowed teststadt to delete or replace azurerm_recovery_services_vault\.\S+ \(delete\), .*: Träger left the Verbund, data archived \(ticket 4711\)$/));
    expect(allowed.summary).toContain("OVERRIDE: platform-oncall");
    expect(allowed.result("teststadt").override).toMatchObject({ actor: "platform-oncall", reason: "Träger left the Verbund, data archived (ticket 4711)" });
  });

  it("applies a Träger's subscription stack first and skips the Träger's stack when that one did not apply", async () => {
    const reviewed = { teststadt: planDigest(readPlan(SAFE)), "teststadt--subscription": planDigest(readPlan(SAFE)) };
    const ok = await deploy(["--stacks", "teststadt,teststadt--subscription"], { plans: { "*": SAFE } }, reviewed);
    expect(ok.code).toBe(0);
    expect(ok.calls.filter((c) => / apply /.test(c)).map((c) => c.split(" ")[0])).toEqual(["teststadt--subscription", "teststadt"]);
    const failed = await deploy(["--stacks", "teststadt,teststadt--subscription"], { plans: { "*": SAFE }, applyFail: ["teststadt--subscription"] }, reviewed);
    expect(failed.code).toBe(1);
    expect(failed.calls.some((c) => c.startsWith("teststadt "))).toBe(false);
    expect(failed.result("teststadt")).toMatchObject({ ok: false, outcome: "refused", reason: "its subscription stack teststadt--subscription did not apply (failed): the Träger's stack reads its state and waits for it" });
  });

  it("needs no reviewed plan for a stack deployed along with its Träger that has nothing to apply", async () => {
    const none = path.join(__dirname, "..", "fixtures", "terraform-plans", "no-changes.json");
    const { code, result } = await deploy(["--stacks", "teststadt--subscription,teststadt"], { plans: { "teststadt--subscription": none, teststadt: SAFE } }, { teststadt: planDigest(readPlan(SAFE)) });
    expect(code).toBe(0);
    expect(result("teststadt--subscription")).toMatchObject({ ok: true, outcome: "nothing-to-apply" });
  });

  it("records a failed apply so that the next run retries it", async () => {
    const { code, result } = await deploy(["--stacks", "teststadt"], { plans: { "*": SAFE }, applyFail: ["teststadt"] }, { teststadt: planDigest(readPlan(SAFE)) });
    expect(code).toBe(1);
    expect(result("teststadt")).toMatchObject({ ok: false, outcome: "failed", reason: expect.stringContaining("Error acquiring the state lock") });
  });

  it("writes the offboarding record check-removals requires after an offboarding stack applied, and only then", async () => {
    const tenants = tenantsDir({ "teststadt.ts": stadt({ status: "offboarding" }), "testamt.ts": amt() });
    try {
      const env = { TENANTS_DIR: tenants, GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567" };
      const digest = planDigest(readPlan(SAFE));
      const { code, dir, result, stderr } = await deploy(["--stacks", "teststadt,testamt"], { plans: { "*": SAFE } }, { teststadt: digest, testamt: digest }, env);
      expect(code).toBe(0);
      const record = JSON.parse(fs.readFileSync(path.join(dir, "deploy", "teststadt.offboarding.json"), "utf8"));
      expect(record).toEqual({ traeger: "teststadt", deployedAt: new Date().toISOString().slice(0, 10), commit: env.GITHUB_SHA });
      expect(offboardingRecordSchema.safeParse(record).success).toBe(true);
      expect(result("teststadt").offboardingRecord).toBe(path.join(dir, "deploy", "teststadt.offboarding.json"));
      expect(stderr).toContain(`teststadt is offboarding: wrote deploy/teststadt.offboarding.json (becomes ${OFFBOARDING_RECORD_DIR}/teststadt.json)`);
      expect(fs.existsSync(path.join(dir, "deploy", "testamt.offboarding.json"))).toBe(false);

      const failed = await deploy(["--stacks", "teststadt"], { plans: { "*": SAFE }, applyFail: ["teststadt"] }, { teststadt: digest }, env);
      expect(failed.code).toBe(1);
      expect(fs.existsSync(path.join(failed.dir, "deploy", "teststadt.offboarding.json"))).toBe(false);

      const noCommit = await deploy(["--stacks", "teststadt"], { plans: { "*": SAFE } }, { teststadt: digest }, { TENANTS_DIR: tenants, GITHUB_SHA: "" });
      expect(noCommit.code).toBe(1);
      expect(noCommit.stderr.join("\n")).toContain("::error::teststadt applied, but its offboarding record was not written: no commit to record");
    } finally {
      fs.rmSync(tenants, { recursive: true, force: true });
    }
  });

  it("prints digests for the pull request's plan job, and refuses wrong use with exit 64", async () => {
    let out = "";
    expect(await runApply(["--digest", SAFE], { cwd: work, out: (t) => (out += t), err: () => undefined })).toBe(0);
    expect(out).toBe(`azurerm-safe ${planDigest(readPlan(SAFE))}\n`);
    for (const argv of [["--stacks", "teststadt"], ["--stacks", "$(id)", "--reviewed", "r.json"], ["--stacks", "a", "--reviewed", "r.json", "--allow-destroy", " "]]) {
      expect(await runApply(argv, { cwd: work, out: () => undefined, err: () => undefined })).toBe(64);
    }
  });
});
