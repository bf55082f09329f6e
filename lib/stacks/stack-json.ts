/**
 * A Träger stack's Terraform JSON, built as cdktf 0.21.0's TerraformStack.toTerraform builds it but
 * without its last step: resolving the whole merged tree once more. Every element's fragment is
 * already resolved when it is merged, so that pass changes nothing; at 1,000 Träger it is about a
 * sixth of synth time (bench/results.md). A test checks the output is byte-identical to cdktf's own
 * method for every checked-in stack. cdktf is archived at 0.21.0, so the method copied here cannot move.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack } from "cdktf";
import { ConstructOrder, type IConstruct } from "constructs";
import * as fs from "node:fs";
import * as path from "node:path";
import { markWritten, stableJson, stableJsonParts } from "../app/stable-json";
import { elementBlock, fastKind, hasNoMetadata, providerFragment } from "./element-json";
import { resolvePlainFast, type WrittenWalk } from "./fast-resolve";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: object, ...sources: object[]) => object };

export { resolvePlainFast } from "./fast-resolve";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * The stack's Terraform JSON, or undefined when the stack has raw overrides (then cdktf's own method
 * applies). TerraformStack.toTerraform (terraform-stack.js) in the same order: every element's
 * resolved metadata merged, the outputs' paths, then every element's resolved fragment merged.
 * Resources, data sources and providers take the fast paths of ./element-json.ts, which give what
 * resolve(element.toTerraform()) gives; a resource or data source block goes straight into its place
 * (deepMerge into an empty place copies it, so the result is the same). `inWrittenForm`: the blocks
 * of resources and data sources are built in written order and marked so (stable-json.ts,
 * markWritten), with the strings the synth's checks read; keys of the levels above them keep cdktf's order.
 */
export function stackJsonWithoutFinalResolve(stack: TerraformStack, inWrittenForm = false): Record<string, unknown> | undefined {
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  if (Object.keys(internals.rawOverrides).length > 0) return undefined;
  const options = { scope: stack, resolver: RESOLVER, preparing: false };
  const elements = terraformElements(stack, stack.node.path);
  const kinds = elements.map(({ element }) => fastKind(element));

  const metadata: Record<string, unknown> = { version: internals.cdktfVersion, stackName: stack.node.id, backend: "local", cloud: undefined };
  elements.forEach(({ element }, index) => {
    const kind = kinds[index];
    if (kind === undefined || !hasNoMetadata(element, kind)) deepMerge(metadata, resolvePlainFast(element.toMetadata(), options) as object);
  });
  const outputs: Record<string, unknown> = {};
  for (const { element } of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    deepMerge(outputs, element.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {}));
  }
  const tf: Record<string, unknown> = { "//": { metadata: dropUndefined(metadata), outputs } };
  const written = new Map<object, WrittenWalk>();
  /** Blocks something was merged into after they were built. */
  const changed = new Set<unknown>();
  elements.forEach(({ element, path: elementPath }, index) => {
    const kind = kinds[index];
    if (kind === "resource" || kind === "data") {
      const walk = inWrittenForm ? { expressions: [], inForm: true } : undefined;
      const id = element.friendlyUniqueId;
      const block = elementBlock(element, kind, elementPath, id, options, walk);
      if (block !== undefined) {
        if (walk?.inForm) written.set(block, walk);
        return place(tf, kind, (element as unknown as { terraformResourceType: string }).terraformResourceType, id, block, changed);
      }
    }
    const fragment = resolvePlainFast(kind === "provider" ? providerFragment(element) : element.toTerraform(), options) as Record<string, unknown>;
    if (written.size > 0) for (const section of ["resource", "data"]) blocksAt(tf, section, fragment[section], changed);
    deepMerge(tf, fragment);
  });
  for (const [block, walk] of written) if (!changed.has(block)) markWritten(block, walk.expressions, !walk.empty);
  return tf;
}

/** deepMerge(tf, { [section]: { [type]: { [id]: block } } }), without copying the block when its place is empty; else what was there is `changed`. */
function place(tf: Record<string, unknown>, section: string, type: string, id: string, block: Record<string, unknown>, changed: Set<unknown>): void {
  const byType = ((tf[section] ??= {}) as Record<string, Record<string, unknown> | undefined>)[type];
  if (byType === undefined) (tf[section] as Record<string, unknown>)[type] = { [id]: block };
  else if (byType[id] === undefined) byType[id] = block;
  else {
    changed.add(byType[id]);
    deepMerge(tf, { [section]: { [type]: { [id]: block } } });
  }
}

/** Adds to `into` the blocks of `tf[section]` that a fragment's `section` would merge into. */
function blocksAt(tf: Record<string, unknown>, section: string, fragmentSection: unknown, into: Set<unknown>): void {
  if (typeof fragmentSection !== "object" || fragmentSection === null) return;
  for (const [type, byId] of Object.entries(fragmentSection)) {
    const existing = (tf[section] as Record<string, Record<string, unknown> | undefined> | undefined)?.[type];
    if (existing && typeof byId === "object" && byId !== null) for (const id of Object.keys(byId)) into.add(existing[id]);
  }
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const synthesizerModule = require("cdktf/lib/synthesize/synthesizer") as { StackSynthesizer: new (...args: never[]) => object; invokeAspects: (root: IConstruct) => void };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ValidateTerraformVersion } = require("cdktf/lib/validations/validate-terraform-version") as { ValidateTerraformVersion: new (version: string, message: string) => { validate(): string[] } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { encounteredAnnotationWithLevelError } = require("cdktf/lib/errors") as { encounteredAnnotationWithLevelError: (errors: string) => Error };
const CUSTOM_SYNTHESIS = Symbol.for("cdktf/customSynthesis");
const ANNOTATION_TYPES: readonly string[] = ["@cdktf/info", "@cdktf/warn", "@cdktf/error"];

/** What cdktf's synthesizer is given: the output folder and its manifest. */
export interface StackSession {
  readonly outdir: string;
  readonly manifest: { forStack(stack: TerraformStack): { workingDirectory: string; synthesizedStackPath: string; annotations: unknown[] } };
  readonly skipValidation: boolean;
}

/**
 * Synthesizes a stack as cdktf 0.21.0's StackSynthesizer.synthesize does (aspects, validations, the
 * stack's manifest entry, custom synthesis, annotations, then its Terraform JSON into
 * stacks/<id>/cdk.tf.json), but writes the JSON with stableJson (same bytes as cdktf's
 * json-stable-stringify, in a fraction of the time) and returns the text in parts with, for plain
 * JSON data, what JSON.parse would read back from it (stableJsonParts), so the synth checks the stack
 * without reading the file back or parsing the text; `visit` sees the data's keys, strings and numbers
 * as they are written (stableJsonParts; when there is no data, what it saw does not count). `tree` is the
 * JSON as built, in cdktf's key order, before the sorted copy is made. Undefined, having done nothing, when the stack does not use cdktf's
 * default JSON synthesizer (HCL output, or a synthesizer of its own): then call the stack's synthesizer.
 */
export function synthesizeStackJson(stack: TerraformStack, session: StackSession, visit?: (value: string | number) => void): { readonly parts: readonly string[]; readonly data?: unknown; readonly tree: unknown } | undefined {
  const synthesizer = stack.synthesizer as unknown as { constructor: unknown; continueOnErrorAnnotations: boolean; hclOutput: boolean };
  if (synthesizer.constructor !== synthesizerModule.StackSynthesizer || synthesizer.hclOutput) return undefined;
  synthesizerModule.invokeAspects(stack);
  if (stack.hasResourceMove()) stack.node.addValidation(new ValidateTerraformVersion(">=1.5", "Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version."));
  if (!session.skipValidation) stack.runAllValidations();
  const stackManifest = session.manifest.forStack(stack);
  const workingDirectory = path.join(session.outdir, stackManifest.workingDirectory);
  // cdktf: `if (!fs.existsSync(dir)) fs.mkdirSync(dir)`; one system call instead of two for a new folder.
  try {
    fs.mkdirSync(workingDirectory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) (node as unknown as Record<symbol, { onSynthesize(session: StackSession): void } | undefined>)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
  // A loop rather than flatMap, filter and map: three arrays for each of the stack's hundreds of constructs, almost all without annotations.
  const annotations: { constructPath: string; level: string; message: unknown; stacktrace: readonly string[] | undefined }[] = [];
  for (const node of stack.node.findAll()) {
    for (const metadata of node.node.metadata) {
      if (ANNOTATION_TYPES.includes(metadata.type)) annotations.push({ constructPath: node.node.path, level: metadata.type, message: metadata.data as unknown, stacktrace: metadata.trace });
    }
  }
  stackManifest.annotations = annotations;
  const errors = annotations.filter((a) => a.level === "@cdktf/error");
  if (!synthesizer.continueOnErrorAnnotations && errors.length > 0) throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${String(a.message)}`).join("\n"));
  // A stack whose JSON is this module's (no subclass overrides it) gets its blocks in written form.
  const json = (stack.toTerraform === SelfContainedStack.prototype.toTerraform && stackJsonWithoutFinalResolve(stack, true)) || stack.toTerraform();
  const written = stableJsonParts(json, visit) ?? { parts: [stableJson(json)] };
  const file = path.join(session.outdir, stackManifest.synthesizedStackPath);
  fs.writeFileSync(file, utf8(written.parts));
  return { ...written, tree: json };
}

/** One buffer per thread for the UTF-8 of the stack being written, grown as needed. */
let encoded = Buffer.allocUnsafe(1 << 20);

/**
 * The UTF-8 of the parts, in the thread's buffer (valid until the next call): a Buffer per stack, or
 * per part, costs more in allocation than the encoding. A UTF-16 code unit takes at most 3 bytes.
 */
function utf8(parts: readonly string[]): Buffer {
  let length = 0;
  for (const part of parts) {
    if (encoded.length - length < part.length * 3) {
      const bigger = Buffer.allocUnsafe(Math.max(encoded.length * 2, length + part.length * 3));
      encoded.copy(bigger, 0, 0, length);
      encoded = bigger;
    }
    length += encoded.write(part, length, "utf8");
  }
  return encoded.subarray(0, length);
}

/** The stack's elements in cdktf's order (terraform-stack.js, terraformElements), each with its construct path (constructs' node.path). */
function terraformElements(node: IConstruct, nodePath: string, into: { element: TerraformElement; path: string }[] = []): { element: TerraformElement; path: string }[] {
  if (TerraformElement.isTerraformElement(node)) into.push({ element: node, path: nodePath });
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child, child.node.id ? (nodePath ? `${nodePath}/${child.node.id}` : child.node.id) : nodePath, into);
  }
  return into;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { makeUniqueId } = require("cdktf/lib/private/unique") as { makeUniqueId: (components: string[]) => string };
/**
 * Construct paths below a stack as a tree of their components, each holding its logical id: cdktf's
 * makeUniqueId (private/unique.js: an MD5 of the path, and its readable part) is a pure function of
 * the components, so it is computed once per path and process (every Träger stack has the same
 * paths). Finding a path walks from the construct up to its stack, as TerraformStack.of does, and
 * down the tree by construct id: no path array or string is built. The tree is dropped once it
 * holds PATH_LIMIT paths, so a Verbund of any size keeps memory flat.
 */
interface PathNode {
  readonly components: readonly string[];
  readonly children: Map<string, PathNode>;
  logicalId?: string;
}

const PATH_LIMIT = 100_000;
let paths: PathNode = { components: [], children: new Map() };
let pathCount = 0;

/** The path of `construct` below its stack (the nearest stack, itself included, as TerraformStack.of finds it); undefined when it is in no stack. */
function pathBelowStack(construct: IConstruct): PathNode | undefined {
  if (TerraformStack.isStack(construct)) return paths;
  const scope = construct.node.scope;
  const parent = scope === undefined ? undefined : pathBelowStack(scope);
  if (parent === undefined) return undefined;
  const id = construct.node.id;
  let path = parent.children.get(id);
  if (path === undefined) {
    path = { components: [...parent.components, id], children: new Map() };
    parent.children.set(id, path);
    pathCount += 1;
  }
  return path;
}

/** The logical id of an element: TerraformStack.allocateLogicalId's for a construct in a stack, undefined for one in none (cdktf throws then). */
export function logicalIdOfElement(element: IConstruct): string | undefined {
  if (pathCount >= PATH_LIMIT) {
    paths = { components: [], children: new Map() };
    pathCount = 0;
  }
  const path = pathBelowStack(element);
  if (path === undefined) return undefined;
  return (path.logicalId ??= path.components.length > 0 ? makeUniqueId(path.components as string[]) : "");
}

/** How many tokens cdktf's process-wide token map holds; see releaseTokensSince. */
export interface TokenMark {
  readonly strings: number;
  readonly numbers: number;
}

interface TokenMapInternals {
  readonly stringTokenMap: Map<string, unknown>;
  readonly numberTokenMap: Map<number, unknown>;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as { TokenMap: { instance(): TokenMapInternals } };

/** The token map's current size, to release what a stack adds after it is written. */
export function markTokens(): TokenMark {
  const map = TokenMap.instance();
  return { strings: map.stringTokenMap.size, numbers: map.numberTokenMap.size };
}

/**
 * cdktf registers every token in one process-wide map and never removes it, so each token (and
 * through it the construct it refers to) lives until the process ends: memory grew by about 270 MB
 * per 1,000 Träger. Once a stack is written, the tokens created while building it are removed again
 * (Maps keep insertion order, so they are the entries after the mark). A Träger stack never refers
 * to another, and the synth fails if an unresolved token ever reached the output (lib/app/synth-stack.ts).
 * Returns the tokens removed: the synth keeps them, with their stack, until the next stack of the
 * kind is written (buildInProcess, lib/app/synthesize.ts).
 */
export function releaseTokensSince(mark: TokenMark): unknown[] {
  const map = TokenMap.instance();
  const released: unknown[] = [];
  trimTo(map.stringTokenMap, mark.strings, released);
  trimTo(map.numberTokenMap, mark.numbers, released);
  return released;
}

/** Deletes the entries after the first `size` into `released` (a Map's iteration continues correctly past entries deleted during it). */
function trimTo<K>(map: Map<K, unknown>, size: number, released: unknown[]): void {
  if (map.size <= size) return;
  let index = 0;
  for (const [key, value] of map) {
    if (index++ < size) continue;
    map.delete(key);
    released.push(value);
  }
}

interface TokenStringClass {
  forString(s: string): object;
  forListToken(s: string): object;
  forMapToken(s: string): object;
  forNumbers(s: string): object;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenString } = require("cdktf/lib/tokens/private/encoding") as { TokenString: TokenStringClass };

/**
 * One of cdktf's TokenStrings of each kind, alive as long as the process. cdktf makes a TokenString
 * for every string it checks for tokens and drops it at once, so between two stacks none is alive, and
 * the synth's forced full collection (collectWhenGrown, lib/app/synthesize.ts) freed their hidden
 * classes: V8 then threw away every optimised function compiled against them (cdktf's token checks
 * and every resource constructor that inlines them, about 25 at each collection) and compiled them
 * again. These keep the hidden classes, and the code, alive (docs/design.md, "Speed").
 */
export const TOKEN_STRING_SHAPES: readonly object[] = [TokenString.forString(""), TokenString.forListToken(""), TokenString.forMapToken(""), TokenString.forNumbers("")];

/**
 * A stack that refers to no other stack (each Träger's own stacks, the isolation this project exists
 * for; the platform stack, each stack being built in an App of its own), written by this module:
 * - cdktf's preparing pass resolves every element once more only to discover references to other
 *   stacks, so it is skipped: it was about a third of synth time. Should a cross-stack reference ever
 *   appear, the reference check after synth (lib/app/build.ts) fails the run.
 * - cdktf computes an element's logical id (an MD5 of its construct path) once per element; the id of
 *   a path below the stack is computed once per process (every Träger stack has the same paths).
 * - its Terraform JSON comes without cdktf's redundant final resolve (stackJsonWithoutFinalResolve).
 */
export class SelfContainedStack extends TerraformStack {
  override prepareStack(): void {
    this.ensureBackendExists();
  }

  /** TerraformStack.allocateLogicalId (terraform-stack.js), for an element computed once per path and process (logicalIdOfElement). */
  override allocateLogicalId(element: Parameters<TerraformStack["allocateLogicalId"]>[0]): string {
    return (TerraformElement.isTerraformElement(element) ? logicalIdOfElement(element) : undefined) ?? super.allocateLogicalId(element);
  }

  override toTerraform(): Record<string, unknown> {
    return stackJsonWithoutFinalResolve(this) ?? super.toTerraform();
  }
}
