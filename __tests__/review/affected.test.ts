import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareSynthOutputs } from "../../lib/review/affected";
import { cloneProject } from "../helpers/files";

function cloneWithCommits() {
  const clone = cloneProject();
  const affected = (base: string) => {
    const run = spawnSync(process.execPath, ["-r", "sucrase/register", "bin/affected.ts", "--base", base, "--json"], { cwd: clone.repo, encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    return JSON.parse(run.stdout) as { changed: string[]; added: string[]; removed: string[] };
  };
  return { ...clone, affected };
}

describe("npm run affected", () => {
  const r = cloneWithCommits();
  afterAll(() => fs.rmSync(r.root, { recursive: true, force: true }));

  it("yields exactly the Träger whose tenant file changed", () => {
    const file = path.join(r.repo, "tenants", "zarrentin.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace("users: 40", "users: 48"));
    r.commit("more desktops for Zarrentin");
    expect(r.affected("HEAD~1")).toEqual({ changed: ["zarrentin"], added: [], removed: [] });
  });

  it("yields every stack whose output a change under lib/ changes", () => {
    const file = path.join(r.repo, "lib", "verbund", "model.ts");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"cdktf/ksm-verbund-infra"', '"cdktf/ksm-verbund"'));
    r.commit("rename managed-by");
    const result = r.affected("HEAD~1");
    expect(result.changed).toHaveLength(10); // nine Träger and the platform stack, whose tags changed too
    expect([result.added, result.removed]).toEqual([[], []]);
  });

  it("yields added and removed stacks", () => {
    const tenants = path.join(r.repo, "tenants");
    const lubtheen = fs.readFileSync(path.join(tenants, "grabow.ts"), "utf8").replace('id: "grabow"', 'id: "luebtheen"').replace("Stadt Grabow", "Stadt Lübtheen").replace('key: "13076050"', 'key: "13076093"').replace("000000000105", "000000000110").replace("10.64.160.0/20", "10.65.0.0/20");
    fs.writeFileSync(path.join(tenants, "luebtheen.ts"), lubtheen);
    fs.rmSync(path.join(tenants, "neustadt-glewe.ts"));
    r.git("add", "-A");
    r.commit("Lübtheen joins, Neustadt-Glewe leaves");
    // The platform stack changes with them: it holds each Träger's deploy-<id> federated credential.
    expect(r.affected("HEAD~1")).toEqual({ changed: ["platform"], added: ["luebtheen"], removed: ["neustadt-glewe"] });
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
