/**
 * What the read-only plan identity may refresh in a drift check (`npm run drift`, terraform plan
 * -refresh-only). Refreshing `azurerm_virtual_desktop_host_pool_registration_info` retrieves the host
 * pool's registration token (a POST) and refreshing `azurerm_key_vault_secret` reads the secret
 * (lib/constructs/vdi/refresh-rights.ts, readerSuffices: false): the plan identity has neither right,
 * so either Read fails with 403 and the whole stack's refresh with it. Terraform 1.11 cannot skip
 * single resources, but `-target` limits a refresh to the targets and what they depend on. So the
 * drift check targets every resource except the secret readers and everything that depends on them
 * (the session hosts' AVD agent extensions, whose settings carry the token); those are what the
 * nightly drift check cannot see (docs/vdi.md, "Rights the plan identity needs for desktops").
 */
import { DESKTOP_REFRESH_NEEDS } from "../constructs/vdi/refresh-rights";

/** Resource types whose refresh reads a secret. */
export const SECRET_READING_TYPES: ReadonlySet<string> = new Set(DESKTOP_REFRESH_NEEDS.filter((n) => !n.readerSuffices).map((n) => n.resource));

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** Every resource address a value refers to (`${type.name…}` in templates, depends_on entries). */
function references(value: unknown, addresses: ReadonlySet<string>, found: Set<string>): void {
  if (typeof value === "string") {
    for (const match of value.matchAll(/\b([a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/g)) if (addresses.has(match[1]!)) found.add(match[1]!);
  } else if (Array.isArray(value)) for (const v of value) references(v, addresses, found);
  else if (value && typeof value === "object") for (const v of Object.values(value)) references(v, addresses, found);
}

/**
 * The addresses a plan-identity refresh of one synthesized stack leaves out (secret readers and their
 * dependents, transitively) and the ones it targets. `targets` is empty when nothing is left out (no
 * -target needed).
 */
export function refreshScope(stack: { resource?: Resources }): { excluded: string[]; targets: string[] } {
  const addresses = new Set<string>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) for (const name of Object.keys(byName ?? {})) addresses.add(`${type}.${name}`);
  const dependsOn = new Map<string, Set<string>>();
  for (const [type, byName] of Object.entries(stack.resource ?? {})) {
    for (const [name, config] of Object.entries(byName ?? {})) {
      const found = new Set<string>();
      references(config, addresses, found);
      found.delete(`${type}.${name}`);
      dependsOn.set(`${type}.${name}`, found);
    }
  }
  const excluded = new Set([...addresses].filter((a) => SECRET_READING_TYPES.has(a.slice(0, a.indexOf(".")))));
  for (let grew = true; grew; ) {
    grew = false;
    for (const [address, deps] of dependsOn) {
      if (!excluded.has(address) && [...deps].some((d) => excluded.has(d))) {
        excluded.add(address);
        grew = true;
      }
    }
  }
  const sorted = [...excluded].sort();
  return { excluded: sorted, targets: sorted.length === 0 ? [] : [...addresses].filter((a) => !excluded.has(a)).sort() };
}
