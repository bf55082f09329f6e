import * as fs from "node:fs";
import * as path from "node:path";
import * as vm from "node:vm";
import { transform } from "sucrase";
import * as declaration from "../declaration";
import type { Problem } from "../problems";

/** The project root: where `tenants/`, `verbund.ts` and `cdktf.out` live. */
export const PROJECT_ROOT = path.resolve(__dirname, "..", "..");

/** The only module a declaration file may import (from tenants/ or from verbund.ts); it resolves to this project's copy wherever the file is. */
const DECLARATION_SPECIFIERS = new Set(["../lib/declaration", "../lib/declaration/index", "./lib/declaration", "./lib/declaration/index"]);

/** A declaration file as found on disk, before validation. */
export interface LoadedModule {
  /** Path as shown to people: relative to the project root when inside it. */
  readonly file: string;
  readonly absolutePath: string;
  /** The module's default export. */
  readonly value: unknown;
}

/** Shows a path relative to the project root when it lies inside it, absolute otherwise. */
export function displayPath(absolutePath: string, root: string = PROJECT_ROOT): string {
  const relative = path.relative(root, absolutePath);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative.split(path.sep).join("/") : absolutePath;
}

/** Resolves TENANTS_DIR (relative to the project root, or absolute); `tenants/` when unset. */
export function resolveTenantsDir(env: NodeJS.ProcessEnv = process.env, root: string = PROJECT_ROOT): string {
  const configured = env.TENANTS_DIR?.trim();
  return configured ? path.resolve(root, configured) : path.join(root, "tenants");
}

/** Resolves VERBUND_CONFIG (relative to the project root, or absolute); `verbund.ts` when unset. */
export function resolveVerbundFile(env: NodeJS.ProcessEnv = process.env, root: string = PROJECT_ROOT): string {
  const configured = env.VERBUND_CONFIG?.trim();
  return configured ? path.resolve(root, configured) : path.join(root, "verbund.ts");
}

/** Lists the declaration files of a folder (`*.ts`, no `.d.ts`), sorted, or says why it cannot. */
export function discoverDeclarationFiles(dir: string): { files: string[]; problems: Problem[] } {
  const shown = displayPath(dir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === "ENOENT" ? "folder not found (set TENANTS_DIR or create tenants/)" : code === "ENOTDIR" ? "is not a folder" : `cannot be read (${code ?? String(error)})`;
    return { files: [], problems: [{ file: shown, field: "", message }] };
  }
  const files = entries
    .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") && !entry.name.startsWith("."))
    .map((entry) => path.join(dir, entry.name))
    .sort();
  if (files.length === 0) {
    return { files, problems: [{ file: shown, field: "", message: "no Träger declarations (*.ts) found: a Verbund needs at least one Träger" }] };
  }
  return { files, problems: [] };
}

/**
 * Loads one declaration file and returns its default export. The file is transpiled without type
 * checking (tsc checks types in the tests) and evaluated in a module scope whose `require` knows only
 * `../lib/declaration`: declarations are plain data and import nothing else.
 */
export function loadDeclarationModule(absolutePath: string): LoadedModule | Problem {
  const file = displayPath(absolutePath);
  let source: string;
  try {
    source = fs.readFileSync(absolutePath, "utf8");
  } catch (error) {
    return { file, field: "", message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  let code: string;
  try {
    code = transform(source, { transforms: ["typescript", "imports"], filePath: absolutePath, production: true }).code;
  } catch (error) {
    const loc = (error as { loc?: { line: number; column: number } }).loc;
    const message = String((error as Error).message ?? error).replace(/^Error transforming [^:]+: /, "").replace(/ \(\d+:\d+\)$/, "");
    return { file, field: "", message: `syntax error${loc ? ` at line ${loc.line}, column ${loc.column + 1}` : ""}: ${message}` };
  }
  const module = { exports: {} as Record<string, unknown> };
  const requireDeclaration = (specifier: string): unknown => {
    if (DECLARATION_SPECIFIERS.has(specifier)) return declaration;
    throw new ImportNotAllowed(specifier);
  };
  let run: (...args: unknown[]) => void;
  try {
    run = vm.compileFunction(code, ["exports", "require", "module", "__filename", "__dirname"], { filename: absolutePath }) as typeof run;
  } catch (error) {
    return { file, field: "", message: `syntax error${v8Position(error)}: ${(error as Error).message}` };
  }
  try {
    run(module.exports, requireDeclaration, module, absolutePath, path.dirname(absolutePath));
  } catch (error) {
    if (error instanceof ImportNotAllowed) {
      return { file, field: "", message: `imports "${error.specifier}": a declaration may import only "../lib/declaration" (declarations are plain data)` };
    }
    const message = error instanceof Error || (typeof error === "object" && error !== null && "message" in error) ? String((error as Error).message) : String(error);
    return { file, field: "", message: `throws when loaded: ${message.split("\n")[0]}` };
  }
  const exported = module.exports;
  if (!("default" in exported) || exported.default === undefined) {
    return { file, field: "", message: "has no default export (write `export default defineTraeger({ … })`)" };
  }
  return { file, absolutePath, value: exported.default };
}

class ImportNotAllowed extends Error {
  constructor(readonly specifier: string) {
    super(`import of ${specifier} not allowed`);
  }
}

/** "at line 3, column 11" from a V8 SyntaxError's stack (`file:3` then the source line and a caret). */
function v8Position(error: unknown): string {
  const stack = String((error as Error)?.stack ?? "").split("\n");
  const line = /:(\d+)$/.exec(stack[0] ?? "")?.[1];
  const caret = stack[2]?.indexOf("^") ?? -1;
  if (!line) return "";
  return caret >= 0 ? ` at line ${line}, column ${caret + 1}` : ` at line ${line}`;
}
