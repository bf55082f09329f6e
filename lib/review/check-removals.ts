/**
 * `npm run check-removals`: refuses the removal of a tenant file unless the Träger was first set to
 * status "offboarding" in the base revision (a merged change). Removing a stack from the app destroys
 * nothing by itself: a silently removed Träger would leave orphaned, unmanaged resources and state.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { traegerSchema } from "../declaration";
import { loadDeclarationModule, PROJECT_ROOT, resolveTenantsDir } from "../verbund/load";
import { type CommandIo, git, parseCommandArgs, usageError } from "../cli";

export const CHECK_REMOVALS_USAGE = `Usage: npm run check-removals -- --base <git-ref>

Lists tenant files removed (or renamed) since <git-ref> and refuses each one whose Träger was not set
to status "offboarding" in <git-ref>. The offboarding path is in the README ("Offboarding a Träger").

Exit codes: 0 no refused removal; 1 a removal is refused; 64 wrong usage.`;

/** `npm run check-removals`. Returns the exit code. */
export function runCheckRemovals(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): number {
  const args = parseCommandArgs(argv, { base: { type: "string" } }, CHECK_REMOVALS_USAGE, io);
  if (typeof args === "number") return args;
  const base = args.values.base;
  if (typeof base !== "string") return usageError("--base <git-ref> is required", CHECK_REMOVALS_USAGE, io);
  const tenants = path.relative(PROJECT_ROOT, resolveTenantsDir(env)).split(path.sep).join("/");
  const diff = git(["diff", "--name-status", "--no-renames", base, "--", tenants]);
  if (diff.status !== 0) {
    io.err(`cannot compare with ${base}: ${diff.stderr.trim().split("\n").pop()}`);
    return 1;
  }
  const removed = diff.stdout
    .split("\n")
    .map((line) => line.split("\t"))
    .filter(([status, file]) => status === "D" && file?.endsWith(".ts") && !file.endsWith(".d.ts"))
    .map(([, file]) => file!);
  if (removed.length === 0) {
    io.out(`No Träger declaration removed since ${base}.\n`);
    return 0;
  }

  let refused = 0;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-removals-"));
  try {
    for (const file of removed) {
      const status = statusAt(base, file, work);
      const id = path.basename(file, ".ts");
      if (status === "offboarding") {
        io.out(`${file}: removal allowed: ${id} was offboarding in ${base}.\n`);
        continue;
      }
      refused += 1;
      io.err(
        `${file}: removed while ${id} is ${status === undefined ? "not a readable declaration" : `"${status}"`} in ${base}. Removing a stack destroys nothing; ` +
          `it orphans the Träger's resources and state. First merge and deploy a change that sets status: "offboarding", ` +
          `then remove the file after the retention period (README, "Offboarding a Träger").`,
      );
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return refused > 0 ? 1 : 0;
}

/** The status a declaration had at a revision, or undefined when it cannot be read there. */
function statusAt(revision: string, file: string, work: string): string | undefined {
  const shown = git(["show", `${revision}:${file}`]);
  if (shown.status !== 0) return undefined;
  const copy = path.join(work, path.basename(file));
  fs.writeFileSync(copy, shown.stdout);
  const loaded = loadDeclarationModule(copy);
  if (!("value" in loaded)) return undefined;
  const parsed = traegerSchema.safeParse(loaded.value);
  return parsed.success ? (parsed.data.status ?? "active") : undefined;
}
