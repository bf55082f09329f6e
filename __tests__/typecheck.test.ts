import { spawn } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");

/**
 * The type check `npm run typecheck` runs (tsc over everything, declarations included), as a test of
 * the run: jest schedules it beside the other suites, so its single thread runs while they wait on
 * processes, instead of on its own before jest starts. A type error fails `npm test` with tsc's lines.
 * Build mode (`-b`) reads tsconfig.json's build info first and skips the check when no input changed
 * since a check that passed (a failed check is never recorded as up to date).
 */
describe("the project", () => {
  it("type-checks (tsc -b ., as npm run typecheck)", async () => {
    const tsc = spawn(process.execPath, [require.resolve("typescript/bin/tsc"), "-b", ROOT], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    tsc.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    tsc.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      tsc.on("error", reject);
      tsc.on("close", resolve);
    });
    expect(output).toBe("");
    expect(code).toBe(0);
  }, 120_000);
});
