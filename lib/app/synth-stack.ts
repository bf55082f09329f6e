/**
 * Synthesizes one stack the way cdktf's App.synth does for each of its stacks (prepare, synthesize
 * into the output folder, validate; lib/stacks/stack-json.ts writes the JSON), then checks the written Terraform JSON: the policy rules, the
 * references, and that no unresolved token reached it. Shared by the main process and the workers.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type App, Manifest, type TerraformStack } from "cdktf";
import { checkStackJson, type PolicyViolation, type StackFacts } from "../policies";
import { POLICY_RULES, type PolicyRule } from "../policies/rules";
import { synthesizeStackJson } from "../stacks/stack-json";

/** One stack, synthesized and checked. */
export interface StackOutput {
  readonly id: string;
  /** The exact text of its cdk.tf.json. */
  readonly text: string;
  readonly resourceCount: number;
  /** Its entry in cdktf's manifest.json. */
  readonly manifest: Record<string, unknown>;
  readonly violations: readonly PolicyViolation[];
  /** Other reasons the synth fails (references to other stacks, unresolved tokens). */
  readonly problems: readonly string[];
}

/** cdktf's manifest of an output folder; stacks are added as they are synthesized. */
export function createManifest(app: App, outdir: string): Manifest {
  return new Manifest(app.manifest.version, outdir, false);
}

/** Synthesizes `stack` (in `app`) into `manifest`'s folder and checks what it wrote. */
export function synthesizeStack(app: App, stack: TerraformStack, manifest: Manifest, facts: StackFacts, rules: readonly PolicyRule[] = POLICY_RULES): StackOutput {
  stack.prepareStack();
  const session = { outdir: manifest.outdir, manifest, skipValidation: false };
  const written = synthesizeStackJson(stack, session);
  if (written === undefined) stack.synthesizer.synthesize(session);
  const validationErrors = app.node.validate();
  if (validationErrors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${validationErrors.join("\n  ")}`);
  const id = stack.node.id;
  const entry = manifest.stacks[id]!;
  const text = written ?? fs.readFileSync(path.join(manifest.outdir, entry.synthesizedStackPath), "utf8");
  return checkStackOutput(id, text, JSON.parse(JSON.stringify(entry)) as Record<string, unknown>, facts, rules);
}

/** Checks a stack's written Terraform JSON: policies, references, unresolved tokens. */
export function checkStackOutput(id: string, text: string, manifest: Record<string, unknown>, facts: StackFacts, rules: readonly PolicyRule[] = POLICY_RULES): StackOutput {
  const json = JSON.parse(text) as StackJson;
  const problems = undeclaredReferences(json, text).map((reference) => `stack ${id} refers to ${reference}, which it does not declare${rules === POLICY_RULES ? ": Träger stacks must not reference each other" : ""}`);
  if (UNRESOLVED_TOKEN.test(text)) problems.push(`stack ${id} holds an unresolved cdktf token: ${UNRESOLVED_TOKEN.exec(text)![0]}`);
  const resourceCount = Object.values(json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
  return { id, text, resourceCount, manifest, violations: checkStackJson(id, json, facts, rules), problems };
}

interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/** cdktf's encodings of a token that was never resolved: strings, lists, maps (`${TfToken[TOKEN.12]}`) and numbers. */
const UNRESOLVED_TOKEN = /[$#&]\{TfToken\[[^\]]*\]\}|-\d\.\d+e\+29\d/;
const REFERENCE = /\$\{[^}]*/g;
const ADDRESS = /\b(data\.)?((?:azurerm|azuread|random|time)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/**
 * References inside `${…}` expressions to resources or data sources the stack does not declare.
 * cdktf would turn a reference to another stack's resource into remote state in its preparing pass,
 * which TraegerStack skips; this check makes such a reference fail the synth instead. Its limit:
 * every Träger stack has the same construct paths, so a reference to another stack's resource whose
 * path this stack also has resolves to this stack's own resource and cannot be told apart here.
 * Constructs only ever receive their own stack's objects (TraegerStack passes them), which is what
 * keeps that from happening.
 */
export function undeclaredReferences(json: StackJson, text?: string): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const missing = new Set<string>();
  for (const expression of (text ?? JSON.stringify(json)).match(REFERENCE) ?? []) {
    for (const [, data, type, name] of expression.matchAll(ADDRESS)) {
      const address = `${data ?? ""}${type}.${name}`;
      if (!declared.has(address)) missing.add(address);
    }
  }
  return [...missing].sort();
}
