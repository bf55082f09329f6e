import * as path from "node:path";
import { formatProblem, type Problem } from "../problems";
import { displayPath, loadVerbund, PLATFORM_STACK_ID, PROJECT_ROOT } from "../verbund";
import { PLACEHOLDER_HINT } from "../verbund/validate";
import { formatViolation } from "../policies/aspect";
import { PolicyViolationError, synthesizeVerbund } from "./build";
import { commitStaging, createStaging, discardStaging } from "./output";

/** Where the synth command writes and prints; injectable so tests run it in-process. */
export interface SynthCommandIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Output folder: CDKTF_OUTDIR when the cdktf CLI runs the app, else `cdktf.out` in the project. */
export function resolveOutdir(env: NodeJS.ProcessEnv, cwd: string): string {
  return env.CDKTF_OUTDIR ? path.resolve(cwd, env.CDKTF_OUTDIR) : path.join(PROJECT_ROOT, "cdktf.out");
}

/**
 * The main job: validate everything, synthesize every Träger stack, and only then put the output in
 * place. Returns the exit code: 0 on success, 1 when anything is wrong (and nothing was written).
 */
export function runSynth(io: SynthCommandIo): number {
  const started = process.hrtime.bigint();
  const outdir = resolveOutdir(io.env, io.cwd);
  const { verbund, problems } = loadVerbund({ env: io.env });
  if (!verbund) {
    for (const problem of problems) io.err(formatProblem(problem));
    io.err(`✖ ${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing was synthesized and ${displayPath(outdir)} is unchanged.`);
    return 1;
  }

  const staging = createStaging(outdir);
  let stacks;
  try {
    stacks = synthesizeVerbund(verbund.model, staging);
  } catch (error) {
    discardStaging(staging);
    if (error instanceof PolicyViolationError) {
      for (const violation of error.violations) io.err(formatViolation(violation));
      io.err(`✖ ${error.violations.length} policy violation${error.violations.length === 1 ? "" : "s"} (npm run policies lists the rules); nothing was written and ${displayPath(outdir)} is unchanged.`);
    } else {
      io.err(`✖ synth failed: ${error instanceof Error ? error.message : String(error)}`);
      io.err(`nothing was written; ${displayPath(outdir)} is unchanged.`);
    }
    return 1;
  }
  commitStaging(staging, outdir, [...stacks.map((s) => s.id), PLATFORM_STACK_ID]);

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  io.out(`Synthesized ${stacks.length} Träger stack${stacks.length === 1 ? "" : "s"} of ${verbund.model.name} into ${displayPath(outdir)}/stacks (${seconds.toFixed(2)} s):`);
  const idWidth = Math.max(...stacks.map((s) => s.id.length));
  const nameWidth = Math.max(...stacks.map((s) => s.name.length));
  for (const s of stacks) {
    const flags = [
      ...(s.status === "offboarding" ? ["⏸ offboarding: desktops, access and hub peering removed, data kept"] : []),
      ...(s.subscriptionIsPlaceholder ? ["⚠ placeholder subscription"] : []),
    ];
    const flag = flags.map((f) => `  ${f}`).join("");
    io.out(`  ${s.id.padEnd(idWidth)}  ${s.name.padEnd(nameWidth)}  ${s.addressSpace.padEnd(18)} ${String(s.resourceCount).padStart(3)} resources${flag}`);
  }
  io.out(`and the platform stack (${displayPath(outdir)}/stacks/${PLATFORM_STACK_ID}): state storage, identities, shared services (docs/adoption.md)`);
  // Warnings go to stdout: the cdktf CLI prints everything an app writes to stderr as [ERROR].
  for (const line of warningLines(verbund.warnings)) io.out(line);
  return 0;
}

/**
 * Warning lines: placeholder ids folded into one line per file ("verbund.ts: 5 placeholder ids:
 * entraTenantId, …"), every other warning one line each.
 */
export function warningLines(warnings: readonly Problem[]): string[] {
  const placeholders = new Map<string, string[]>();
  const lines: string[] = [];
  for (const warning of warnings) {
    if (warning.message.startsWith(PLACEHOLDER_HINT)) placeholders.set(warning.file, [...(placeholders.get(warning.file) ?? []), warning.field]);
    else lines.push(`warning: ${formatProblem(warning)}`);
  }
  const folded = [...placeholders].map(([file, fields]) => `warning: ${file}: ${fields.length} placeholder id${fields.length === 1 ? "" : "s"}: ${fields.join(", ")} (replace before cdktf deploy)`);
  return [...folded, ...lines];
}
