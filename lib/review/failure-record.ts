/**
 * A stack that failed leaves a record in the out-dir (`<stack>.failure.json`) so that every later
 * reader (the plan summary, the drift report, the workflows) sees it as failed and never as absent
 * or clean.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { stripTerminal } from "./escape";

/** What one failed stack leaves behind. */
export interface FailureRecord {
  readonly stack: string;
  readonly mode: "plan" | "drift" | "validate";
  /** The step that failed: init, plan, show, validate, or "synth" when the stack was never synthesized. */
  readonly step: string;
  readonly exitCode: number | null;
  /** One line: what went wrong, with Terraform's last lines of output (terminal escapes removed). */
  readonly message: string;
}

/** Where a stack's failure record goes. */
export function failureFile(outDir: string, stack: string): string {
  return path.join(outDir, `${stack}.failure.json`);
}

/** Writes a stack's failure record. */
export function writeFailureRecord(outDir: string, record: FailureRecord): void {
  fs.writeFileSync(failureFile(outDir, record.stack), `${JSON.stringify({ ...record, message: stripTerminal(record.message) }, null, 2)}\n`);
}

/** Reads a failure record; a record that cannot be read still counts as a failure. */
export function readFailureRecord(file: string, stack: string): FailureRecord {
  try {
    const json = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<FailureRecord>;
    return {
      stack,
      mode: json.mode === "drift" || json.mode === "validate" ? json.mode : "plan",
      step: typeof json.step === "string" ? stripTerminal(json.step) : "unknown",
      exitCode: typeof json.exitCode === "number" ? json.exitCode : null,
      message: typeof json.message === "string" ? stripTerminal(json.message) : "failed (its failure record is unreadable)",
    };
  } catch {
    return { stack, mode: "plan", step: "unknown", exitCode: null, message: `failed (its failure record ${path.basename(file)} is unreadable)` };
  }
}

/**
 * The inputs of an out-dir for the stacks expected there (all stacks found when none are named):
 * plan files, failure records, and the expected stacks that left neither.
 */
export function readOutDir(dir: string, expected?: readonly string[]): { plans: string[]; failures: FailureRecord[]; missing: string[] } {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const found = new Set(files.filter((f) => /^[^.]+(\.failure)?\.json$/.test(f)).map((f) => f.replace(/(\.failure)?\.json$/, "")));
  const stacks = [...(expected ?? [...found])].sort();
  const plans: string[] = [];
  const failures: FailureRecord[] = [];
  const missing: string[] = [];
  for (const stack of stacks) {
    if (files.includes(`${stack}.failure.json`)) failures.push(readFailureRecord(failureFile(dir, stack), stack));
    else if (files.includes(`${stack}.json`)) plans.push(`${stack}=${path.join(dir, `${stack}.json`)}`);
    else missing.push(stack);
  }
  return { plans, failures, missing };
}
