import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compareDocs, generateDocs } from "../../lib/docs";
import { spawnSync } from "node:child_process";
import { checkReviewers, environmentsOf, loadReviewers, renderCodeowners, renderEnvironments, type Reviewers } from "../../lib/docs/github";
import { PROJECT_ROOT } from "../../lib/verbund";
import { loadModel } from "../helpers/synth";

// Spawns Terraform, bash or synth: slow on a loaded machine, so no tight per-test timeout.
jest.setTimeout(60_000);

const model = loadModel({ TENANTS_DIR: path.join(__dirname, "..", "fixtures", "two-traeger") });
const [first, second] = [...model.traeger].sort((a, b) => a.id.localeCompare(b.id));
const reviewers: Reviewers = { platform: ["@ksm/platform"], traeger: { [first!.id]: ["@ksm/it-first", "@some-admin"] } };

/** Which owners GitHub asks for a file: the last matching CODEOWNERS line wins. */
function ownersOf(codeowners: string, file: string): string[] {
  let owners: string[] = [];
  for (const line of codeowners.split("\n").filter((l) => l && !l.startsWith("#"))) {
    const [pattern, ...who] = line.split(" ");
    if (pattern === "*" || `/${file}` === pattern) owners = who;
  }
  return owners;
}

describe(".github/CODEOWNERS", () => {
  const codeowners = renderCodeowners(model, reviewers);
  it("gives the platform team everything, and a Träger's declaration and pages also to its reviewers", () => {
    for (const file of ["main.ts", "lib/stacks/traeger-stack.ts", ".github/workflows/deploy.yml", `tenants/${second!.id}.ts`]) expect(ownersOf(codeowners, file)).toEqual(["@ksm/platform"]);
    for (const file of [`tenants/${first!.id}.ts`, `docs/traeger/${first!.id}.md`, `docs/backup/${first!.id}.md`]) expect(ownersOf(codeowners, file)).toEqual(["@ksm/platform", "@ksm/it-first", "@some-admin"]);
  });

  it("is what npm run docs generates from the checked-in reviewers map (not stale)", () => {
    const real = loadModel();
    const checkedIn = loadReviewers(PROJECT_ROOT);
    expect(checkedIn.problems).toEqual([]);
    expect(checkReviewers(real, checkedIn.reviewers!)).toEqual([]);
    const docs = generateDocs(real, checkedIn.reviewers);
    const mine = new Map([...docs].filter(([file]) => file.startsWith(".github/")));
    expect(mine.size).toBe(2);
    expect(compareDocs(mine, PROJECT_ROOT).stale).toEqual([]);
  });
});

describe(".github/environments.json (the GitHub environments the workflows use)", () => {
  const envs = environmentsOf(model, reviewers);
  it("has plan, plan-platform, drift, deploy-platform and one deploy-<id> per Träger, all limited to main", () => {
    expect(envs.map((e) => e.name)).toEqual(["plan", "plan-platform", "drift", "deploy-platform", ...[first!, second!].map((t) => `deploy-${t.id}`)]);
    for (const e of envs) expect(e.branches).toEqual(["main"]);
  });

  it("binds a Träger's deploy to the platform team and that Träger's reviewers, and plan-platform to the platform team", () => {
    const byName = new Map(envs.map((e) => [e.name, e]));
    expect(byName.get(`deploy-${first!.id}`)).toMatchObject({ identity: "deploy", reviewers: ["@ksm/platform", "@ksm/it-first", "@some-admin"], preventSelfReview: true });
    expect(byName.get(`deploy-${second!.id}`)!.reviewers).toEqual(["@ksm/platform"]);
    expect(byName.get("plan-platform")).toMatchObject({ identity: "plan", reviewers: ["@ksm/platform"] });
    expect(byName.get("plan")!.reviewers).toEqual([]);
  });
});

describe(".github/create-environments.sh", () => {
  it("creates every environment with its reviewers resolved to ids and deployments from main only", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-envs-"));
    fs.writeFileSync(path.join(dir, "environments.json"), renderEnvironments(model, reviewers));
    fs.mkdirSync(path.join(dir, "bin"));
    // A fake gh: logs each call with its input, answers the id and branch-policy look-ups.
    fs.writeFileSync(path.join(dir, "bin", "gh"), `#!/usr/bin/env bash
input=""; for a in "$@"; do [ "$a" = "--input" ] && input=$(cat); done
echo "$* $input" >> "${dir}/calls"
# Branch policies (after gh's --jq, one name a line): drift already has main, the others none yet.
case "$2" in orgs/*) echo 11 ;; users/*) echo 22 ;; */drift/deployment-branch-policies) echo main ;; esac
`, { mode: 0o755 });
    const result = spawnSync("bash", [path.join(PROJECT_ROOT, ".github", "create-environments.sh"), "ksm/verbund", path.join(dir, "environments.json")], { encoding: "utf8", env: { ...process.env, PATH: `${path.join(dir, "bin")}:${process.env.PATH}` } });
    expect([result.status, result.stderr]).toEqual([0, ""]);
    const calls = fs.readFileSync(path.join(dir, "calls"), "utf8").trim().split("\n").map((c) => c.trimEnd());
    const put = (name: string) => JSON.parse(calls.find((c) => c.startsWith(`api -X PUT repos/ksm/verbund/environments/${name} --input - `))!.replace(/^.*--input - /, ""));
    expect(put(`deploy-${first!.id}`)).toEqual({ reviewers: [{ type: "Team", id: 11 }, { type: "Team", id: 11 }, { type: "User", id: 22 }], prevent_self_review: true, deployment_branch_policy: { protected_branches: false, custom_branch_policies: true } });
    expect(put("plan").reviewers).toEqual([]);
    const postsMain = (name: string) => calls.includes(`api -X POST repos/ksm/verbund/environments/${name}/deployment-branch-policies -f name=main -f type=branch`);
    for (const e of environmentsOf(model, reviewers)) expect([e.name, postsMain(e.name)]).toEqual([e.name, e.name !== "drift"]);
    // Each reviewer is looked up once, however many environments name it.
    expect(calls.filter((c) => c.startsWith("api orgs/ksm/teams/platform "))).toHaveLength(1);
    expect(result.stdout).toContain(`environment deploy-${first!.id}: @ksm/platform, @ksm/it-first, @some-admin, branches main`);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe("the reviewers map", () => {
  it("refuses unknown Träger, more than six reviewers, bad names and a missing platform team, one line each", () => {
    const tooMany = { platform: ["@a/p"], traeger: { [first!.id]: ["@b", "@c", "@d", "@e", "@f", "@g"], "gibt-es-nicht": ["@x"] } };
    expect(checkReviewers(model, tooMany)).toEqual([
      `.github/traeger-reviewers.json: traeger.${first!.id}: 7 reviewers with the platform team; a GitHub environment takes at most 6`,
      ".github/traeger-reviewers.json: traeger.gibt-es-nicht: no Träger with this id (remove the entry when a Träger leaves)",
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-reviewers-"));
    fs.mkdirSync(path.join(dir, ".github"));
    fs.writeFileSync(path.join(dir, ".github", "traeger-reviewers.json"), JSON.stringify({ platform: [], traeger: { x: ["not a team"] } }));
    expect(loadReviewers(dir).problems).toEqual([
      ".github/traeger-reviewers.json: platform: the platform team must own everything",
      ".github/traeger-reviewers.json: traeger.x.0: must be @user or @org/team",
    ]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
