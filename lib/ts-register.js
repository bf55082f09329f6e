"use strict";
/**
 * Runs this project's TypeScript in Node (`node -r ./lib/ts-register.js main.ts`), as `sucrase/register`
 * does, with one difference: each file's transpiled code is kept in a content-addressed cache, so a
 * command transpiles only files changed since any earlier run. Transpiling the ~200 project files took
 * about 0.35 s of CPU at every start of every command, test child process and worker thread; a cache
 * hit needs neither the transform nor sucrase itself.
 *
 * The key is the SHA-256 of sucrase's version, the options and the file's source: an entry is never
 * stale, and a cut-short write never becomes visible (written aside, then renamed). The path is not in
 * the key: with these transforms sucrase uses it only in source maps and error messages, so a copy of
 * the project elsewhere (a base revision's worktree, a test's clone) reuses what any checkout transpiled. Sucrase keeps
 * line numbers, so stack traces point at the right lines without source maps. KSM_TS_CACHE=off
 * transpiles without the cache; a cache folder that cannot be written is simply not used.
 * Files under node_modules are left to Node, as pirates (sucrase/register) leaves them.
 */
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const { threadId } = require("node:worker_threads");

const OPTIONS = { transforms: ["imports", "typescript"], disableESTransforms: true };
const SUCRASE_VERSION = require("sucrase/package.json").version;
const CACHE_DIR = process.env.KSM_TS_CACHE === "off" ? undefined : path.join(__dirname, "..", "node_modules", ".cache", "ksm-ts");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

let sucrase;
let cacheUsable = CACHE_DIR !== undefined;

function transpile(source, filename) {
  sucrase = sucrase || require("sucrase");
  return sucrase.transform(source, { ...OPTIONS, filePath: filename }).code;
}

function cached(source, filename) {
  if (!cacheUsable) return transpile(source, filename);
  const key = crypto.createHash("sha256").update(`${SUCRASE_VERSION}\0${JSON.stringify(OPTIONS)}\0`).update(source).digest("hex");
  const file = path.join(CACHE_DIR, `${key}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // not cached yet
  }
  const code = transpile(source, filename);
  const staging = `${file}.${process.pid}-${threadId}.tmp`;
  try {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    fs.writeFileSync(staging, code);
    fs.renameSync(staging, file);
  } catch {
    cacheUsable = false;
    fs.rmSync(staging, { force: true });
  }
  return code;
}

const fallback = Module._extensions[".ts"] || Module._extensions[".js"];
Module._extensions[".ts"] = function compileTypeScript(module, filename) {
  if (filename.includes(NODE_MODULES)) return fallback(module, filename);
  module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
};
