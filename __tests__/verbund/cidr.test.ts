import { cidrOf, formatCidr, freeBlocks, overlaps, parseCidr, type Cidr } from "../../lib/verbund/cidr";
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
