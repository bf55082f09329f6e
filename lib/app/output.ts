/**
 * Putting a synth's output in place so that a reader (or a synth killed at any moment) sees either
 * the complete old output folder or the complete new one, never a mix:
 *  1. the new tree is written in full to a staging folder beside the target (same file system);
 *  2. under a lock file, what earlier runs of Terraform left in the old tree (`.terraform/`, lock
 *     files, plans) is hard-linked into the new tree, for the stacks that remain;
 *  3. two renames swap the trees: target → `.<name>.previous`, staging → target; the previous tree is
 *     then removed (a large one renamed to `.<name>.trash-…` and removed by a detached `rm -rf`, so
 *     that deleting thousands of old files is not on the synth's critical path). A run killed between the two renames leaves no target but a complete previous
 *     tree, which the next synth (or `recoverOutput`) renames back before anything else.
 * A second synth that wants to swap while the first holds the lock waits, and says so; each swap
 * leaves a complete tree. A lock whose process is gone is stale and is taken over.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

const STACKS = "stacks";
const STACK_FILE = "cdk.tf.json";
const MANIFEST = "manifest.json";

const sibling = (target: string, suffix: string) => path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${suffix}`);

/** The lock file that serialises swaps of `target`. */
export const lockFileOf = (target: string) => sibling(target, "lock");
/** Where the old tree lies during a swap. */
export const previousOf = (target: string) => sibling(target, "previous");

/**
 * Creates an empty staging folder beside `target`, on the same file system, named with this process's
 * id so that the folders of killed synths can be told apart and removed.
 */
export function createStaging(target: string): string {
  const parent = path.dirname(path.resolve(target));
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(`${sibling(target, `staging-${process.pid}`)}-`);
}

/** Removes a staging folder and everything in it. */
export function discardStaging(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

/** Options of a swap. */
export interface CommitOptions {
  /** Told once when another synth holds the lock and this one waits for it. */
  readonly onWait?: (message: string) => void;
  /** How long to wait for another synth's lock before giving up (default 10 minutes). */
  readonly timeoutMs?: number;
}

/**
 * Replaces `target` with the complete tree in `staging` (see the top of this file). Stack folders the
 * new output does not have disappear with the old tree, as with `cdktf synth`; what Terraform left in
 * the stacks that remain is kept.
 */
export function commitStaging(staging: string, target: string, stackIds: readonly string[], options: CommitOptions = {}): void {
  withLock(target, options, () => {
    recoverUnlocked(target);
    if (fs.existsSync(target)) carryOver(target, staging, new Set(stackIds));
    const previous = previousOf(target);
    if (fs.existsSync(target)) fs.renameSync(target, previous);
    fs.renameSync(staging, target);
    removeTree(previous);
  });
}

/** From this many stacks in an old tree, it is removed in the background (a few files cost less than starting a process). */
const BACKGROUND_REMOVAL_FROM = 100;

/**
 * Removes an old output tree: a small one at once; a large one is renamed to `.<name>.trash-<pid>-…`
 * (unique, never read) and removed by a detached `rm -rf` that outlives this process. A trash folder
 * whose removal was cut short is removed by the next synth (recoverUnlocked).
 */
function removeTree(tree: string): void {
  if (!fs.existsSync(tree)) return;
  let stacks = 0;
  try {
    stacks = fs.readdirSync(path.join(tree, STACKS)).length;
  } catch {
    // no stacks folder: a small tree
  }
  if (stacks < BACKGROUND_REMOVAL_FROM || process.platform === "win32") return fs.rmSync(tree, { recursive: true, force: true });
  const trash = `${tree.replace(/\.previous$/, "")}.trash-${process.pid}-${Math.random().toString(36).slice(2)}`;
  fs.renameSync(tree, trash);
  removeInBackground(trash);
}

function removeInBackground(trash: string): void {
  // Without the parent's environment: nothing of it (NODE_OPTIONS, credentials) is needed to delete files.
  const remover = spawn("rm", ["-rf", "--", trash], { detached: true, stdio: "ignore", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" } });
  remover.on("error", () => undefined); // no rm: the next synth removes the trash folder
  remover.unref();
}

/**
 * Repairs what a killed synth left: the old tree back in place if the swap stopped between its two
 * renames, the previous tree removed if the swap was done, staging folders of dead processes removed.
 * Does nothing while another live synth holds the lock. Returns what it did, for messages.
 */
export function recoverOutput(target: string): string[] {
  const lock = tryLock(target);
  if (!lock) return [];
  try {
    return recoverUnlocked(target);
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

function recoverUnlocked(target: string): string[] {
  const done: string[] = [];
  const previous = previousOf(target);
  if (fs.existsSync(previous)) {
    if (fs.existsSync(target)) {
      removeTree(previous);
    } else {
      fs.renameSync(previous, target);
      done.push(`restored ${path.basename(target)} from an interrupted synth`);
    }
  }
  const parent = path.dirname(path.resolve(target));
  const prefix = `.${path.basename(target)}.staging-`;
  const trash = `.${path.basename(target)}.trash-`;
  for (const name of fs.existsSync(parent) ? fs.readdirSync(parent) : []) {
    if (name.startsWith(trash)) {
      // A removal cut short (its synth is gone); a second rm of a folder being removed is harmless.
      const pid = Number.parseInt(name.slice(trash.length), 10);
      if (Number.isInteger(pid) && !isAlive(pid)) removeInBackground(path.join(parent, name));
      continue;
    }
    if (!name.startsWith(prefix)) continue;
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (Number.isInteger(pid) && !isAlive(pid)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  return done;
}

/** Hard-links everything but the synthesized files from the old tree into the new one. */
function carryOver(target: string, staging: string, stackIds: ReadonlySet<string>): void {
  for (const entry of fs.readdirSync(target)) {
    if (entry === MANIFEST) continue;
    if (entry !== STACKS) {
      if (!fs.existsSync(path.join(staging, entry))) linkTree(path.join(target, entry), path.join(staging, entry));
      continue;
    }
    for (const id of fs.readdirSync(path.join(target, STACKS))) {
      if (!stackIds.has(id)) continue;
      const from = path.join(target, STACKS, id);
      if (!fs.statSync(from).isDirectory()) continue;
      for (const item of fs.readdirSync(from)) {
        const destination = path.join(staging, STACKS, id, item);
        if (item !== STACK_FILE && !fs.existsSync(destination)) linkTree(path.join(from, item), destination);
      }
    }
  }
}

function linkTree(from: string, to: string): void {
  const stat = fs.lstatSync(from);
  if (stat.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(from), to);
  } else if (stat.isDirectory()) {
    fs.mkdirSync(to, { recursive: true });
    for (const entry of fs.readdirSync(from)) linkTree(path.join(from, entry), path.join(to, entry));
  } else {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to);
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock of `target` if it is free or stale; the lock file's path, or undefined when a live process holds it. */
function tryLock(target: string): string | undefined {
  return tryLockFile(lockFileOf(target));
}

/**
 * Takes the lock file `lock` (created holding this process's pid) if it is free or stale (its process
 * is gone, or it is unreadable); its path, or undefined when a live process holds it.
 */
export function tryLockFile(lock: string): string | undefined {
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
      return lock;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder(lock);
    if (holder !== undefined && isAlive(holder)) return undefined;
    // Stale (its process is gone, or it is unreadable): move it aside, then try again.
    const aside = `${lock}.stale-${process.pid}`;
    try {
      fs.renameSync(lock, aside);
      fs.rmSync(aside, { force: true });
    } catch {
      // Another synth took it over first.
    }
  }
  return undefined;
}

function lockHolder(lock: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lock, "utf8"), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function withLock(target: string, options: CommitOptions, body: () => void): void {
  const timeout = options.timeoutMs ?? 10 * 60 * 1000;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  let waited = 0;
  let lock = tryLock(target);
  while (!lock) {
    if (waited === 0) options.onWait?.(`waiting for another synth (pid ${lockHolder(lockFileOf(target)) ?? "unknown"}, lock ${lockFileOf(target)}) to finish replacing ${target}`);
    if (waited >= timeout) throw new Error(`another synth has held ${lockFileOf(target)} for ${Math.round(timeout / 1000)} s; remove it if no synth is running`);
    Atomics.wait(sleeper, 0, 0, 100);
    waited += 100;
    lock = tryLock(target);
  }
  try {
    body();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
