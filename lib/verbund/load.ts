import * as fs from "node:fs";
import * as path from "node:path";
import { defineTraeger, defineVerbund } from "../declaration";
import type { Problem } from "../problems";
import { PROJECT_ROOT } from "../project-root";
import { type DefineFunction, parseDeclarationSource } from "./parse";

export { PROJECT_ROOT } from "../project-root";

/** Largest declaration file read: the largest Träger today is about 1 KiB. */
export const MAX_DECLARATION_BYTES = 64 * 1024;

/** What a declaration's define call does to its data: the project's own functions, never the file's. */
const DEFINE: Readonly<Record<DefineFunction, (value: never) => unknown>> = { defineTraeger, defineVerbund };

/** A declaration file as found on disk, before validation. */
export interface LoadedModule {
  /** Path as shown to people: relative to the project root when inside it. */
  readonly file: string;
  readonly absolutePath: string;
  /** The declaration's data, as its define function returns it. */
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

/**
 * Lists the declaration files of a folder, sorted, and refuses everything else in it: a declaration is
 * a regular file `<id>.ts` directly in the folder. Folders, links (never followed), dot-files, other
 * extensions (`.js`, `.tsx`, `.mts`, `.d.ts`, `.TS`, …) and special files are problems, not skipped.
 */
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
  const files: string[] = [];
  const problems: Problem[] = [];
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const absolute = path.join(dir, entry.name);
    const refusal = entryRefusal(entry);
    if (refusal) problems.push({ file: displayPath(absolute), field: "", message: refusal });
    else files.push(absolute);
  }
  if (files.length === 0 && problems.length === 0) {
    return { files, problems: [{ file: shown, field: "", message: "no Träger declarations (*.ts) found: a Verbund needs at least one Träger" }] };
  }
  return { files, problems };
}

const CONTRACT = "only Träger declarations <id>.ts belong in this folder";

function entryRefusal(entry: fs.Dirent): string | undefined {
  if (entry.isSymbolicLink()) return `is a symbolic link: ${CONTRACT}, as regular files (links are never followed)`;
  if (entry.name.startsWith(".")) return `is a hidden file or folder: ${CONTRACT}`;
  if (entry.isDirectory()) return `is a folder: ${CONTRACT}, directly in it (no subfolders)`;
  if (!entry.isFile()) return `is not a regular file: ${CONTRACT}`;
  if (!/^[^.]+\.ts$/.test(entry.name)) {
    const extension = entry.name.includes(".") ? entry.name.slice(entry.name.indexOf(".")) : "";
    return `${extension ? `has the extension "${extension}"` : "has no extension"}: ${CONTRACT} (the file name is the id, the extension exactly ".ts")`;
  }
  return undefined;
}

/**
 * Loads one declaration file as data: read without following links (a regular file of at most
 * MAX_DECLARATION_BYTES of UTF-8), parsed, never executed (lib/verbund/parse.ts). The define function
 * the file names is the project's own; its data is validated later by lib/verbund/validate.ts.
 */
export function loadDeclarationModule(absolutePath: string): LoadedModule | Problem[] {
  const file = displayPath(absolutePath);
  const read = readDeclarationText(absolutePath);
  if (typeof read !== "object") return [{ file, field: "", message: read }];
  const parsed = parseDeclarationSource(read.text);
  // "file:line:column: what is not allowed here", the form editors and CI annotations link to.
  if (!parsed.ok) return parsed.refusals.map((r) => ({ file: `${file}:${r.line}:${r.column}`, field: "", message: r.message }));
  return { file, absolutePath, value: DEFINE[parsed.define](parsed.value as never) };
}

/** The file's text, or why it is not read: never follows a link, never blocks on a device or pipe. */
function readDeclarationText(absolutePath: string): { text: string } | string {
  let fd: number;
  try {
    fd = fs.openSync(absolutePath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ELOOP") return "is a symbolic link: a declaration must be a regular file (links are never followed)";
    if (code === "ENOENT") return "not found";
    return `cannot be read (${code ?? String(error)})`;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return "is not a regular file: a declaration must be a regular file";
    if (stat.size > MAX_DECLARATION_BYTES) return `is ${stat.size} bytes: a declaration may have at most ${MAX_DECLARATION_BYTES} bytes`;
    const buffer = Buffer.alloc(stat.size);
    let offset = 0;
    while (offset < buffer.length) {
      const n = fs.readSync(fd, buffer, offset, buffer.length - offset, offset);
      if (n === 0) break;
      offset += n;
    }
    try {
      return { text: new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, offset)) };
    } catch {
      return "is not valid UTF-8: a declaration is UTF-8 text";
    }
  } finally {
    fs.closeSync(fd);
  }
}
