/**
 * `npm run new-traeger`: writes tenants/<id>.ts for a new Träger, validated against the whole Verbund
 * with the same checks as synth. Prompts for what the flags leave open (interactive), or takes flags
 * only (--yes, or no terminal). Changes no other file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type MemberDeclaration, TRAEGER_KINDS, type TraegerKind } from "../declaration";
import { formatProblem } from "../problems";
import { type CommandIo, parseCommandArgs } from "../cli";
import { displayPath, loadVerbund, resolveTenantsDir } from "../verbund";
import { defaultPrefix, deriveId, nextPlaceholderSubscription, type NewTraeger, proposeAddressSpace, renderDeclarationFile } from "./declaration-file";

/** Asks a person; injectable so the command can be driven without a terminal. */
export interface Prompter {
  input(message: string, defaultValue?: string): Promise<string>;
  select(message: string, choices: readonly string[]): Promise<string>;
  confirm(message: string, defaultValue: boolean): Promise<boolean>;
}

export const NEW_TRAEGER_USAGE = `Usage: npm run new-traeger [-- options]

Writes tenants/<id>.ts for a new Träger, checked against the whole Verbund like npm run synth.
Without --yes, asks for everything the options leave open. Changes no other file.

Options:
  --name <name>              human name, e.g. "Stadt Lübtheen"
  --kind <kind>              ${TRAEGER_KINDS.join(" | ")}
  --key <key>                8-digit AGS; 9-digit Gemeindeverbandsschlüssel for an Amt; 5-digit Kreisschlüssel
  --subscription-id <guid>   the Träger's own subscription (interactive default: the next placeholder)
  --member "Name=AGS"        a member Gemeinde of an Amt (repeatable)
  --id <id>                  default: derived from the name ("Stadt Lübtheen" → luebtheen)
  --joined <YYYY-MM-DD>      default: today
  --address-space <cidr>     default: the next free /20 (/18 for a Landkreis or Landeshauptstadt)
  --yes                      do not ask; fail on anything missing
  --help                     show this help

Exit codes: 0 written; 1 invalid, duplicate or missing input (nothing written); 64 wrong usage.`;

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

  const name = text("name") ?? (await ask?.input("Name of the Träger (e.g. Stadt Lübtheen):"));
  const kindText = text("kind") ?? (await ask?.select("Kind:", TRAEGER_KINDS));
  const kind = TRAEGER_KINDS.find((k) => k === kindText);
  const key = text("key") ?? (await ask?.input(kind === "amt" ? "Gemeindeverbandsschlüssel (9 digits):" : kind === "landkreis" ? "Kreisschlüssel (5 digits):" : "AGS (8 digits):"));
  const memberTexts = [...((values.member as string[] | undefined) ?? [])];
  if (ask && kind === "amt" && memberTexts.length === 0) {
    for (;;) {
      const entry = (await ask.input("Member Gemeinde as Name=AGS (empty when done):", "")).trim();
      if (!entry) break;
      memberTexts.push(entry);
    }
  }
  const missing = [["--name", name], ["--kind", kindText], ["--key", key]].filter(([, v]) => !v).map(([flag]) => flag);
  const subscriptionFlag = text("subscription-id");
  if (!ask && !subscriptionFlag) missing.push("--subscription-id");
  if (missing.length > 0) {
    for (const flag of missing) io.err(`missing ${flag}`);
    io.err("✖ nothing was written (see npm run new-traeger -- --help).");
    return 1;
  }

  const members: MemberDeclaration[] = [];
  const malformed = memberTexts.filter((m) => !/^[^=]+=[^=]+$/.test(m));
  for (const m of malformed) io.err(`--member ${JSON.stringify(m)}: expected Name=AGS, e.g. "Dümmer=13076036"`);
  if (malformed.length > 0) return 1;
  for (const m of memberTexts) {
    const [memberName, ags] = m.split("=");
    members.push({ name: memberName!.trim(), ags: ags!.trim() });
  }

  const id = text("id") ?? (ask ? await ask.input("Id (never changes; names the stack):", deriveId(name!)) : deriveId(name!));
  const joined = text("joined") ?? (ask ? await ask.input("Joined (YYYY-MM-DD):", today) : today);
  const subscriptionId = subscriptionFlag ?? (await ask!.input("Subscription id (a placeholder until the real one is known):", nextPlaceholderSubscription(model)));
  const proposed = proposeAddressSpace(model, defaultPrefix(kind ?? "amtsfreie-stadt"));
  const addressSpace = text("address-space") ?? (ask ? await ask.input("Address space:", proposed) : proposed);
  if (!addressSpace) {
    io.err(`no free /${defaultPrefix(kind ?? "amtsfreie-stadt")} is left in the pool ${model.addressPool}: give --address-space`);
    return 1;
  }

  const tenantsDir = resolveTenantsDir(env);
  const target = path.join(tenantsDir, `${id}.ts`);
  const shown = displayPath(target);
  if (fs.existsSync(target)) {
    const existing = model.traeger.find((t) => t.id === id);
    io.err(`${shown} already exists${existing ? ` (${existing.name})` : ""}: a Träger is onboarded once; choose another --id if this is a different one.`);
    return 1;
  }

  const declaration: NewTraeger = { id, name: name!, kind: (kind ?? kindText) as TraegerKind, key: key!, joined, subscriptionId, addressSpace, members };
  const source = renderDeclarationFile(declaration);
  const lines = validateAgainstVerbund(tenantsDir, `${id}.ts`, source, env);
  if (lines.length > 0) {
    for (const line of lines) io.err(line);
    io.err(`✖ ${lines.length} problem${lines.length === 1 ? "" : "s"}; nothing was written.`);
    return 1;
  }
  if (ask) {
    io.out(`\n${shown}:\n\n${source}\n`);
    if (!(await ask.confirm(`Write ${shown}?`, true))) {
      io.out("Nothing was written.\n");
      return 1;
    }
  }
  fs.writeFileSync(target, source);
  io.out(
    [
      `Wrote ${shown}: ${declaration.name} (${declaration.kind}, ${declaration.key}), ${addressSpace}.`,
      "Next: npm run synth (check), npm run docs (its Trägerblatt and backup plan), npm test (records its",
      `resource addresses), then open one pull request with the new files. Add desktops, directory or backup`,
      `settings to ${shown} as needed (README, "Adding a Träger").`,
      "",
    ].join("\n"),
  );
  return 0;
}

/** Problem lines if the Verbund with the new file would not validate, with paths as in the real tenants folder. */
function validateAgainstVerbund(tenantsDir: string, fileName: string, source: string, env: NodeJS.ProcessEnv): string[] {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-new-"));
  const copy = path.join(work, "tenants");
  try {
    fs.mkdirSync(copy);
    for (const file of fs.readdirSync(tenantsDir)) if (file.endsWith(".ts")) fs.copyFileSync(path.join(tenantsDir, file), path.join(copy, file));
    fs.writeFileSync(path.join(copy, fileName), source);
    const { problems } = loadVerbund({ env: { ...env, TENANTS_DIR: copy } });
    return problems.map((p) => formatProblem(p).replaceAll(copy, displayPath(tenantsDir)));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
