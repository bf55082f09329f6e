/** `npm run plan-summary`: Markdown (or JSON) review of terraform show -json plans, per Träger. */
import { runPlanSummary } from "../lib/review/commands";

process.exitCode = runPlanSummary(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
