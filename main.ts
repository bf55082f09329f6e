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

const io: CommandIo = { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) };
const args = parseCommandArgs(process.argv.slice(2), {}, USAGE, io);
// The synth pipeline (cdktf, providers) is loaded only when there is something to synthesize.
process.exitCode =
  typeof args === "number"
    ? args
    : (require("./lib/app/synth-command") as typeof import("./lib/app/synth-command")).runSynth({
        env: process.env,
        cwd: process.cwd(),
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
      });
