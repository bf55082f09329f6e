/**
 * Which declaration files a change is about: the "new or changed" side of a conflict between two
 * files is named first. Known from git when the files lie in a work tree: a file is changed when it is
 * new, modified or untracked against HEAD, or, when KSM_BASE_REF (or GitHub's GITHUB_BASE_REF) names
 * the branch a pull request goes into, changed since the merge base with it. Without git, or when both
 * or neither file changed, the later file in file-name order counts as the new one. Asked only when a
 * conflict is found, so a clean run never starts git. KSM_CONFLICT_ORDER=files skips git (file order
 * only), for runs whose output must not depend on the work tree, such as the gauntlet.
 */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

/** Tells whether a declaration file (absolute path) is new or changed; git is run at most once per folder. */
export class ChangedFiles {
  private readonly known = new Map<string, ReadonlySet<string> | undefined>();

  constructor(private readonly env: NodeJS.ProcessEnv = process.env) {}

  /** Whether the file is new or changed; false when git cannot say. */
  isChanged(absolutePath: string): boolean {
    const dir = path.dirname(absolutePath);
    if (!this.known.has(dir)) this.known.set(dir, this.env.KSM_CONFLICT_ORDER === "files" ? undefined : changedIn(dir, this.env));
    return this.known.get(dir)?.has(path.resolve(absolutePath)) ?? false;
  }

  /** Orders two conflicting files: the new or changed one first, else the later one in file-name order. */
  order<T extends { readonly absolutePath: string }>(a: T, b: T): [reported: T, other: T] {
    const changedA = this.isChanged(a.absolutePath);
    if (changedA !== this.isChanged(b.absolutePath)) return changedA ? [a, b] : [b, a];
    return a.absolutePath > b.absolutePath ? [a, b] : [b, a];
  }
}

function git(args: readonly string[], cwd: string): string | undefined {
  const result = spawnSync("git", args, { cwd, encoding: "utf8", timeout: 10_000, env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" } });
  return result.status === 0 ? result.stdout : undefined;
}

function changedIn(dir: string, env: NodeJS.ProcessEnv): ReadonlySet<string> | undefined {
  const top = git(["rev-parse", "--show-toplevel"], dir)?.trim();
  if (!top) return undefined;
  const changed = new Set<string>();
  // Porcelain v1 with -z: "XY path\0", renames add "\0old path".
  const status = git(["status", "--porcelain=v1", "-z", "--untracked-files=all", "--", "."], dir);
  if (status === undefined) return undefined;
  const fields = status.split("\0");
  for (let i = 0; i < fields.length; i += 1) {
    const entry = fields[i]!;
    if (entry.length < 4) continue;
    changed.add(path.resolve(top, entry.slice(3)));
    if (entry[0] === "R" || entry[0] === "C") i += 1;
  }
  const base = env.KSM_BASE_REF?.trim() || (env.GITHUB_BASE_REF?.trim() ? `origin/${env.GITHUB_BASE_REF.trim()}` : "");
  if (base && /^[\w./-]+$/.test(base) && !base.startsWith("-")) {
    const diff = git(["diff", "--name-only", "-z", `${base}...HEAD`, "--", "."], dir);
    for (const name of diff?.split("\0") ?? []) if (name) changed.add(path.resolve(top, name));
  }
  return changed;
}
