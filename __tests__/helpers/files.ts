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
 * A clone of this repository in a temporary folder, with the working tree's current code copied over
 * (tests run against uncommitted changes too), node_modules shared, and a commit helper.
 */
export function cloneProject(): { root: string; repo: string; git: (...args: string[]) => string; commit: (message: string) => void } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-repo-"));
  const repo = path.join(root, "repo");
  const git = (...args: string[]) => execFileSync("git", ["-c", "user.email=t@ksm.test", "-c", "user.name=test", ...args], { cwd: repo, encoding: "utf8" });
  execFileSync("git", ["clone", "-q", "--no-hardlinks", PROJECT_ROOT, repo]);
  for (const dir of ["lib", "tenants", "bin"]) fs.cpSync(path.join(PROJECT_ROOT, dir), path.join(repo, dir), { recursive: true });
  for (const file of ["main.ts", "verbund.ts"]) fs.copyFileSync(path.join(PROJECT_ROOT, file), path.join(repo, file));
  fs.symlinkSync(path.join(PROJECT_ROOT, "node_modules"), path.join(repo, "node_modules"), "dir");
  git("add", "-A");
  git("commit", "-qm", "working tree", "--allow-empty");
  return { root, repo, git, commit: (message) => void git("commit", "-qam", message) };
}

/**
 * Real `terraform show -json` plans of Terraform's built-in terraform_data resource, made by
 * __tests__/fixtures/terraform-plans/make.sh (`npm run fixtures:plans`) and checked in beside it.
 */
export const TERRAFORM_PLANS = path.join(__dirname, "..", "fixtures", "terraform-plans");
