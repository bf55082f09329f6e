/**
 * The main job (`npm run synth`, and the app command `cdktf` runs): load tenants/*.ts and verbund.ts,
 * validate everything, then synthesize one Terraform stack per Träger.
 */
import { type CommandIo, parseCommandArgs } from "./lib/cli";

const USAGE = `Usage: npm run synth

Validates tenants/*.ts and verbund.ts, then synthesizes cdktf.out/stacks/<id>/cdk.tf.json for every
Träger (the app command cdktf runs: npx cdktf list | synth | diff <id> | deploy <id>).
Environment: TENANTS_DIR, VERBUND_CONFIG (another folder of declarations, another Verbund config),
CDKTF_OUTDIR (set by cdktf), KSM_TOKEN_STACKS=1 (cdktf's token stack traces, for debugging).
  --help    show this help

Exit codes: 0 synthesized; 1 a problem or policy violation (nothing written); 64 wrong usage.`;

// A reader that stops early (`npm run synth | head -1`) closes the pipe: the output is already in
// place by then, so what is left to print is dropped instead of crashing with EPIPE.
const closed = new Set<NodeJS.WriteStream>();
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed.add(stream);
  });
}
const write = (stream: NodeJS.WriteStream) => (line: string) => {
  if (!closed.has(stream)) stream.write(`${line}\n`);
};

const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };
const args = parseCommandArgs(process.argv.slice(2), {}, USAGE, io);
// The synth pipeline (cdktf, providers) is loaded only when there is something to synthesize.
process.exitCode =
  typeof args === "number"
    ? args
    : (require("./lib/app/synth-command") as typeof import("./lib/app/synth-command")).runSynth({
        env: process.env,
        cwd: process.cwd(),
        out: write(process.stdout),
        err: write(process.stderr),
      });
