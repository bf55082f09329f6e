import { load, runIssueScript, runStep, type Job, type Step } from "../helpers/workflows";

// Spawns Terraform, bash or synth: slow on a loaded machine, so no tight per-test timeout.
jest.setTimeout(60_000);

const pr = load("pr-plan.yml").yaml;
const deploy = load("deploy.yml").yaml;
const runs = (job: Job) => job.steps.map((s) => s.run ?? "").join("\n");
const checkouts = (job: Job) => job.steps.filter((s) => s.uses?.startsWith("actions/checkout@"));
const stepNamed = (job: Job, name: RegExp): Step => job.steps.find((s) => name.test(s.name ?? ""))!;
const indexOf = (job: Job, pattern: RegExp) => job.steps.findIndex((s) => pattern.test(s.run ?? ""));

describe("pr-plan.yml: no job that runs pull-request code holds a credential", () => {
  it("runs the base branch's workflow file (pull_request_target), so a pull request cannot change what holds credentials", () => {
    expect(pr.on).toEqual({ pull_request_target: { branches: ["main"] } });
  });

  it("builds the pull request (npm ci, test, synth, check-removals, affected, validate) with contents: read only, and hands on the stacks", () => {
    const build = pr.jobs.build!;
    expect(build.permissions).toEqual({ contents: "read" });
    expect(build.environment).toBeUndefined();
    expect(build["runs-on"]).toBe("ubuntu-24.04");
    expect(checkouts(build)).toHaveLength(1);
    expect(checkouts(build)[0]!.with).toMatchObject({ ref: "refs/pull/${{ github.event.pull_request.number }}/merge", "persist-credentials": false });
    for (const command of [/^npm ci$/m, /^npm test$/m, /^npm run synth$/m, /npm run check-removals/, /npm run --silent affected/, /npm run validate -- --stacks "\$STACKS"/]) expect(runs(build)).toMatch(command);
    expect(build.steps.find((s) => s.uses?.startsWith("actions/upload-artifact@"))!.with).toMatchObject({ name: "synthesized-stacks", path: "cdktf.out/stacks/" });
  });

  it("plans with the base branch's code only, after check-stacks accepted the pull request's stacks as data", () => {
    const plan = pr.jobs.plan!;
    expect(plan.needs).toEqual(["scope", "build"]);
    expect(checkouts(plan).map((c) => c.with)).toEqual([{ ref: "${{ github.event.pull_request.base.sha }}", "persist-credentials": false }]);
    expect(plan.steps.find((s) => s.uses?.startsWith("actions/download-artifact@"))!.with).toEqual({ name: "synthesized-stacks", path: "pr-stacks" });
    const check = indexOf(plan, /^npm run check-stacks -- --stacks "\$STACK" pr-stacks$/);
    const terraform = indexOf(plan, /npm run plan -- --stacks "\$STACK" --stacks-dir pr-stacks --out-dir plans/);
    expect(check).toBeGreaterThan(plan.steps.findIndex((s) => s.uses?.startsWith("actions/download-artifact@")));
    expect(terraform).toBeGreaterThan(check);
    // Nothing of the pull request runs here: no test, no synth, no install scripts.
    expect(runs(plan)).not.toMatch(/npm test|npm run synth|npm ci(?! --ignore-scripts)/);
    expect(plan.strategy!.matrix.stack).toBe("${{ fromJSON(needs.build.outputs.stacks) }}");
    expect(plan.env).toMatchObject({ STACK: "${{ matrix.stack }}", TF_CLI_ARGS_plan: "-lock=false", ARM_CLIENT_ID: "${{ vars.AZURE_PLAN_CLIENT_ID }}" });
  });

  it("plans behind plan or plan-platform on the ephemeral plan runners, never the deploy runners", () => {
    expect(pr.jobs.plan!.environment).toBe("${{ needs.scope.outputs.environment }}");
    expect(pr.jobs.plan!["runs-on"]).toEqual(["self-hosted", "ksm-plan-ephemeral"]);
    expect(pr.jobs.scope!.permissions).toEqual({ "pull-requests": "read", actions: "read" });
    expect(checkouts(pr.jobs.scope!)).toEqual([]);
  });

  const scope = stepNamed(pr.jobs.scope!, /Tenants only/);
  // A fake gh answering the files API as the workflow's --jq renders it: "name<TAB>old name" per file.
  // plan-platform has required reviewers unless `unprotected`.
  const gh = (files: string[], fail = false, unprotected = false) => ({
    gh: `case "$2" in */environments/plan-platform) ${unprotected ? "exit 1" : "echo 1"} ;; *) ${fail ? "exit 1" : `printf '%s\\n' ${files.map((f) => `'${f.replace(" <- ", "\t")}'`).join(" ")}`} ;; esac`,
  });
  const scopeEnv = (changed: number) => ({ GH_TOKEN: "t", REPO: "ksm/verbund", PR: "7", CHANGED_FILES: String(changed) });
  it.each([
    [["tenants/teststadt.ts"], "plan"],
    [["tenants/teststadt.ts", "tenants/testamt.ts"], "plan"],
    [["tenants/teststadt.ts", "lib/stacks/traeger-stack.ts"], "plan-platform"],
    [[".github/workflows/pr-plan.yml"], "plan-platform"],
    [["tenants/evil.ts <- lib/evil.ts"], "plan-platform"],
  ])("chooses the environment from the changed files %j → %s", (files, environment) => {
    const { code, outputs } = runStep(scope, scopeEnv(files.length), gh(files));
    expect([code, outputs.environment]).toEqual([0, environment]);
  });

  it("plans as a platform change when the API lists fewer files than changed (its limit is 3000)", () => {
    expect(runStep(scope, scopeEnv(3001), gh(["tenants/teststadt.ts"])).outputs.environment).toBe("plan-platform");
  });

  it("refuses to plan a platform change when plan-platform is missing or has no reviewers", () => {
    const { code, stdout } = runStep(scope, scopeEnv(1), gh(["lib/evil.ts"], false, true));
    expect(code).toBe(1);
    expect(stdout).toContain("::error::environment plan-platform is missing or has no required reviewers");
  });

  it("plans as a platform change when the file list cannot be read", () => {
    const { code, outputs, stdout } = runStep(scope, scopeEnv(1), gh([], true));
    expect([code, outputs.environment]).toEqual([0, "plan-platform"]);
    expect(stdout).toContain("::warning::could not list the changed files");
  });

  it("plans with the plan identity without refresh and lock, and reports every affected stack (a failed or missing one is ⛔)", () => {
    const plan = pr.jobs.plan!;
    expect(plan.env!.TF_CLI_ARGS_plan).toBe("-lock=false");
    expect(runs(plan)).toMatch(/npm run plan -- --stacks "\$STACK" --stacks-dir pr-stacks --out-dir plans --no-refresh /);
    const summary = pr.jobs.summary!;
    expect(runs(summary)).toContain('npm run --silent plan-summary -- --stacks-dir pr-stacks --dir plans --expect "$STACKS"');
    expect(summary.steps.find((s) => (s.run ?? "").includes("plan-summary"))!.env!.STACKS).toBe("${{ needs.build.outputs.list }}");
    expect(pr.jobs.build!.outputs!.list).toBe("${{ steps.affected.outputs.list }}");
  });

  it("keeps the raw planfile on the runner and records the reviewed digest per stack", () => {
    const plan = pr.jobs.plan!;
    expect(runs(plan)).toContain('npm run --silent apply -- --digest "plans/$STACK.json" > "plans/$STACK.digest"');
    expect(indexOf(plan, /rm -f plans\/\*\.tfplan/)).toBeLessThan(plan.steps.findIndex((s) => s.uses?.startsWith("actions/upload-artifact@")));
  });

  it("posts one sticky comment, from base-branch code, with the reviewed-plan marker first", () => {
    const summary = pr.jobs.summary!;
    expect(summary.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    expect(checkouts(summary).map((c) => c.with?.ref)).toEqual(["${{ github.event.pull_request.base.sha }}"]);
    expect(indexOf(summary, /npm run check-stacks -- pr-stacks/)).toBeGreaterThan(-1);
    expect(runs(summary)).toMatch(/reviewed-plan -- marker --run "\$RUN_ID" --head "\$HEAD_SHA" plans > comment\.md[^\n]*\n\s*cat plan-summary\.md >> comment\.md/);
    expect(summary.steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))!.with).toEqual({ header: "terraform-plan", path: "comment.md" });
    expect(runs(summary)).toContain("exit 1");
  });
});

describe("deploy.yml: deploy applies what was reviewed", () => {
  it("runs on pushes to main and on demand for one Träger or the failed ones, with a logged destroy override", () => {
    expect(deploy.on.push).toEqual({ branches: ["main"] });
    expect(Object.keys(deploy.on.workflow_dispatch.inputs)).toEqual(["traeger", "retry-failed", "allow-destroy"]);
  });

  it("deploys each stack behind its own deploy-<id> environment, one at a time per stack, on the deploy runners", () => {
    const job = deploy.jobs.deploy!;
    expect(job.environment).toBe("deploy-${{ matrix.stack }}");
    expect(job.concurrency).toEqual({ group: "deploy-${{ matrix.stack }}", "cancel-in-progress": false });
    expect(job["runs-on"]).toEqual(["self-hosted", "ksm-deploy"]);
    expect(checkouts(job).map((c) => c.with)).toEqual([{ "persist-credentials": false }]);
    expect(runs(job)).toContain("--lock-timeout 30m");
  });

  it("retries stacks whose deploy failed: records them as issues and selects them again", () => {
    expect(runs(deploy.jobs.select!)).toMatch(/gh issue list .*--label deploy-failed --state open/);
    expect(runs(deploy.jobs.select!)).toContain("'$a + $f | unique'");
    const record = deploy.jobs.record!;
    expect(record.needs).toEqual(["select", "deploy"]);
    expect(record.if).toContain("always()");
  });

  it("opens an issue for a failed or never-finished deploy, updates an open one, and closes it after success", async () => {
    const script = String(deploy.jobs.record!.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!.with!.script);
    const calls = await runIssueScript(script, [{ number: 1, title: "Deploy failed: alpha" }, { number: 2, title: "Deploy failed: beta" }], {
      "results/alpha.result.json": JSON.stringify({ stack: "alpha", ok: true, outcome: "applied" }),
      "results/beta.result.json": JSON.stringify({ stack: "beta", ok: false, outcome: "refused", reason: "the plan differs from the reviewed plan" }),
    }, { STACKS: JSON.stringify(["alpha", "beta", "gamma"]), UNPROTECTED: JSON.stringify(["delta"]) });
    expect(calls.map((c) => [c.call, c.number ?? c.title, c.state ?? c.labels ?? c.body!.split("\n")[3]])).toEqual([
      ["comment", 1, undefined], ["update", 1, "closed"],
      ["update", 2, "the plan differs from the reviewed plan"],
      ["create", "Deploy failed: gamma", ["deploy-failed"]],
      ["create", "Deploy failed: delta", ["deploy-failed"]],
    ]);
    expect(calls[4]!.body).toContain("the environment deploy-delta is missing or has no required reviewers");
    expect(calls[3]!.body).toContain("the deploy job did not finish (plan failed, approval rejected or cancelled)");
  });

  const apply = stepNamed(deploy.jobs.deploy!, /Apply the reviewed plan/);
  const npm = { npm: 'printf "%s|" "$@" >> calls; echo >> calls; if [ "$3" = "reviewed-plan" ]; then echo "{}"; fi' };
  const env = { STACK: "teststadt", RUN_ID: "99" };
  it("applies with the pull request's reviewed digests, passing the override reason as one argument", () => {
    const { code, read } = runStep(apply, { ...env, RETRIED: "false", ALLOW_DESTROY: "Träger left; data archived (ticket 4711)" }, npm, { "reviewed/reviewed.json": "{}" }, ["calls"]);
    expect(code).toBe(0);
    expect(read.calls).toBe("run|apply|--|--stacks|teststadt--subscription,teststadt|--reviewed|reviewed/reviewed.json|--lock-timeout|30m|--out-dir|deploy|--allow-destroy|Träger left; data archived (ticket 4711)|\n");
  });

  it("reviews a retried or dispatched stack through this run's own plan job, and adds no override unless given", () => {
    const { code, read } = runStep(apply, { ...env, RETRIED: "true", ALLOW_DESTROY: "" }, npm, {}, ["calls", "reviewed/reviewed.json"]);
    expect(code).toBe(0);
    expect(read.calls!.split("\n")[0]).toBe("run|--silent|reviewed-plan|--|from-digests|--source|deploy run 99, plan approved in deploy-teststadt|run-plan|");
    expect(read.calls!.split("\n")[1]).toBe("run|apply|--|--stacks|teststadt--subscription,teststadt|--reviewed|reviewed/reviewed.json|--lock-timeout|30m|--out-dir|deploy|");
  });

  it("shows every selected stack's plan before its environment is approved", () => {
    const plan = deploy.jobs.plan!;
    expect(deploy.jobs.deploy!.needs).toEqual(["select", "plan"]);
    expect(plan.environment).toBe("plan");
    // A Träger's subscription stack is planned and applied with it, first (npm run apply orders them).
    expect(runs(plan)).toContain('STACKS="$STACK"; if [ "$STACK" != "platform" ]; then STACKS="$STACK--subscription,$STACK"; fi');
    expect(runs(plan)).toContain('npm run plan -- --stacks "$STACKS" --out-dir plans --no-refresh | tee -a "$GITHUB_STEP_SUMMARY"');
  });

  it("proposes the offboarding record of a deployed offboarding as a pull request, once, from no repository code", async () => {
    const job = deploy.jobs["offboarding-records"]!;
    expect(job.needs).toEqual(["select", "deploy"]);
    expect(job.permissions).toEqual({ contents: "write", "pull-requests": "write" });
    expect(job["runs-on"]).toBe("ubuntu-24.04");
    expect(checkouts(job)).toEqual([]);
    expect(String(deploy.jobs.deploy!.steps.find((s) => s.with?.name === "deploy-result-${{ matrix.stack }}")!.with!.path)).toContain("deploy/${{ matrix.stack }}.offboarding.json");
    const script = String(job.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!.with!.script);
    const record = { traeger: "alpha", deployedAt: "2026-11-26", commit: "0123456789abcdef0123456789abcdef01234567" };
    const files: Record<string, string> = {
      "results/alpha.offboarding.json": JSON.stringify(record),
      "results/beta.offboarding.json": JSON.stringify(record),
      "results/gamma.offboarding.json": JSON.stringify({ ...record, traeger: "gamma" }),
      "results/alpha.result.json": "{}",
    };
    const calls: [string, Record<string, unknown>][] = [];
    const failed: string[] = [];
    const call = (name: string, result: (a: Record<string, unknown>) => unknown = () => ({ data: {} })) => async (a: Record<string, unknown>) => { calls.push([name, a]); return result(a); };
    const github = { rest: {
      repos: {
        getContent: call("getContent", (a) => { if (a.path === "deployments/offboarding/gamma.json") return { data: {} }; throw Object.assign(new Error("Not Found"), { status: 404 }); }),
        createOrUpdateFileContents: call("put"),
      },
      pulls: { list: call("list", () => ({ data: [] })), create: call("pr") },
      git: { getRef: call("getRef", () => ({ data: { object: { sha: "f".repeat(40) } } })), createRef: call("createRef"), updateRef: call("updateRef") },
    } };
    const fakeFs = { existsSync: () => true, readdirSync: () => Object.keys(files).map((f) => f.slice("results/".length)), readFileSync: (f: string) => files[f] };
    const core = { setFailed: (m: string) => void failed.push(m), info: () => undefined };
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction("require", "github", "context", "core", script)(() => fakeFs, github, { repo: { owner: "ksm", repo: "verbund" }, runId: 5, serverUrl: "https://github.com" }, core);
    // beta's file claims to be alpha's: refused; gamma's record is on main already: kept.
    expect(failed).toEqual(["results/beta.offboarding.json is not an offboarding record of beta"]);
    const put = calls.find(([name]) => name === "put")![1];
    expect({ ...put, content: JSON.parse(Buffer.from(String(put.content), "base64").toString("utf8")) }).toMatchObject({ path: "deployments/offboarding/alpha.json", branch: "offboarding-record/alpha", content: record });
    expect(calls.filter(([name]) => name === "pr").map(([, a]) => [a.head, a.base, a.title])).toEqual([["offboarding-record/alpha", "main", "Offboarding record: alpha"]]);
    expect(calls.filter(([name]) => name === "put")).toHaveLength(1);
  });
});

describe("drift.yml: drift is never silently lost", () => {
  const drift = load("drift.yml").yaml;
  const script = String(drift.jobs.issues!.steps.find((s) => s.uses?.startsWith("actions/github-script@"))!.with!.script);
  it("opens or updates an issue per drifted stack and per failed refresh, closes clean ones, and reports an unreadable shard", async () => {
    const report = (stacks: unknown[]) => JSON.stringify({ drifted: true, failed: true, stacks });
    const calls = await runIssueScript(script, [{ number: 3, title: "Drift: clean" }, { number: 4, title: "Drift: broken" }], {
      "drift-1.json": report([{ stack: "clean", errored: false, drifted: [] }, { stack: "broken", errored: true, drifted: [] }]),
      "drift-2.json": report([{ stack: "moved", errored: false, drifted: [{ kind: "changed", address: "azurerm_x.y", attributes: [{ name: "tags", before: "{`a`}", after: "{}" }] }] }]),
      "drift-3.json": "{ not json",
    });
    expect(calls.map((c) => [c.call, c.number ?? c.title, c.state])).toEqual([
      ["create", "Drift check failed: shard 3", undefined],
      ["comment", 3, undefined], ["update", 3, "closed"],
      ["update", 4, undefined],
      ["create", "Drift: moved", undefined],
    ]);
    expect(calls[3]!.body).toContain("failed in https://github.com/ksm/verbund/actions/runs/5: its drift is unknown");
    expect(calls[4]!.body).toContain("`azurerm_x.y`: `tags` `{'a'}` → `{}`");
  });
});
