/**
 * Marks values made by defineTraeger / defineVerbund. Symbol.for, so that the mark survives a second
 * copy of this module (a declaration folder loaded from elsewhere, or jest's module registry).
 */
export const TRAEGER_BRAND: unique symbol = Symbol.for("ksm.verbund/traeger-declaration") as never;
export const VERBUND_BRAND: unique symbol = Symbol.for("ksm.verbund/verbund-config") as never;

/** Attaches a non-enumerable brand, leaving the data itself untouched. */
export function brand<T extends object>(value: T, mark: symbol): T {
  if (typeof value === "object" && value !== null) Object.defineProperty(value, mark, { value: true, enumerable: false });
  return value;
}

/** Whether a value carries the given brand. */
export function hasBrand(value: unknown, mark: symbol): boolean {
  return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[mark] === true;
}
