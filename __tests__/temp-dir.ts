/**
 * Jest's global setup and teardown: the whole run gets a temporary folder of its own (TMPDIR, inherited
 * by the workers and every command the tests start), and the run fails if anything is left in it, so no
 * failed run, interrupted command or forgotten clean-up leaves folders in the system temp dir.
 * Other test runs on the same machine never disturb the check.
 *
 * The run's folder also holds the run's synth cache (KSM_TEST_SYNTH_CACHE, see helpers/synth.ts): a
 * stack that one test file synthesized is read, checked by hash, by every other file that synthesizes
 * the same inputs, instead of being built again. It starts empty, so every run builds each stack once.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const KEY = "KSM_TEST_TMPDIR";
/** The run's synth cache (lib/app/cache.ts), shared by the workers; read by helpers/synth.ts. */
export const SYNTH_CACHE_KEY = "KSM_TEST_SYNTH_CACHE";

/** Creates the run's temporary folder and points TMPDIR at it. */
export async function setup(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-jest-"));
  process.env[KEY] = dir;
  process.env.TMPDIR = dir;
  process.env[SYNTH_CACHE_KEY] = path.join(dir, "synth-cache");
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
