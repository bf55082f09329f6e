import * as path from "node:path";
import { planDigest } from "../../lib/review/apply";
import { load, ROOT, runStep, type Step } from "../helpers/workflows";

// Runs bash with fakes and the real reviewed-plan command: slow on a loaded machine.
jest.setTimeout(60_000);

const select = load("deploy.yml").yaml.jobs.select!;
const step = (name: RegExp): Step => select.steps.find((s) => name.test(s.name ?? ""))!;
const affected = { npm: `[ "$3" = "affected" ] && echo '{"changed":["alpha"],"added":["gamma"],"removed":[]}'` };
/** A fake gh: the open deploy-failed issues, and environments with required reviewers except `unprotected`. */
const failedIssues = (ids: string[], unprotected: string[] = []) => ({
  gh: `if [ "$1 $2" = "issue list" ]; then echo '${JSON.stringify(ids)}'; exit 0; fi
case "$2" in ${unprotected.map((u) => `*/environments/deploy-${u}`).join("|") || "NONE"}) exit 1 ;; */environments/deploy-*) echo 1 ;; esac`,
});

describe("deploy.yml: which stacks a run deploys", () => {
  const stacks = step(/Stacks to deploy/);
  const env = { GH_TOKEN: "t", REPO: "ksm/verbund", BEFORE: "a".repeat(40), TRAEGER: "", RETRY_FAILED: "false" };

  it("deploys the affected stacks of a push and retries every stack whose deploy failed", () => {
    const { code, outputs } = runStep(stacks, { ...env, EVENT: "push" }, { ...affected, ...failedIssues(["beta", "alpha"]) });
    expect(code).toBe(0);
    expect(JSON.parse(outputs.stacks!)).toEqual(["alpha", "beta", "gamma"]);
    expect(JSON.parse(outputs.retried!)).toEqual(["beta"]);
  });

  it("deploys a subscription stack with its Träger: one entry per Träger", () => {
    const withSubscriptions = { npm: `[ "$3" = "affected" ] && echo '{"changed":["alpha","platform"],"added":["gamma--subscription","gamma"],"removed":[]}'` };
    const { code, outputs } = runStep(stacks, { ...env, EVENT: "push" }, { ...withSubscriptions, ...failedIssues([]) });
    expect(code).toBe(0);
    expect(JSON.parse(outputs.stacks!)).toEqual(["alpha", "gamma", "platform"]);
  });

  it("deploys one named Träger on demand, and refuses an id that is not one", () => {
    const one = runStep(stacks, { ...env, EVENT: "workflow_dispatch", TRAEGER: "teststadt" }, failedIssues([]), { "tenants/teststadt.ts": "" });
    expect([one.code, one.outputs.stacks, one.outputs.retried]).toEqual([0, '["teststadt"]', '["teststadt"]']);
    for (const bad of ["gibt-es-nicht", "x; curl evil", "../verbund"]) {
      const refused = runStep(stacks, { ...env, EVENT: "workflow_dispatch", TRAEGER: bad }, failedIssues([]), { "tenants/teststadt.ts": "" });
      expect([bad, refused.code, refused.stdout]).toEqual([bad, 1, expect.stringContaining("::error::no Träger with id")]);
    }
  });

  it("deploys nothing to a stack whose environment is missing or has no reviewers, and says so", () => {
    const { code, outputs, stdout } = runStep(stacks, { ...env, EVENT: "push" }, { ...affected, ...failedIssues([], ["gamma"]) });
    expect([code, outputs.stacks, outputs.unprotected]).toEqual([0, '["alpha"]', '["gamma"]']);
    expect(stdout).toContain("::error::environment deploy-gamma is missing or has no required reviewers: run .github/create-environments.sh");
  });

  it("retries exactly the failed ones on demand", () => {
    const { code, outputs } = runStep(stacks, { ...env, EVENT: "workflow_dispatch", RETRY_FAILED: "true" }, failedIssues(["beta"]));
    expect([code, outputs.stacks, outputs.retried]).toEqual([0, '["beta"]', '["beta"]']);
  });
});

describe("deploy.yml: the plans reviewed in the merged pull request", () => {
  const reviewedStep = step(/reviewed in the merged pull request/);
  const HEAD = "c".repeat(40);
  const digest = planDigest({ resource_changes: [] });
  const marker = `<!-- ksm-reviewed-plan ${JSON.stringify({ run: 42, head: HEAD, stacks: { alpha: digest } })} -->`;
  // The real reviewed-plan command behind a fake npm, run as package.json's script runs it (this
  // project's TypeScript loader, with its transpile cache); a fake gh answers the three API calls.
  const fakes = (run: object, author = "github-actions[bot]") => ({
    npm: `[ "$3" = "reviewed-plan" ] && exec node -r ${path.join(ROOT, "lib", "ts-register.js")} ${path.join(ROOT, "bin", "reviewed-plan.ts")} "\${@:5}"`,
    gh: `case "$*" in
  *commits/*/pulls*) echo '{"number":7,"merged_at":"2026-11-26T00:00:00Z","head":{"sha":"${HEAD}"}}' ;;
  *"--paginate --slurp repos/ksm/verbund/issues/7/comments") echo '${JSON.stringify([[{ user: { login: author }, body: `${marker}\n## Plan` }]])}' ;;
  *actions/runs/42) echo '${JSON.stringify(run)}' ;;
  *) exit 1 ;;
esac`,
  });
  const env = { GH_TOKEN: "t", REPO: "ksm/verbund", SHA: "d".repeat(40) };

  it("takes the digests from the bot's marker when the run is pr-plan.yml under pull_request_target for the merged head", () => {
    const run = { id: 42, path: ".github/workflows/pr-plan.yml", event: "pull_request_target", head_sha: HEAD };
    const { code, read } = runStep(reviewedStep, env, fakes(run), {}, ["reviewed/reviewed.json"]);
    expect(code).toBe(0);
    expect(JSON.parse(read["reviewed/reviewed.json"]!)).toMatchObject({ source: "pull request #7, run 42", stacks: { alpha: digest } });
  });

  it("trusts nothing when the run is another workflow or the marker is not the bot's", () => {
    const cases = [
      [{ id: 42, path: ".github/workflows/evil.yml", event: "pull_request", head_sha: HEAD }, "github-actions[bot]", "run 42 is .github/workflows/evil.yml, not .github/workflows/pr-plan.yml"],
      [{ id: 42, path: ".github/workflows/pr-plan.yml", event: "pull_request_target", head_sha: HEAD }, "mallory", "pull request #7 has no plan comment with reviewed digests from github-actions[bot]"],
    ] as const;
    for (const [run, author, why] of cases) {
      const { code, read, stderr } = runStep(reviewedStep, env, fakes(run, author), {}, ["reviewed/reviewed.json"]);
      expect([code, JSON.parse(read["reviewed/reviewed.json"]!), stderr.trim()]).toEqual([0, { source: "no reviewed pull request", stacks: {} }, why]);
    }
  });
});
