import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSynth } from "../../lib/app/synth-command";
import { PROJECT_ROOT } from "../../lib/verbund";
import { fileTree as tree } from "../helpers/files";
import { FIXTURE_VERBUND_ENV, fixtureModel, loadModel, testSynthCache } from "../helpers/synth";
import { stadt, tenantsDir } from "../helpers/tenants";

const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Runs the main job as `npm run synth` does, in a child process. */
function synthProcess(env: NodeJS.ProcessEnv, command: "node" | "npm" = "node") {
  const args = command === "npm" ? ["run", "--silent", "synth"] : ["-r", "./lib/ts-register.js", "main.ts"];
  const { CI: _ci, ...rest } = process.env;
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, env: { ...rest, ...env }, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Runs the main job in this process, through the run's synth cache unless `env` says otherwise. */
function runInProcess(env: NodeJS.ProcessEnv) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runSynth({ env: { KSM_SYNTH_CACHE: testSynthCache() ?? "off", ...env }, cwd: PROJECT_ROOT, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("npm run synth", () => {
  it("synthesizes every Träger of the checked-in Verbund and prints one line each", () => {
    const outdir = temp("ksm-out-");
    // As a person runs it: with the default synth cache (node_modules/.cache/ksm-synth), warm after the first run.
    const { code, stdout, stderr } = synthProcess({ CDKTF_OUTDIR: outdir }, "npm");
    expect(code).toBe(0);
    const model = loadModel();
    const n = model.traeger.length;
    const lines = stdout.trim().split("\n");
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    expect(lines[0]).toMatch(new RegExp(`^Synthesized ${n} Träger stacks? of ${escape(model.name)} into .+/stacks \\(\\d+\\.\\d\\d s\\):$`));
    for (const t of model.traeger) {
      const flags = `${t.status === "offboarding" ? "  ⏸ offboarding: .*" : ""}${t.subscriptionIsPlaceholder ? "  ⚠ placeholder subscription" : ""}`;
      expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^ {2}${t.id} +${escape(t.name)} +${escape(t.network.addressSpace)} +\\d+ resources${flags}$`)));
      if (t.subscriptionIsPlaceholder) expect(stdout).toContain(`tenants/${t.id}.ts: 1 placeholder id: subscriptionId`);
    }
    expect(lines).toContainEqual(expect.stringMatching(/^and the platform stack \(.+\/stacks\/platform\): state storage, identities, shared services \(docs\/adoption\.md\)$/));
    expect(stderr).toBe("");
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual([...model.traeger.flatMap((t) => [t.id, `${t.id}--subscription`]), "platform"].sort());
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
    for (const t of model.traeger) expect(manifest.stacks[t.id]!.synthesizedStackPath).toBe(`stacks/${t.id}/cdk.tf.json`);
    // cdktf deploy applies each subscription stack before its Träger's stack (the Träger stack reads its state).
    for (const t of model.traeger) expect([t.id, (manifest.stacks[t.id] as unknown as { dependencies: string[] }).dependencies]).toEqual([t.id, [`${t.id}--subscription`]]);
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  it("produces byte-identical output from two runs", () => {
    const first = temp("ksm-out-a-");
    const second = temp("ksm-out-b-");
    expect(runInProcess({ ...FIXTURE_VERBUND_ENV, CDKTF_OUTDIR: first }).code).toBe(0);
    expect(runInProcess({ ...FIXTURE_VERBUND_ENV, CDKTF_OUTDIR: second }).code).toBe(0);
    const contents = (dir: string) => Object.fromEntries(Object.entries(tree(dir)).map(([p, v]) => [p, v.split(" ")[1]]));
    expect(Object.keys(contents(first))).toHaveLength(2 * fixtureModel().traeger.length + 2); // every Träger stack and its subscription stack, the platform stack and the manifest
    expect(contents(second)).toEqual(contents(first));
    fs.rmSync(first, { recursive: true, force: true });
    fs.rmSync(second, { recursive: true, force: true });
  });

  it("fails with one line per problem, exit 1, and leaves cdktf.out exactly as it was", () => {
    const parent = temp("ksm-parent-");
    const outdir = path.join(parent, "cdktf.out");
    expect(runInProcess({ ...FIXTURE_VERBUND_ENV, CDKTF_OUTDIR: outdir }).code).toBe(0);
    const someStack = fixtureModel().traeger[0]!.id;
    fs.mkdirSync(path.join(outdir, "stacks", someStack, ".terraform"));
    fs.writeFileSync(path.join(outdir, "stacks", someStack, ".terraform", "marker"), "init");
    const before = tree(outdir);
    const bad = tenantsDir({
      "teststadt.ts": stadt({ subscriptionId: "nope", network: { addressSpace: "10.99.0.0/20" } }),
      "kaputt.ts": 'throw new Error("kaputt");\n',
    });

    const { code, stdout, stderr } = synthProcess({ CDKTF_OUTDIR: outdir, TENANTS_DIR: bad });

    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toEqual([
      `${bad}/kaputt.ts:1:1: a throw statement is not allowed here (a declaration is one import and one \`export default\`)`,
      `${bad}/teststadt.ts: subscriptionId: must be a GUID like 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f (got "nope"), or leave it out to have the subscription vended`,
      `✖ 2 problems found; nothing was synthesized and ${outdir} is unchanged.`,
    ]);
    expect(tree(outdir)).toEqual(before);
    expect(fs.readdirSync(parent)).toEqual(["cdktf.out"]); // no staging folder left behind
    fs.rmSync(parent, { recursive: true, force: true });
    fs.rmSync(bad, { recursive: true, force: true });
  });

  it("keeps what terraform init left in a stack and removes the stacks of Träger that are gone", () => {
    const outdir = temp("ksm-out-");
    const two = tenantsDir({ "teststadt.ts": stadt(), "zweitstadt.ts": stadt({ id: "zweitstadt", name: "Stadt Zweitstadt", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } }) });
    const one = tenantsDir({ "teststadt.ts": stadt() });
    expect(runInProcess({ CDKTF_OUTDIR: outdir, TENANTS_DIR: two }).code).toBe(0);
    fs.mkdirSync(path.join(outdir, "stacks", "teststadt", ".terraform"));
    fs.writeFileSync(path.join(outdir, "stacks", "teststadt", ".terraform.lock.hcl"), "lock");

    const { code, out } = runInProcess({ CDKTF_OUTDIR: outdir, TENANTS_DIR: one });

    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Synthesized 1 Träger stack of /);
    expect(fs.readdirSync(path.join(outdir, "stacks")).sort()).toEqual(["platform", "teststadt", "teststadt--subscription"]);
    expect(fs.readFileSync(path.join(outdir, "stacks", "teststadt", ".terraform.lock.hcl"), "utf8")).toBe("lock");
    for (const dir of [outdir, two, one]) fs.rmSync(dir, { recursive: true, force: true });
  });
});
