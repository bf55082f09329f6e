import * as ipaddr from "ipaddr.js";

/** An IPv4 block in CIDR notation, held as integers for range arithmetic. */
export interface Cidr {
  readonly network: number;
  readonly prefix: number;
  /** First address (the network address), as an unsigned 32-bit integer. */
  readonly first: number;
  /** Last address (the broadcast address). */
  readonly last: number;
  readonly size: number;
}

/**
 * Parses strict IPv4 CIDR notation ("10.64.32.0/20"). Returns an error message when the text is not
 * a canonical network address: host bits set, leading zeros, or a missing prefix are all rejected,
 * since a silently normalised block is a block nobody declared.
 */
export function parseCidr(text: string): Cidr | string {
  const [address, prefixText, ...rest] = text.split("/");
  if (rest.length > 0 || prefixText === undefined || !/^\d{1,2}$/.test(prefixText)) {
    return `"${text}" is not CIDR notation (expected a.b.c.d/n, e.g. 10.64.32.0/20)`;
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(address ?? "")) {
    return `"${text}" is not CIDR notation: "${address}" is not an IPv4 address`;
  }
  const prefix = Number(prefixText);
  if (prefix > 32) return `"${text}" is not CIDR notation: prefix /${prefix} is larger than /32`;
  const ip = toInt(address ?? "");
  const network = cut(ip, prefix);
  if (network !== ip) {
    return `"${text}" has host bits set: the block starting there is ${formatCidr({ network, prefix })}`;
  }
  return cidrOf(network, prefix);
}

/** Parses an IPv4 address in four-part decimal; returns its integer or an error message. */
export function parseIpv4(text: string): number | string {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return `"${text}" is not an IPv4 address`;
  return toInt(text);
}

/** Builds a block from its network address and prefix. */
export function cidrOf(network: number, prefix: number): Cidr {
  const size = 2 ** (32 - prefix);
  return { network, prefix, first: network, last: network + size - 1, size };
}

/** Canonical text form of a block. */
export function formatCidr(cidr: { readonly network: number; readonly prefix: number }): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefix}`;
}

/** Four-part decimal text of an integer address. */
export function formatIpv4(address: number): string {
  return new ipaddr.IPv4([(address >>> 24) & 255, (address >>> 16) & 255, (address >>> 8) & 255, address & 255]).toString();
}

/** Whether two blocks share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/** Whether `inner` lies entirely within `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return outer.first <= inner.first && inner.last <= outer.last;
}

/** Whether an address lies within a block. */
export function containsAddress(block: Cidr, address: number): boolean {
  return block.first <= address && address <= block.last;
}

/** The `index`-th block of the given prefix inside `parent` (index 0 is the first). */
export function subdivide(parent: Cidr, prefix: number, index: number): Cidr {
  if (prefix < parent.prefix) throw new RangeError(`/${prefix} does not fit in ${formatCidr(parent)}`);
  const block = cidrOf(parent.network + index * 2 ** (32 - prefix), prefix);
  if (!contains(parent, block)) throw new RangeError(`${formatCidr(block)} lies outside ${formatCidr(parent)}`);
  return block;
}

/**
 * The largest aligned blocks covering what is left of `pool` once `used` is taken out, in address
 * order. `used` blocks must lie inside the pool.
 */
export function freeBlocks(pool: Cidr, used: readonly Cidr[]): Cidr[] {
  const taken = [...used].sort((a, b) => a.first - b.first);
  const free: Cidr[] = [];
  let cursor = pool.first;
  const fill = (until: number): void => {
    while (cursor < until) {
      let prefix = 32;
      // grow the block while it stays aligned and ends before `until`
      while (prefix > pool.prefix) {
        const size = 2 ** (32 - (prefix - 1));
        if (cursor % size !== 0 || cursor + size - 1 >= until) break;
        prefix -= 1;
      }
      const block = cidrOf(cursor, prefix);
      free.push(block);
      cursor = block.last + 1;
    }
  };
  for (const block of taken) {
    fill(block.first);
    cursor = Math.max(cursor, block.last + 1);
  }
  fill(pool.last + 1);
  return free;
}

/**
 * Blocks added one after another, each found again by every later block it overlaps, without
 * comparing every pair: the Verbund's check that no two Träger share an address compared each
 * address space with every earlier one, about 10 s of a 10,000-Träger synth before anything was
 * built. Blocks are aligned (parseCidr refuses host bits), so two overlap exactly when one contains
 * the other: the earlier blocks overlapping `block` are those it contains (found under its own
 * network at its own prefix) and those that contain it (found under its network cut to each shorter
 * prefix in use).
 */
export class BlockIndex<T extends { readonly block: Cidr }> {
  /** Per prefix length: entries by their network cut to that length, for every length up to their own. */
  private readonly within: Map<number, T[]>[] = [];
  /** Per prefix length: entries of exactly that length, by network. */
  private readonly exact: Map<number, T[]>[] = [];
  private readonly order = new Map<T, number>();

  /** Adds an entry; it is found by overlapping(…) from now on. */
  add(entry: T): void {
    const { network, prefix } = entry.block;
    this.order.set(entry, this.order.size);
    for (let length = 0; length <= prefix; length += 1) push((this.within[length] ??= new Map()), cut(network, length), entry);
    push((this.exact[prefix] ??= new Map()), network, entry);
  }

  /** The entries added so far whose blocks share an address with `block`, in the order they were added. */
  overlapping(block: Cidr): T[] {
    const found = [...(this.within[block.prefix]?.get(block.network) ?? [])];
    for (let length = 0; length < block.prefix; length += 1) found.push(...(this.exact[length]?.get(cut(block.network, length)) ?? []));
    return found.sort((a, b) => this.order.get(a)! - this.order.get(b)!);
  }
}

/** The network of the block of the given prefix length that holds `network`. */
function cut(network: number, prefix: number): number {
  const size = 2 ** (32 - prefix);
  return network - (network % size);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toInt(address: string): number {
  const bytes = ipaddr.IPv4.parse(address).toByteArray();
  return (((bytes[0] ?? 0) << 24) >>> 0) + ((bytes[1] ?? 0) << 16) + ((bytes[2] ?? 0) << 8) + (bytes[3] ?? 0);
}
