/**
 * The declaration contract: what `tenants/<id>.ts` and `verbund.ts` may say. No cdktf imports here:
 * this is plain data and its validation.
 */
import { brand, TRAEGER_BRAND, VERBUND_BRAND } from "./brand";
import type { TraegerDeclaration } from "./traeger";
import type { VerbundDeclaration } from "./verbund";

export * from "./backup";
export * from "./directory";
export * from "./traeger";
export * from "./text";
export * from "./vdi";
export * from "./verbund";
export { hasBrand, TRAEGER_BRAND, VERBUND_BRAND } from "./brand";

/**
 * Declares one Träger. Not generic on purpose: an object literal passed here gets TypeScript's
 * excess-property check, so a misspelt field fails `tsc` as well as validation. The value is validated
 * later, with the whole Verbund, by lib/verbund.
 */
export function defineTraeger(declaration: TraegerDeclaration): TraegerDeclaration {
  return brand(declaration, TRAEGER_BRAND);
}

/** Declares the Verbund itself (hub, address pool, regions, state backend). */
export function defineVerbund(declaration: VerbundDeclaration): VerbundDeclaration {
  return brand(declaration, VERBUND_BRAND);
}
