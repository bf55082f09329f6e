import { BlockIndex, cidrOf, formatCidr, freeBlocks, overlaps, parseCidr, type Cidr } from "../../lib/verbund/cidr";
import { planSubnets, reservedBlock } from "../../lib/verbund/address-plan";

const block = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};

describe("CIDR arithmetic", () => {
  it("rejects leading zeros and missing prefixes", () => {
    expect(parseCidr("10.064.0.0/20")).toBe('"10.064.0.0/20" is not CIDR notation: "10.064.0.0" is not an IPv4 address');
    expect(parseCidr("10.64.0.0/")).toBe('"10.64.0.0/" is not CIDR notation (expected a.b.c.d/n, e.g. 10.64.32.0/20)');
    expect(parseCidr("10.64.0.0/33")).toBe('"10.64.0.0/33" is not CIDR notation: prefix /33 is larger than /32');
  });

  it("handles the top of the address space without sign errors", () => {
    expect(formatCidr(block("255.255.255.0/24"))).toBe("255.255.255.0/24");
    expect(block("255.255.255.0/24").last).toBe(2 ** 32 - 1);
  });

  it("knows adjacent blocks do not overlap", () => {
    expect(overlaps(block("10.64.0.0/20"), block("10.64.16.0/20"))).toBe(false);
    expect(overlaps(block("10.64.0.0/19"), block("10.64.16.0/20"))).toBe(true);
  });

  it("lists the free blocks of a pool, largest aligned first, in address order", () => {
    const free = freeBlocks(block("10.64.0.0/16"), [block("10.64.0.0/20"), block("10.64.32.0/20")]).map(formatCidr);
    expect(free).toEqual(["10.64.16.0/20", "10.64.48.0/20", "10.64.64.0/18", "10.64.128.0/17"]);
    expect(freeBlocks(cidrOf(block("10.64.0.0/16").network, 16), []).map(formatCidr)).toEqual(["10.64.0.0/16"]);
  });
});

describe("finding overlapping blocks without comparing every pair", () => {
  it("finds exactly the earlier blocks that overlap, in the order they were added, as comparing every pair does", () => {
    // A small deterministic generator: blocks of every prefix from /8 to /32 (and the whole space) in
    // a narrow range, so that equal, containing, contained and disjoint blocks all occur many times.
    let seed = 1;
    const random = (below: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % below);
    const index = new BlockIndex<{ block: Cidr; n: number }>();
    const earlier: { block: Cidr; n: number }[] = [];
    let overlapsFound = 0;
    for (let n = 0; n < 1200; n += 1) {
      const prefix = n === 0 ? 0 : 8 + random(25);
      const size = 2 ** (32 - prefix);
      const address = 10 * 2 ** 24 + random(2 ** 16) * 2 ** 8;
      const aligned = cidrOf(address - (address % size), prefix);
      const expected = earlier.filter((e) => overlaps(e.block, aligned)).map((e) => e.n);
      expect(index.overlapping(aligned).map((e) => e.n)).toEqual(expected);
      overlapsFound += expected.length;
      index.add({ block: aligned, n });
      earlier.push({ block: aligned, n });
    }
    // The case that matters: many overlaps were found and compared, not only disjoint blocks.
    expect(overlapsFound).toBeGreaterThan(1200);
  });

  it("reports a block that contains, equals or lies inside an earlier one, and not its neighbours", () => {
    const index = new BlockIndex<{ block: Cidr; name: string }>();
    for (const [name, text] of [
      ["a", "10.64.0.0/23"],
      ["b", "10.64.2.0/23"],
      ["c", "10.64.0.0/16"],
    ] as const) index.add({ block: block(text), name });
    expect(index.overlapping(block("10.64.0.0/23")).map((e) => e.name)).toEqual(["a", "c"]);
    expect(index.overlapping(block("10.64.0.0/22")).map((e) => e.name)).toEqual(["a", "b", "c"]);
    expect(index.overlapping(block("10.64.1.0/24")).map((e) => e.name)).toEqual(["a", "c"]);
    expect(index.overlapping(block("10.65.0.0/23")).map((e) => e.name)).toEqual([]);
  });
});

describe("the subnet plan of a spoke", () => {
  it.each([
    ["10.64.0.0/16", { sessionhosts: "10.64.0.0/17", privateendpoints: "10.64.128.0/18", management: "10.64.192.0/19" }, "10.64.224.0/19"],
    ["10.64.192.0/20", { sessionhosts: "10.64.192.0/21", privateendpoints: "10.64.200.0/22", management: "10.64.204.0/23" }, "10.64.206.0/23"],
    ["10.64.2.0/23", { sessionhosts: "10.64.2.0/24", privateendpoints: "10.64.3.0/25", management: "10.64.3.128/26" }, "10.64.3.192/26"],
  ])("divides %s into session hosts (½), private endpoints (¼), management (⅛) and a free eighth", (space, subnets, reserved) => {
    expect(planSubnets(block(space))).toEqual(subnets);
    expect(formatCidr(reservedBlock(block(space)))).toBe(reserved);
  });
});
