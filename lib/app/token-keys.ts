/**
 * cdktf's TokenMap.registerStringKey (tokens/private/token-map.js) compiles a new regular expression
 * on every token it registers, to replace the characters a key may not hold in the token's display
 * hint; almost every token has none and gets "TOKEN", which holds no such character. The method below
 * is cdktf 0.21.0's with one expression for all calls (a global expression is reset by each replace)
 * and no replace for "TOKEN": the same key, counter and map entry. cdktf 0.21.0 is its last release,
 * so the method replaced here cannot move.
 */
// cdktf's root first: its token modules require each other in that order.
import "cdktf";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as { TokenMap: { prototype: TokenMapMethods } };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { VALID_KEY_CHARS } = require("cdktf/lib/tokens/private/encoding") as { VALID_KEY_CHARS: string };

interface TokenMapMethods {
  registerStringKey(this: TokenMapFields, token: unknown, displayHint?: string): string;
}

interface TokenMapFields {
  tokenCounter: number;
  readonly stringTokenMap: Map<string, unknown>;
}

const INVALID_KEY_CHARS = new RegExp(`[^${VALID_KEY_CHARS}]`, "g");
const cdktfRegister = TokenMap.prototype.registerStringKey;

function registerStringKey(this: TokenMapFields, token: unknown, displayHint?: string): string {
  const counter = this.tokenCounter++;
  const hint = displayHint || "TOKEN";
  const key = `${hint === "TOKEN" ? hint : hint.replace(INVALID_KEY_CHARS, ".")}.${counter}`;
  this.stringTokenMap.set(key, token);
  return key;
}

/** Installs the method above (`fast`, the default) or cdktf's own. */
export function fastTokenKeys(fast = true): void {
  TokenMap.prototype.registerStringKey = fast ? registerStringKey : cdktfRegister;
}

/** cdktf's own method, for tests that compare. */
export const CDKTF_REGISTER_STRING_KEY = cdktfRegister;
