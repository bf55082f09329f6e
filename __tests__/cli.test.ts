import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { type CommandIo, EXIT_USAGE } from "../lib/cli";
import { runAffected } from "../lib/review/affected";
import { runCheckRemovals } from "../lib/review/check-removals";
import { runDriftReport, runPlanSummary } from "../lib/review/commands";
import { runTerraform } from "../lib/review/terraform-runner";
import { runNewTraeger } from "../lib/scaffold/command";
import { PROJECT_ROOT } from "../lib/verbund";

type Command = (argv: readonly string[], io: CommandIo) => number | Promise<number>;
const COMMANDS: [string, Command][] = [
  ["affected", runAffected],
  ["check-removals", runCheckRemovals],
  ["plan-summary", runPlanSummary],
  ["drift-report", runDriftReport],
  ["plan", (argv, io) => runTerraform("plan", argv, io)],
  ["drift", (argv, io) => runTerraform("drift", argv, io)],
  ["new-traeger", (argv, io) => runNewTraeger(argv, io, { interactive: false })],
];

async function run(command: Command, argv: string[]) {
  let out = "";
  const err: string[] = [];
  const code = await command(argv, { cwd: PROJECT_ROOT, out: (t) => (out += t), err: (l) => err.push(l) });
  return { code, out, err };
}

describe("every command", () => {
  it("has a package script and an entry point in bin/ (or main.ts, bench/run.ts)", () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    for (const file of fs.readdirSync(path.join(PROJECT_ROOT, "bin"))) expect(Object.values(scripts)).toContainEqual(expect.stringContaining(`bin/${file}`));
    expect(scripts.synth).toContain("main.ts");
    expect(scripts.bench).toContain("bench/run.ts");
  });

  it.each(COMMANDS)("%s prints its usage with --help and exits 0", async (name, command) => {
    const { code, out } = await run(command, ["--help"]);
    expect([name, code, out]).toEqual([name, 0, expect.stringMatching(/^Usage: npm run /)]);
    expect(out).toContain("64 wrong usage");
  });

  it.each(COMMANDS)("%s exits 64 on an unknown option, naming it", async (name, command) => {
    const { code, err } = await run(command, ["--no-such-option"]);
    expect([name, code, err[0]]).toEqual([name, EXIT_USAGE, expect.stringMatching(/^Unknown option '--no-such-option'/)]);
  });

  it.each([
    ["synth", ["main.ts"]],
    ["docs", ["bin/docs.ts"]],
    ["bench", ["bench/run.ts"]],
  ])("%s honours --help and exits 64 on wrong usage, as a process", async (name, script) => {
    // Both processes at once: each spends most of its time starting Node.
    const node = (args: string[]) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
        execFile(process.execPath, ["-r", "./lib/ts-register.js", ...script, ...args], { cwd: PROJECT_ROOT, encoding: "utf8" }, (error, stdout, stderr) => {
          const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
          if (error && status === null) reject(error);
          else resolve({ status, stdout, stderr });
        });
      });
    const [help, wrong] = await Promise.all([node(["--help"]), node(["--no-such-option"])]);
    expect([name, help.status, help.stdout]).toEqual([name, 0, expect.stringMatching(/^Usage: npm run /)]);
    expect([name, wrong.status, wrong.stdout]).toEqual([name, 64, ""]);
    expect(wrong.stderr).toContain("Unknown option '--no-such-option'");
  });
});
