/** `npm run policies`: prints the policy rules checked on every synth and their Azure Policy counterparts, with the requirements they support. */
import { policyDocFactsOf, renderPolicyList } from "../lib/policies";
import { formatProblem } from "../lib/problems";
import { loadVerbund } from "../lib/verbund";

if (process.argv.includes("--help")) {
  console.log("Usage: npm run policies\n\nPrints the policy rules every synth checks and the Azure Policy assignments that enforce them (Markdown),\ngenerated from lib/policies/rules.ts, lib/policies/azure.ts and verbund.ts.\n\nExit codes: 0 printed; 1 the Verbund does not validate.");
} else {
  const { verbund, problems } = loadVerbund();
  if (!verbund) {
    for (const problem of problems) console.error(formatProblem(problem));
    process.exitCode = 1;
  } else {
    process.stdout.write(renderPolicyList(policyDocFactsOf(verbund.model)));
  }
}
