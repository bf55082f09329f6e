/**
 * Plan data is untrusted (a pull request decides names, tags, descriptions): before it reaches a
 * comment or a terminal it loses terminal escape sequences and invisible controls, and every character
 * that Markdown or HTML could read as markup becomes an HTML character reference. Rendered, the
 * comment shows exactly what the plan holds, and nothing can open a comment, close a <details>,
 * break a table, start a code span or mention someone.
 */

// CSI, OSC (ended by BEL or ST), and two-character escapes; then C0/C1 controls and bidi overrides.
const TERMINAL_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]|\u009b[0-?]*[ -/]*[@-~]/g;
const VISIBLE_CONTROLS: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** Removes terminal escape sequences; shows line breaks and tabs as \n, \r, \t; other controls as \u…. */
export function stripTerminal(text: string): string {
  return text.replace(TERMINAL_SEQUENCE, "").replace(CONTROL, (c) => VISIBLE_CONTROLS[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

// What Markdown (GFM) or HTML gives a meaning to inside a line, and @ (mentions), # (issue links),
// : (emoji), $ (math). Line-start markup (-, +, digits) never applies: plan text is never at a line start.
const MARKUP = /[&<>"'`|*_~[\]\\#!@:$]/g;

/** Plan text for Markdown and HTML: terminal-safe, every markup character a character reference. */
export function escapeMarkup(text: string): string {
  // An underscore between two letters or digits never starts emphasis (GFM's intraword rule): kept
  // readable, as in every Terraform address.
  return stripTerminal(text).replace(MARKUP, (c, at: number, all: string) => (c === "_" && /[A-Za-z0-9]/.test(all[at - 1] ?? "") && /[A-Za-z0-9]/.test(all[at + 1] ?? "") ? c : `&#${c.charCodeAt(0)};`));
}

/** Plan text as inline code: `<code>` (GitHub neither links mentions nor renders Markdown in it). */
export function code(text: string): string {
  return `<code>${escapeMarkup(text)}</code>`;
}

/** Plan text for a <pre> block: terminal-safe, HTML-escaped (Markdown is not read inside <pre>). */
export function preformatted(text: string): string {
  return text
    .split("\n")
    .map((line) => stripTerminal(line).replace(/[&<>@`]/g, (c) => `&#${c.charCodeAt(0)};`))
    .join("\n");
}
