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
import { mayHoldExpression } from "../stacks/fast-resolve";
import { memoized } from "../stacks/memo";
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

/**
 * Synthesizes `stack` (in `app`) into `manifest`'s folder and checks what it wrote; `onWritten` receives
 * the JSON as built and as written (synthesizeStackJson's tree and data), for a caller that keeps them.
 */
export function synthesizeStack(app: App, stack: TerraformStack, manifest: Manifest, facts: StackFacts, rules: readonly PolicyRule[] = POLICY_RULES, onWritten?: (json: readonly unknown[]) => void): StackOutput {
  stack.prepareStack();
  const session = { outdir: manifest.outdir, manifest, skipValidation: false };
  const expressions: string[] = [];
  const written = synthesizeStackJson(stack, session, (value) => collectExpression(value, expressions));
  if (written === undefined) stack.synthesizer.synthesize(session);
  else onWritten?.([written.tree, written.data]);
  const validationErrors = app.node.validate();
  if (validationErrors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${validationErrors.join("\n  ")}`);
  const id = stack.node.id;
  const entry = manifest.stacks[id]!;
  const text = written?.parts ?? fs.readFileSync(path.join(manifest.outdir, entry.synthesizedStackPath), "utf8");
  return checkStackOutput(id, text, JSON.parse(JSON.stringify(entry)) as Record<string, unknown>, facts, rules, written?.data as StackJson | undefined, expressions);
}

/**
 * Checks a stack's written Terraform JSON (its text, or the text in parts): policies, references,
 * unresolved tokens. `data`, when the caller has it, is what JSON.parse(text) gives
 * (stableJsonParts): then the text is not parsed again, and it is joined only when someone reads it;
 * with it, `dataExpressions` may give what expressionStrings(data) would (collected while writing).
 */
export function checkStackOutput(id: string, text: string | readonly string[], manifest: Record<string, unknown>, facts: StackFacts, rules: readonly PolicyRule[] = POLICY_RULES, data?: StackJson, dataExpressions?: readonly string[]): StackOutput {
  let joined = typeof text === "string" ? text : undefined;
  const json = data ?? (JSON.parse((joined ??= (text as readonly string[]).join(""))) as StackJson);
  const expressions = (data && dataExpressions) ?? expressionStrings(json);
  const problems = undeclaredIn(json, expressions).map((reference) => `stack ${id} refers to ${reference}, which it does not declare${rules === POLICY_RULES ? ": Träger stacks must not reference each other" : ""}`);
  const unresolved = firstUnresolvedToken(expressions);
  if (unresolved !== undefined) problems.push(`stack ${id} holds an unresolved cdktf token: ${unresolved}`);
  const resourceCount = Object.values(json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
  const output = { id, resourceCount, manifest, violations: checkStackJson(id, json, facts, rules), problems };
  // The whole text as one string is a large object to V8 (see stableJsonParts): made when read.
  return Object.defineProperty(output, "text", { enumerable: true, get: () => (joined ??= (text as readonly string[]).join("")) }) as unknown as StackOutput;
}

/** A stack's output without its text (which is joined only when read). */
export function withoutText(output: StackOutput): Omit<StackOutput, "text"> {
  const { id, resourceCount, manifest, violations, problems } = output;
  return { id, resourceCount, manifest, violations, problems };
}

/** The Terraform JSON of a stack, as far as the checks read it. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

/** cdktf's encodings of a token that was never resolved: strings, lists, maps (`${TfToken[TOKEN.12]}`) and numbers. */
const UNRESOLVED_TOKEN = /[$#&]\{TfToken\[[^\]]*\]\}|-\d\.\d+e\+29\d/;
const REFERENCE = /\$\{[^}]*/g;
const ADDRESS = /\b(data\.)?((?:azurerm|azuread|random|time)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/**
 * The strings of the JSON (keys included) that may hold a reference or an unresolved token, in the
 * order they are written, with the text of every number that could be a cdktf number token (about
 * -8e+298; JSON.stringify writes it as the text does). synthesizeStackJson collects the same while
 * writing (a test compares them).
 */
function expressionStrings(node: unknown, into: string[] = []): string[] {
  if (typeof node === "string" || typeof node === "number") {
    collectExpression(node, into);
  } else if (Array.isArray(node)) {
    for (const item of node) expressionStrings(item, into);
  } else if (node !== null && typeof node === "object") {
    for (const key of Object.keys(node)) {
      collectExpression(key, into);
      expressionStrings((node as Record<string, unknown>)[key], into);
    }
  }
  return into;
}

/** Adds a key, string or number of the JSON to `into` when it may hold a reference or an unresolved token (as written). */
function collectExpression(value: string | number, into: string[]): void {
  if (typeof value === "string" ? mayHoldExpression(value) : value <= -1e290) into.push(typeof value === "string" ? value : JSON.stringify(value));
}

/** The first unresolved cdktf token among the strings, as written. */
function firstUnresolvedToken(strings: readonly string[]): string | undefined {
  for (const value of strings) {
    const match = UNRESOLVED_TOKEN.exec(value);
    if (match) return match[0];
  }
  return undefined;
}

/**
 * References inside `${…}` expressions, in any string of the stack's JSON (keys included), to
 * resources or data sources the stack does not declare. cdktf would turn a reference to another
 * stack's resource into remote state in its preparing pass, which TraegerStack skips; this check
 * makes such a reference fail the synth instead. Its limit: every Träger stack has the same construct
 * paths, so a reference to another stack's resource whose path this stack also has resolves to this
 * stack's own resource and cannot be told apart here. Constructs only ever receive their own stack's
 * objects (TraegerStack passes them), which is what keeps that from happening. Expressions are read
 * in each string as Terraform reads it (the JSON's escapes undone), one string at a time.
 */
export function undeclaredReferences(json: StackJson): string[] {
  return undeclaredIn(json, expressionStrings(json));
}

function undeclaredIn(json: StackJson, strings: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const value of strings) {
    for (const { address, data, type, name } of addressesIn(value)) {
      const declared = data ? json.data?.[type] : json.resource?.[type];
      if (declared === undefined || !Object.prototype.hasOwnProperty.call(declared, name)) missing.add(address);
    }
  }
  return [...missing].sort();
}

/** The addresses a string refers to inside `${…}`, memoised: every Träger stack holds the same references. */
const addressesIn = memoized((value) => {
  const addresses: { address: string; data: boolean; type: string; name: string }[] = [];
  for (const expression of value.match(REFERENCE) ?? []) {
    for (const [address, data, type, name] of expression.matchAll(ADDRESS)) addresses.push({ address, data: data !== undefined, type: type!, name: name! });
  }
  return addresses;
}, 50_000);
