/** What every command-line tool of this project shares: injectable output and argument parsing. */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";
import { PROJECT_ROOT } from "./project-root";

/** Where a command reads its working directory and writes its output; injectable for tests. */
export interface CommandIo {
  readonly cwd: string;
  readonly out: (text: string) => void;
  readonly err: (line: string) => void;
}

/** Exit code for wrong usage (unknown option, missing argument): EX_USAGE of sysexits.h. */
export const EXIT_USAGE = 64;

type OptionSpec = Record<string, { type: "boolean" | "string"; multiple?: boolean }>;

/** Parsed options and positional arguments. */
export interface ParsedArgs {
  readonly values: Record<string, string | string[] | boolean | undefined>;
  readonly positionals: string[];
}

/**
 * Parses arguments strictly, with --help. Returns the parsed arguments, or the exit code when the
 * command is done: 0 after printing the usage for --help, 64 (EXIT_USAGE) after a usage error.
 */
export function parseCommandArgs(argv: readonly string[], options: OptionSpec, usage: string, io: CommandIo, allowPositionals = false): ParsedArgs | number {
  let parsed: ParsedArgs;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean" } }, allowPositionals, strict: true }) as ParsedArgs;
  } catch (error) {
    return usageError((error as Error).message, usage, io);
  }
  if (parsed.values.help) {
    io.out(`${usage}\n`);
    return 0;
  }
  return parsed;
}

/** Prints a usage error and returns exit code 64 (EXIT_USAGE). */
export function usageError(message: string, usage: string, io: CommandIo): number {
  io.err(message);
  io.err(usage);
  return EXIT_USAGE;
}

/** Runs git in the project root (or in `cwd`: tests run a command against a clone of the project). */
export function git(args: readonly string[], cwd: string = PROJECT_ROOT) {
  return spawnSync("git", [...args], { cwd, encoding: "utf8" });
}
