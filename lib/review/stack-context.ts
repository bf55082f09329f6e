/**
 * What the review needs from a stack's synthesized Terraform JSON (`cdktf.out/stacks/<id>/cdk.tf.json`),
 * which the plan JSON does not carry: `prevent_destroy` (Terraform omits lifecycle from plans), the
 * Träger's name, its desktop pools and which session hosts are personal desktops.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One desktop pool of the stack. */
export interface PoolContext {
  readonly name: string;
  readonly personal: boolean;
  readonly maxSessions: number;
  /** Addresses of its session host VMs. */
  readonly hosts: readonly string[];
}

/** The synthesized facts about one stack. */
export interface StackContext {
  readonly protectedAddresses: ReadonlySet<string>;
  /** The Träger's name, from its administrative unit ("KSM Träger – <name>"). */
  readonly traegerName?: string;
  readonly pools: readonly PoolContext[];
  /** The group whose members use the desktops (sg-<id>-vdi-users). */
  readonly desktopUsersGroup?: string;
  /** Azure names by address, for resources whose plan entry lacks one (deletes of unnamed types). */
  readonly names: ReadonlyMap<string, string>;
  /** A subscription stack's declared status (its output `lifecycle`): "decommissioned" allows the move to that group. */
  readonly lifecycle?: string;
  /** A subscription stack's management group (its output `management_group_id`). */
  readonly managementGroupId?: string;
}

type Resources = Record<string, Record<string, Record<string, unknown>>>;

/** The prefix of every administrative unit's display name (lib/constructs/directory-tenant.ts). */
const UNIT_PREFIX = "KSM Träger – ";

/**
 * Reads a stack's context. Returns a one-line reason instead when the synthesized stack is not at
 * hand or unreadable: the review then fails closed.
 */
export function readStackContext(stacksDir: string, stack: string): StackContext | { readonly missing: string } {
  const file = path.join(stacksDir, stack, "cdk.tf.json");
  let json: { resource?: Resources; output?: Record<string, { value?: unknown }> };
  try {
    json = JSON.parse(fs.readFileSync(file, "utf8")) as typeof json;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { missing: `${file} ${code === "ENOENT" ? "is missing" : `cannot be read (${code ?? (error as Error).message})`}` };
  }
  if (typeof json !== "object" || json === null) return { missing: `${file} is not a synthesized stack` };
  const protectedAddresses = new Set<string>();
  const names = new Map<string, string>();
  let traegerName: string | undefined;
  let desktopUsersGroup: string | undefined;
  const poolTypes = new Map<string, { personal: boolean; maxSessions: number }>();
  const hostsByPool = new Map<string, string[]>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) {
    for (const [name, r] of Object.entries(byName ?? {})) {
      const address = `${type}.${name}`;
      const lifecycle = r.lifecycle as { prevent_destroy?: unknown } | undefined;
      if (lifecycle?.prevent_destroy === true) protectedAddresses.add(address);
      const azureName = typeof r.name === "string" ? r.name : typeof r.display_name === "string" ? r.display_name : undefined;
      if (azureName !== undefined) names.set(address, azureName);
      if (type === "azuread_administrative_unit" && azureName?.startsWith(UNIT_PREFIX)) traegerName = azureName.slice(UNIT_PREFIX.length);
      if (type === "azuread_group" && azureName?.endsWith("-vdi-users")) desktopUsersGroup = azureName;
      if (type === "azurerm_virtual_desktop_host_pool" && azureName !== undefined) poolTypes.set(azureName, { personal: r.type === "Personal", maxSessions: Number(r.maximum_sessions_allowed) || 0 });
      const pool = (r.tags as Record<string, unknown> | undefined)?.["avd-host-pool"];
      if ((type === "azurerm_windows_virtual_machine" || type === "azurerm_linux_virtual_machine") && typeof pool === "string") hostsByPool.set(pool, [...(hostsByPool.get(pool) ?? []), address]);
    }
  }
  const pools = [...poolTypes].map(([name, p]) => ({ name, ...p, hosts: (hostsByPool.get(name) ?? []).sort() })).sort((a, b) => a.name.localeCompare(b.name));
  const output = (name: string) => (typeof json.output?.[name]?.value === "string" ? (json.output[name]!.value as string) : undefined);
  const lifecycle = output("lifecycle");
  const managementGroupId = output("management_group_id");
  return { protectedAddresses, traegerName, pools, desktopUsersGroup, names, ...(lifecycle !== undefined ? { lifecycle } : {}), ...(managementGroupId !== undefined ? { managementGroupId } : {}) };
}
