/** `npm run validate`: terraform init -backend=false and terraform validate -json per stack. */
import { runValidate } from "../lib/review/validate";
import { runCli } from "../lib/review/run-cli";

runCli((io) => runValidate(process.argv.slice(2), io));
