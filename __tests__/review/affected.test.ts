import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareSynthOutputs, runAffected } from "../../lib/review/affected";
import { proposeAddressSpace } from "../../lib/scaffold/declaration-file";
import { cloneProject } from "../helpers/files";
import { fixtureModel } from "../helpers/synth";
import { subscriptionStackId } from "../../lib/verbund";
import { declarationSource, stadt } from "../helpers/tenants";

/**
 * The clone's fixture Verbund, named relative to the project root so that the base revision's
 * worktree and the working tree each read their own copy: independent of the checked-in Träger, and
 * four small stacks to synthesize twice per run instead of the whole Verbund.
 */
const FIXTURE = { TENANTS_DIR: "__tests__/fixtures/verbund/tenants", VERBUND_CONFIG: "__tests__/fixtures/verbund/verbund.ts" };
const model = fixtureModel();
const ids = model.traeger.map((t) => t.id).sort();

function cloneWithCommits() {
  const clone = cloneProject();
  // The command in this process against the clone; the synths of both revisions are real processes
  // running the clone's code (a change under lib/ is the clone's). The last test runs bin/affected.ts.
  const affected = (base: string) => {
    let stdout = "";
    const stderr: string[] = [];
    const status = runAffected(["--base", base, "--json"], { cwd: clone.repo, out: (t) => (stdout += t), err: (l) => stderr.push(l) }, { ...process.env, ...FIXTURE }, clone.repo);
    expect([status, stderr]).toEqual([0, []]);
    return JSON.parse(stdout) as { changed: string[]; added: string[]; removed: string[] };
  };
  return { ...clone, affected };
}

describe("npm run affected", () => {
  const r = cloneWithCommits();
  afterAll(() => fs.rmSync(r.root, { recursive: true, force: true }));


  it("yields every stack whose output a change under lib/ changes", () => {
    const file = path.join(r.repo, "lib", "verbund", "model.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"cdktf/ksm-verbund-infra"', '"cdktf/ksm-verbund"'));
    r.commit("rename managed-by");
    const result = r.affected("HEAD~1");
    // Every Träger, the platform stack, and the subscription stacks of vended subscriptions (their alias carries the tags).
    const vended = model.traeger.filter((t) => t.subscriptionId === undefined).map((t) => subscriptionStackId(t.id));
    expect(vended.length).toBeGreaterThan(0);
    expect(result.changed).toEqual([...ids, ...vended, "platform"].sort());
    expect([result.added, result.removed]).toEqual([[], []]);
  });

  it("yields the Träger whose tenant file changed, and added and removed stacks", () => {
    // One revision with all three, so that the base and the working tree are synthesized once.
    const tenants = path.join(r.repo, FIXTURE.TENANTS_DIR);
    const [renamedId, leaving] = [ids[0]!, ids[ids.length - 1]!];
    const file = path.join(tenants, `${renamedId}.ts`);
    const renamed = fs.readFileSync(file, "utf8").replace(/^(\s*name: ")/m, "$1Neu ");
    expect(renamed).not.toBe(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, renamed);
    const addressSpace = proposeAddressSpace(model, 23)!;
    fs.writeFileSync(path.join(tenants, "fixture-neu.ts"), declarationSource(stadt({ id: "fixture-neu", name: "Stadt Fixture-Neu", key: "13076999", network: { addressSpace } })));
    fs.rmSync(path.join(tenants, `${leaving}.ts`));
    r.git("add", "-A");
    r.commit(`rename ${renamedId}; a Träger joins, another leaves`);
    // The renamed Träger's own stack alone: its subscription stack does not carry its name. The platform
    // stack changes with the joining and leaving Träger: it holds each Träger's deploy-<id> federated
    // credential. Each with its subscription stack: an onboarding plans the new Träger's two stacks.
    expect(r.affected("HEAD~1")).toEqual({ changed: [renamedId, "platform"].sort(), added: ["fixture-neu", "fixture-neu--subscription"], removed: [leaving, `${leaving}--subscription`] });
  });

  it("reports a base revision that cannot be checked out", () => {
    const stderr: string[] = [];
    expect(runAffected(["--base", "no-such-ref"], { cwd: r.repo, out: () => undefined, err: (l) => stderr.push(l) }, { ...process.env, ...FIXTURE }, r.repo)).toBe(1);
    expect(stderr[0]).toMatch(/^cannot check out no-such-ref: /);
  });
});

describe("npm run affected when base and working tree run the same code", () => {
  // The fixture Verbund checked in as the clone's own tenants/ and verbund.ts: no TENANTS_DIR, so the
  // tool compares the stacks' cache keys and synthesizes only the stacks whose inputs differ.
  const r = cloneProject();
  const cache = path.join(r.root, "cache");
  afterAll(() => fs.rmSync(r.root, { recursive: true, force: true }));
  fs.rmSync(path.join(r.repo, "tenants"), { recursive: true, force: true });
  fs.cpSync(path.join(r.repo, FIXTURE.TENANTS_DIR), path.join(r.repo, "tenants"), { recursive: true });
  fs.copyFileSync(path.join(r.repo, FIXTURE.VERBUND_CONFIG), path.join(r.repo, "verbund.ts"));
  r.git("add", "-A");
  r.commit("the fixture Verbund as the clone's own");
  const { TENANTS_DIR: _t, VERBUND_CONFIG: _v, ...env } = process.env;
  const affected = () => {
    const run = spawnSync(process.execPath, ["-r", "./lib/ts-register.js", "bin/affected.ts", "--base", "HEAD", "--json"], { cwd: r.repo, env: { ...env, KSM_SYNTH_CACHE: cache }, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    return JSON.parse(run.stdout) as { changed: string[]; added: string[]; removed: string[] };
  };

  it("synthesizes only the changed Träger's stack, on both sides, and yields it", () => {
    const id = ids[0]!;
    const file = path.join(r.repo, "tenants", `${id}.ts`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/^(\s*name: ")/m, "$1Neu "));
    expect(affected()).toEqual({ changed: [id], added: [], removed: [] });
    // What was synthesized went into the cache: the base's and the working tree's stacks of that Träger
    // (its own and its subscription stack, both built from its declaration), nothing else.
    expect(fs.readdirSync(cache).filter((name) => !name.startsWith("."))).toHaveLength(4);
    r.git("checkout", "--", "tenants");
  });

  it("yields a joining Träger as added and the platform stack (its deploy credential) as changed", () => {
    const addressSpace = proposeAddressSpace(model, 23)!;
    fs.writeFileSync(path.join(r.repo, "tenants", "fixture-neu.ts"), declarationSource(stadt({ id: "fixture-neu", name: "Stadt Fixture-Neu", key: "13076999", network: { addressSpace } })));
    expect(affected()).toEqual({ changed: ["platform"], added: ["fixture-neu", "fixture-neu--subscription"], removed: [] });
  });
});

describe("comparing two given synth outputs", () => {
  it("classifies stacks as changed, added or removed", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-outs-"));
    const write = (out: string, id: string, text: string) => {
      fs.mkdirSync(path.join(root, out, "stacks", id), { recursive: true });
      fs.writeFileSync(path.join(root, out, "stacks", id, "cdk.tf.json"), text);
    };
    write("base", "a", "1");
    write("base", "b", "1");
    write("base", "gone", "1");
    write("head", "a", "1");
    write("head", "b", "2");
    write("head", "new", "1");
    expect(compareSynthOutputs(path.join(root, "base"), path.join(root, "head"))).toEqual({ changed: ["b"], added: ["new"], removed: ["gone"] });
    fs.rmSync(root, { recursive: true, force: true });
  });
});
