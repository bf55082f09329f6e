import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../../lib/problems";
import { loadVerbund } from "../../lib/verbund";
import { declarationSource, stadt } from "../helpers/tenants";

/**
 * A conflict between two files is reported on the new or changed one and names the other. Here the
 * tenants folder is a git work tree of its own (in a temporary folder), so "changed" is real git state.
 */
describe("a conflict names the new or changed file first", () => {
  let repo: string;
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", ...args], { cwd: repo, stdio: "pipe" });
  const lines = (env: NodeJS.ProcessEnv = {}) => loadVerbund({ env: { ...env, TENANTS_DIR: path.join(repo, "tenants") } }).problems.map((p) => formatProblem(p).replaceAll(`${repo}/`, ""));
  // "aaa" sorts before "teststadt": by file order alone, teststadt.ts would be the one reported.
  const aaa = stadt({ id: "aaa", name: "Stadt Aaa", key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } });

  beforeEach(() => {
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ksm-changed-")));
    fs.mkdirSync(path.join(repo, "tenants"));
    fs.writeFileSync(path.join(repo, "tenants", "aaa.ts"), declarationSource(aaa));
    fs.writeFileSync(path.join(repo, "tenants", "teststadt.ts"), declarationSource(stadt()));
    git("init", "-q", "-b", "main");
    git("add", ".");
    git("commit", "-q", "-m", "two Träger");
  });
  afterEach(() => fs.rmSync(repo, { recursive: true, force: true }));

  it("reports on the file changed against HEAD, even when it sorts first", () => {
    fs.writeFileSync(path.join(repo, "tenants", "aaa.ts"), declarationSource({ ...aaa, key: "13076999" }));
    expect(lines()).toEqual(["tenants/aaa.ts: key: 13076999 is already the key of Stadt Teststadt (tenants/teststadt.ts): keys must be unique"]);
  });

  it("reports on the file changed since the merge base with KSM_BASE_REF once it is committed", () => {
    git("checkout", "-q", "-b", "onboarding");
    fs.writeFileSync(path.join(repo, "tenants", "aaa.ts"), declarationSource({ ...aaa, network: { addressSpace: "10.70.0.0/20" } }));
    git("commit", "-q", "-am", "move aaa");
    expect(lines({ KSM_BASE_REF: "main" })).toEqual(["tenants/aaa.ts: network.addressSpace: 10.70.0.0/20 of Stadt Aaa overlaps 10.70.0.0/20 of Stadt Teststadt (tenants/teststadt.ts)"]);
    // Without the base, nothing is changed against HEAD: the later file in file order is the new one.
    expect(lines()).toEqual(["tenants/teststadt.ts: network.addressSpace: 10.70.0.0/20 of Stadt Teststadt overlaps 10.70.0.0/20 of Stadt Aaa (tenants/aaa.ts)"]);
  });

  it("reports on a new, untracked file", () => {
    fs.writeFileSync(path.join(repo, "tenants", "abc.ts"), declarationSource(stadt({ id: "abc", name: "Stadt Abc", key: "13076997", network: { addressSpace: "10.72.0.0/20" } })));
    expect(lines()).toEqual(["tenants/abc.ts: subscriptionId: is already the subscription of Stadt Teststadt (tenants/teststadt.ts): every Träger has its own subscription"]);
  });
});
