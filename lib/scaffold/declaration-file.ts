/** What `npm run new-traeger` derives and writes: the id from the name, the next free block, the file. */
import { ID_MAX_LENGTH, isPlaceholderGuid, type MemberDeclaration, type TraegerKind } from "../declaration";
import { type Cidr, cidrOf, formatCidr, freeBlocks, parseCidr } from "../verbund/cidr";
import type { VerbundModel } from "../verbund";

const KIND_WORDS = /^(stadt|amt|landkreis|landeshauptstadt|gemeinde)\s+/i;
const TRANSLITERATION: Readonly<Record<string, string>> = { ä: "ae", ö: "oe", ü: "ue", ß: "ss" };

/**
 * The id for a name: the leading kind word dropped, umlauts transliterated, lowercased, every other
 * run of characters one "-", within 24 characters ("Stadt Boizenburg/Elbe" → "boizenburg-elbe").
 */
export function deriveId(name: string): string {
  const base = name
    .trim()
    .replace(KIND_WORDS, "")
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => TRANSLITERATION[c] ?? c)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return base.slice(0, ID_MAX_LENGTH).replace(/-+$/, "");
}

/** The prefix a new Träger of a kind gets: a /18 for a Landkreis or Landeshauptstadt, a /20 otherwise. */
export function defaultPrefix(kind: TraegerKind): number {
  return kind === "landkreis" || kind === "landeshauptstadt" ? 18 : 20;
}

/** The first free block of the given prefix in the Verbund's pool, or undefined when none is left. */
export function proposeAddressSpace(model: VerbundModel, prefix: number): string | undefined {
  const pool = parseCidr(model.addressPool) as Cidr;
  const used = model.traeger.map((t) => parseCidr(t.network.addressSpace) as Cidr);
  const fitting = freeBlocks(pool, used).find((block) => block.prefix <= prefix);
  return fitting ? formatCidr(cidrOf(fitting.network, prefix)) : undefined;
}

/** The fields of a new declaration, in the order they are written. */
export interface NewTraeger {
  readonly id: string;
  readonly name: string;
  readonly kind: TraegerKind;
  readonly key: string;
  readonly joined: string;
  /** An existing subscription to adopt; undefined or empty: the Verbund vends one. */
  readonly subscriptionId?: string;
  readonly addressSpace: string;
  readonly members: readonly MemberDeclaration[];
}

/** The declaration file in the house style of tenants/. */
export function renderDeclarationFile(t: NewTraeger): string {
  const q = (value: string) => JSON.stringify(value);
  const lines = [
    'import { defineTraeger } from "../lib/declaration";',
    "",
    `// Added with npm run new-traeger.${!t.subscriptionId ? " Its subscription is vended by the Verbund (stack " + t.id + "--subscription)." : isPlaceholderGuid(t.subscriptionId) ? " The subscription id is a placeholder until the real one is known." : ""}`,
    "export default defineTraeger({",
    `  id: ${q(t.id)},`,
    `  name: ${q(t.name)},`,
    `  kind: ${q(t.kind)},`,
    `  key: ${q(t.key)},`,
    `  joined: ${q(t.joined)},`,
    ...(t.subscriptionId ? [`  subscriptionId: ${q(t.subscriptionId)},`] : []),
    `  network: { addressSpace: ${q(t.addressSpace)} },`,
    ...(t.members.length > 0 ? ["  members: [", ...t.members.map((m) => `    { name: ${q(m.name)}, ags: ${q(m.ags)} },`), "  ],"] : []),
    "});",
    "",
  ];
  return lines.join("\n");
}
