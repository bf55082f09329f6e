/**
 * The one boundary where declaration text becomes Terraform text. Terraform reads every string in
 * `cdk.tf.json` as a template: `${…}` is an interpolation and `%{…}` a directive, so text from a
 * pull request could otherwise run `file("/proc/self/environ")` in the plan. Escaped, `$${` and `%%{`
 * read back as the literal `${` and `%{` (HCL template spec, "Template Literals"). No cdktf imports.
 */
import type { TraegerModel } from "../verbund/model";

/** Text Terraform reads as itself: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(text: string): string {
  // Most text holds no brace at all: one search instead of a regular expression.
  return text.includes("{") ? text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`) : text;
}

/**
 * The Träger as constructs see it: every string of the model (names, descriptions, tags, members,
 * directory and image fields) passed through terraformLiteral. Strings that validation holds to
 * strict patterns (ids, keys, GUIDs, CIDRs, pool names) contain neither sequence and stay as they are;
 * free text is escaped whatever a field's validation lets through. Numbers and booleans are untouched.
 */
export function terraformLiteralTraeger(traeger: TraegerModel): TraegerModel {
  return escapeStrings(traeger) as TraegerModel;
}

/** A copy of plain data (arrays and plain objects, own enumerable keys in order) with every string escaped. */
function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (typeof value === "object" && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = escapeStrings((value as Record<string, unknown>)[key]);
      // An own "__proto__" stays a property (as Object.fromEntries makes it), never the prototype.
      if (key === "__proto__") Object.defineProperty(copy, key, { value: inner, enumerable: true, writable: true, configurable: true });
      else copy[key] = inner;
    }
    return copy;
  }
  return value;
}
