/** `npm run reviewed-plan`: records and finds the plan digests a pull request's review saw. */
import { runReviewedPlan } from "../lib/review/reviewed-plan";

process.exitCode = runReviewedPlan(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
