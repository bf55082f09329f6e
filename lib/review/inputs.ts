/** Where the review commands find their plans: arguments, and an out-dir of plans and failure records. */
import * as fs from "node:fs";
import * as path from "node:path";
import type { CommandIo } from "../cli";
import { type FailureRecord, readFailureRecord, readOutDir } from "./failure-record";

/** Plan inputs from arguments and an out-dir, with failure records and missing stacks; or a usage problem. */
export function collectInputs(given: readonly string[], dir: string | undefined, expect: string | undefined, io: CommandIo): { inputs: string[]; failures: FailureRecord[]; missing: string[] } | string {
  const expected = expect?.split(",").map((s) => s.trim()).filter(Boolean);
  if (expected && !dir) return "--expect needs --dir";
  if (expected?.some((s) => !/^[a-z0-9][a-z0-9-]*$/.test(s))) return "--expect: stack ids are lowercase letters, digits and -";
  const fromDir = dir ? readOutDir(path.resolve(io.cwd, dir), expected) : { plans: [], failures: [], missing: [] };
  const badName = given.map((i) => i.slice(0, Math.max(0, i.indexOf("=")))).find((n) => n !== "" && !fs.existsSync(path.resolve(io.cwd, n)) && !/^[a-z0-9][a-z0-9-]*$/.test(n) && !n.includes("/"));
  if (badName !== undefined) return `"${badName}" is not a stack id (lowercase letters, digits and -)`;
  // A failure record given like a plan (a glob over the out-dir such as plans/*.json) counts as failed.
  const records = given.filter((i) => i.endsWith(".failure.json") && !i.includes("="));
  const failures = [...fromDir.failures, ...records.map((r) => readFailureRecord(path.resolve(io.cwd, r), path.basename(r, ".failure.json")))];
  const inputs = [...given.filter((i) => !records.includes(i)).map((i) => resolveInput(i, io.cwd)), ...fromDir.plans];
  if (inputs.length + failures.length + fromDir.missing.length === 0) return dir ? `no plan, failure record or expected stack in ${dir}` : "no plan files given";
  return { inputs, failures: failures.sort((a, b) => a.stack.localeCompare(b.stack)), missing: fromDir.missing };
}

/** `name=file` or a file, resolved against the working directory. */
export function resolveInput(input: string, cwd: string): string {
  const eq = input.indexOf("=");
  if (eq > 0 && !fs.existsSync(path.resolve(cwd, input))) return `${input.slice(0, eq)}=${path.resolve(cwd, input.slice(eq + 1))}`;
  return path.resolve(cwd, input);
}
