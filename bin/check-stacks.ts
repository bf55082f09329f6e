/** `npm run check-stacks`: refuses synthesized stacks from a pull request that hold more than data. */
import { runCheckStacks } from "../lib/review/check-stacks";

process.exitCode = runCheckStacks(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) });
