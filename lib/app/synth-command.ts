import * as fs from "node:fs";
import * as path from "node:path";
import { formatProblem, type Problem } from "../problems";
import { displayPath, loadVerbund, PLATFORM_STACK_ID, PROJECT_ROOT, resolveTenantsDir } from "../verbund";
import { PLACEHOLDER_HINT } from "../verbund/validate";
import { formatViolation } from "../policies";
import { resolveCacheDir } from "./cache";
import { PolicyViolationError, startWorkerPool, synthesizeVerbund } from "./synthesize";
import { commitStaging, createStaging, discardStaging, recoverOutput } from "./output";
import { stackUnits } from "./units";

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

/** How many declaration files a folder holds (0 when it cannot be read): a cheap guess of the stack count. */
function countDeclarationFiles(dir: string): number {
  try {
    return fs.readdirSync(dir).filter((name) => name.endsWith(".ts")).length;
  } catch {
    return 0;
  }
}

/** KSM_SYNTH_WORKERS: how many threads build stacks (1: this one only); unset: one per core when there are enough stacks. */
export function resolveWorkers(env: NodeJS.ProcessEnv): number | undefined {
  const configured = Number.parseInt(env.KSM_SYNTH_WORKERS ?? "", 10);
  return Number.isInteger(configured) && configured >= 1 ? configured : undefined;
}

/**
 * The main job: validate everything, synthesize every stack (the Träger's and the platform's), and only then put the output in
 * place. Returns the exit code: 0 on success, 1 when anything is wrong (and nothing was written).
 */
export function runSynth(io: SynthCommandIo): number {
  const started = process.hrtime.bigint();
  const outdir = resolveOutdir(io.env, io.cwd);
  for (const repaired of recoverOutput(outdir)) io.err(`warning: ${repaired}`);
  const workers = resolveWorkers(io.env);
  const cacheDir = resolveCacheDir(io.env);
  // Worker threads load cdktf while this thread loads the model; stopped again if the cache has most stacks.
  const pool = startWorkerPool(countDeclarationFiles(resolveTenantsDir(io.env)), workers);
  const { verbund, problems } = loadVerbund({ env: io.env });
  if (!verbund) {
    pool?.discard();
    for (const problem of problems) io.err(formatProblem(problem));
    io.err(`✖ ${problems.length} problem${problems.length === 1 ? "" : "s"} found; nothing was synthesized and ${displayPath(outdir)} is unchanged.`);
    return 1;
  }

  const staging = createStaging(outdir);
  let stacks;
  try {
    stacks = synthesizeVerbund(verbund.model, staging, { cacheDir, workers, pool, warn: (line) => io.err(`warning: ${line}`) });
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
  try {
    commitStaging(staging, outdir, stackUnits(verbund.model).map((unit) => unit.id), { onWait: (message) => io.err(message) });
  } catch (error) {
    discardStaging(staging);
    io.err(`✖ ${error instanceof Error ? error.message : String(error)}; ${displayPath(outdir)} is unchanged.`);
    return 1;
  }

  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  io.out(`Synthesized ${stacks.length} Träger stack${stacks.length === 1 ? "" : "s"} of ${verbund.model.name} into ${displayPath(outdir)}/stacks (${seconds.toFixed(2)} s):`);
  const idWidth = Math.max(...stacks.map((s) => s.id.length));
  const nameWidth = Math.max(...stacks.map((s) => s.name.length));
  for (const s of stacks) {
    const flags = [
      ...(s.status === "offboarding" ? ["⏸ offboarding: desktops, access and hub peering removed, data kept"] : []),
      ...(s.status === "decommissioned" ? ["⏹ decommissioned: subscription in the decommissioned management group, data kept"] : []),
      ...(s.subscriptionIsPlaceholder ? ["⚠ placeholder subscription"] : []),
    ];
    const flag = flags.map((f) => `  ${f}`).join("");
    io.out(`  ${s.id.padEnd(idWidth)}  ${s.name.padEnd(nameWidth)}  ${s.addressSpace.padEnd(18)} ${String(s.resourceCount).padStart(3)} resources${flag}`);
  }
  io.out(`each with its subscription stack (<id>--subscription): the subscription vended or adopted, its management group and budget`);
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
