/** `npm run policies`: prints the policy rules checked on every synth, with the requirements they support. */
import { renderPolicyList } from "../lib/policies";

if (process.argv.includes("--help")) {
  console.log("Usage: npm run policies\n\nPrints the policy rules every synth checks (Markdown), generated from lib/policies/rules.ts.");
} else {
  process.stdout.write(renderPolicyList());
}
