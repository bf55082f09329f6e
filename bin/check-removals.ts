/** `npm run check-removals`: refuses removing a tenant file unless the Träger was offboarding first. */
import { runCheckRemovals } from "../lib/review/check-removals";

process.exitCode = runCheckRemovals(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
