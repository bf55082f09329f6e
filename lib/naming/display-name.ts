/**
 * Display names (friendly names, descriptions) within the byte limits the providers check: Go's len()
 * and validation.StringLenBetween count UTF-8 bytes, so "Ä" counts 2 and "–" counts 3.
 */

/** UTF-8 length of a text, as the providers count it. */
export const utf8Bytes = (text: string): number => Buffer.byteLength(text, "utf8");

const ELLIPSIS = "…";

/** The text, cut at a character boundary to at most maxBytes bytes, the cut marked with "…". */
export function fitBytes(text: string, maxBytes: number): string {
  if (utf8Bytes(text) <= maxBytes) return text;
  let cut = "";
  for (const character of text) {
    if (utf8Bytes(cut + character) + utf8Bytes(ELLIPSIS) > maxBytes) break;
    cut += character;
  }
  return `${cut.trimEnd()}${ELLIPSIS}`;
}

/**
 * A label "<name><suffix>" of at most maxBytes bytes that keeps the suffix whole (a pool's name) and
 * shortens the name in front when it must.
 */
export function labelWithSuffix(name: string, suffix: string, maxBytes: number): string {
  return `${fitBytes(name, Math.max(0, maxBytes - utf8Bytes(suffix)))}${suffix}`;
}
