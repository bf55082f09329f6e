/**
 * JSON exactly as json-stable-stringify 1.3.0 with `{ space: 2 }` lays it out, which is how cdktf
 * writes every cdk.tf.json and manifest.json: keys sorted, `toJSON` honoured, undefined, functions and
 * symbols left out of objects and written as null in arrays, and empty arrays and objects opened and
 * closed on two lines. Built as one string rather than by joining an array per level, which was about
 * a tenth of synth time (bench/results.md). Tests compare it with cdktf's writer for every stack.
 */

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
