/**
 * Jest's global setup and teardown: the whole run gets a temporary folder of its own (TMPDIR, inherited
 * by the workers and every command the tests start), and the run fails if anything is left in it, so no
 * failed run, interrupted command or forgotten clean-up leaves folders in the system temp dir.
 * Other test runs on the same machine never disturb the check.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const KEY = "KSM_TEST_TMPDIR";

/** Creates the run's temporary folder and points TMPDIR at it. */
export async function setup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-jest-"));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
}

/** Fails the run when anything is left in the run's temporary folder, then removes it. */
export async function teardown(): Promise<void> {
  const dir = process.env[KEY];
  if (!dir) return;
  // jest itself and npm may keep caches in TMPDIR; those are not the project's.
  const left = fs.readdirSync(dir).filter((name) => name.startsWith("ksm-"));
  fs.rmSync(dir, { recursive: true, force: true });
  if (left.length > 0) throw new Error(`the tests left ${left.length} folder(s) in the temp dir: ${left.join(", ")}`);
}
