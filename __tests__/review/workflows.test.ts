import * as fs from "node:fs";
import * as path from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { parse } from "yaml";

const ROOT = path.join(__dirname, "..", "..");
const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const scripts = (JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;

type Step = { uses?: string; run?: string; with?: Record<string, unknown> };
type Job = { "runs-on": unknown; environment?: string; permissions?: Record<string, string>; concurrency?: { group: string }; steps: Step[]; strategy?: { matrix: Record<string, unknown> } };
type Workflow = { on: Record<string, unknown>; env: Record<string, string>; jobs: Record<string, Job> };
const load = (name: string) => ({ text: fs.readFileSync(path.join(WORKFLOWS, name), "utf8"), yaml: parse(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow });

describe("the CI workflows", () => {
  it.each(["pr-plan.yml", "drift.yml", "deploy.yml"])("%s is a valid GitHub Actions workflow", (name) => {
    expect(validateWorkflow(load(name).text).errors).toEqual([]);
  });

  it.each(["pr-plan.yml", "drift.yml", "deploy.yml"])("%s logs in to Azure by OIDC without secrets, and pins Node and Terraform", (name) => {
    const { text, yaml } = load(name);
    expect(text).not.toMatch(/secrets\./);
    expect(yaml.env).toMatchObject({ NODE_VERSION: "20.20.2", TERRAFORM_VERSION: "1.11.4" });
    for (const job of Object.values(yaml.jobs)) {
      const logsIn = job.steps.some((s) => s.uses?.startsWith("azure/login@"));
      if (logsIn) {
        expect(job.permissions?.["id-token"]).toBe("write");
        expect(job.steps.find((s) => s.uses?.startsWith("hashicorp/setup-terraform@"))?.with?.terraform_version).toBe("${{ env.TERRAFORM_VERSION }}");
      }
    }
  });

  it.each(["pr-plan.yml", "drift.yml", "deploy.yml"])("%s only calls npm scripts that exist", (name) => {
    const runs = Object.values(load(name).yaml.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
    const called = runs.flatMap((r) => [...r.matchAll(/npm run (?:--silent )?([a-z-]+)/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect([script, script in scripts]).toEqual([script, true]);
  });

  it("pr-plan tests, synthesizes, checks removals, plans the affected stacks as a matrix and posts one sticky comment", () => {
    const { yaml } = load("pr-plan.yml");
    expect(Object.keys(yaml.on)).toEqual(["pull_request"]);
    const testRuns = yaml.jobs.test!.steps.map((s) => s.run ?? "").join("\n");
    for (const command of [/npm test/, /npm run synth/, /npm run check-removals/, /npm run (--silent )?affected/]) expect(testRuns).toMatch(command);
    expect(yaml.jobs.plan!.strategy!.matrix.stack).toBe("${{ fromJSON(needs.test.outputs.stacks) }}");
    const summary = yaml.jobs.summary!;
    expect(summary.steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment@"))?.with).toMatchObject({ header: "terraform-plan", path: "plan-summary.md" });
    expect(summary.steps.map((s) => s.run ?? "").join("\n")).toContain("exit 1");
  });

  it("drift runs nightly and on demand in shards and manages one issue per Träger", () => {
    const { yaml, text } = load("drift.yml");
    expect(Object.keys(yaml.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(yaml.jobs.drift!.strategy!.matrix.shard).toEqual([1, 2, 3]);
    expect(text).toContain("--shard");
    expect(yaml.jobs.issues!.permissions).toMatchObject({ issues: "write" });
    expect(text).toContain('state: "closed"');
  });

  it("deploy runs on pushes to main behind the protected environment, one concurrency group per stack", () => {
    const { yaml } = load("deploy.yml");
    expect(yaml.on).toEqual({ push: { branches: ["main"] } });
    const deploy = yaml.jobs.deploy!;
    expect(deploy.environment).toBe("production");
    expect(deploy.concurrency?.group).toBe("deploy-${{ matrix.stack }}");
    expect(deploy.steps.map((s) => s.run ?? "").join("\n")).toContain('npx cdktf deploy "${{ matrix.stack }}" --auto-approve');
  });
});
