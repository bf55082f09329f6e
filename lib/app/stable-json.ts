/**
 * JSON exactly as json-stable-stringify 1.3.0 with `{ space: 2 }` lays it out, which is how cdktf
 * writes every cdk.tf.json and manifest.json: keys sorted, `toJSON` honoured, undefined, functions and
 * symbols left out of objects and written as null in arrays, and empty arrays and objects opened and
 * closed on two lines. Built as one string rather than by joining an array per level, which was about
 * a tenth of synth time (bench/results.md). Tests compare it with cdktf's writer for every stack.
 */
import { memoizedByKeys } from "../stacks/memo";

/** The text of `value`, byte-identical to json-stable-stringify's with two spaces. */
export function stableJson(value: unknown): string {
  return write(value, "\n", new Set()) ?? (undefined as unknown as string);
}

function write(node: unknown, indent: string, seen: Set<object>): string | undefined {
  if (node && typeof (node as { toJSON?: unknown }).toJSON === "function") node = (node as { toJSON: () => unknown }).toJSON();
  if (node === undefined) return undefined;
  if (typeof node !== "object" || node === null) return JSON.stringify(node);
  const inner = `${indent}  `;
  if (Array.isArray(node)) {
    let text = "[";
    for (let i = 0; i < node.length; i += 1) text += `${i === 0 ? "" : ","}${inner}${write(node[i], inner, seen) || "null"}`;
    return `${text}${indent}]`;
  }
  if (seen.has(node)) throw new TypeError("Converting circular structure to JSON");
  seen.add(node);
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let text = "{";
  let first = true;
  for (const key of keys) {
    const value = write(record[key], inner, seen);
    if (!value) continue;
    text += `${first ? "" : ","}${inner}${JSON.stringify(key)}: ${value}`;
    first = false;
  }
  seen.delete(node);
  return `${text}${indent}}`;
}

/** What a value is written as (see stableJsonParts). */
export interface WrittenJson {
  /** stableJson(value) in parts: their concatenation is the text. */
  readonly parts: readonly string[];
  /** JSON.parse(text), equal in every value and in key order. */
  readonly data: unknown;
}

const NOT_PLAIN = Symbol("not plain JSON data");
const ignore = () => undefined;
/** Parts of about this many characters: V8 puts a string of more than 128 KB (64 Ki two-byte characters) into a page of its own. */
const PART_LENGTH = 16_384;
/** From this depth on (a resource's block is at 3), V8's own JSON.stringify writes each value. */
const NATIVE_DEPTH = 3;
/**
 * One depth above (a resource type's blocks by name), a value of at most this many items is written
 * by one JSON.stringify: V8 builds each result from parts of growing length and flattens it once,
 * so fewer, longer calls allocate less (2,000 Träger: 4,378 → 4,136 MB). A larger one (such as the
 * platform stack's thousands of blocks of one type) is written a block at a time, which keeps the
 * parts small (a generated Träger's stacks have at most 13 blocks of a type).
 */
const GROUP_ITEMS = 16;
/**
 * A value put in `slot.x` is at `depth` in `holder`, so JSON.stringify of the holder with two spaces
 * indents it as at that depth: its text is the holder's less a head and a tail of fixed length (no
 * second pass to indent it).
 */
function nestedAt(depth: number): { readonly holder: object; readonly slot: { x: unknown }; readonly head: number; readonly tail: number } {
  const slot = { x: null as unknown };
  let holder: object = slot;
  for (let level = 1; level < depth; level += 1) holder = { x: holder };
  const text = JSON.stringify(holder, null, 2);
  const head = text.lastIndexOf("null");
  return { holder, slot, head, tail: text.length - head - "null".length };
}
const NESTED = { 2: nestedAt(2), 3: nestedAt(3) };

/**
 * stableJson(value) in parts, and what JSON.parse reads back from the text, or undefined when
 * `value` holds anything but plain JSON data (objects with Object's prototype or none and no
 * `toJSON`, arrays, strings, numbers, booleans, null, and undefined or functions, which JSON leaves
 * out of objects and writes as null in arrays). For plain data both come from one sorted copy: its
 * keys, inserted in sorted order, enumerate as JSON.parse of the sorted text inserts them (unless a
 * key is an array index, which engines enumerate first: then undefined); its numbers are as JSON
 * writes them (-0 as 0, NaN and the infinities as null). `visit` sees every key, string and
 * (finite) number in the order they are written, but for data in written form (markWritten) only
 * what was recorded with it. Values from depth 3 on are written by V8's own JSON.stringify with two
 * spaces (NESTED indents them), which lays them out as json-stable-stringify does but for empty
 * arrays and objects (opened and closed on two lines there).
 *
 * Why parts: one string of a whole stack (over 100 KB, twice that when a single character such as
 * "–" makes it two-byte) is a large object to V8, allocated in fresh pages; on these machines the
 * page faults cost more than writing the JSON. Parts stay in the young generation: each text that
 * JSON.stringify writes (a block, or a few blocks of one resource type) is a part of its own, and what
 * lies between them is gathered into parts of up to some 16 K characters. Such a text appended to
 * other text would make a concatenated string, which encoding it copies once more (flattening):
 * about a tenth of what a synth allocated (docs/design.md, "Speed"). The synth checks `data` instead
 * of parsing its output again.
 */
export function stableJsonParts(value: unknown, visit?: (value: string | number) => void): WrittenJson | undefined {
  const data = sortedCopy(value, 0, visit ?? ignore);
  if (data === NOT_PLAIN || data === undefined) return undefined;
  const out = { parts: [] as string[], current: "" };
  writeSorted(data, "\n", 0, out);
  out.parts.push(out.current);
  return { parts: out.parts, data };
}

/** Writes sorted plain data (sortedCopy's) as stableJson does. */
function writeSorted(node: unknown, indent: string, depth: number, out: { parts: string[]; current: string }): void {
  if (typeof node !== "object" || node === null) out.current += JSON.stringify(node);
  else if (depth >= NATIVE_DEPTH) writeNative(node, 3, noEmptyContainers.has(node), out);
  else if (depth === NATIVE_DEPTH - 1 && fewItems(node)) writeNative(node, 2, blocksWithoutEmptyContainers(node), out);
  else {
    const inner = `${indent}  `;
    if (Array.isArray(node)) {
      out.current += "[";
      node.forEach((item, i) => {
        out.current += i === 0 ? inner : `,${inner}`;
        writeSorted(item, inner, depth + 1, out);
      });
      out.current += `${indent}]`;
    } else {
      out.current += "{";
      let first = true;
      for (const [key, item] of Object.entries(node)) {
        out.current += `${first ? "" : ","}${inner}${JSON.stringify(key)}: `;
        first = false;
        writeSorted(item, inner, depth + 1, out);
      }
      out.current += `${indent}}`;
    }
  }
  if (out.current.length >= PART_LENGTH) {
    out.parts.push(out.current);
    out.current = "";
  }
}

/** Writes `node` (at depth 2 or 3) with JSON.stringify; `clean`: it holds no empty array or object, so the text needs no openEmptyContainers. */
function writeNative(node: object, depth: 2 | 3, clean: boolean, out: { parts: string[]; current: string }): void {
  const { holder, slot, head, tail } = NESTED[depth];
  slot.x = node;
  const nested = JSON.stringify(holder, null, 2);
  slot.x = null;
  const text = clean ? nested : openEmptyContainers(nested);
  // A part of its own: appended to `current`, the text would be copied once more when the parts are encoded.
  if (out.current.length > 0) out.parts.push(out.current);
  out.parts.push(text.slice(head, text.length - tail));
  out.current = "";
}

/** Whether an array or object has at most GROUP_ITEMS items (counted without making a list of its keys). */
function fewItems(node: object): boolean {
  if (Array.isArray(node)) return node.length <= GROUP_ITEMS;
  let count = 0;
  for (const _ in node) if (++count > GROUP_ITEMS) return false;
  return true;
}

/** Whether `node` is an object of blocks each known to hold no empty array or object (markWritten), and not empty itself. */
function blocksWithoutEmptyContainers(node: object): boolean {
  if (Array.isArray(node)) return false;
  let any = false;
  for (const key in node) {
    const value = (node as Record<string, unknown>)[key];
    if (typeof value !== "object" || value === null || !noEmptyContainers.has(value)) return false;
    any = true;
  }
  return any;
}

const isArrayIndex = (key: string) => {
  if (key.length === 0) return false;
  const first = key.charCodeAt(0);
  if (first < 48 || first > 57 || (first === 48 && key.length > 1) || key.length > 10) return false;
  for (let i = 1; i < key.length; i += 1) if (key.charCodeAt(i) < 48 || key.charCodeAt(i) > 57) return false;
  return Number(key) < 4294967295;
};

/** Whether an object's key stays in its place when JSON.parse reads it back (engines enumerate array indices first; `__proto__` is no own key). */
export const plainJsonKey = (key: string) => key !== "__proto__" && !isArrayIndex(key);

/** Data in written form (markWritten), with what `visit` sees of it. */
const inWrittenForm = new WeakMap<object, readonly string[]>();

/**
 * Declares `node` to be plain data exactly as sortedCopy would give it (plain objects whose keys were
 * inserted in sorted order, each a plainJsonKey; arrays; strings, booleans, null and finite numbers
 * other than -0; no undefined), and to stay unchanged until written: stableJsonParts then takes it as
 * it is, without walking it. `seen` are the keys and strings of it that the caller's `visit` needs
 * (the synth's: those that may hold an expression), in the order they are written; `visit` sees them
 * in place of the node's own. `withoutEmptyContainers`: it holds no empty array or object, so its text
 * from JSON.stringify is already json-stable-stringify's.
 */
export function markWritten(node: object, seen: readonly string[], withoutEmptyContainers = false): void {
  inWrittenForm.set(node, seen);
  if (withoutEmptyContainers) noEmptyContainers.add(node);
}

/** Data in written form that holds no empty array or object: its text needs no openEmptyContainers. */
const noEmptyContainers = new WeakSet<object>();

/** Keys in sorted order, memoised by the keys (read only): the levels above the blocks have the same keys in every stack of a kind. */
const sortedKeys = memoizedByKeys((keys) => keys.slice().sort(), 20_000, 8);

/**
 * The value as JSON.parse would read it back from its sorted text: a copy where anything differs, the
 * very object or array where nothing does (keys already sorted, no value left out or changed), so
 * that little is allocated for what cdktf's resolve already built in order.
 */
function sortedCopy(node: unknown, depth: number, visit: (value: string | number) => void): unknown {
  switch (typeof node) {
    case "string":
      visit(node);
      return node;
    case "boolean":
      return node;
    case "number":
      if (!Number.isFinite(node)) return null;
      visit(node);
      return node === 0 ? 0 : node;
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
    case "object":
      break;
    default:
      return NOT_PLAIN;
  }
  if (node === null) return null;
  const seen = inWrittenForm.get(node);
  if (seen !== undefined) {
    for (const value of seen) visit(value);
    return node;
  }
  if (depth > 1000) return NOT_PLAIN; // a cycle, most likely: stableJson reports it
  if (Array.isArray(node)) {
    if (Object.getPrototypeOf(node) !== Array.prototype) return NOT_PLAIN;
    // Own properties besides the items (which JSON leaves out) make a copy.
    let copy: unknown[] | undefined = Object.keys(node).length === node.length ? undefined : [];
    for (let i = 0; i < node.length; i += 1) {
      const value: unknown = node[i];
      let item = sortedCopy(value, depth + 1, visit);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      if (item === undefined) item = null;
      if (copy === undefined && !Object.is(item, value)) copy = node.slice(0, i) as unknown[];
      if (copy !== undefined) copy.push(item);
    }
    return copy ?? node;
  }
  const prototype = Object.getPrototypeOf(node) as unknown;
  if ((prototype !== Object.prototype && prototype !== null) || typeof (node as { toJSON?: unknown }).toJSON === "function") return NOT_PLAIN;
  const record = node as Record<string, unknown>;
  let keys: readonly string[] = Object.keys(record);
  let sorted = prototype !== null;
  for (let i = 1; sorted && i < keys.length; i += 1) if (keys[i - 1]! > keys[i]!) sorted = false;
  if (!sorted) keys = sortedKeys(keys);
  let copy: Record<string, unknown> | undefined = sorted ? undefined : {};
  for (let i = 0; i < keys.length; i += 1) {
    const key = keys[i]!;
    if (!plainJsonKey(key)) return NOT_PLAIN;
    const value = record[key];
    // A key is written unless its value is left out (undefined, a function, a symbol).
    if (value !== undefined && typeof value !== "function" && typeof value !== "symbol") visit(key);
    const item = sortedCopy(value, depth + 1, visit);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    if (copy === undefined && (item === undefined || !Object.is(item, value))) {
      copy = {};
      for (let j = 0; j < i; j += 1) copy[keys[j]!] = record[keys[j]!];
    }
    if (copy !== undefined && item !== undefined) copy[key] = item;
  }
  return copy ?? node;
}

/**
 * An empty array or object outside a string: followed by the end of a line (a string holds no raw
 * line break) or of the text.
 */
const EMPTY_CONTAINER = /(?:\[\]|\{\})(?=,?\n|$)/g;

/** json-stable-stringify's empty arrays and objects: opened, then closed on the next line at the line's indentation. */
function openEmptyContainers(text: string): string {
  if (!text.includes("[]") && !text.includes("{}")) return text;
  // A loop of exec and slices: String.prototype.replace with a callback is some thirty times slower here.
  let opened = "";
  let last = 0;
  EMPTY_CONTAINER.lastIndex = 0;
  for (let match = EMPTY_CONTAINER.exec(text); match; match = EMPTY_CONTAINER.exec(text)) {
    const lineStart = text.lastIndexOf("\n", match.index) + 1;
    let indentEnd = lineStart;
    while (text.charCodeAt(indentEnd) === 32) indentEnd += 1;
    opened += `${text.slice(last, match.index)}${match[0][0]}\n${text.slice(lineStart, indentEnd)}${match[0][1]}`;
    last = match.index + 2;
  }
  return last === 0 ? text : opened + text.slice(last);
}
