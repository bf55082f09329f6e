import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesizeVerbund } from "../../lib/app/build";
import { mapWithLimit, runTerraform, shard } from "../../lib/review/terraform-runner";
import { loadModel } from "../helpers/synth";
import { sharedPlanFixtures } from "../helpers/files";

const FAKE = path.join(__dirname, "..", "fixtures", "fake-terraform");
const SHARED = sharedPlanFixtures();
const PLANS = path.join(__dirname, "..", "fixtures", "plans");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-runner-"));
const out = path.join(work, "out");
const model = loadModel();
synthesizeVerbund(model, out);
const stacksDir = path.join(out, "stacks");
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

async function run(mode: "plan" | "drift", argv: string[], fake: { plans: Record<string, string>; fail?: string[] }) {
  const log = path.join(work, `log-${Math.random().toString(36).slice(2)}`);
  let stdout = "";
  const stderr: string[] = [];
  const env = { ...process.env, PATH: `${FAKE}${path.delimiter}${process.env.PATH}`, FAKE_TF_LOG: log, FAKE_TF_PLANS: JSON.stringify(fake.plans), FAKE_TF_FAIL: (fake.fail ?? []).join(",") };
  const code = await runTerraform(mode, ["--stacks-dir", stacksDir, "--out-dir", path.join(work, "plans"), ...argv], { cwd: work, out: (t) => (stdout += t), err: (l) => stderr.push(l) }, env);
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return { code, stdout, stderr, calls };
}

describe("npm run plan", () => {
  it("inits, plans and shows every stack, with progress, then prints the summary", async () => {
    const { code, stdout, stderr, calls } = await run("plan", ["--parallelism", "3"], { plans: { "*": path.join(SHARED, "basic-create.json") } });
    expect(code).toBe(0);
    const ids = [...model.traeger.map((t) => t.id), "platform"]; // every Träger stack and the platform stack
    for (const id of ids) {
      expect(calls).toContain(`${id} init -input=false -no-color`);
      expect(calls).toContainEqual(expect.stringMatching(new RegExp(`^${id} plan -input=false -no-color -lock-timeout=5m -detailed-exitcode -out=.*/${id}\\.tfplan$`)));
      expect(calls).toContainEqual(expect.stringMatching(new RegExp(`^${id} show -json -no-color .*/${id}\\.tfplan$`)));
    }
    expect(stderr[0]).toBe("Planning 10 stacks, 3 at a time …");
    expect(stderr.filter((l) => /^\[\d+\/10\] [a-z-]+: done in \d+\.\d s$/.test(l))).toHaveLength(10);
    expect(stdout).toContain("✅ 10 stacks planned; nothing destroys data.");
  });

  it("reports a failing stack without hiding the others, and exits 1", async () => {
    const { code, stdout, stderr } = await run("plan", ["--stacks", "zarrentin,grabow,schwerin"], { plans: { "*": path.join(SHARED, "basic-create.json") }, fail: ["grabow"] });
    expect(code).toBe(1);
    expect(stdout).toContain("| schwerin | 3 | 0 | 0 | 0 |  |");
    expect(stdout).toContain("| zarrentin | 3 | 0 | 0 | 0 |  |");
    expect(stdout).toContain("- ⛔ grabow: terraform plan failed (exit 1): Error: building account: could not acquire access token");
    expect(stderr).toContainEqual(expect.stringMatching(/^\[\d\/3\] grabow: FAILED in/));
  });

  it("exits 3 when a plan destroys data", async () => {
    const { code, stdout } = await run("plan", ["--stacks", "zarrentin"], { plans: { zarrentin: path.join(PLANS, "azurerm-delete-vault.json") } });
    expect(code).toBe(3);
    expect(stdout).toContain("> - **delete** `azurerm_recovery_services_vault.backup_vault_A3268EAD`");
  });

  it("reports a stack that was not synthesized", async () => {
    const { code, stdout } = await run("plan", ["--stacks", "luebtheen"], { plans: {} });
    expect(code).toBe(1);
    expect(stdout).toMatch(/- ⛔ luebtheen: not synthesized \(.*luebtheen\/cdk\.tf\.json missing\): run npm run synth first/);
  });

  it("plans only its shard", async () => {
    const { calls } = await run("plan", ["--shard", "2/3"], { plans: { "*": path.join(SHARED, "basic-create.json") } });
    const ids = [...model.traeger.map((t) => t.id), "platform"].sort();
    const planned = [...new Set(calls.filter((c) => c.includes(" init ")).map((c) => c.split(" ")[0]))].sort();
    expect(planned).toEqual([ids[1], ids[4], ids[7]]);
  });
});

describe("npm run drift", () => {
  it("plans refresh-only and exits 2 on drift", async () => {
    const { code, stdout, calls } = await run("drift", ["--stacks", "zarrentin"], { plans: { zarrentin: path.join(PLANS, "azurerm-drift.json") } });
    expect(code).toBe(2);
    expect(calls).toContainEqual(expect.stringMatching(/^zarrentin plan .*-detailed-exitcode -refresh-only -out=/));
    expect(stdout).toContain("### zarrentin");
  });

  it("exits 0 without drift, with --json", async () => {
    const { code, stdout } = await run("drift", ["--stacks", "zarrentin", "--json"], { plans: { zarrentin: path.join(SHARED, "conditions-refresh-only.json") } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ drifted: false });
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
