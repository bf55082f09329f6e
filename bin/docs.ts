/**
 * `npm run docs`: regenerates the documents generated from the Verbund model (backup plans).
 * `npm run docs -- --check` changes nothing and exits 1 when a generated document is stale.
 */
import { type CommandIo, parseCommandArgs } from "../lib/cli";
import { formatProblem } from "../lib/problems";
import { PROJECT_ROOT } from "../lib/project-root";

const USAGE = `Usage: npm run docs [-- --check]

Regenerates the documents generated from tenants/*.ts, verbund.ts, lib/ and
.github/traeger-reviewers.json: docs/verbund.md, per Träger the Trägerblatt docs/traeger/<id>.md and
the Datensicherungsplan docs/backup/<id>.md, their SVG pictures (docs/img), docs/policies.md,
docs/identities.md, .github/CODEOWNERS and .github/environments.json.
  --check   change nothing; exit 1 if a generated document is stale or orphaned
  --help    show this help

Exit codes: 0 written (or up to date); 1 stale, or the Verbund does not validate; 64 wrong usage.`;

const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };

function main(argv: readonly string[]): number {
  const args = parseCommandArgs(argv, { check: { type: "boolean" } }, USAGE, io);
  if (typeof args === "number") return args;
  const check = args.values.check === true;
  // The model and the generators are loaded only when there is something to generate (not for --help).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadVerbund } = require("../lib/verbund") as typeof import("../lib/verbund");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { checkReviewers, compareDocs, generateDocs, loadReviewers, writeDocs } = require("../lib/docs") as typeof import("../lib/docs");
  const { verbund, problems } = loadVerbund();
  if (!verbund) {
    for (const problem of problems) console.error(formatProblem(problem));
    console.error(`✖ ${problems.length} problem${problems.length === 1 ? "" : "s"} found; no document was written.`);
    return 1;
  }
  const { reviewers, problems: reviewerProblems } = loadReviewers(PROJECT_ROOT);
  const allReviewerProblems = reviewers ? checkReviewers(verbund.model, reviewers) : reviewerProblems;
  if (!reviewers || allReviewerProblems.length > 0) {
    for (const line of allReviewerProblems) console.error(line);
    console.error(`✖ ${allReviewerProblems.length} problem${allReviewerProblems.length === 1 ? "" : "s"} found; no document was written.`);
    return 1;
  }
  const docs = generateDocs(verbund.model, reviewers);
  if (check) {
    const { stale, orphaned } = compareDocs(docs, PROJECT_ROOT);
    for (const file of stale) console.error(`stale: ${file} (run npm run docs)`);
    for (const file of orphaned) console.error(`orphaned: ${file} (no Träger generates it any more; run npm run docs)`);
    if (stale.length + orphaned.length > 0) return 1;
    console.log(`${docs.size} generated documents are up to date.`);
    return 0;
  }
  const { stale, orphaned } = writeDocs(docs, PROJECT_ROOT);
  for (const file of stale) console.log(`wrote ${file}`);
  for (const file of orphaned) console.log(`removed ${file}`);
  console.log(`${docs.size} generated documents, ${stale.length + orphaned.length} changed.`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
