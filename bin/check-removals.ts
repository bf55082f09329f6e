/** `npm run check-removals`: refuses removing a tenant file until the Träger's offboarding is deployed and its retention over. */
import { runCheckRemovals } from "../lib/review/check-removals";
import { runCli } from "../lib/review/run-cli";

runCli((io) => runCheckRemovals(process.argv.slice(2), io));
