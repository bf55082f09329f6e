/**
 * `npm run docs`: regenerates the documents generated from the Verbund model (backup plans).
 * `npm run docs -- --check` changes nothing and exits 1 when a generated document is stale.
 */
import { parseArgs } from "node:util";
import { checkReviewers, compareDocs, generateDocs, loadReviewers, writeDocs } from "../lib/docs";
import { formatProblem } from "../lib/problems";
import { loadVerbund, PROJECT_ROOT } from "../lib/verbund";

const USAGE = `Usage: npm run docs [-- --check]

Regenerates docs/backup/<id>.md (Datensicherungspläne), docs/traeger/<id>.md, docs/verbund.md,
docs/policies.md, docs/identities.md, .github/CODEOWNERS and .github/environments.json from
tenants/*.ts, verbund.ts, lib/ and .github/traeger-reviewers.json.
  --check   change nothing; exit 1 if a generated document is stale or orphaned
  --help    show this help`;

function main(argv: readonly string[]): number {
  let check = false;
  try {
    const { values } = parseArgs({ args: [...argv], options: { check: { type: "boolean" }, help: { type: "boolean" } }, strict: true });
    if (values.help) {
      console.log(USAGE);
      return 0;
    }
    check = values.check === true;
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
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
