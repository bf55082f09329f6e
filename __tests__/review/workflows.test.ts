import * as fs from "node:fs";
import { validateWorkflow } from "@action-validator/core";
import { load, ROOT, WORKFLOW_FILES, type Step } from "../helpers/workflows";

const scripts = (JSON.parse(fs.readFileSync(`${ROOT}/package.json`, "utf8")) as { scripts: Record<string, string> }).scripts;
/** `npm run validate` comes with issue 11's Terraform harness (another slice); allowed only until it lands. */
const ARRIVING_FROM_OTHER_SLICES = new Set(["validate"]);

/** A third-party action reference that is not pinned to a full commit SHA with its version beside it. */
export function badPin(uses: string, line: string): string | undefined {
  if (uses.startsWith("./")) return undefined;
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_./-]+@[0-9a-f]{40}$/.test(uses)) return `${uses}: not pinned to a full 40-hex commit SHA`;
  if (!/#\s*v\d+\.\d+\.\d+\s*$/.test(line)) return `${uses}: no "# vX.Y.Z" version comment`;
  return undefined;
}

const steps = (name: string): Step[] => Object.values(load(name).yaml.jobs).flatMap((j) => j.steps ?? []);

describe("the CI workflows", () => {
  it.each(WORKFLOW_FILES)("%s is a valid GitHub Actions workflow", (name) => {
    expect(validateWorkflow(load(name).text).errors).toEqual([]);
  });

  it.each(WORKFLOW_FILES)("%s pins every action to a full commit SHA with its version in a comment", (name) => {
    const { text } = load(name);
    const uses = text.split("\n").filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(uses.length).toBeGreaterThan(0);
    for (const line of uses) expect([line.trim(), badPin(line.replace(/^\s*-?\s*uses:\s*/, "").replace(/\s*#.*$/, ""), line)]).toEqual([line.trim(), undefined]);
  });

  it("refuses a tag pin, a short SHA and a SHA without its version", () => {
    expect(badPin("actions/checkout@v4", "uses: actions/checkout@v4")).toMatch(/not pinned/);
    expect(badPin("actions/checkout@3d3c42e", "uses: actions/checkout@3d3c42e # v7.0.1")).toMatch(/not pinned/);
    expect(badPin(`actions/checkout@${"a".repeat(40)}`, `uses: actions/checkout@${"a".repeat(40)}`)).toMatch(/version comment/);
  });

  it.each(WORKFLOW_FILES)("%s grants nothing by default, uses no secrets, pins Node and Terraform, and keeps no token in .git", (name) => {
    const { text, yaml } = load(name);
    expect(yaml.permissions).toEqual({});
    expect(text).not.toMatch(/secrets\./);
    expect(yaml.env).toMatchObject({ NODE_VERSION: "20.20.2", TERRAFORM_VERSION: "1.11.4" });
    for (const step of steps(name)) {
      if (step.uses?.startsWith("actions/checkout@")) expect(step.with?.["persist-credentials"]).toBe(false);
      if (step.uses?.startsWith("actions/setup-node@")) expect([step.with?.cache, step.with?.["package-manager-cache"]]).toEqual([undefined, false]);
      if (step.uses?.startsWith("hashicorp/setup-terraform@")) expect(step.with).toMatchObject({ terraform_version: "${{ env.TERRAFORM_VERSION }}", terraform_wrapper: false });
    }
  });

  it.each(WORKFLOW_FILES)("%s passes expressions to shell scripts only through env, never inline", (name) => {
    for (const step of steps(name)) expect([step.run ?? "", (step.run ?? "").includes("${{")]).toEqual([step.run ?? "", false]);
  });

  it.each(WORKFLOW_FILES)("%s logs in to Azure by OIDC only in jobs with an environment, on the Verbund's self-hosted runners", (name) => {
    for (const [id, job] of Object.entries(load(name).yaml.jobs)) {
      const oidc = job.permissions?.["id-token"] === "write";
      expect([id, oidc, job.env?.ARM_USE_OIDC === "true"]).toEqual([id, oidc, oidc]);
      if (!oidc) continue;
      expect([id, job.environment]).toEqual([id, expect.any(String)]);
      expect([id, job["runs-on"]]).toEqual([id, expect.arrayContaining(["self-hosted"])]);
      expect(job.env?.ARM_CLIENT_ID).toMatch(/^\$\{\{ vars\.AZURE_(PLAN|DEPLOY)_CLIENT_ID \}\}$/);
      expect(job.permissions).toEqual({ contents: "read", "id-token": "write" });
    }
  });

  it("uses the deploy identity only in deploy.yml's deploy job on the deploy runners, and the plan identity with -lock=false elsewhere", () => {
    for (const name of WORKFLOW_FILES) {
      for (const [id, job] of Object.entries(load(name).yaml.jobs)) {
        if (job.permissions?.["id-token"] !== "write") continue;
        const deploy = name === "deploy.yml" && id === "deploy";
        expect([name, id, job.env!.ARM_CLIENT_ID]).toEqual([name, id, deploy ? "${{ vars.AZURE_DEPLOY_CLIENT_ID }}" : "${{ vars.AZURE_PLAN_CLIENT_ID }}"]);
        expect([name, id, job["runs-on"]]).toEqual([name, id, ["self-hosted", deploy ? "ksm-deploy" : "ksm-plan-ephemeral"]]);
        if (!deploy) expect([name, id, job.env!.TF_CLI_ARGS_plan]).toEqual([name, id, "-lock=false"]);
      }
    }
  });

  it.each(WORKFLOW_FILES)("%s only calls npm scripts that exist", (name) => {
    const called = steps(name).flatMap((s) => [...(s.run ?? "").matchAll(/npm run (?:--silent )?([a-z-]+)/g)].map((m) => m[1]!));
    expect(called.length).toBeGreaterThan(0);
    for (const script of called) expect([script, script in scripts || ARRIVING_FROM_OTHER_SLICES.has(script)]).toEqual([script, true]);
  });

  it("never approves a fresh plan automatically", () => {
    for (const name of WORKFLOW_FILES) for (const step of steps(name)) expect(step.run ?? "").not.toMatch(/auto-approve|cdktf deploy|terraform apply/);
  });
});

describe("drift.yml", () => {
  const { yaml, text } = load("drift.yml");
  it("runs nightly and on demand in shards, behind environment drift, and manages one issue per drifted or failed stack", () => {
    expect(Object.keys(yaml.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
    expect(yaml.jobs.drift!.environment).toBe("drift");
    expect(yaml.jobs.drift!.strategy!.matrix.shard).toEqual([1, 2, 3]);
    expect(text).toContain("for (const shard of [1, 2, 3])");
    expect(yaml.jobs.drift!.steps.map((s) => s.run ?? "").join("\n")).toContain('npm run --silent drift -- --all --shard "$SHARD/$SHARDS" --json');
    expect(yaml.jobs.issues!.permissions).toEqual({ issues: "write" });
    expect(text).toContain("if (s.errored)");
    expect(text).toContain("Drift check failed: shard");
    expect(text).toContain('state: "closed"');
  });
});
