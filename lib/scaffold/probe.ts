/**
 * The scaffolder's checks: a private copy of the tenants folder in which a candidate declaration is
 * validated with the whole Verbund, by the same loader and rules as synth. Used for each answer as it
 * is given (only the problems of that field are shown) and for the finished file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { TraegerKind } from "../declaration";
import { formatProblem, type Problem } from "../problems";
import { displayPath, loadVerbund } from "../verbund";
import { renderDeclarationFile } from "./declaration-file";

/** What the newcomer answered (or gave as flags), as typed. */
export interface Answers {
  name?: string | undefined;
  kind?: string | undefined;
  key?: string | undefined;
  members: string[];
  id?: string | undefined;
  joined?: string | undefined;
  subscriptionId?: string | undefined;
  addressSpace?: string | undefined;
}

/** Where each answer's problems are reported by validation. */
const FIELD_PATH: Readonly<Record<Exclude<keyof Answers, "members">, string>> = {
  name: "name",
  kind: "kind",
  key: "key",
  id: "id",
  joined: "joined",
  subscriptionId: "subscriptionId",
  addressSpace: "network.addressSpace",
};

/** The id a candidate gets while another field is checked: never a real Träger's (ids have no "_"-free form like this). */
const PROBE_ID = "zz-scaffold-probe";
const SAFE_FILE_STEM = /^[A-Za-z0-9-]{1,64}$/;

/** A private copy of the tenants folder for validating candidates; `dispose()` removes it. */
export class ProbeVerbund {
  private readonly work: string;
  private readonly copy: string;

  /** Copies the declarations of `tenantsDir` into a fresh temporary folder. */
  constructor(
    private readonly tenantsDir: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly today: string,
  ) {
    this.work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-new-"));
    this.copy = path.join(this.work, "tenants");
    fs.mkdirSync(this.copy);
    for (const file of fs.readdirSync(tenantsDir)) if (file.endsWith(".ts")) fs.copyFileSync(path.join(tenantsDir, file), path.join(this.copy, file));
  }

  /** Removes the temporary copy. */
  dispose(): void {
    fs.rmSync(this.work, { recursive: true, force: true });
  }

  /** Where the declaration of `id` is written. */
  targetOf(id: string): string {
    return path.join(this.tenantsDir, `${id}.ts`);
  }

  /** The name of the Träger declared in tenants/<id>.ts ("" when unreadable), or undefined when there is no such file. */
  existing(id: string): string | undefined {
    const file = this.targetOf(id);
    if (!SAFE_FILE_STEM.test(id) || !fs.existsSync(file)) return undefined;
    return /^\s*name:\s*"([^"]*)"/m.exec(fs.readFileSync(file, "utf8"))?.[1] ?? "";
  }

  /** Every problem of the Verbund with `source` added as `fileName`, with paths as in the real tenants folder. */
  problemsWith(fileName: string, source: string): string[] {
    return this.probe(fileName, source).map((p) => formatProblem(p));
  }

  /** Writes the finished declaration into the real tenants folder. */
  write(id: string, source: string): void {
    fs.writeFileSync(this.targetOf(id), source);
  }

  /** Checks one answer in the context of the answers before it: true, or the problems of that field. */
  check(field: Exclude<keyof Answers, "members">, answers: Answers): true | string {
    const value = answers[field] ?? "";
    if (field === "id") {
      const holder = this.existing(value);
      if (holder !== undefined) return `${displayPath(this.targetOf(value))} already exists${holder ? ` (${holder})` : ""}: a Träger is onboarded once`;
    }
    const id = field === "id" ? value : PROBE_ID;
    const stem = SAFE_FILE_STEM.test(id) ? id : PROBE_ID;
    const kind = answers.kind ?? "amtsfreie-stadt";
    const source = renderDeclarationFile({
      id,
      name: answers.name || "Probe",
      kind: kind as TraegerKind,
      key: answers.key ?? "",
      joined: answers.joined ?? this.today,
      ...(field === "subscriptionId" && answers.subscriptionId ? { subscriptionId: answers.subscriptionId } : {}),
      addressSpace: answers.addressSpace ?? "",
      members: parseMembers(answers.members),
    });
    const wanted = FIELD_PATH[field];
    const messages = this.probe(`${stem}.ts`, source)
      .filter((p) => p.field === wanted && !p.message.includes("does not match the file name"))
      .map((p) => p.message);
    return messages.length === 0 ? true : messages.join("; ");
  }

  /** Checks one member entry ("Name=AGS") of an Amt together with the members before it. */
  checkMember(answers: Answers, entry: string): true | string {
    if (!/^[^=]+=[^=]+$/.test(entry)) return 'expected Name=AGS, e.g. "Dümmer=13076036"';
    const members = [...answers.members, entry];
    const source = renderDeclarationFile({
      id: PROBE_ID,
      name: answers.name || "Probe",
      kind: "amt",
      key: answers.key ?? "",
      joined: answers.joined ?? this.today,
      addressSpace: "",
      members: parseMembers(members),
    });
    const prefix = `members[${members.length - 1}]`;
    const messages = this.probe(`${PROBE_ID}.ts`, source)
      .filter((p) => p.field === prefix || p.field.startsWith(`${prefix}.`))
      .map((p) => `${p.field.slice(prefix.length + 1) || "entry"}: ${p.message}`);
    return messages.length === 0 ? true : messages.join("; ");
  }

  private probe(fileName: string, source: string): Problem[] {
    const file = path.join(this.copy, fileName);
    const existed = fs.existsSync(file);
    const original = existed ? fs.readFileSync(file) : undefined;
    fs.writeFileSync(file, source);
    try {
      const { problems } = loadVerbund({ env: { ...this.env, TENANTS_DIR: this.copy } });
      const shown = displayPath(this.tenantsDir);
      return problems.map((p) => ({ ...p, file: p.file.replaceAll(this.copy, shown), message: p.message.replaceAll(this.copy, shown) }));
    } finally {
      if (original) fs.writeFileSync(file, original);
      else fs.rmSync(file, { force: true });
    }
  }
}

function parseMembers(entries: readonly string[]): { name: string; ags: string }[] {
  return entries.filter((m) => m.includes("=")).map((m) => {
    const [name, ags] = m.split("=");
    return { name: (name ?? "").trim(), ags: (ags ?? "").trim() };
  });
}

/** Quotes a value for a POSIX shell when it needs quoting. */
function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:@,+=-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}

/** The npm command that writes the same file without questions (`complete`: with --yes). */
export function equivalentCommand(answers: Answers, complete: boolean): string {
  const parts = ["npm run new-traeger --"];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined && value !== "") parts.push(`${flag} ${shellQuote(value)}`);
  };
  add("--name", answers.name);
  add("--kind", answers.kind);
  add("--key", answers.key);
  for (const m of answers.members) add("--member", m);
  add("--id", answers.id);
  add("--joined", answers.joined);
  add("--subscription-id", answers.subscriptionId);
  add("--address-space", answers.addressSpace);
  if (complete) parts.push("--yes");
  return parts.join(" ");
}
