/** Documentation generated from the model that builds the stacks, so it can never disagree with them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT, type VerbundModel } from "../verbund";
import { policyDocFactsOf, renderPolicyList } from "../policies";
import { backupPlanPath, renderBackupPlan } from "./backup-plan";
import { CODEOWNERS_FILE, ENVIRONMENTS_FILE, loadReviewers, renderCodeowners, renderEnvironments, type Reviewers } from "./github";
import { renderIdentitiesDoc } from "./identities";
import { POOL_MAP_PATH, renderPoolMap, renderTimeline, timelinePath } from "./pictures";
import { renderTraegerPage, renderVerbundDoc, traegerPagePath } from "./verbund-doc";

export { backupPlanPath, renderBackupPlan } from "./backup-plan";
export { renderIdentitiesDoc } from "./identities";
export { renderTraegerPage, renderVerbundDoc, traegerPagePath } from "./verbund-doc";
export { checkReviewers, loadReviewers, type Reviewers } from "./github";
export { POOL_MAP_PATH, renderPoolMap, renderTimeline, timelinePath } from "./pictures";

/** Folders whose every file is generated: a file there that is not generated any more is stale. */
export const GENERATED_FOLDERS = ["docs/backup", "docs/traeger", "docs/img"] as const;

/**
 * Every generated document: path relative to the project root → content. `reviewers` defaults to the
 * checked-in .github/traeger-reviewers.json (npm run docs reads and checks it first).
 */
export function generateDocs(model: VerbundModel, reviewers: Reviewers = checkedInReviewers()): Map<string, string> {
  const docs = new Map<string, string>();
  docs.set("docs/verbund.md", renderVerbundDoc(model));
  docs.set(POOL_MAP_PATH, renderPoolMap(model));
  for (const traeger of model.traeger) {
    docs.set(backupPlanPath(traeger.id), renderBackupPlan(traeger, model));
    docs.set(traegerPagePath(traeger.id), renderTraegerPage(traeger, model));
    docs.set(timelinePath(traeger.id), renderTimeline(traeger));
  }
  docs.set("docs/policies.md", renderPolicyList(policyDocFactsOf(model)));
  docs.set(CODEOWNERS_FILE, renderCodeowners(model, reviewers));
  docs.set(ENVIRONMENTS_FILE, renderEnvironments(model, reviewers));
  docs.set("docs/identities.md", renderIdentitiesDoc(model));
  return docs;
}

function checkedInReviewers(): Reviewers {
  const { reviewers, problems } = loadReviewers(PROJECT_ROOT);
  if (!reviewers) throw new Error(problems.join("\n"));
  return reviewers;
}

/** How the files on disk differ from what would be generated. */
export interface DocsDrift {
  /** Generated files whose content on disk differs or that are missing. */
  readonly stale: readonly string[];
  /** Files in generated folders that would not be generated any more. */
  readonly orphaned: readonly string[];
}

/** Compares generated documents with the files under `root`. */
export function compareDocs(docs: ReadonlyMap<string, string>, root: string): DocsDrift {
  const stale = [...docs].filter(([file, content]) => readOrUndefined(path.join(root, file)) !== content).map(([file]) => file);
  const orphaned = GENERATED_FOLDERS.flatMap((folder) => listFiles(root, folder)).filter((file) => !docs.has(file));
  return { stale, orphaned };
}

/** Writes the documents that differ and removes orphaned ones; returns what it changed. */
export function writeDocs(docs: ReadonlyMap<string, string>, root: string): DocsDrift {
  const drift = compareDocs(docs, root);
  for (const file of drift.stale) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), docs.get(file) ?? "");
  }
  for (const file of drift.orphaned) fs.rmSync(path.join(root, file));
  return drift;
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function listFiles(root: string, folder: string): string[] {
  const dir = path.join(root, folder);
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((name) => name.endsWith(".md") || name.endsWith(".svg")).map((name) => `${folder}/${name}`);
}
