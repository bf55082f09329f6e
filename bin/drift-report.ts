/** `npm run drift-report`: drift per Träger from refresh-only plans. */
import { runDriftReport } from "../lib/review/commands";

process.exitCode = runDriftReport(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
