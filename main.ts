/**
 * The main job (`npm run synth`, and the app command `cdktf` runs): load tenants/*.ts and verbund.ts,
 * validate everything, then synthesize one Terraform stack per Träger.
 */
import { runSynth } from "./lib/app/synth-command";

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

process.exitCode = runSynth({ env: process.env, cwd: process.cwd(), out: write(process.stdout), err: write(process.stderr) });
