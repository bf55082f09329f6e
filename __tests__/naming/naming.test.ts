import {
  keyVaultName,
  NAME_RULES,
  type NameKind,
  nameViolation,
  networkSecurityGroupName,
  peeringName,
  recoveryServicesVaultName,
  resourceGroupName,
  routeTableName,
  sessionHostComputerName,
  shortHash,
  storageAccountName,
  subnetName,
  virtualNetworkName,
} from "../../lib/naming";
import { createHash } from "node:crypto";
import { SUBNET_ROLES } from "../../lib/verbund";

const LONGEST_ID = "amt-abcdefghijklmnopqrst"; // 24 characters, the limit
const SHORTEST_ID = "abc";

function allNames(id: string): [NameKind, string][] {
  return [
    ...(["network", "identity", "backup", "vdi"] as const).map((w): [NameKind, string] => ["resourceGroup", resourceGroupName(id, w)]),
    ["virtualNetwork", virtualNetworkName(id)],
    ...SUBNET_ROLES.map((r): [NameKind, string] => ["subnet", subnetName(r)]),
    ...SUBNET_ROLES.map((r): [NameKind, string] => ["networkSecurityGroup", networkSecurityGroupName(id, r)]),
    ["routeTable", routeTableName(id)],
    ["virtualNetworkPeering", peeringName(id, "spoke-to-hub")],
    ["virtualNetworkPeering", peeringName(id, "hub-to-spoke")],
    ["storageAccount", storageAccountName("ksm", id, "profiles")],
    ["keyVault", keyVaultName("ksm", id)],
    ["recoveryServicesVault", recoveryServicesVaultName(id)],
    ["windowsComputerName", sessionHostComputerName(id, "verwaltung-lang", 999)],
  ];
}

describe("names", () => {
  it("the longest allowed id yields a valid name of every type", () => {
    expect(LONGEST_ID).toHaveLength(24);
    for (const [kind, name] of allNames(LONGEST_ID)) expect([kind, nameViolation(kind, name)]).toEqual([kind, undefined]);
  });

  it("the shortest allowed id yields a valid name of every type", () => {
    for (const [kind, name] of allNames(SHORTEST_ID)) expect([kind, nameViolation(kind, name)]).toEqual([kind, undefined]);
  });

  it("follow the Cloud Adoption Framework abbreviations", () => {
    expect(resourceGroupName("boizenburg-elbe", "network")).toBe("rg-boizenburg-elbe-network");
    expect(virtualNetworkName("boizenburg-elbe")).toBe("vnet-boizenburg-elbe");
    expect(subnetName("sessionhosts")).toBe("snet-sessionhosts");
    expect(networkSecurityGroupName("boizenburg-elbe", "management")).toBe("nsg-boizenburg-elbe-management");
    expect(routeTableName("boizenburg-elbe")).toBe("rt-boizenburg-elbe");
    expect(peeringName("boizenburg-elbe", "spoke-to-hub")).toBe("peer-boizenburg-elbe-to-hub");
    expect(peeringName("boizenburg-elbe", "hub-to-spoke")).toBe("peer-hub-to-boizenburg-elbe");
    expect(recoveryServicesVaultName("boizenburg-elbe")).toBe("rsv-boizenburg-elbe");
  });

  it("makes globally unique names deterministic and distinct per Träger, Verbund and purpose", () => {
    const a = storageAccountName("ksm", LONGEST_ID, "profiles");
    expect(a).toHaveLength(24);
    expect(storageAccountName("ksm", LONGEST_ID, "profiles")).toBe(a);
    expect(storageAccountName("ksm", LONGEST_ID, "data")).not.toBe(a);
    expect(storageAccountName("xyz", LONGEST_ID, "profiles")).not.toBe(a);
    expect(keyVaultName("ksm", "amt-abcdefghijklmnopqrst")).not.toBe(keyVaultName("ksm", "amt-abcdefghijklmnopqrsu"));
    expect(keyVaultName("ksm", LONGEST_ID).length).toBeLessThanOrEqual(24);
  });

  it("keeps Windows computer names within 15 characters and apart across pools", () => {
    const name = sessionHostComputerName(LONGEST_ID, "verwaltung", 7);
    expect(name).toMatch(/^amtabc[a-z0-9]{3}-007$/);
    expect(name.length).toBeLessThanOrEqual(15);
    expect(sessionHostComputerName(LONGEST_ID, "verwaltung", 7)).not.toBe(sessionHostComputerName(LONGEST_ID, "standesamt", 7));
    expect(() => sessionHostComputerName(LONGEST_ID, "verwaltung", 1000)).toThrow("session host index 1000 is outside 0–999");
  });

  it("reports what is wrong with a name that breaks its type's rules", () => {
    expect(nameViolation("storageAccount", "st-with-dashes")).toBe(`"st-with-dashes" is not a valid storageAccount name: ${NAME_RULES.storageAccount.description}`);
    expect(nameViolation("windowsComputerName", "a".repeat(16))).toBe(`"${"a".repeat(16)}" has 16 characters; a windowsComputerName name has ${NAME_RULES.windowsComputerName.description}`);
    expect(nameViolation("keyVault", "kv--double")).toBeDefined();
    expect(nameViolation("windowsComputerName", "12345")).toBeDefined();
  });
});

describe("short hashes", () => {
  it("are the first 12 bytes of the parts' SHA-256 in base 36, as they were first written (a changed hash renames resources)", () => {
    const asFirstWritten = (length: number, ...parts: string[]) =>
      BigInt(`0x${createHash("sha256").update(parts.join("/")).digest().subarray(0, 12).toString("hex")}`).toString(36).padStart(length, "0").slice(-length);
    for (let i = 0; i < 1000; i += 1) {
      const parts = ["ksm", `gemeinde-${i}`, i % 2 ? "kv" : "stadt Boizenburg/Elbe – ü"];
      for (const length of [3, 5, 6, 19]) expect(shortHash(length, ...parts)).toBe(asFirstWritten(length, ...parts));
    }
    expect(shortHash(6, "ksm", "boizenburg-elbe", "profiles")).toBe(asFirstWritten(6, "ksm", "boizenburg-elbe", "profiles"));
  });
});
