/** `npm run check-stacks`: the guard over a pull request's synthesized stacks, as a command. */
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { formatProblem } from "../problems";
import { loadVerbund, type VerbundModel } from "../verbund";
import { type GuardConfig, guardStacksDir } from "./stack-guard";

export const CHECK_STACKS_USAGE = `Usage: npm run check-stacks -- [--stacks a,b] <stacks-dir>

Checks synthesized stacks (<stacks-dir>/<id>/cdk.tf.json) that come from a pull request before
Terraform sees them: only the providers, resource and data types the Verbund uses, only the
Verbund's azurerm backend with key <id>.tfstate, no modules, provisioners or connections, no
functions that read the runner (file, templatefile, fileset, abspath, …), no other files.

Options:
  --stacks a,b   these stacks must be present (and only they are checked)
  --help         show this help

Exit codes: 0 accepted; 1 refused (one line per problem); 2 wrong arguments.`;

/** The guard's view of the Verbund config. */
export function guardConfigOf(model: Pick<VerbundModel, "entraTenantId" | "stateBackend">): GuardConfig {
  return { tenantId: model.entraTenantId, backend: model.stateBackend };
}

/** Runs the command; returns the exit code. */
export function runCheckStacks(argv: readonly string[], io: CommandIo, model?: Pick<VerbundModel, "entraTenantId" | "stateBackend">): number {
  const args = parseCommandArgs(argv, { stacks: { type: "string" } }, CHECK_STACKS_USAGE, io, true);
  if (typeof args === "number") return args;
  if (args.positionals.length !== 1) return usageError("give exactly one folder of synthesized stacks", CHECK_STACKS_USAGE, io);
  let config = model;
  if (!config) {
    const { verbund, problems } = loadVerbund();
    if (!verbund) {
      for (const p of problems) io.err(formatProblem(p));
      return 1;
    }
    config = verbund.model;
  }
  const only = typeof args.values.stacks === "string" ? args.values.stacks.split(",").map((s) => s.trim()).filter(Boolean) : undefined;
  const { stacks, problems } = guardStacksDir(path.resolve(io.cwd, args.positionals[0]!), guardConfigOf(config), only);
  for (const p of problems) io.err(p);
  if (problems.length > 0) {
    io.err(`✖ ${problems.length} problem${problems.length === 1 ? "" : "s"}: the stacks are refused; Terraform did not see them.`);
    return 1;
  }
  io.out(`${(only ?? stacks).length} stack${(only ?? stacks).length === 1 ? "" : "s"} accepted: ${(only ?? stacks).join(", ")}\n`);
  return 0;
}
