import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Creates an empty staging folder beside `target`, on the same file system, so that its files can be
 * moved into place by rename.
 */
export function createStaging(target: string): string {
  const parent = path.dirname(path.resolve(target));
  fs.mkdirSync(parent, { recursive: true });
  return fs.mkdtempSync(path.join(parent, `.${path.basename(target)}.staging-`));
}

/** Removes a staging folder and everything in it. */
export function discardStaging(staging: string): void {
  fs.rmSync(staging, { recursive: true, force: true });
}

/**
 * Moves a complete synth output from `staging` into `target`, file by file, then removes stack folders
 * the new output no longer has (as `cdktf synth` does). Files the output does not produce, such as a
 * stack's `.terraform/` from `terraform init`, are kept in surviving stacks.
 */
export function commitStaging(staging: string, target: string, stackIds: readonly string[]): void {
  fs.mkdirSync(target, { recursive: true });
  moveTree(staging, target);
  const stacksDir = path.join(target, "stacks");
  const keep = new Set(stackIds);
  if (fs.existsSync(stacksDir)) {
    for (const entry of fs.readdirSync(stacksDir, { withFileTypes: true })) {
      if (entry.isDirectory() && !keep.has(entry.name)) fs.rmSync(path.join(stacksDir, entry.name), { recursive: true, force: true });
    }
  }
  discardStaging(staging);
}

function moveTree(from: string, to: string): void {
  for (const entry of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const source = path.join(from, entry.name);
    const destination = path.join(to, entry.name);
    if (entry.isDirectory()) {
      fs.mkdirSync(destination, { recursive: true });
      moveTree(source, destination);
    } else {
      fs.renameSync(source, destination);
    }
  }
}
