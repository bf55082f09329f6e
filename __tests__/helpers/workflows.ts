import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parse } from "yaml";

export const ROOT = path.join(__dirname, "..", "..");
export const WORKFLOW_FILES = ["pr-plan.yml", "drift.yml", "deploy.yml"];

export type Step = { name?: string; id?: string; uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> };
export type Job = {
  "runs-on": unknown; needs?: string | string[]; if?: string; environment?: string; permissions?: Record<string, string>; outputs?: Record<string, string>;
  env?: Record<string, string>; concurrency?: { group: string; "cancel-in-progress"?: boolean }; steps: Step[]; strategy?: { matrix: Record<string, unknown>; "max-parallel"?: number };
};
export type Workflow = { on: Record<string, any>; permissions?: Record<string, string>; env: Record<string, string>; jobs: Record<string, Job> };

/** A workflow's text and parsed YAML. */
export function load(name: string): { text: string; yaml: Workflow } {
  const text = fs.readFileSync(path.join(ROOT, ".github", "workflows", name), "utf8");
  return { text, yaml: parse(text) as Workflow };
}

/**
 * Runs a step's shell script with bash (as GitHub does: -e, pipefail) in a fresh folder, with fake
 * commands (name → bash body) first on PATH, and returns its output and what it wrote to GITHUB_OUTPUT.
 */
export function runStep(step: Step, env: Record<string, string>, fakes: Record<string, string>, files: Record<string, string> = {}, readBack: string[] = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-step-"));
  const bin = path.join(dir, ".bin");
  fs.mkdirSync(bin);
  for (const [name, body] of Object.entries(fakes)) fs.writeFileSync(path.join(bin, name), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  const output = path.join(dir, ".github-output");
  fs.writeFileSync(output, "");
  const result = spawnSync("bash", ["--noprofile", "--norc", "-eo", "pipefail", "-c", step.run ?? ""], { cwd: dir, encoding: "utf8", env: { PATH: `${bin}:${process.env.PATH}`, HOME: dir, GITHUB_OUTPUT: output, ...env } });
  const outputs = Object.fromEntries(fs.readFileSync(output, "utf8").split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
  const read = Object.fromEntries(readBack.map((name) => [name, fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), "utf8") : undefined]));
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, outputs, read };
}

/** A GitHub issue call the fake `github` object recorded. */
export interface IssueCall { readonly call: "create" | "update" | "comment"; readonly number?: number; readonly title?: string; readonly state?: string; readonly body?: string; readonly labels?: string[] }

/**
 * Runs an actions/github-script `script` against a fake `github` client with these open issues, and a
 * `require("fs")` that serves `files` by name. Returns the issue calls it made.
 */
export async function runIssueScript(script: string, open: { number: number; title: string }[], files: Record<string, string>, env: Record<string, string> = {}): Promise<IssueCall[]> {
  const calls: IssueCall[] = [];
  const github = {
    paginate: async () => open,
    rest: { issues: {
      listForRepo: () => undefined,
      create: async (a: { title: string; body: string; labels: string[] }) => void calls.push({ call: "create", title: a.title, body: a.body, labels: a.labels }),
      update: async (a: { issue_number: number; state?: string; body?: string }) => void calls.push({ call: "update", number: a.issue_number, state: a.state, body: a.body }),
      createComment: async (a: { issue_number: number; body: string }) => void calls.push({ call: "comment", number: a.issue_number, body: a.body }),
    } },
  };
  const fakeFs = { readFileSync: (file: string) => { if (!(file in files)) throw new Error(`ENOENT: ${file}`); return files[file]; } };
  const context = { repo: { owner: "ksm", repo: "verbund" }, runId: 5, serverUrl: "https://github.com" };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<void>;
    await new AsyncFunction("require", "github", "context", script)(() => fakeFs, github, context);
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]; else process.env[key] = saved[key];
  }
  return calls;
}
