/**
 * The one boundary where declaration text becomes Terraform text. Terraform reads every string in
 * `cdk.tf.json` as a template: `${…}` is an interpolation and `%{…}` a directive, so text from a
 * pull request could otherwise run `file("/proc/self/environ")` in the plan. Escaped, `$${` and `%%{`
 * read back as the literal `${` and `%{` (HCL template spec, "Template Literals"). No cdktf imports.
 */
import type { TraegerModel } from "../verbund/model";

/** Text Terraform reads as itself: `${` → `$${`, `%{` → `%%{`. */
export function terraformLiteral(text: string): string {
  return text.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`);
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

function escapeStrings(value: unknown): unknown {
  if (typeof value === "string") return terraformLiteral(value);
  if (Array.isArray(value)) return value.map(escapeStrings);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, escapeStrings(inner)]));
  }
  return value;
}
