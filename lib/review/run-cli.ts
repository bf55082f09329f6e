/** The edge of the review commands: real output, the exit code, and one line instead of a stack trace. */
import type { CommandIo } from "../cli";

/** Runs a command with the process's output; an unexpected error is one line and exit 1. */
export function runCli(command: (io: CommandIo) => number | Promise<number>): void {
  const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };
  const fail = (error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  };
  try {
    void Promise.resolve(command(io)).then((code) => {
      process.exitCode = code;
    }, fail);
  } catch (error) {
    fail(error);
  }
}
