/** `npm run new-traeger`: scaffolds tenants/<id>.ts for a new Träger (interactive, or flags with --yes). */
import { type Prompter, runNewTraeger } from "../lib/scaffold/command";

/** Prompts on the terminal with @inquirer/prompts, loaded only when someone is there to answer. */
function terminalPrompter(): Prompter {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const prompts = require("@inquirer/prompts") as typeof import("@inquirer/prompts");
  return {
    // inquirer shows validate's message under the prompt and asks again until it returns true.
    input: (message, defaultValue, validate) => prompts.input({ message, ...(defaultValue !== undefined ? { default: defaultValue } : {}), ...(validate ? { validate } : {}) }),
    select: (message, choices) => prompts.select({ message, choices: choices.map((value) => ({ value, name: value })) }),
    confirm: (message, defaultValue) => prompts.confirm({ message, default: defaultValue }),
  };
}

const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
void runNewTraeger(process.argv.slice(2), { cwd: process.cwd(), out: (t) => process.stdout.write(t), err: (l) => process.stderr.write(`${l}\n`) }, {
  interactive,
  ...(interactive ? { prompter: terminalPrompter() } : {}),
}).then((code) => {
  process.exitCode = code;
});
