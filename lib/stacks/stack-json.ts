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
import { stableJson } from "../app/stable-json";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: object, ...sources: object[]) => object };

const RESOLVER = new DefaultTokenResolver(new StringConcat());
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolve: cdktfResolve } = require("cdktf/lib/tokens/private/resolve") as { resolve: (value: unknown, options: { scope: IConstruct; resolver: DefaultTokenResolver; preparing: boolean }) => unknown };

/** The stack's Terraform JSON, or undefined when the stack has raw overrides (then cdktf's own method applies). */
export function stackJsonWithoutFinalResolve(stack: TerraformStack): Record<string, unknown> | undefined {
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  if (Object.keys(internals.rawOverrides).length > 0) return undefined;
  const resolve = <T>(value: T): T => resolvePlainFast(value, { scope: stack, resolver: RESOLVER, preparing: false }) as T;
  const elements = terraformElements(stack);

  const metadata: Record<string, unknown> = { version: internals.cdktfVersion, stackName: stack.node.id, backend: "local", cloud: undefined };
  for (const element of elements) deepMerge(metadata, resolve(element.toMetadata()));
  const outputs: Record<string, unknown> = {};
  for (const element of elements) {
    if (!TerraformOutput.isTerraformOutput(element)) continue;
    deepMerge(outputs, element.node.path.split("/").reduceRight<Record<string, unknown>>((inner, part) => (Object.keys(inner).length === 0 ? { [part]: element.friendlyUniqueId } : { [part]: inner }), {}));
  }
  const tf: Record<string, unknown> = { "//": { metadata: dropUndefined(metadata), outputs } };
  for (const element of elements) deepMerge(tf, resolve(element.toTerraform()));
  return tf;
}

/** cdktf's markers of encoded tokens in strings (string, list and map tokens all contain this). */
const TOKEN_MARKER = "TfToken[";
/** cdktf's pattern of numbers encoded into strings (cdktf/lib/tokens/private/encoding.js, NUMBER_TOKEN_REGEX). */
const NUMBER_IN_STRING = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g;
/** cdktf's values that stand for a map token in a scalar context (its resolve throws on them). */
const MAP_TOKEN_VALUES: readonly unknown[] = ["String Map Token Value", "Any Map Token Value", -123456789];

/**
 * Whether cdktf's resolve returns this number as it is: token numbers are encoded as doubles beyond
 * ±2^960 (encoding.js, createTokenDouble), so every finite number below 1e280 is plain.
 */
const plainNumber = (value: number) => Math.abs(value) < 1e280 && !MAP_TOKEN_VALUES.includes(value);

/** Whether cdktf's resolve returns this string as it is: no token marker, and no encoded number token in it. */
function plainString(value: string): boolean {
  if (value.includes(TOKEN_MARKER) || MAP_TOKEN_VALUES.includes(value)) return false;
  NUMBER_IN_STRING.lastIndex = 0;
  for (let match = NUMBER_IN_STRING.exec(value); match; match = NUMBER_IN_STRING.exec(value)) {
    if (!(Math.abs(Number.parseFloat(match[0])) < 1e280)) return false;
  }
  return true;
}

/**
 * cdktf's resolve (cdktf/lib/tokens/private/resolve.js) with a fast path for plain data: strings,
 * numbers, arrays and plain objects that hold no token are copied exactly as cdktf copies them
 * (undefined dropped from objects and arrays); everything else (a token, an encoded string, list,
 * map or number token, a map key with a token, a construct) is handed to cdktf's own resolve at that
 * point, which is what cdktf would do there too: a nested plain value's resolve context carries
 * nothing from its parent (no escapes, no suppressed braces) that a fresh one lacks. A test compares
 * the result with cdktf's own toTerraform for every stack.
 */
export function resolvePlainFast(value: unknown, options: { scope: IConstruct; resolver: DefaultTokenResolver; preparing: boolean }): unknown {
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string":
      return plainString(value) ? value : cdktfResolve(value, options);
    case "number":
      return plainNumber(value) ? value : cdktfResolve(value, options);
    case "object": {
      if (value === null || value instanceof Date) return value;
      if (Array.isArray(value)) {
        if (!value.every((item) => (typeof item === "string" ? !item.includes(TOKEN_MARKER) : typeof item !== "number" || plainNumber(item)))) return cdktfResolve(value, options);
        const result: unknown[] = [];
        for (const item of value) {
          const resolved = resolvePlainFast(item, options);
          if (resolved !== undefined) result.push(resolved);
        }
        return result;
      }
      const record = value as Record<string, unknown>;
      if (typeof record.resolve === "function" || (record._children !== undefined && record._metadata !== undefined)) return cdktfResolve(value, options);
      const keys = Object.keys(record);
      if (!keys.every(plainString)) return cdktfResolve(value, options);
      const result: Record<string, unknown> = {};
      for (const key of keys) {
        const resolved = resolvePlainFast(record[key], options);
        if (resolved !== undefined) result[key] = resolved;
      }
      return result;
    }
    default:
      return cdktfResolve(value, options);
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
 * json-stable-stringify, in a fraction of the time) and returns the text, so the synth checks it
 * without reading the file back. Undefined, having done nothing, when the stack does not use cdktf's
 * default JSON synthesizer (HCL output, or a synthesizer of its own): then call the stack's synthesizer.
 */
export function synthesizeStackJson(stack: TerraformStack, session: StackSession): string | undefined {
  const synthesizer = stack.synthesizer as unknown as { constructor: unknown; continueOnErrorAnnotations: boolean; hclOutput: boolean };
  if (synthesizer.constructor !== synthesizerModule.StackSynthesizer || synthesizer.hclOutput) return undefined;
  synthesizerModule.invokeAspects(stack);
  if (stack.hasResourceMove()) stack.node.addValidation(new ValidateTerraformVersion(">=1.5", "Resource move functionality is only supported for Terraform >=1.5. Please upgrade your Terraform version."));
  if (!session.skipValidation) stack.runAllValidations();
  const stackManifest = session.manifest.forStack(stack);
  const workingDirectory = path.join(session.outdir, stackManifest.workingDirectory);
  if (!fs.existsSync(workingDirectory)) fs.mkdirSync(workingDirectory);
  for (const node of stack.node.findAll(ConstructOrder.POSTORDER)) (node as unknown as Record<symbol, { onSynthesize(session: StackSession): void } | undefined>)[CUSTOM_SYNTHESIS]?.onSynthesize(session);
  const annotations = stack.node.findAll().flatMap((node) =>
    node.node.metadata.filter((metadata) => ANNOTATION_TYPES.includes(metadata.type)).map((metadata) => ({ constructPath: node.node.path, level: metadata.type, message: metadata.data as unknown, stacktrace: metadata.trace })),
  );
  stackManifest.annotations = annotations;
  const errors = annotations.filter((a) => a.level === "@cdktf/error");
  if (!synthesizer.continueOnErrorAnnotations && errors.length > 0) throw encounteredAnnotationWithLevelError(errors.map((a) => `[${a.constructPath}] ${String(a.message)}`).join("\n"));
  const text = stableJson(stack.toTerraform());
  fs.writeFileSync(path.join(session.outdir, stackManifest.synthesizedStackPath), text);
  return text;
}

function terraformElements(node: { node: { children: readonly unknown[] } }, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) {
    if (TerraformStack.isStack(child)) continue;
    terraformElements(child as { node: { children: readonly unknown[] } }, into);
  }
  return into;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
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
 */
export function releaseTokensSince(mark: TokenMark): void {
  const map = TokenMap.instance();
  trimTo(map.stringTokenMap, mark.strings);
  trimTo(map.numberTokenMap, mark.numbers);
}

function trimTo<K>(map: Map<K, unknown>, size: number): void {
  let index = 0;
  for (const key of [...map.keys()]) {
    if (index++ >= size) map.delete(key);
  }
}

/**
 * A stack that refers to no other stack (each Träger's own stacks; the isolation this project exists
 * for), written by this module:
 * - cdktf's preparing pass resolves every element once more only to discover references to other
 *   stacks, so it is skipped: it was about a third of synth time. Should a cross-stack reference ever
 *   appear, the reference check after synth (lib/app/build.ts) fails the run.
 * - cdktf computes an element's logical id (an MD5 of its construct path) again on every reference to
 *   it; the path of a construct never changes, so each is computed once per stack.
 * - its Terraform JSON comes without cdktf's redundant final resolve (stackJsonWithoutFinalResolve).
 */
export class SelfContainedStack extends TerraformStack {
  private readonly logicalIds = new WeakMap<object, string>();

  override prepareStack(): void {
    this.ensureBackendExists();
  }

  override getLogicalId(element: Parameters<TerraformStack["getLogicalId"]>[0]): string {
    let id = this.logicalIds.get(element);
    if (id === undefined) this.logicalIds.set(element, (id = super.getLogicalId(element)));
    return id;
  }

  override toTerraform(): Record<string, unknown> {
    return stackJsonWithoutFinalResolve(this) ?? super.toTerraform();
  }
}
