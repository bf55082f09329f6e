/**
 * Generates N valid Träger declarations, each with network, directory, backup and one desktop pool,
 * for the scale benchmark. Up to 1,024 Träger get /22 blocks of the checked-in pool (10.64.0.0/12);
 * larger Verbünde (writeGeneratedVerbund) get /23 blocks of a /9 pool in a generated verbund.ts.
 * Keys and subscriptions are unique. Every other Träger adopts a declared subscription, the rest have
 * theirs vended, so that both kinds of subscription stack (and the Träger stack reading a vended
 * subscription's id from state) are measured.
 */
import * as fs from "node:fs";
import * as path from "node:path";

const LARGE_POOL = "10.128.0.0/9";

function declaration(i: number, addressSpace: string): string {
  const id = `gemeinde-${String(i).padStart(5, "0")}`;
  const value = {
    id,
    name: `Gemeinde Nummer ${i}`,
    kind: "amtsfreie-stadt",
    key: String(13_100_000 + i),
    joined: "2024-01-01",
    ...(i % 2 === 0 ? { subscriptionId: `3f2c8a51-7d4e-4b1a-9c0e-${String(i).padStart(12, "0")}` } : {}),
    network: { addressSpace },
    directory: { groups: [{ name: "standesamt", description: "Standesamt" }] },
    backup: { retention: { vm: { daily: 30 } } },
    vdi: { pools: [{ name: "verwaltung", users: 24, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }] },
  };
  return `import { defineTraeger } from "../lib/declaration";\n\nexport default defineTraeger(${JSON.stringify(value, null, 2)});\n`;
}

const dotted = (address: number) => `${address >>> 24}.${(address >>> 16) & 255}.${(address >>> 8) & 255}.${address & 255}`;

/** Writes `count` declarations into `dir` (created if needed) and returns their ids. */
export function writeGeneratedTraeger(dir: string, count: number): string[] {
  if (count > 1024) throw new RangeError("at most 1,024 generated Träger fit the pool as /22 blocks; use writeGeneratedVerbund");
  fs.mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `gemeinde-${String(i).padStart(4, "0")}`;
    fs.writeFileSync(path.join(dir, `${id}.ts`), declaration(i, `${dotted(0x0a400000 + i * 1024)}/22`).replace(/gemeinde-\d{5}/, id));
    ids.push(id);
  }
  return ids;
}

/**
 * Writes a Verbund of `count` Träger (up to 16,384) under `root`: `tenants/` and a `verbund.ts` that is
 * the checked-in one with a /9 address pool. Returns the environment that points a synth at it.
 */
export function writeGeneratedVerbund(root: string, count: number, projectRoot: string): { TENANTS_DIR: string; VERBUND_CONFIG?: string } {
  const tenants = path.join(root, "tenants");
  if (count <= 1024) {
    writeGeneratedTraeger(tenants, count);
    return { TENANTS_DIR: tenants };
  }
  if (count > 16_384) throw new RangeError("at most 16,384 generated Träger fit a /9 pool as /23 blocks");
  fs.mkdirSync(tenants, { recursive: true });
  for (let i = 0; i < count; i += 1) {
    fs.writeFileSync(path.join(tenants, `gemeinde-${String(i).padStart(5, "0")}.ts`), declaration(i, `${dotted(0x0a800000 + i * 512)}/23`));
  }
  const verbund = fs.readFileSync(path.join(projectRoot, "verbund.ts"), "utf8").replace(/addressPool: "[^"]+"/, `addressPool: "${LARGE_POOL}"`);
  const verbundFile = path.join(root, "verbund.ts");
  fs.writeFileSync(verbundFile, verbund);
  return { TENANTS_DIR: tenants, VERBUND_CONFIG: verbundFile };
}
