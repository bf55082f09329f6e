/**
 * Generates N valid Träger declarations, each with network, directory, backup and one desktop pool,
 * for the scale benchmark. Blocks are /22s of the pool (1,024 fit), keys and subscriptions unique.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** Writes `count` declarations into `dir` (created if needed) and returns their ids. */
export function writeGeneratedTraeger(dir: string, count: number): string[] {
  if (count > 1024) throw new RangeError("at most 1,024 generated Träger fit the pool as /22 blocks");
  fs.mkdirSync(dir, { recursive: true });
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const id = `gemeinde-${String(i).padStart(4, "0")}`;
    const block = 0x0a400000 + i * 1024; // 10.64.0.0 + i × /22
    const addressSpace = `${block >>> 24}.${(block >>> 16) & 255}.${(block >>> 8) & 255}.0/22`;
    const declaration = {
      id,
      name: `Gemeinde Nummer ${i}`,
      kind: "amtsfreie-stadt",
      key: String(13_100_000 + i),
      joined: "2024-01-01",
      subscriptionId: `3f2c8a51-7d4e-4b1a-9c0e-${String(i).padStart(12, "0")}`,
      network: { addressSpace },
      directory: { groups: [{ name: "standesamt", description: "Standesamt" }] },
      backup: { retention: { vm: { daily: 30 } } },
      vdi: { pools: [{ name: "verwaltung", users: 24, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }] },
    };
    fs.writeFileSync(path.join(dir, `${id}.ts`), `import { defineTraeger } from "../lib/declaration";\n\nexport default defineTraeger(${JSON.stringify(declaration, null, 2)});\n`);
    ids.push(id);
  }
  return ids;
}
