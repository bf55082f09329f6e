/** `npm run drift-report`: drift per Träger from refresh-only plans. */
import { runDriftReport } from "../lib/review/commands";
import { runCli } from "../lib/review/run-cli";

runCli((io) => runDriftReport(process.argv.slice(2), io));
