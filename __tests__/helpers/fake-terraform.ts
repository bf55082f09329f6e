import * as path from "node:path";
import type { CommandRunner } from "../../lib/review/terraform-runner";

/** The folder of the fake `terraform` (fixtures/fake-terraform): first on PATH, commands run it as a process. */
export const FAKE_TERRAFORM_DIR = path.join(__dirname, "..", "fixtures", "fake-terraform");

// The fake itself is plain JavaScript, so that its process form runs without a TypeScript loader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { fakeTerraform } = require("../fixtures/fake-terraform/fake-terraform.js") as {
  fakeTerraform: (args: readonly string[], cwd: string, env: NodeJS.ProcessEnv) => { code: number; stdout: string; stderr: string };
};

/**
 * The fake terraform in this process, as a command's runner: the same fake as the process on PATH
 * (same FAKE_TF_* variables, same log, outputs and exit codes), without starting Node for every call.
 * Each command keeps one test that runs the fake as a process, through the real runner (`exec`).
 */
export const inProcessTerraform: CommandRunner = async (command, args, cwd, env) => {
  if (command !== "terraform") return { code: 127, stdout: "", stderr: `spawn ${command} ENOENT` };
  return fakeTerraform(args, cwd, { ...env, TF_IN_AUTOMATION: "1" });
};
