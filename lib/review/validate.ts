/**
 * `npm run validate`: Terraform's own checks per stack, `terraform init -backend=false` and
 * `terraform validate -json`, without credentials or state. Terraform's providers come from the
 * registry (or a mirror set in TF_CLI_CONFIG_FILE); when they cannot be downloaded, the command says
 * so in one line and exits 5, distinct from an invalid stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, parseCommandArgs, usageError } from "../cli";
import { stripTerminal } from "./escape";
import { EXIT, TERRAFORM_VERSION } from "./exit-codes";
import { SELECTION_OPTIONS, SELECTION_SPEC, selectStacks } from "./stack-selection";
import { findTerraform, TERRAFORM_MISSING } from "./terraform-binary";
import { type CommandRunner, exec, lastLines, mapWithLimit } from "./terraform-runner";

export const VALIDATE_USAGE = `Usage: npm run validate -- [--stacks a,b | --affected-base <ref> | --all] [options]

Runs Terraform ${TERRAFORM_VERSION}'s own checks for each selected Träger stack in cdktf.out/stacks/<id> (run
npm run synth first): terraform init -backend=false (no state, no credentials) and terraform
validate -json. Prints each diagnostic as "<stack>: <file>[:line]: <summary>" (warnings marked).

Terraform downloads the providers from registry.terraform.io. Where it cannot (no network, as on
the development machines), the command says so in one line and exits 5: point TF_CLI_CONFIG_FILE at
a CLI configuration with a provider_installation filesystem_mirror or network_mirror (README,
"Validating with Terraform"), or let the pull-request workflow validate on GitHub's runners.

Options:
${SELECTION_OPTIONS}
  --parallelism <n>     stacks validated at the same time (default: 2)
  --json                print {"valid", "stacks": [{"stack", "valid", "diagnostics"}]} instead
  --help                show this help

Exit codes: 0 every stack valid; 1 a stack is invalid or its init failed; 64 wrong usage;
4 terraform is not on PATH; 5 the providers cannot be downloaded (no registry and no mirror).`;

/** Terraform's messages when it cannot get a provider (registry unreachable, mirror without it). */
const PROVIDERS_UNREACHABLE = /Failed to query available provider packages|Failed to install provider|could not connect to registry|failed to request discovery document|was not\s+found in any of the search locations/;

/** One diagnostic of `terraform validate -json`. */
export interface Diagnostic {
  readonly severity: "error" | "warning";
  readonly summary: string;
  readonly file?: string;
  readonly line?: number;
}

/** The outcome of one stack. */
export interface StackValidation {
  readonly stack: string;
  readonly valid: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** init or validate failed without diagnostics: why. */
  readonly failure?: string;
  readonly providersUnreachable?: boolean;
}

/** Validates one synthesized stack; `run` runs terraform. */
export async function validateStack(stack: string, stacksDir: string, env: NodeJS.ProcessEnv, run: CommandRunner = exec): Promise<StackValidation> {
  const cwd = path.join(stacksDir, stack);
  if (!fs.existsSync(path.join(cwd, "cdk.tf.json"))) return { stack, valid: false, diagnostics: [], failure: `not synthesized (${path.join(cwd, "cdk.tf.json")} missing): run npm run synth first` };
  const init = await run("terraform", ["init", "-backend=false", "-input=false", "-no-color"], cwd, env);
  if (init.code !== 0) {
    const output = `${init.stderr}\n${init.stdout}`;
    return { stack, valid: false, diagnostics: [], failure: `terraform init failed (exit ${init.code}): ${lastLines(init.stderr || init.stdout)}`, providersUnreachable: PROVIDERS_UNREACHABLE.test(output) };
  }
  const validate = await run("terraform", ["validate", "-json", "-no-color"], cwd, env);
  let json: { valid?: unknown; diagnostics?: unknown };
  try {
    json = JSON.parse(validate.stdout) as typeof json;
  } catch {
    return { stack, valid: false, diagnostics: [], failure: `terraform validate failed (exit ${validate.code}): ${lastLines(validate.stderr || validate.stdout)}` };
  }
  const diagnostics = (Array.isArray(json.diagnostics) ? json.diagnostics : []).map((d: unknown): Diagnostic => {
    const o = (d ?? {}) as { severity?: unknown; summary?: unknown; range?: { filename?: unknown; start?: { line?: unknown } } };
    const line = o.range?.start?.line;
    return {
      severity: o.severity === "warning" ? "warning" : "error",
      summary: stripTerminal(typeof o.summary === "string" ? o.summary : "(no summary)"),
      ...(typeof o.range?.filename === "string" ? { file: stripTerminal(o.range.filename) } : {}),
      ...(typeof line === "number" ? { line } : {}),
    };
  });
  const valid = json.valid === true && validate.code === 0 && !diagnostics.some((d) => d.severity === "error");
  return { stack, valid, diagnostics };
}

/** `npm run validate`. Resolves to the exit code. `run` runs terraform (tests pass an in-process stand-in). */
export async function runValidate(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, run: CommandRunner = exec): Promise<number> {
  const args = parseCommandArgs(argv, { ...SELECTION_SPEC, parallelism: { type: "string" }, json: { type: "boolean" } }, VALIDATE_USAGE, io);
  if (typeof args === "number") return args;
  const parallelism = args.values.parallelism === undefined ? 2 : Number(args.values.parallelism);
  if (!Number.isInteger(parallelism) || parallelism < 1) return usageError("--parallelism must be a whole number of at least 1", VALIDATE_USAGE, io);
  if (!findTerraform(env)) {
    io.err(TERRAFORM_MISSING);
    return EXIT.terraformMissing;
  }
  const selection = selectStacks(args.values, io, VALIDATE_USAGE);
  if (typeof selection === "number") return selection;
  const { stacks, stacksDir } = selection;
  if (stacks.length === 0) {
    io.err(`no stack to validate${fs.existsSync(stacksDir) ? "" : " (cdktf.out/stacks is missing: run npm run synth first)"}`);
    return fs.existsSync(stacksDir) ? EXIT.ok : EXIT.failed;
  }
  const results = await mapWithLimit(stacks, parallelism, (stack) => validateStack(stack, stacksDir, env, run));
  if (results.some((r) => r.providersUnreachable)) {
    io.err(`terraform init cannot download the providers (registry.terraform.io unreachable and no provider mirror): set TF_CLI_CONFIG_FILE to a provider mirror (README, "Validating with Terraform") or validate on GitHub's runners`);
    return EXIT.providersUnreachable;
  }
  if (args.values.json) {
    io.out(`${JSON.stringify({ valid: results.every((r) => r.valid), stacks: results }, null, 2)}\n`);
  } else {
    for (const r of results) {
      if (r.failure) io.out(`${r.stack}: ${r.failure}\n`);
      for (const d of r.diagnostics) io.out(`${r.stack}: ${d.file ?? "(configuration)"}${d.line !== undefined ? `:${d.line}` : ""}: ${d.severity === "warning" ? "warning: " : ""}${d.summary}\n`);
    }
    const invalid = results.filter((r) => !r.valid).length;
    io.out(invalid === 0 ? `${stacks.length} stack${stacks.length === 1 ? "" : "s"} valid.\n` : `${invalid} of ${stacks.length} stacks invalid.\n`);
  }
  return results.every((r) => r.valid) ? EXIT.ok : EXIT.failed;
}
