/** `npm run plan`: runs Terraform for the selected Träger stacks, then the plan summary. */
import { runTerraform } from "../lib/review/terraform-runner";

void runTerraform("plan", process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) }).then((code) => {
  process.exitCode = code;
});
