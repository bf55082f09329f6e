/** `npm run plan-summary`: Markdown (or JSON) review of terraform show -json plans, per Träger. */
import { runPlanSummary } from "../lib/review/commands";
import { runCli } from "../lib/review/run-cli";

runCli((io) => runPlanSummary(process.argv.slice(2), io));
