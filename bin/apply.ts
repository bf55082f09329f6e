/** `npm run apply`: applies a stack's saved plan only when it is the plan that was reviewed. */
import { runApply } from "../lib/review/apply";

void runApply(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) }).then((code) => {
  process.exitCode = code;
});
