import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareSynthOutputs } from "../../lib/review/affected";
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
  const affected = (base: string) => {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "bin/affected.ts", "--base", base, "--json"], { cwd: clone.repo, env: { ...process.env, ...FIXTURE }, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    return JSON.parse(run.stdout) as { changed: string[]; added: string[]; removed: string[] };
  };
  return { ...clone, affected };
}

describe("npm run affected", () => {
  const r = cloneWithCommits();
  afterAll(() => fs.rmSync(r.root, { recursive: true, force: true }));

  it("yields exactly the Träger whose tenant file changed", () => {
    const id = ids[0]!;
    const file = path.join(r.repo, FIXTURE.TENANTS_DIR, `${id}.ts`);
    const renamed = fs.readFileSync(file, "utf8").replace(/^(\s*name: ")/m, "$1Neu ");
    expect(renamed).not.toBe(fs.readFileSync(file, "utf8"));
    fs.writeFileSync(file, renamed);
    r.commit(`rename ${id}`);
    expect(r.affected("HEAD~1")).toEqual({ changed: [id], added: [], removed: [] });
  });

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

  it("yields added and removed stacks", () => {
    const tenants = path.join(r.repo, FIXTURE.TENANTS_DIR);
    const leaving = ids[ids.length - 1]!;
    const addressSpace = proposeAddressSpace(model, 23)!;
    fs.writeFileSync(path.join(tenants, "fixture-neu.ts"), declarationSource(stadt({ id: "fixture-neu", name: "Stadt Fixture-Neu", key: "13076999", network: { addressSpace } })));
    fs.rmSync(path.join(tenants, `${leaving}.ts`));
    r.git("add", "-A");
    r.commit("a Träger joins, another leaves");
    // The platform stack changes with them: it holds each Träger's deploy-<id> federated credential.
    // Each with its subscription stack: an onboarding plans the new Träger's two stacks (and the platform).
    expect(r.affected("HEAD~1")).toEqual({ changed: ["platform"], added: ["fixture-neu", "fixture-neu--subscription"], removed: [leaving, `${leaving}--subscription`] });
  });

  it("reports a base revision that cannot be checked out", () => {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "bin/affected.ts", "--base", "no-such-ref"], { cwd: r.repo, encoding: "utf8" });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^cannot check out no-such-ref: /);
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
