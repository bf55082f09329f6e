/**
 * cdktf 0.21.0's resolve (cdktf/lib/tokens/private/resolve.js) with fast paths for what our stacks
 * hold: plain data, and strings whose tokens are references to a resource's attribute or a
 * dependency (`depends_on`). Whatever else it meets (any other token, an encoded list, map or number
 * token, a map key with a token, a construct) is handed to cdktf's own resolve at that point, which
 * is what cdktf would do there too: a nested plain value's resolve context carries nothing from its
 * parent (no escapes, no suppressed braces) that a fresh one lacks. cdktf is archived at 0.21.0, so
 * the semantics copied here cannot move; tests compare the result with cdktf's resolve for every
 * token kind and every stack (__tests__/stacks/stack-json.test.ts).
 */
import { DefaultTokenResolver, StringConcat } from "cdktf";
import type { IConstruct } from "constructs";
import { plainJsonKey } from "../app/stable-json";
import { memoized, memoizedByKeys } from "./memo";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resolve: cdktfResolve } = require("cdktf/lib/tokens/private/resolve") as { resolve: (value: unknown, options: ResolveOptions) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { ref, call } = require("cdktf/lib/tfExpression") as { ref: (identifier: string) => object; call: (name: string, args: unknown[]) => object };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as { TokenMap: { instance(): { readonly stringTokenMap: Map<string, unknown>; lookupNumberToken(value: number): unknown } } };

/** What cdktf's resolve is given. */
export interface ResolveOptions {
  readonly scope: IConstruct;
  readonly resolver: DefaultTokenResolver;
  readonly preparing: boolean;
}

/** cdktf's marker of encoded tokens in strings (string, list and map tokens all contain it). */
const TOKEN_MARKER = "TfToken[";
/** cdktf's encoded string token (encoding.js, STRING_TOKEN_REGEX). */
const STRING_TOKEN = /\$\{TfToken\[([a-zA-Z0-9:._-]+)\]\}/g;
/** cdktf's pattern of numbers encoded into strings (cdktf/lib/tokens/private/encoding.js, NUMBER_TOKEN_REGEX). */
const NUMBER_IN_STRING = /[-|\d|.\+]+(e[-|\d|.|e|E|\+]+)/g;
/** cdktf's values that stand for a map token in a scalar context (its resolve throws on them). */
const MAP_TOKEN_VALUES: readonly unknown[] = ["String Map Token Value", "Any Map Token Value", -123456789];
/** cdktf's TerraformDynamicBlock (terraform-dynamic-block.js): processDynamicAttributes moves these, so element fast paths must not see one. */
const DYNAMIC_BLOCK = Symbol.for("cdktf/TerraformDynamicBlock");

/** Not resolved here: cdktf's own resolve must do it. */
const SLOW = Symbol("slow");
type Slow = typeof SLOW;

/** cdktf's `Reference` (tfExpression.js), the token of every `resource.attribute`; the module does not export the class. */
const REFERENCE_CLASS = ref("x").constructor;
/** cdktf's `FunctionCall` (tfExpression.js), the token of every `Fn.*` call. */
const FUNCTION_CALL_CLASS = call("x", []).constructor;
/** cdktf's `Dependable` (tfExpression.js), the token of each `depends_on` entry: a TFExpression subclass by that name. */
const isDependable = (token: object) => token.constructor.name === "Dependable" && Object.getPrototypeOf(token.constructor) === Object.getPrototypeOf(REFERENCE_CLASS);

const tokenMap = TokenMap.instance();

/**
 * Whether cdktf's resolve returns this number as it is: token numbers are encoded as doubles of
 * magnitude about 2^992 (encoding.js, createTokenDouble), so every finite number below 1e280 is plain.
 */
export const plainNumber = (value: number) => Math.abs(value) < 1e280 && !MAP_TOKEN_VALUES.includes(value);

const isNumberStart = (c: number) => (c >= 48 && c <= 57) || c === 45 || c === 124 || c === 46 || c === 43; // \d - | . +
const isNumberRest = (c: number) => isNumberStart(c) || c === 101 || c === 69; // and e E

/**
 * Whether cdktf's number pass (resolve.js, TokenString.forNumbers) leaves this string as it is: it
 * replaces a match of NUMBER_TOKEN_REGEX only when the match parses to a token double, and those are
 * all of magnitude beyond 1e280 (NaN and small numbers are left alone, extractTokenDouble). A match
 * needs an `e` with a number character before and after it, so most strings skip the regex.
 */
function numbersPlain(value: string): boolean {
  for (let at = value.indexOf("e", 1); at > 0; at = value.indexOf("e", at + 1)) {
    if (at + 1 < value.length && isNumberStart(value.charCodeAt(at - 1)) && isNumberRest(value.charCodeAt(at + 1))) {
      NUMBER_IN_STRING.lastIndex = 0;
      for (let match = NUMBER_IN_STRING.exec(value); match; match = NUMBER_IN_STRING.exec(value)) {
        if (Math.abs(Number.parseFloat(match[0])) >= 1e280) return false;
      }
      return true;
    }
  }
  return true;
}

/** Whether cdktf's resolve returns this string as it is: no token marker, no map token value, no encoded number token. */
export function plainString(value: string): boolean {
  return !value.includes(TOKEN_MARKER) && !MAP_TOKEN_VALUES.includes(value) && numbersPlain(value);
}

/** What the resolve needs to know of an object key (keyFlags): 0 for the usual attribute name. */
const KEY_NOT_PLAIN = 1;
const KEY_SPECIAL = 2;
/**
 * Whether cdktf's resolve must handle the key (not plainString), or the written walk must look at it
 * (not a plainJsonKey, or it may hold an expression); memoised, one lookup per key: the same attribute
 * names come back in every stack.
 */
const keyFlags = memoized((key) => (plainString(key) ? 0 : KEY_NOT_PLAIN) | (plainJsonKey(key) && !mayHoldExpression(key) ? 0 : KEY_SPECIAL), 50_000);

/**
 * A string resolved as cdktf's resolve does it (resolve.js, string case) in a context whose braces
 * are suppressed or not (`braces`), or SLOW. Handled: literals and `${TfToken[…]}` string tokens that
 * are references or dependencies. Not handled: an escaped `${` in a literal (it suppresses the braces
 * of the tokens after it, string-fragments.js mapTokens), list or map markers, unknown tokens.
 */
function resolveString(value: string, braces: boolean): string | Slow {
  if (!value.includes(TOKEN_MARKER)) return MAP_TOKEN_VALUES.includes(value) || !numbersPlain(value) ? SLOW : value;
  let out = "";
  let last = 0;
  STRING_TOKEN.lastIndex = 0;
  for (let match = STRING_TOKEN.exec(value); match; match = STRING_TOKEN.exec(value)) {
    if (match.index > last) {
      const literal = value.slice(last, match.index);
      if (literal.includes("${") || literal.includes(TOKEN_MARKER)) return SLOW;
      out += literal;
    }
    last = STRING_TOKEN.lastIndex;
    const token = tokenMap.stringTokenMap.get(match[1]!);
    const resolved = token === undefined || token === null || typeof token !== "object" ? SLOW : resolveToken(token, braces);
    if (resolved === SLOW) return SLOW;
    STRING_TOKEN.lastIndex = last;
    out += resolved;
  }
  if (last === 0) return SLOW;
  if (last < value.length) {
    const literal = value.slice(last);
    if (literal.includes("${") || literal.includes(TOKEN_MARKER)) return SLOW;
    out += literal;
  }
  // cdktf joins the fragments (StringConcat: strings concatenated), then runs its number pass on the result.
  return numbersPlain(out) ? out : SLOW;
}

/**
 * A token resolved as DefaultTokenResolver.resolveToken does (resolvable.js): the token's own resolve
 * (tfExpression.js: Reference gives `${identifier}`, or the bare identifier when braces are
 * suppressed, and suppresses braces for what it returns; Dependable suppresses them and gives the
 * element's fqn; FunctionCall gives `name(arguments)`, in braces unless suppressed, its arguments
 * resolved with braces suppressed), then the result resolved again in that context; none registers
 * a post-processor.
 */
function resolveToken(token: object, braces: boolean): string | Slow {
  if (token.constructor === FUNCTION_CALL_CLASS) {
    const { name, args } = token as { name: unknown; args: unknown };
    if (typeof name !== "string" || !Array.isArray(args)) return SLOW;
    const written = functionArguments(args);
    if (written === SLOW) return SLOW;
    const resolved = braces ? `\${${name}(${written})}` : `${name}(${written})`;
    return numbersPlain(resolved) ? resolved : SLOW;
  }
  if (token.constructor === REFERENCE_CLASS) {
    const reference = token as { identifier: unknown; crossStackIdentifier: Record<string, string> };
    // A reference resolved for another stack would use its cross-stack identifier.
    for (const _ in reference.crossStackIdentifier) return SLOW;
    if (typeof reference.identifier !== "string" || reference.identifier.includes(TOKEN_MARKER)) return SLOW;
    const resolved = braces ? `\${${reference.identifier}}` : reference.identifier;
    return numbersPlain(resolved) ? resolved : SLOW;
  }
  if (isDependable(token)) {
    const fqn = (token as { dependable: { fqn: unknown } }).dependable.fqn;
    return typeof fqn === "string" ? resolveString(fqn, false) : SLOW;
  }
  return SLOW;
}

/** Items of a function call's argument list, or of a list among them, as FunctionCall.resolve joins them. */
function functionArguments(items: readonly unknown[]): string | Slow {
  let written = "";
  for (let i = 0; i < items.length; i += 1) {
    const item = functionArgument(items[i]);
    if (item === SLOW) return SLOW;
    written += i === 0 ? item : `, ${item}`;
  }
  return written;
}

/**
 * One argument as TFExpression.resolveArg writes it (tfExpression.js) in a context whose braces are
 * suppressed: a literal string quoted (unless it already is) with its line breaks escaped, a string
 * that is one token (a number token too) resolved, a number or boolean as text, a list `[a, b]` and a
 * map `{"key" = value}` of such arguments. Everything else is SLOW: a literal with `${` (escaped and
 * warned about there), a string mixing literal text and tokens, null and undefined (written as
 * nothing or as "null", and an undefined list item shifts the indices there), a list token, a list
 * holding a number token (a number list token is resolved as a whole there), a map whose key holds a
 * token, a token object.
 */
function functionArgument(arg: unknown): string | Slow {
  switch (typeof arg) {
    case "string": {
      if (!arg.includes(TOKEN_MARKER)) {
        if (arg.includes("${") || MAP_TOKEN_VALUES.includes(arg) || !numbersPlain(arg)) return SLOW;
        const escaped = arg.replaceAll("\n", "\\n");
        return arg !== '"' && arg.startsWith('"') && arg.endsWith('"') ? escaped : `"${escaped}"`;
      }
      STRING_TOKEN.lastIndex = 0;
      const match = STRING_TOKEN.exec(arg);
      if (match === null || match.index !== 0 || match[0].length !== arg.length) return SLOW;
      const token = tokenMap.stringTokenMap.get(match[1]!);
      return token !== null && typeof token === "object" ? resolveToken(token, false) : SLOW;
    }
    case "number": {
      if (plainNumber(arg)) return String(arg);
      const token = MAP_TOKEN_VALUES.includes(arg) ? undefined : tokenMap.lookupNumberToken(arg);
      return token !== null && typeof token === "object" ? resolveToken(token, false) : SLOW;
    }
    case "boolean":
      return String(arg);
    case "object": {
      if (arg === null) return SLOW;
      if (Array.isArray(arg)) {
        if (arg.some((item) => typeof item === "number" && !plainNumber(item))) return SLOW;
        const items = functionArguments(arg);
        return items === SLOW ? SLOW : `[${items}]`;
      }
      if (Object.getPrototypeOf(arg) !== Object.prototype || typeof (arg as { resolve?: unknown }).resolve === "function") return SLOW;
      const entries: string[] = [];
      for (const [key, value] of Object.entries(arg)) {
        if (value === undefined) continue;
        if (keyFlags(key) & KEY_NOT_PLAIN) return SLOW;
        const item = functionArgument(value);
        if (item === SLOW) return SLOW;
        entries.push(`"${key}" = ${item}`);
      }
      return `{${entries.join(", ")}}`;
    }
    default:
      return SLOW;
  }
}

/**
 * Thrown when an element's attributes hold what the element fast paths do not mirror (callers fall
 * back to cdktf's toTerraform): a dynamic block, which processDynamicAttributes moves, or a Date, which
 * the stack's deepMerge turns into `{}`.
 */
export class NotMirrored extends Error {}

/**
 * What a walk in written order (resolvePlainFast's `written`) found: the keys and strings of the
 * result that may hold an expression (mayHoldExpression), in the order they are written, and whether
 * the result is in written form (stable-json.ts, markWritten).
 */
export interface WrittenWalk {
  readonly expressions: string[];
  inForm: boolean;
  /** Whether the result may hold an empty array or object (which stableJson writes on two lines). */
  empty?: boolean;
}

/** Whether a key or string of a stack's JSON may hold a reference or an unresolved token: `${`, `{TfToken[` or a number token's `e+29`. */
export const mayHoldExpression = (value: string) => value.includes("{") || value.includes("e+29");

interface Walk {
  readonly options: ResolveOptions;
  /** Whether string tokens of references and dependencies are resolved here (the default resolver, not preparing). */
  readonly tokens: boolean;
  /** Resolving an element's attributes (resolveAttributesFast). */
  readonly attributes: boolean;
  readonly written: WrittenWalk | undefined;
}

/**
 * cdktf's resolve (cdktf/lib/tokens/private/resolve.js) with the fast paths described above:
 * strings, numbers, arrays and plain objects are copied exactly as cdktf copies them (undefined
 * dropped from objects and arrays), token strings of references and dependencies are resolved here,
 * and everything else is handed to cdktf's own resolve at that point. With `written`, objects get their keys in
 * sorted order and the walk records what WrittenWalk says, so the result can be written without
 * another walk; without it, keys keep cdktf's order.
 */
export function resolvePlainFast(value: unknown, options: ResolveOptions, written?: WrittenWalk): unknown {
  return resolveValue(value, walkOf(options, false, written));
}

/**
 * resolvePlainFast of an element's attributes (a plain object), added to `into` after the keys `into`
 * already has, or undefined when the object itself must be resolved by cdktf (a key with a token).
 * Throws NotMirrored where the element fast paths cannot be used.
 */
export function resolveAttributesFast(attributes: Record<string, unknown>, into: Record<string, unknown>, options: ResolveOptions, written?: WrittenWalk): Record<string, unknown> | undefined {
  const resolved = resolveObject(attributes, walkOf(options, true, written), into);
  return resolved === into ? into : undefined;
}

function walkOf(options: ResolveOptions, attributes: boolean, written: WrittenWalk | undefined): Walk {
  const tokens = !options.preparing && options.resolver.constructor === DefaultTokenResolver && (options.resolver as unknown as { concat: object }).concat.constructor === StringConcat;
  return { options, tokens, attributes, written };
}

/** cdktf's own resolve of the value; what it gives is not in written form. */
function slow(value: unknown, walk: Walk): unknown {
  if (walk.written) walk.written.inForm = false;
  return cdktfResolve(value, walk.options);
}

function resolveValue(value: unknown, walk: Walk): unknown {
  switch (typeof value) {
    case "undefined":
    case "boolean":
      return value;
    case "string": {
      const resolved = walk.tokens ? resolveString(value, true) : plainString(value) ? value : SLOW;
      if (resolved === SLOW) return slow(value, walk);
      if (walk.written && mayHoldExpression(resolved)) walk.written.expressions.push(resolved);
      return resolved;
    }
    case "number":
      if (!plainNumber(value)) return slow(value, walk);
      // JSON writes -0 as 0.
      if (walk.written && Object.is(value, -0)) walk.written.inForm = false;
      return value;
    case "object": {
      if (value === null) return value;
      if (value instanceof Date) {
        if (walk.attributes) throw new NotMirrored();
        if (walk.written) walk.written.inForm = false;
        return value;
      }
      if (Array.isArray(value)) {
        // cdktf resolves a list holding an encoded list token (or number list token) as a whole.
        for (const item of value) {
          if (typeof item === "string" ? item.includes("#{TfToken[") : typeof item === "number" && !plainNumber(item)) return slow(value, walk);
        }
        const result: unknown[] = [];
        for (const item of value) {
          const resolved = resolveValue(item, walk);
          if (resolved !== undefined) result.push(resolved);
        }
        if (result.length === 0 && walk.written) walk.written.empty = true;
        return result;
      }
      return resolveObject(value as Record<string | symbol, unknown>, walk, {});
    }
    default:
      return slow(value, walk);
  }
}

/** What resolveObject needs to know of an object's keys, in the order Object.keys gives them. */
interface KeyShape {
  readonly keys: readonly string[];
  /** The keys' keyFlags, or-ed. */
  readonly flags: number;
  /** The keys in sorted order (`keys` itself when they are). */
  readonly sortedKeys: readonly string[];
}

/** The shape of `keys` (memoised by the keys, bounded): one lookup per object instead of one per key. */
const shapeOf = memoizedByKeys(
  (keys): KeyShape => {
    let flags = 0;
    let sorted = true;
    for (let i = 0; i < keys.length; i += 1) {
      flags |= keyFlags(keys[i]!);
      if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
    }
    return { keys, flags, sortedKeys: sorted ? keys : keys.slice().sort() };
  },
  20_000,
  8,
);

function resolveObject(record: Record<string | symbol, unknown>, walk: Walk, into: Record<string, unknown>): unknown {
  if (walk.attributes && DYNAMIC_BLOCK in record) throw new NotMirrored();
  if (typeof record.resolve === "function" || (record._children !== undefined && record._metadata !== undefined)) return slow(record, walk);
  const { written } = walk;
  const own = Object.keys(record);
  if (own.length === 0) {
    if (written) written.empty = true;
    return into;
  }
  const shape = shapeOf(own);
  if (shape.flags & KEY_NOT_PLAIN) return slow(record, walk);
  let added = 0;
  const keys = written ? shape.sortedKeys : own;
  const special = written !== undefined && (shape.flags & KEY_SPECIAL) !== 0;
  for (const key of keys) {
    const value = record[key];
    if (value === undefined) continue;
    if (special) {
      if (!plainJsonKey(key)) written.inForm = false;
      if (mayHoldExpression(key)) written.expressions.push(key);
    }
    const resolved = resolveValue(value, walk);
    if (resolved !== undefined) {
      into[key] = resolved;
      added += 1;
    }
  }
  if (added === 0 && written) written.empty = true;
  return into;
}
