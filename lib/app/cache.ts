/**
 * The synth cache: a stack whose inputs are unchanged is not synthesized again. An entry is found by
 * the hash of everything the stack's output depends on (its Träger's normalised model, the Verbund's
 * settings, this project's code and the dependency lockfile) and holds the stack's exact output with
 * the hash of that output, which is checked on every read: a damaged entry is rebuilt, never used.
 * Entries are written to a temporary file and renamed, so concurrent synths never read half an entry.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../verbund";

/** The default cache folder, ignored by git with node_modules. */
export const DEFAULT_CACHE_DIR = path.join(PROJECT_ROOT, "node_modules", ".cache", "ksm-synth");

/** What besides its text a cached stack output holds: what the synth prints and the manifest records. */
export interface CachedStackMeta {
  readonly resourceCount: number;
  /** The stack's entry in cdktf's manifest.json. */
  readonly manifest: Record<string, unknown>;
}

/** One cached stack output. */
export interface CachedStack extends CachedStackMeta {
  readonly text: string;
}

/** The cache folder from KSM_SYNTH_CACHE (`off` disables it; a path relative to the project), or the default. */
export function resolveCacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const configured = env.KSM_SYNTH_CACHE?.trim();
  if (configured === "off") return undefined;
  return configured ? path.resolve(PROJECT_ROOT, configured) : DEFAULT_CACHE_DIR;
}

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

let codeHashMemo: { root: string; hash: string } | undefined;

/**
 * The hash of the code and dependencies a synth runs: every file under lib/, main.ts, package.json and
 * package-lock.json. Any change to any of them is a change of every stack's inputs.
 */
export function codeHash(root: string = PROJECT_ROOT): string {
  if (codeHashMemo?.root === root) return codeHashMemo.hash;
  const hash = createHash("sha256");
  const add = (relative: string) => {
    const absolute = path.join(root, relative);
    const stat = fs.statSync(absolute, { throwIfNoEntry: false });
    if (stat?.isDirectory()) {
      for (const entry of fs.readdirSync(absolute).sort()) add(path.join(relative, entry));
    } else if (stat?.isFile()) {
      const bytes = fs.readFileSync(absolute);
      hash.update(`${relative.split(path.sep).join("/")}\0${bytes.length}\0`).update(bytes).update("\0");
    }
  };
  for (const relative of ["lib", "main.ts", "package.json", "package-lock.json"]) add(relative);
  codeHashMemo = { root, hash: hash.digest("hex") };
  return codeHashMemo.hash;
}

/**
 * The cache key of a stack: the hash of the code and of its inputs, serialised strictly (a value that
 * JSON cannot hold exactly, such as a Map or a function, is an error rather than a silent gap in the key).
 */
export function stackCacheKey(code: string, stackId: string, inputs: unknown): string {
  return sha256(`ksm-synth-v1\0${code}\0${stackId}\0${strictJson(inputs)}`);
}

function strictJson(value: unknown): string {
  return JSON.stringify(value, (key, v: unknown) => {
    if (v === null || ["string", "boolean"].includes(typeof v) || (typeof v === "number" && Number.isFinite(v))) return v;
    if (Array.isArray(v)) return v;
    if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) return v;
    if (v === undefined && key !== "") return v; // an absent optional field
    throw new TypeError(`cannot hash ${key || "the inputs"}: ${Object.prototype.toString.call(v)} is not plain data`);
  });
}

/** Reads and checks an entry: the stack output, "missing", or "corrupt" when it does not match its hash. */
export function readCacheEntry(dir: string, key: string): CachedStack | "missing" | "corrupt" {
  let raw: string;
  try {
    raw = fs.readFileSync(path.join(dir, key), "utf8");
  } catch {
    return "missing";
  }
  try {
    const newline = raw.indexOf("\n");
    const header = JSON.parse(raw.slice(0, newline)) as { key?: unknown; sha256?: unknown; resourceCount?: unknown; manifest?: unknown };
    const text = raw.slice(newline + 1);
    if (newline < 0 || header.key !== key || header.sha256 !== sha256(text)) return "corrupt";
    if (typeof header.resourceCount !== "number" || !header.manifest || typeof header.manifest !== "object") return "corrupt";
    return { text, resourceCount: header.resourceCount, manifest: header.manifest as Record<string, unknown> };
  } catch {
    return "corrupt";
  }
}

/** Writes an entry atomically (temporary file, then rename); a failure to write only costs speed. */
export function writeCacheEntry(dir: string, key: string, entry: CachedStack): void {
  const header = JSON.stringify({ key, sha256: sha256(entry.text), resourceCount: entry.resourceCount, manifest: entry.manifest });
  const temporary = path.join(dir, `.${key}.${process.pid}.${Math.random().toString(36).slice(2)}`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(temporary, `${header}\n${entry.text}`);
    fs.renameSync(temporary, path.join(dir, key));
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
