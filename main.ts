/**
 * The main job (`npm run synth`, and the app command `cdktf` runs): load tenants/*.ts and verbund.ts,
 * validate everything, then synthesize one Terraform stack per Träger.
 */
import { runSynth } from "./lib/app/synth-command";

process.exitCode = runSynth({
  env: process.env,
  cwd: process.cwd(),
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
