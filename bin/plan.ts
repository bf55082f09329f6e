/** `npm run plan`: runs Terraform for the selected Träger stacks, then the plan summary. */
import { runCli } from "../lib/review/run-cli";
import { runTerraform } from "../lib/review/terraform-runner";

runCli((io) => runTerraform("plan", process.argv.slice(2), io));
