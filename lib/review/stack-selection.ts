/** Which synthesized stacks a Terraform command runs for: --stacks, --affected-base, --all, --shard. */
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, type ParsedArgs, usageError } from "../cli";
import { PROJECT_ROOT } from "../verbund/load";
import { runAffected } from "./affected";

/** The options every stack-selecting command takes (for parseCommandArgs). */
export const SELECTION_SPEC = {
  stacks: { type: "string" },
  "stacks-dir": { type: "string" },
  "affected-base": { type: "string" },
  all: { type: "boolean" },
  shard: { type: "string" },
} as const;

/** Their lines in --help. */
export const SELECTION_OPTIONS = `  --stacks a,b          these stacks
  --affected-base <ref> the stacks npm run affected -- --base <ref> names (changed and added)
  --all                 every synthesized stack (the default)
  --shard i/n           only the i-th of n equal shares of the selected stacks (1-based)
  --stacks-dir <dir>    the synthesized stacks (default: cdktf.out/stacks)`;

/** Picks the i-th of n shares (1-based) of a sorted list. */
export function shard<T>(items: readonly T[], spec: string): T[] {
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  const i = Number(match?.[1]);
  const n = Number(match?.[2]);
  if (!match || n < 1 || i < 1 || i > n) throw new Error(`--shard must be i/n with 1 ≤ i ≤ n (got ${spec})`);
  return items.filter((_, index) => index % n === i - 1);
}

/** The selected stacks (sorted) and where they are synthesized, or the exit code after an error. */
export function selectStacks(values: ParsedArgs["values"], io: CommandIo, usage: string): { stacks: string[]; stacksDir: string } | number {
  const stacksDir = path.resolve(io.cwd, typeof values["stacks-dir"] === "string" ? values["stacks-dir"] : path.join(PROJECT_ROOT, "cdktf.out", "stacks"));
  let stacks: string[];
  if (typeof values.stacks === "string") {
    stacks = values.stacks.split(",").map((s) => s.trim()).filter(Boolean).sort();
    const bad = stacks.find((s) => !/^[a-z0-9][a-z0-9-]*$/.test(s));
    if (bad !== undefined) return usageError(`--stacks: "${bad}" is not a stack id (lowercase letters, digits and -)`, usage, io);
  } else if (typeof values["affected-base"] === "string") {
    let json = "";
    const code = runAffected(["--base", values["affected-base"], "--json"], { cwd: io.cwd, out: (t) => (json += t), err: io.err });
    if (code !== 0) return 1;
    const affected = JSON.parse(json) as { changed: string[]; added: string[] };
    stacks = [...affected.changed, ...affected.added].sort();
  } else {
    stacks = fs.existsSync(stacksDir) ? fs.readdirSync(stacksDir).filter((s) => fs.existsSync(path.join(stacksDir, s, "cdk.tf.json"))).sort() : [];
  }
  if (typeof values.shard === "string") {
    try {
      stacks = shard(stacks, values.shard);
    } catch (error) {
      return usageError((error as Error).message, usage, io);
    }
  }
  return { stacks, stacksDir };
}
