/**
 * cdktf's resources and data sources make a new token on every read of an attribute (`vault.id`:
 * getStringAttribute registers a new reference in cdktf's token map each time); a Träger stack reads
 * about 120 attributes, 44 of them distinct. The reference is a function of the element's type, its
 * logical id (which cdktf fixes on first use), whether it has `for_each`, and the attribute's name,
 * so each element can keep the token it made for an attribute and hand it out again: the output is
 * the same (a test compares it), with fewer objects to build, resolve and collect. cdktf 0.21.0 is its
 * last release, so the method replaced here cannot move.
 */
import { TerraformDataSource, TerraformResource } from "cdktf";

type ReadsAttributes = { getStringAttribute(attribute: string): string; forEach?: unknown };

const TOKENS = Symbol("ksm.attributeTokens");
const ELEMENT_CLASSES = [TerraformResource, TerraformDataSource] as const;
const cdktfReads = ELEMENT_CLASSES.map((type) => type.prototype.getStringAttribute);

/** getStringAttribute as cdktf's, but one token per element and attribute. */
function sharedRead(original: (attribute: string) => string) {
  return function (this: ReadsAttributes & { [TOKENS]?: Map<string, string> }, attribute: string): string {
    const key = this.forEach === undefined ? attribute : `*${attribute}`;
    let tokens = this[TOKENS];
    // Not enumerable, as cdktf keeps its own per-object caches (token-map.js, cachedValue).
    if (tokens === undefined) Object.defineProperty(this, TOKENS, { value: (tokens = new Map<string, string>()) });
    let token = tokens.get(key);
    if (token === undefined) tokens.set(key, (token = original.call(this, attribute)));
    return token;
  };
}

const sharedReads = cdktfReads.map(sharedRead);

/** Hands out one token per element and attribute (`share`, the default), or cdktf's new token per read. */
export function shareAttributeTokens(share = true): void {
  ELEMENT_CLASSES.forEach((type, index) => {
    type.prototype.getStringAttribute = (share ? sharedReads : cdktfReads)[index]!;
  });
}
