import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadVerbund, type VerbundModel } from "../../lib/verbund";
import { formatProblem } from "../../lib/problems";

/** A valid declaration of a small amtsfreie Stadt, to be varied one field at a time; named after its id ("Stadt Teststadt"). */
export function stadt(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // Names are unique across the Verbund: a second Stadt with its own id gets its own name.
  const id = typeof overrides.id === "string" && /^[a-z]/.test(overrides.id) ? overrides.id : "teststadt";
  return {
    id: "teststadt",
    name: `Stadt ${id[0]!.toUpperCase()}${id.slice(1)}`,
    kind: "amtsfreie-stadt",
    key: "13076999",
    joined: "2024-01-01",
    subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e01",
    network: { addressSpace: "10.70.0.0/20" },
    ...overrides,
  };
}

/** A valid declaration of a small Amt with two members. */
export function amt(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: "testamt",
    name: "Amt Testamt",
    kind: "amt",
    key: "130765699",
    joined: "2024-01-01",
    subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e02",
    network: { addressSpace: "10.70.16.0/20" },
    members: [
      { name: "Erstdorf", ags: "13076901" },
      { name: "Zweitdorf", ags: "13076902" },
    ],
    ...overrides,
  };
}

/** Source text of a declaration file, written exactly like those in tenants/. */
export function declarationSource(value: unknown): string {
  return `import { defineTraeger } from "../lib/declaration";\n\nexport default defineTraeger(${JSON.stringify(value, null, 2)});\n`;
}

/** Creates a folder of declaration files outside the project: name → source text (or a value to declare). */
export function tenantsDir(files: Record<string, string | Record<string, unknown>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-tenants-"));
  for (const [name, content] of Object.entries(files)) {
    fs.writeFileSync(path.join(dir, name), typeof content === "string" ? content : declarationSource(content));
  }
  return dir;
}

/** Loads a folder of declarations with the checked-in verbund.ts and returns the problem lines. */
export function problemLines(files: Record<string, string | Record<string, unknown>>, env: NodeJS.ProcessEnv = {}): string[] {
  const dir = tenantsDir(files);
  try {
    const { problems } = loadVerbund({ env: { ...env, TENANTS_DIR: dir } });
    return problems.map((p) => formatProblem(p).replaceAll(dir, "<tenants>"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Loads a folder of declarations with the checked-in verbund.ts and returns the model; fails loudly on problems. */
export function loadModelFrom(files: Record<string, string | Record<string, unknown>>): VerbundModel {
  const dir = tenantsDir(files);
  try {
    const { verbund, problems } = loadVerbund({ env: { TENANTS_DIR: dir } });
    if (!verbund) throw new Error(`does not validate:\n${problems.map(formatProblem).join("\n")}`);
    return verbund.model;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
