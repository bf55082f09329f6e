/** `npm run affected`: the Träger stacks a change affects (changed, added, removed). */
import { runAffected } from "../lib/review/affected";

process.exitCode = runAffected(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
