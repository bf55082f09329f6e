import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runReviewedPlan } from "../../lib/review/reviewed-plan";

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-reviewed-"));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
const HEAD = "a".repeat(40);
const D1 = `sha256:${"1".repeat(64)}`;
const D2 = `sha256:${"2".repeat(64)}`;

function run(argv: string[]) {
  let out = "";
  const err: string[] = [];
  const code = runReviewedPlan(argv, { cwd: work, out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err };
}
const write = (name: string, value: unknown) => fs.writeFileSync(path.join(work, name), typeof value === "string" ? value : JSON.stringify(value));

describe("npm run reviewed-plan (how deploy finds what the pull request's review saw)", () => {
  fs.mkdirSync(path.join(work, "plans"));
  write("plans/teststadt.digest", `teststadt ${D1}\n`);
  write("plans/testamt.digest", `testamt ${D2}\n`);
  write("plans/teststadt.json", "{}");

  it("writes a hidden marker for the top of the plan comment from the plan jobs' digests", () => {
    const { code, out } = run(["marker", "--run", "42", "--head", HEAD, "plans"]);
    expect(code).toBe(0);
    expect(out).toBe(`<!-- ksm-reviewed-plan {"run":42,"head":"${HEAD}","stacks":{"testamt":"${D2}","teststadt":"${D1}"}} -->\n`);
  });

  it("finds the marker of the github-actions bot in a merged pull request's comments (paginated API pages), ignoring anyone else's", () => {
    const marker = run(["marker", "--run", "42", "--head", HEAD, "plans"]).out;
    const forged = marker.replace("42", "43").replace(D1, D2);
    write("pr.json", { number: 7, merged_at: "2026-11-26T00:00:00Z", head: { sha: HEAD } });
    write("comments.json", [[{ user: { login: "github-actions[bot]" }, body: `${marker}## Plan` }], [{ user: { login: "mallory" }, body: forged }]]);
    const { code, out } = run(["find", "--pr", "pr.json", "--comments", "comments.json"]);
    expect(code).toBe(0);
    expect(JSON.parse(out)).toEqual({ source: "pull request #7, run 42", run: 42, head: HEAD, stacks: { testamt: D2, teststadt: D1 } });
  });

  it("refuses when the merged head was never planned, or nothing was reviewed", () => {
    write("pr2.json", { number: 8, merged_at: "2026-11-26T00:00:00Z", head: { sha: "b".repeat(40) } });
    expect(run(["find", "--pr", "pr2.json", "--comments", "comments.json"]).err).toEqual([`pull request #8: the last plan was for ${"a".repeat(12)}, but ${"b".repeat(12)} was merged; its plan was never reviewed`]);
    write("none.json", [[{ user: { login: "mallory" }, body: "<!-- ksm-reviewed-plan {} -->" }]]);
    expect(run(["find", "--pr", "pr.json", "--comments", "none.json"])).toMatchObject({ code: 1, err: ["pull request #7 has no plan comment with reviewed digests from github-actions[bot]"] });
  });

  it("accepts only a run of the base branch's pr-plan.yml under pull_request_target for that head", () => {
    write("reviewed.json", { source: "x", run: 42, head: HEAD, stacks: {} });
    write("run.json", { id: 42, path: ".github/workflows/pr-plan.yml", event: "pull_request_target", head_sha: HEAD });
    expect(run(["verify", "--run", "run.json", "reviewed.json"]).code).toBe(0);
    write("run.json", { id: 42, path: ".github/workflows/evil.yml", event: "pull_request", head_sha: HEAD });
    expect(run(["verify", "--run", "run.json", "reviewed.json"])).toMatchObject({ code: 1, err: ["run 42 is .github/workflows/evil.yml, not .github/workflows/pr-plan.yml"] });
    write("run.json", { id: 42, path: ".github/workflows/pr-plan.yml", event: "pull_request", head_sha: HEAD });
    expect(run(["verify", "--run", "run.json", "reviewed.json"]).err[0]).toMatch(/not pull_request_target/);
  });

  it("builds reviewed plans from a deploy run's own approved plan job, and refuses a malformed digest file", () => {
    expect(JSON.parse(run(["from-digests", "--source", "deploy run 9, approved plan job", "plans"]).out)).toEqual({ source: "deploy run 9, approved plan job", stacks: { testamt: D2, teststadt: D1 } });
    fs.mkdirSync(path.join(work, "bad"));
    write("bad/teststadt.digest", `testamt ${D1}`);
    expect(run(["from-digests", "--source", "x", "bad"])).toMatchObject({ code: 1, err: [expect.stringContaining('bad/teststadt.digest: expected one line "<stack> sha256:<64 hex>"')] });
    expect(run(["marker", "--run", "x", "--head", HEAD, "plans"]).code).toBe(2);
    expect(run(["nonsense"]).code).toBe(2);
  });
});
