/** Reads a V8 .cpuprofile and totals self time by package and by function, for bench/results.md. */
import * as fs from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** Top packages and functions by self time, in milliseconds. */
export function summarizeProfile(file: string, top = 12): { totalMs: number; packages: [string, number][]; functions: [string, number][] } {
  const profile = JSON.parse(fs.readFileSync(file, "utf8")) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const packages = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const frame = byId.get(id)!.callFrame;
    total += micros;
    const url = frame.url.replace(/^file:\/\//, "");
    const pkg = url.includes("node_modules/")
      ? url.split("node_modules/")[1]!.split("/").slice(0, url.includes("node_modules/@") ? 2 : 1).join("/") + (url.includes("cdktf/lib/tokens") ? " (tokens)" : "")
      : url.startsWith("node:") || url === ""
        ? frame.functionName.startsWith("(") ? frame.functionName : "node internals"
        : "this project";
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
    const fn = `${frame.functionName || "(anonymous)"} ${url.split("/").slice(-2).join("/")}`.trim();
    functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, v]): [string, number] => [k, v / 1000]);
  return { totalMs: total / 1000, packages: sorted(packages), functions: sorted(functions) };
}
