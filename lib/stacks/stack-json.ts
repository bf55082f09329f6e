/**
 * A Träger stack's Terraform JSON, built as cdktf 0.21.0's TerraformStack.toTerraform builds it but
 * without its last step: resolving the whole merged tree once more. Every element's fragment is
 * already resolved when it is merged, so that pass changes nothing; at 1,000 Träger it is about a
 * sixth of synth time (bench/results.md). A test checks the output is byte-identical to cdktf's own
 * method for every checked-in stack. cdktf is archived at 0.21.0, so the method copied here cannot move.
 */
import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformOutput, TerraformStack, Tokenization } from "cdktf";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { deepMerge } = require("cdktf/lib/util") as { deepMerge: (target: object, ...sources: object[]) => object };

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** The stack's Terraform JSON, or undefined when the stack has raw overrides (then cdktf's own method applies). */
export function stackJsonWithoutFinalResolve(stack: TerraformStack): Record<string, unknown> | undefined {
  const internals = stack as unknown as { rawOverrides: Record<string, unknown>; cdktfVersion: string };
  if (Object.keys(internals.rawOverrides).length > 0) return undefined;
  const resolve = <T>(value: T): T => Tokenization.resolve(value, { scope: stack, resolver: RESOLVER, preparing: false }) as T;
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
