/**
 * `npm run check-removals`: refuses the removal of a tenant file unless, in the base revision, the
 * Träger is "offboarding", the deploy has recorded that offboarding as applied
 * (deployments/offboarding/<id>.json, offboarding-record.ts) and the longest retention of its backups
 * has run out since. Removing a stack destroys nothing by itself: a silently removed Träger would
 * leave orphaned, unmanaged resources and state, and removing it early would lose what it is owed.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type TraegerDeclaration, traegerSchema } from "../declaration";
import { loadDeclarationModule, PROJECT_ROOT, resolveTenantsDir } from "../verbund/load";
import { type CommandIo, git, parseCommandArgs, usageError } from "../cli";
import { OFFBOARDING_RECORD_DIR, offboardingRecordSchema, retentionEnds } from "./offboarding-record";

export const CHECK_REMOVALS_USAGE = `Usage: npm run check-removals -- --base <git-ref> [--today YYYY-MM-DD]

Lists tenant files removed (or renamed) since <git-ref> and refuses each one unless, in <git-ref>:
  1. the Träger has status "decommissioned" (its subscription is in the decommissioned management group),
  2. ${OFFBOARDING_RECORD_DIR}/<id>.json records that the offboarding was deployed
     ({"traeger", "deployedAt": "YYYY-MM-DD", "commit"}; the deploy commits it), and
  3. the longest retention of the Träger's backups (its declaration's backup section, or the
     defaults) has run out since deployedAt.
The offboarding path is in the README ("Offboarding a Träger").

Options:
  --base <ref>          the revision the pull request merges into (e.g. origin/main)
  --today YYYY-MM-DD    the day to judge the retention on (default: today, UTC)
  --help                show this help

Exit codes: 0 no refused removal; 1 a removal is refused; 64 wrong usage.`;

/**
 * `npm run check-removals`. Returns the exit code. `root` is the repository it judges (default: this
 * project; tests pass a clone).
 */
export function runCheckRemovals(argv: readonly string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env, now: Date = new Date(), root: string = PROJECT_ROOT): number {
  const args = parseCommandArgs(argv, { base: { type: "string" }, today: { type: "string" } }, CHECK_REMOVALS_USAGE, io);
  if (typeof args === "number") return args;
  const base = args.values.base;
  if (typeof base !== "string") return usageError("--base <git-ref> is required", CHECK_REMOVALS_USAGE, io);
  const todayArg = args.values.today;
  if (todayArg !== undefined && (typeof todayArg !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(todayArg) || Number.isNaN(Date.parse(`${todayArg}T00:00:00Z`)))) return usageError("--today must be a date YYYY-MM-DD", CHECK_REMOVALS_USAGE, io);
  const today = typeof todayArg === "string" ? todayArg : now.toISOString().slice(0, 10);
  const tenants = path.relative(root, resolveTenantsDir(env, root)).split(path.sep).join("/");
  const diff = git(["diff", "--name-status", "--no-renames", base, "--", tenants], root);
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
      const id = path.basename(file, ".ts");
      const verdict = judge(base, file, id, today, work, root);
      if (verdict.allowed) {
        io.out(`${file}: removal allowed: ${verdict.reason}\n`);
      } else {
        refused += 1;
        io.err(`${file}: removal refused: ${verdict.reason} (README, "Offboarding a Träger")`);
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return refused > 0 ? 1 : 0;
}

function judge(base: string, file: string, id: string, today: string, work: string, root: string): { allowed: boolean; reason: string } {
  const declaration = declarationAt(base, file, work, root);
  const status = declaration?.status ?? (declaration ? "active" : undefined);
  if (status !== "offboarding" && status !== "decommissioned") {
    return {
      allowed: false,
      reason:
        `${id} is ${status === undefined ? "not a readable declaration" : `"${status}"`} in ${base}. Removing a stack destroys nothing; it orphans the Träger's resources and state. ` +
        `First merge and deploy a change that sets status: "offboarding", then remove the file after the retention period`,
    };
  }
  const recordFile = `${OFFBOARDING_RECORD_DIR}/${id}.json`;
  const shown = git(["show", `${base}:${recordFile}`], root);
  if (shown.status !== 0) return { allowed: false, reason: `${id} is offboarding in ${base}, but ${recordFile} is missing there: its offboarding has not been deployed (the deploy commits that record)` };
  let parsed: ReturnType<typeof offboardingRecordSchema.safeParse>;
  try {
    parsed = offboardingRecordSchema.safeParse(JSON.parse(shown.stdout));
  } catch {
    return { allowed: false, reason: `${recordFile} in ${base} is not JSON` };
  }
  if (!parsed.success || parsed.data.traeger !== id) return { allowed: false, reason: `${recordFile} in ${base} is not a valid offboarding record (${parsed.success ? `it names ${parsed.data.traeger}` : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})` };
  const { date, longest } = retentionEnds(parsed.data.deployedAt, declaration?.backup?.retention);
  if (today < date) return { allowed: false, reason: `${id}'s offboarding was deployed on ${parsed.data.deployedAt}; its longest retention, ${longest}, runs until ${date}` };
  if (status === "offboarding") {
    return {
      allowed: false,
      reason: `${id}'s longest retention, ${longest}, ended on ${date}, but it is still "offboarding" in ${base}: first merge and deploy status: "decommissioned" (its subscription moves to the decommissioned management group instead of being cancelled), then remove the file`,
    };
  }
  return { allowed: true, reason: `${id} was offboarded on ${parsed.data.deployedAt} (commit ${parsed.data.commit.slice(0, 12)}) and its longest retention, ${longest}, ended on ${date}.` };
}

/** The declaration a file had at a revision, or undefined when it cannot be read there. */
function declarationAt(revision: string, file: string, work: string, root: string): TraegerDeclaration | undefined {
  const shown = git(["show", `${revision}:${file}`], root);
  if (shown.status !== 0) return undefined;
  const copy = path.join(work, path.basename(file));
  fs.writeFileSync(copy, shown.stdout);
  const loaded = loadDeclarationModule(copy);
  if (!("value" in loaded)) return undefined;
  const parsed = traegerSchema.safeParse(loaded.value);
  return parsed.success ? (parsed.data as TraegerDeclaration) : undefined;
}
