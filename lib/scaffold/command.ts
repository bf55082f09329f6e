/**
 * `npm run new-traeger`: writes tenants/<id>.ts for a new Träger, validated against the whole Verbund
 * with the same checks as synth. Prompts for what the flags leave open (interactive), checking each
 * answer as it is given, or takes flags only (--yes, or no terminal). Changes no other file.
 */
import { type MemberDeclaration, TRAEGER_KINDS, type TraegerKind } from "../declaration";
import { type CommandIo, parseCommandArgs } from "../cli";
import { formatProblem } from "../problems";
import { displayPath, loadVerbund, resolveTenantsDir, type VerbundModel } from "../verbund";
import { defaultPrefix, deriveId, type NewTraeger, proposeAddressSpace, renderDeclarationFile } from "./declaration-file";
import { type Answers, equivalentCommand, ProbeVerbund } from "./probe";

/** Checks one answer: true when it is fine, else the message shown at the prompt. */
export type Validate = (value: string) => true | string;

/** Asks a person; injectable so the command can be driven without a terminal. */
export interface Prompter {
  /** Asks until `validate` accepts the answer (as @inquirer/prompts does). */
  input(message: string, defaultValue?: string, validate?: Validate): Promise<string>;
  select(message: string, choices: readonly string[]): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

export const NEW_TRAEGER_USAGE = `Usage: npm run new-traeger [-- options]

Writes tenants/<id>.ts for a new Träger, checked against the whole Verbund like npm run synth.
Without --yes, asks for everything the options leave open and checks each answer as it is given.
Prints the equivalent non-interactive command. Changes no other file.

Options:
  --name <name>              human name, e.g. "Stadt Lübtheen"
  --kind <kind>              ${TRAEGER_KINDS.join(" | ")}
  --key <key>                8-digit AGS; 9-digit Gemeindeverbandsschlüssel for an Amt; 5-digit Kreisschlüssel
  --member "Name=AGS"        a member Gemeinde of an Amt (repeatable)
  --id <id>                  default: derived from the name ("Stadt Lübtheen" → luebtheen)
  --joined <YYYY-MM-DD>      default: today
  --subscription-id <guid>   an existing subscription to adopt; default: none, the Verbund vends one
                             (00000000-0000-0000-0000-…), marked in the file, warned about on every synth
  --address-space <cidr>     default: the next free /20 (/18 for a Landkreis or Landeshauptstadt)
  --yes                      do not ask; fail on anything missing
  --help                     show this help

Exit codes: 0 written; 1 invalid, duplicate or missing input (nothing written); 64 wrong usage;
130 interrupted (nothing written; the answers so far are printed as a command).`;

const KEY_PROMPT: Readonly<Record<TraegerKind, string>> = {
  amt: "Gemeindeverbandsschlüssel (9 digits):",
  landkreis: "Kreisschlüssel (5 digits):",
  landeshauptstadt: "AGS (8 digits):",
  "amtsfreie-stadt": "AGS (8 digits):",
  "amtsangehoerige-stadt": "AGS (8 digits):",
};

/** Runs the scaffolder. Resolves to the exit code. */
export async function runNewTraeger(argv: readonly string[], io: CommandIo, options: { env?: NodeJS.ProcessEnv; interactive: boolean; prompter?: Prompter; today?: string }): Promise<number> {
  const env = options.env ?? process.env;
  const args = parseCommandArgs(
    argv,
    {
      name: { type: "string" },
      kind: { type: "string" },
      key: { type: "string" },
      "subscription-id": { type: "string" },
      member: { type: "string", multiple: true },
      id: { type: "string" },
      joined: { type: "string" },
      "address-space": { type: "string" },
      yes: { type: "boolean" },
    },
    NEW_TRAEGER_USAGE,
    io,
  );
  if (typeof args === "number") return args;
  const values = args.values;

  const { verbund, problems } = loadVerbund({ env });
  if (!verbund) {
    for (const p of problems) io.err(formatProblem(p));
    io.err("✖ the Verbund as it is does not validate; fix that first (npm run synth shows the same).");
    return 1;
  }
  const model = verbund.model;
  const ask = !values.yes && options.interactive && options.prompter ? options.prompter : undefined;
  const today = options.today ?? new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin" }).format(new Date());
  const text = (key: string) => (typeof values[key] === "string" ? (values[key] as string).trim() : undefined);

  const answers: Answers = {
    name: text("name"),
    kind: text("kind"),
    key: text("key"),
    members: [...((values.member as string[] | undefined) ?? [])].map((m) => m.trim()),
    id: text("id"),
    joined: text("joined"),
    subscriptionId: text("subscription-id"),
    addressSpace: text("address-space"),
  };
  const tenantsDir = resolveTenantsDir(env);
  const probe = new ProbeVerbund(tenantsDir, env, today);
  try {
    if (ask) {
      try {
        await askForMissing(ask, answers, probe, model, today);
      } catch (error) {
        if ((error as Error).name !== "ExitPromptError" && (error as Error).name !== "AbortPromptError") throw error;
        io.err("Interrupted; nothing was written. Your answers so far, as a command to continue from:");
        io.err(`  ${equivalentCommand(answers, false)}`);
        return 130;
      }
    }
    return await finish(answers, { io, ask, model, probe, today, tenantsDir });
  } finally {
    probe.dispose();
  }
}

/** Asks for every answer the flags left open, each checked by the real validation when it is given. */
async function askForMissing(ask: Prompter, answers: Answers, probe: ProbeVerbund, model: VerbundModel, today: string): Promise<void> {
  const check = (field: Exclude<keyof Answers, "members">) => (value: string) => probe.check(field, { ...answers, [field]: value.trim() });
  answers.name ??= (await ask.input("Name of the Träger (e.g. Stadt Lübtheen):", undefined, check("name"))).trim();
  if (answers.kind === undefined) answers.kind = await ask.select("Kind:", TRAEGER_KINDS);
  const kind = TRAEGER_KINDS.find((k) => k === answers.kind);
  answers.key ??= (await ask.input(kind ? KEY_PROMPT[kind] : "Key:", undefined, check("key"))).trim();
  if (kind === "amt" && answers.members.length === 0) {
    for (;;) {
      const validate: Validate = (value) => (value.trim() === "" ? (answers.members.length > 0 ? true : "an Amt needs at least one member Gemeinde") : probe.checkMember(answers, value.trim()));
      const entry = (await ask.input("Member Gemeinde as Name=AGS (empty when done):", "", validate)).trim();
      if (!entry) break;
      answers.members.push(entry);
    }
  }
  answers.id ??= (await ask.input("Id (never changes; names the stack):", deriveId(answers.name), check("id"))).trim();
  answers.joined ??= (await ask.input("Joined (YYYY-MM-DD):", today, check("joined"))).trim();
  answers.subscriptionId ??= (await ask.input("Subscription id to adopt (empty: the Verbund vends one):", "", (value) => (value.trim() === "" ? true : check("subscriptionId")(value)))).trim();
  const proposed = proposeAddressSpace(model, defaultPrefix(kind ?? "amtsfreie-stadt"));
  answers.addressSpace ??= (await ask.input("Address space:", proposed, check("addressSpace"))).trim();
}

/** Validates everything together, confirms (interactive), writes, and prints the equivalent command. */
async function finish(answers: Answers, ctx: { io: CommandIo; ask: Prompter | undefined; model: VerbundModel; probe: ProbeVerbund; today: string; tenantsDir: string }): Promise<number> {
  const { io, ask, model, probe } = ctx;
  const missing = ([["--name", answers.name], ["--kind", answers.kind], ["--key", answers.key]] as const).filter(([, v]) => !v).map(([flag]) => flag);
  if (missing.length > 0) {
    for (const flag of missing) io.err(`missing ${flag}`);
    io.err("✖ nothing was written (see npm run new-traeger -- --help).");
    return 1;
  }
  const malformed = answers.members.filter((m) => !/^[^=]+=[^=]+$/.test(m));
  for (const m of malformed) io.err(`--member ${JSON.stringify(m)}: expected Name=AGS, e.g. "Dümmer=13076036"`);
  if (malformed.length > 0) return 1;

  const kind = TRAEGER_KINDS.find((k) => k === answers.kind);
  answers.id ??= deriveId(answers.name!);
  answers.joined ??= ctx.today;
  if (!answers.subscriptionId) {
    answers.subscriptionId = undefined;
    io.out(`No --subscription-id: the Verbund vends the subscription (stack ${answers.id}--subscription, README "Subscriptions and budgets").\n`);
  }
  answers.addressSpace ??= proposeAddressSpace(model, defaultPrefix(kind ?? "amtsfreie-stadt"));
  if (!answers.addressSpace) {
    io.err(`no free /${defaultPrefix(kind ?? "amtsfreie-stadt")} is left in the pool ${model.addressPool}: give --address-space`);
    return 1;
  }
  const command = equivalentCommand(answers, true);

  const shown = displayPath(probe.targetOf(answers.id));
  const exists = probe.existing(answers.id);
  if (exists !== undefined) {
    io.err(`${shown} already exists${exists ? ` (${exists})` : ""}: a Träger is onboarded once; choose another --id if this is a different one.`);
    return 1;
  }
  const members: MemberDeclaration[] = answers.members.map((m) => {
    const [memberName, ags] = m.split("=");
    return { name: memberName!.trim(), ags: ags!.trim() };
  });
  const declaration: NewTraeger = {
    id: answers.id,
    name: answers.name!,
    kind: (kind ?? answers.kind) as TraegerKind,
    key: answers.key!,
    joined: answers.joined,
    subscriptionId: answers.subscriptionId,
    addressSpace: answers.addressSpace,
    members,
  };
  const source = renderDeclarationFile(declaration);
  const lines = probe.problemsWith(`${answers.id}.ts`, source);
  if (lines.length > 0) {
    for (const line of lines) io.err(line);
    io.err(`✖ ${lines.length} problem${lines.length === 1 ? "" : "s"}; nothing was written.`);
    if (ctx.ask) io.err(`Your answers, as a command to correct and run again:\n  ${command}`);
    return 1;
  }
  if (ask) {
    io.out(`\n${shown}:\n\n${source}\n`);
    if (!(await ask.confirm(`Write ${shown}?`, true))) {
      io.out(`Nothing was written. The same, without questions:\n  ${command}\n`);
      return 1;
    }
  }
  probe.write(answers.id, source);
  io.out(
    [
      `Wrote ${shown}: ${declaration.name} (${declaration.kind}, ${declaration.key}), ${declaration.addressSpace}.`,
      `The same without questions: ${command}`,
      "Next: npm run synth (check), npm run docs (its Trägerblatt and Datensicherungsplan), npm test (records",
      "its resource addresses), then open one pull request with the new files. Add desktops, directory or",
      `backup settings to ${shown} as needed (README, "Adding a Träger").`,
      "",
    ].join("\n"),
  );
  return 0;
}

