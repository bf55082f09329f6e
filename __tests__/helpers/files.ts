import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../../lib/verbund";

/**
 * Every file below a folder with its modification time and the SHA-256 of its bytes: two equal trees
 * are untouched, byte for byte. (The hash, not the bytes themselves: the gauntlet compares a whole
 * synthesized Verbund after each of its 200+ cases, and comparing megabytes of base64 cost seconds.)
 */
export function fileTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = `${fs.statSync(file).mtimeMs} ${createHash("sha256").update(fs.readFileSync(file)).digest("hex")}`;
  }
  return out;
}

/**
 * What a copy of the project holds: the code and dependencies' manifest (a change here is a change of
 * the synth cache's code hash), the commands, the declarations, and the fixture Verbund.
 */
const PROJECT_COPY = ["lib", "bin", "tenants", "main.ts", "verbund.ts", "package.json", "package-lock.json", "tsconfig.json", "cdktf.json", ".gitignore", path.join("__tests__", "fixtures", "verbund")];

/**
 * A git repository of the project in a temporary folder: the working tree's current code and
 * declarations (tests run against uncommitted changes too) as its one commit, node_modules shared, and
 * a commit helper. A fresh repository of what the commands read rather than a clone of the project's
 * history: cloning copied every object of the history and cost seconds per test file.
 */
export function cloneProject(): { root: string; repo: string; git: (...args: string[]) => string; commit: (message: string) => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-repo-"));
  const repo = path.join(root, "repo");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@ksm.test", "-c", "user.name=test", "-c", "commit.gpgsign=false", ...args], { cwd: repo, encoding: "utf8" });
  for (const entry of PROJECT_COPY) fs.cpSync(path.join(PROJECT_ROOT, entry), path.join(repo, entry), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  git("init", "-q", "-b", "main");
  git("add", "-A");
  git("commit", "-qm", "working tree");
  return { root, repo, git, commit: (message) => void git("commit", "-qam", message) };
}

/**
 * Real `terraform show -json` plans of Terraform's built-in terraform_data resource, made by
 * __tests__/fixtures/terraform-plans/make.sh (`npm run fixtures:plans`) and checked in beside it.
 */
export const TERRAFORM_PLANS = path.join(__dirname, "..", "fixtures", "terraform-plans");
