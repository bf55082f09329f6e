import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PLATFORM_STACK_ID, subscriptionStackId } from "../../lib/verbund";
import { loadModel, synthesizeCached } from "../helpers/synth";

/** A synthesized stack's whole Terraform JSON (resources, data sources, providers, outputs). */
export type StackDocument = Record<string, unknown> & {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
};

/** The fixture Verbund of Träger at the limits (longest id, long names with umlauts and "–", AD join, personal pools). */
export const LIMITS_ENV = {
  TENANTS_DIR: path.join(__dirname, "..", "fixtures", "limits", "tenants"),
  VERBUND_CONFIG: path.join(__dirname, "..", "fixtures", "limits", "verbund.ts"),
};

/** Synthesizes a Verbund (the checked-in one when env is empty) and returns each stack's JSON by id. */
export function synthDocuments(env: NodeJS.ProcessEnv = {}, withPlatform = false): Map<string, StackDocument> {
  const model = loadModel(env);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-conformance-"));
  try {
    synthesizeCached(model, outdir);
    const stacks = new Map<string, StackDocument>();
    for (const t of model.traeger) stacks.set(t.id, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", t.id, "cdk.tf.json"), "utf8")) as StackDocument);
    // The platform stack (lib/stacks/platform-stack.ts) and the subscription stacks are synthesized beside the Träger stacks.
    if (withPlatform) for (const t of model.traeger) stacks.set(subscriptionStackId(t.id), JSON.parse(fs.readFileSync(path.join(outdir, "stacks", subscriptionStackId(t.id), "cdk.tf.json"), "utf8")) as StackDocument);
    if (withPlatform) stacks.set(PLATFORM_STACK_ID, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", PLATFORM_STACK_ID, "cdk.tf.json"), "utf8")) as StackDocument);
    return stacks;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * Both Verbunds the harness checks, labelled: "verbund/<id>" and "limits/<id>"; the Träger stacks, and
 * with `withPlatform` the platform stack and the subscription stacks too ("verbund/platform", "limits/<id>--subscription").
 */
export function allDocuments(withPlatform = false): [label: string, document: StackDocument][] {
  const labelled: [string, StackDocument][] = [];
  for (const [id, doc] of synthDocuments({}, withPlatform)) labelled.push([`verbund/${id}`, doc]);
  for (const [id, doc] of synthDocuments(LIMITS_ENV, withPlatform)) labelled.push([`limits/${id}`, doc]);
  return labelled;
}

/** Every resource and data source of a stack as [type ("data." prefixed for data sources), logical name, config]. */
export function blocksOf(doc: StackDocument): [type: string, name: string, config: Record<string, unknown>][] {
  const blocks: [string, string, Record<string, unknown>][] = [];
  for (const [type, byName] of Object.entries(doc.resource ?? {})) for (const [name, config] of Object.entries(byName)) blocks.push([type, name, config]);
  for (const [type, byName] of Object.entries(doc.data ?? {})) for (const [name, config] of Object.entries(byName)) blocks.push([`data.${type}`, name, config]);
  return blocks;
}
