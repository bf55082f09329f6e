/**
 * Free text in declarations: what a name, a description and a cost centre may hold. Names hold what
 * municipal names use; descriptions a little more; nothing that is markup (Markdown, HTML), a line
 * break, a control character or a Terraform sequence (`${`, `%{`). See docs/design.md, "Free text".
 */
import unhomoglyph from "unhomoglyph";
import { z } from "zod";

/** Longest name (Träger, member Gemeinde, Verbund): the longest municipal name in Germany is ~60. */
export const NAME_MAX = 80;
/** Longest description (extra groups; reasons): Entra allows 1,024, a reader wants one line. */
export const DESCRIPTION_MAX = 200;
/** Longest cost centre: a tag value, short. */
export const COST_CENTER_MAX = 40;

// Latin letters (umlauts, ß and the accents of Sorbian or Polish place names), digits, spaces and the
// punctuation of municipal names: "Boizenburg/Elbe", "Stadt Lübz (Amt Eldenburg Lübz)", "Groß Godems".
// Other scripts are refused, so a Cyrillic "а" in "Stadt Grabow" is named, not hidden; look-alikes
// within Latin ("rn"/"m", "l"/"1", decomposed umlauts) are caught by nameFold when names are compared.
const LETTER = "\\p{Script=Latin}\\p{M}";
const NAME_CHARS = `${LETTER}0-9 \\-/.(),'\u2019\u2013`;
const NAME_PATTERN = new RegExp(`^[\\p{Script=Latin}0-9][${NAME_CHARS}]*$`, "u");
// Descriptions add sentence punctuation; still no < > * _ ` [ ] # | ~ \ { } $ & @ (markup, templates, mentions).
const DESCRIPTION_PATTERN = new RegExp(`^[\\p{Script=Latin}0-9][${NAME_CHARS}:;!?%+"\u201e\u201c\u00a7]*$`, "u");
const COST_CENTER_PATTERN = /^[\p{Script=Latin}0-9][\p{Script=Latin}0-9 .\-/]*$/u;

const NAME_HINT = "Latin letters (umlauts and ß welcome), digits, spaces and - / . ( ) , ' –";

function textProblem(text: string, pattern: RegExp, allowed: string, max: number): string | undefined {
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text)) return "must be one line without control characters";
  if (/[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/.test(text)) return "must not contain invisible or direction-changing characters";
  if (text.normalize("NFKC") !== text.normalize("NFC")) return "must not use compatibility forms (fullwidth letters, ligatures, superscripts): write the plain letters";
  if (text !== text.trim()) return "must not start or end with a space";
  if (/ {2}/.test(text)) return "must not contain two spaces in a row";
  if (text.length > max) return `must be at most ${max} characters (got ${text.length})`;
  if (!pattern.test(text.normalize("NFC"))) {
    const bad = [...text.normalize("NFC")].find((c) => !pattern.test(`a${c}`));
    if (!bad) return "must start with a letter or a digit";
    const codePoint = bad.codePointAt(0)!;
    return `may hold only ${allowed} (got ${JSON.stringify(bad)}${codePoint > 0x7e ? `, U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}` : ""})`;
  }
  return undefined;
}

const textSchema = (pattern: RegExp, allowed: string, min: number, max: number, minMessage?: string) =>
  z
    .string()
    .min(min, { error: minMessage ?? (min <= 1 ? "must not be empty" : `must be at least ${min} characters`) })
    .superRefine((text, ctx) => {
      if (text.length < min) return; // said by min
      const problem = textProblem(text, pattern, allowed, max);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

/** A municipal name: a Träger, a member Gemeinde, the Verbund. */
export const nameText = textSchema(NAME_PATTERN, NAME_HINT, 2, NAME_MAX);
/** A one-line description: a name's characters and : ; ! ? % + " „ “ §. */
export const descriptionText = (min = 1, minMessage?: string) => textSchema(DESCRIPTION_PATTERN, `${NAME_HINT} and : ; ! ? % + " „ “ §`, min, DESCRIPTION_MAX, minMessage);
/** A cost centre: letters, digits, spaces and . - / (e.g. "KST 4711", "1.2.10"). */
export const costCenterText = textSchema(COST_CENTER_PATTERN, "letters, digits, spaces and . - /", 1, COST_CENTER_MAX);

/**
 * The form two names are compared in: Unicode NFKC (fullwidth letters and ligatures are plain letters),
 * confusable characters folded to one prototype
 * (Unicode TR39 confusables, via unhomoglyph: a Cyrillic "а" is a Latin "a"), case and spacing
 * ignored. Two names with the same fold are one name.
 */
export function nameFold(name: string): string {
  // TR39's skeleton works on NFD (NFKD here, for compatibility forms); folding twice around lowercasing makes "I", "l" and "1" one letter.
  return unhomoglyph(unhomoglyph(name.normalize("NFKD")).toLowerCase())
    .normalize("NFC")
    .replace(/\s+/g, " ")
    .trim();
}
