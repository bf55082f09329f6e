/**
 * Which Träger stacks a change affects: synthesize the base revision and the working tree (or take
 * two synthesized folders) and compare each stack's Terraform JSON. A change to one tenant file yields
 * that Träger; a change under lib/ yields every stack whose output changed.
 *
 * When the code (lib/, main.ts, package.json, package-lock.json) is the same in both, a stack's output
 * depends only on its inputs (the synth cache's key, lib/app/cache.ts): stacks with equal keys are
 * unchanged without synthesizing them, and only the stacks whose inputs differ are synthesized (from
 * the cache where it has them) and compared. Otherwise both revisions are synthesized in full.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { codeHash, resolveCacheDir } from "../app/cache";
import { PolicyViolationError, synthesizeVerbund, unitCacheKey } from "../app/synthesize";
import { stackUnits } from "../app/units";
import { formatViolation } from "../policies";
import { formatProblem } from "../problems";
import { loadVerbund, type VerbundModel } from "../verbund";
import { PROJECT_ROOT } from "../verbund/load";
import { type CommandIo, EXIT_USAGE, git, parseCommandArgs } from "../cli";

/** Paths whose content is "the code" for the synth cache. */
/** This checkout's TypeScript loader (lib/ts-register.js): it runs the base revision too, which may predate it. */
const TS_REGISTER = path.join(__dirname, "..", "ts-register.js");
const CODE_PATHS = ["lib", "main.ts", "package.json", "package-lock.json"];

/**
 * The affected stacks without synthesizing unchanged ones, when base and working tree run the same code
 * (see the top of this file). Undefined when this shortcut does not apply; a number is an exit code.
 */
function affectedByInputs(base: string, io: CommandIo, work: string, env: NodeJS.ProcessEnv): AffectedStacks | number | undefined {
  if (env.TENANTS_DIR || env.VERBUND_CONFIG) return undefined;
  const sameCode = git(["diff", "--quiet", base, "--", ...CODE_PATHS]);
  const untracked = git(["ls-files", "--others", "--exclude-standard", "--", ...CODE_PATHS]);
  if (sameCode.status !== 0 || untracked.status !== 0 || untracked.stdout.trim() !== "") return undefined;
  const baseInputs = path.join(work, "base-inputs");
  fs.mkdirSync(baseInputs);
  const archive = spawnSync("git", ["archive", "--format=tar", base, "tenants", "verbund.ts"], { cwd: PROJECT_ROOT, maxBuffer: 1 << 30 });
  if (archive.status !== 0 || spawnSync("tar", ["-x", "-C", baseInputs], { input: archive.stdout }).status !== 0) return undefined;

  const models: VerbundModel[] = [];
  for (const [label, options] of [
    [`base revision ${base}`, { tenantsDir: path.join(baseInputs, "tenants"), verbundFile: path.join(baseInputs, "verbund.ts") }],
    ["working tree", {}],
  ] as const) {
    const { verbund, problems } = loadVerbund(options);
    if (!verbund) {
      io.err(`synth of the ${label} failed:`);
      for (const problem of problems) io.err(`  ${formatProblem(problem)}`);
      return 1;
    }
    // The base revision's files lie elsewhere; the keys hold only their names (lib/app/units.ts).
    models.push(verbund.model);
  }
  const [baseModel, headModel] = models as [VerbundModel, VerbundModel];
  const code = codeHash();
  const keysOf = (model: VerbundModel) => new Map(stackUnits(model).map((unit) => [unit.id, unitCacheKey(code, unit)]));
  const baseKeys = keysOf(baseModel);
  const headKeys = keysOf(headModel);
  const differing = new Set([...headKeys].filter(([id, key]) => baseKeys.has(id) && baseKeys.get(id) !== key).map(([id]) => id));
  const cacheDir = resolveCacheDir(process.env);
  const outs: string[] = [];
  for (const [label, model] of [[`base revision ${base}`, baseModel], ["working tree", headModel]] as const) {
    const out = path.join(work, `${outs.length === 0 ? "base" : "head"}-out`);
    outs.push(out);
    try {
      synthesizeVerbund(model, out, { cacheDir, only: differing });
    } catch (error) {
      io.err(`synth of the ${label} failed:`);
      const lines = error instanceof PolicyViolationError ? error.violations.map(formatViolation) : String(error instanceof Error ? error.message : error).split("\n");
      for (const line of lines) io.err(`  ${line}`);
      return 1;
    }
  }
  const compared = compareSynthOutputs(outs[0]!, outs[1]!);
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    changed: compared.changed,
    added: sorted([...headKeys.keys()].filter((id) => !baseKeys.has(id))),
    removed: sorted([...baseKeys.keys()].filter((id) => !headKeys.has(id))),
  };
}

/** Stacks that differ between two synth outputs. */
export interface AffectedStacks {
  readonly changed: readonly string[];
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

/** Compares the stacks of two synth output folders (each with stacks/<id>/cdk.tf.json). */
export function compareSynthOutputs(baseOut: string, headOut: string): AffectedStacks {
  const stacksOf = (dir: string) => {
    const stacks = path.join(dir, "stacks");
    return new Map(
      (fs.existsSync(stacks) ? fs.readdirSync(stacks) : [])
        .filter((id) => fs.existsSync(path.join(stacks, id, "cdk.tf.json")))
        .map((id) => [id, fs.readFileSync(path.join(stacks, id, "cdk.tf.json"), "utf8")]),
    );
  };
  const base = stacksOf(baseOut);
  const head = stacksOf(headOut);
  const sorted = (ids: Iterable<string>) => [...ids].sort();
  return {
    changed: sorted([...head.keys()].filter((id) => base.has(id) && base.get(id) !== head.get(id))),
    added: sorted([...head.keys()].filter((id) => !base.has(id))),
    removed: sorted([...base.keys()].filter((id) => !head.has(id))),
  };
}

export const AFFECTED_USAGE = `Usage: npm run affected -- --base <git-ref> [--json]
       npm run affected -- --base-out <dir> --head-out <dir> [--json]

Synthesizes the base revision (in a temporary git worktree) and the working tree, compares each
Träger stack's Terraform JSON, and prints the changed, added and removed stacks.

Options:
  --base <ref>        the revision to compare with (e.g. origin/main)
  --base-out <dir>    compare an existing synth output instead of synthesizing the base …
  --head-out <dir>    … with this one
  --json              print {"changed": [...], "added": [...], "removed": [...]} for a CI matrix
  --help              show this help

Exit codes: 0 done (whether or not anything changed); 1 a synth failed; 64 wrong usage.`;

/**
 * `npm run affected`. Returns the exit code. `root` is the repository it compares (default: this
 * project; tests pass a clone, whose code then runs only in the synth processes: the in-process
 * shortcut, which runs this process's code, applies to this project alone).
 */
export function runAffected(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, root: string = PROJECT_ROOT): number {
  const args = parseCommandArgs(argv, { base: { type: "string" }, "base-out": { type: "string" }, "head-out": { type: "string" }, json: { type: "boolean" } }, AFFECTED_USAGE, io);
  if (typeof args === "number") return args;
  const values = args.values as { base?: string; "base-out"?: string; "head-out"?: string; json?: boolean };
  const explicit = values["base-out"] !== undefined || values["head-out"] !== undefined;
  if (explicit ? !(values["base-out"] && values["head-out"]) || values.base : !values.base) {
    io.err("give either --base <ref>, or both --base-out and --head-out");
    io.err(AFFECTED_USAGE);
    return EXIT_USAGE;
  }

  let result: AffectedStacks;
  if (explicit) {
    result = compareSynthOutputs(path.resolve(io.cwd, values["base-out"]!), path.resolve(io.cwd, values["head-out"]!));
  } else {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-affected-"));
    try {
      const fast = root === PROJECT_ROOT ? affectedByInputs(values.base!, io, work, env) : undefined;
      if (typeof fast === "number") return fast;
      if (fast) {
        result = fast;
      } else {
        const baseOut = path.join(work, "base-out");
        const headOut = path.join(work, "head-out");
        const baseTree = path.join(work, "base");
        const added = git(["worktree", "add", "--detach", baseTree, values.base!], root);
        if (added.status !== 0) {
          io.err(`cannot check out ${values.base}: ${added.stderr.trim().split("\n").pop()}`);
          return 1;
        }
        try {
          // The base revision runs with this checkout's dependencies (a revision never commits its own).
          if (!fs.existsSync(path.join(baseTree, "node_modules"))) fs.symlinkSync(path.join(root, "node_modules"), path.join(baseTree, "node_modules"), "dir");
          for (const [label, tree, out] of [["base revision " + values.base, baseTree, baseOut], ["working tree", root, headOut]] as const) {
            const synth = spawnSync(process.execPath, ["-r", TS_REGISTER, "main.ts"], { cwd: tree, env: { ...env, CDKTF_OUTDIR: out }, encoding: "utf8" });
            if (synth.status !== 0) {
              io.err(`synth of the ${label} failed:`);
              for (const line of synth.stderr.trim().split("\n")) io.err(`  ${line}`);
              return 1;
            }
          }
        } finally {
          git(["worktree", "remove", "--force", baseTree], root);
        }
        result = compareSynthOutputs(baseOut, headOut);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }

  if (values.json) {
    io.out(`${JSON.stringify(result)}\n`);
  } else if (result.changed.length + result.added.length + result.removed.length === 0) {
    io.out("No Träger stack changed.\n");
  } else {
    for (const key of ["changed", "added", "removed"] as const) if (result[key].length > 0) io.out(`${key}: ${result[key].join(" ")}\n`);
  }
  return 0;
}
