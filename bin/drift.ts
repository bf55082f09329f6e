/** `npm run drift`: runs Terraform for the selected Träger stacks, then the drift report. */
import { runCli } from "../lib/review/run-cli";
import { runTerraform } from "../lib/review/terraform-runner";

runCli((io) => runTerraform("drift", process.argv.slice(2), io));
