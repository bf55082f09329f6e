import { z } from "zod";
import { type BackupDeclaration, backupSchema, checkBackup } from "./backup";
import { checkDirectory, type DirectoryDeclaration, directorySchema } from "./directory";
import { costCenterText, nameText } from "./text";
import { checkVdi, type PoolDeclaration, vdiSchema } from "./vdi";

/** The kinds of Träger the Verbund has, as written in declarations. */
export const TRAEGER_KINDS = ["landeshauptstadt", "landkreis", "amtsfreie-stadt", "amtsangehoerige-stadt", "amt"] as const;
export type TraegerKind = (typeof TRAEGER_KINDS)[number];

/** Which official key each kind carries, and how many digits it has. */
export const KEY_FORMATS: Readonly<Record<TraegerKind, { readonly digits: number; readonly label: string }>> = {
  landeshauptstadt: { digits: 8, label: "8-digit AGS" },
  landkreis: { digits: 5, label: "5-digit Kreisschlüssel" },
  "amtsfreie-stadt": { digits: 8, label: "8-digit AGS" },
  "amtsangehoerige-stadt": { digits: 8, label: "8-digit AGS" },
  amt: { digits: 9, label: "9-digit Gemeindeverbandsschlüssel" },
};

/**
 * A Träger's lifecycle (README, "Offboarding a Träger"): "offboarding" removes what runs and costs and
 * keeps what holds data; "decommissioned", allowed once the deployed offboarding's longest retention has
 * run out (deployments/offboarding/<id>.json), moves its subscription to the decommissioned management group.
 */
export const TRAEGER_STATUSES = ["active", "offboarding", "decommissioned"] as const;
export type TraegerStatus = (typeof TRAEGER_STATUSES)[number];

/** Most member Gemeinden an Amt may list (the largest Amt in Mecklenburg-Vorpommern has about 20). */
export const MAX_MEMBERS = 40;

export const ID_MIN_LENGTH = 3;
export const ID_MAX_LENGTH = 24;
/** Prefix lengths a spoke may have: /16 (65,536 addresses) down to /23 (512). */
export const ADDRESS_PREFIX_RANGE = { min: 16, max: 23 } as const;

const ID_PATTERN = /^[a-z][a-z0-9-]*$/;

const traegerId = z
  .string()
  .min(ID_MIN_LENGTH, { error: `must be ${ID_MIN_LENGTH}–${ID_MAX_LENGTH} characters` })
  .max(ID_MAX_LENGTH, { error: `must be ${ID_MIN_LENGTH}–${ID_MAX_LENGTH} characters` })
  .regex(ID_PATTERN, { error: (iss) => `must be lowercase a-z, 0-9 and "-", starting with a letter (got ${JSON.stringify(iss.input)})` })
  .refine((id) => !id.endsWith("-") && !id.includes("--"), { error: 'must not end with "-" or contain "--"', abort: false });

/** Most budget alert recipients a Träger may name (Azure's budget notifications take at most 50 e-mails). */
export const MAX_BUDGET_RECIPIENTS = 5;
/** The largest monthly budget a declaration may set, in the billing currency (a typo guard, not a limit of Azure's). */
export const MAX_MONTHLY_BUDGET = 1_000_000;

/** The Träger's monthly budget and who besides the platform team hears when it is reached. */
const budget = z.strictObject({
  /** Monthly amount in the billing account's currency (whole units). @default from the Träger's size (README, "Budgets") */
  monthly: z
    .number({ error: "must be a whole amount in the billing currency, e.g. 1500" })
    .int({ error: "must be a whole amount in the billing currency, e.g. 1500" })
    .min(1, { error: "must be at least 1" })
    .max(MAX_MONTHLY_BUDGET, { error: `must be at most ${MAX_MONTHLY_BUDGET.toLocaleString("en")} (a larger budget is a typo)` })
    .optional(),
  /** The Träger's own admins' mailboxes: budget alerts at 80, 100 and 120 % go here and to the platform team. */
  notify: z
    .array(z.email({ error: (iss) => `must be an e-mail address (got ${JSON.stringify(iss.input)})` }))
    .min(1, { error: "must name at least one mailbox, or leave notify out (then only the platform team is told)" })
    .max(MAX_BUDGET_RECIPIENTS, { error: `must name at most ${MAX_BUDGET_RECIPIENTS} mailboxes (use a shared mailbox)` })
    .optional(),
});

const member = z.strictObject({
  name: nameText,
  ags: z.string().regex(/^\d{8}$/, { error: (iss) => `must be an 8-digit AGS (got ${JSON.stringify(iss.input)})` }),
});

const network = z.strictObject({
  /** The spoke's address space, carved from the Verbund's pool. */
  addressSpace: z.string(),
});

/**
 * The schema of one Träger declaration (`tenants/<id>.ts`). Unknown fields are rejected everywhere.
 * Rules that need the whole Verbund (uniqueness, address plan) live in lib/verbund.
 */
export const traegerSchema = z
  .strictObject({
    id: traegerId,
    name: nameText,
    kind: z.enum(TRAEGER_KINDS, { error: `must be one of ${TRAEGER_KINDS.join(" | ")}` }),
    key: z.string().regex(/^\d+$/, { error: (iss) => `must be digits only (got ${JSON.stringify(iss.input)})` }),
    joined: z.iso.date({ error: (iss) => `must be a real date written YYYY-MM-DD (got ${JSON.stringify(iss.input)})` }),
    /** An existing subscription to adopt. @default none: the Verbund vends one (its subscription stack) */
    subscriptionId: z.guid({ error: (iss) => `must be a GUID like 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f (got ${JSON.stringify(iss.input)}), or leave it out to have the subscription vended` }).optional(),
    /** Monthly budget and alert recipients. @default amount from the Träger's size, alerts to the platform team */
    budget: budget.optional(),
    network,
    members: z.array(member).max(MAX_MEMBERS, { error: `must list at most ${MAX_MEMBERS} member Gemeinden` }).optional(),
    /** Cost centre written into the `cost-center` tag. @default the Träger's key */
    costCenter: costCenterText.optional(),
    /** The Träger's identity boundary in Entra ID. @default Entra-joined session hosts, standard groups only */
    directory: directorySchema.optional(),
    /** Backups of the Träger's data. @default BSI-minded defaults (BACKUP_DEFAULTS) */
    backup: backupSchema.optional(),
    /** Virtual desktops. @default none: the Träger gets no desktops */
    vdi: vdiSchema.optional(),
    /** @default "active" */
    status: z.enum(TRAEGER_STATUSES, { error: `must be one of ${TRAEGER_STATUSES.join(" | ")}` }).optional(),
  })
  .check(
    z.superRefine((value, ctx) => {
      // Runs even when single fields failed, so that one run reports every problem: guard each read.
      const kind = TRAEGER_KINDS.find((k) => k === value.kind);
      if (kind && typeof value.key === "string" && /^\d+$/.test(value.key)) {
        const format = KEY_FORMATS[kind];
        if (value.key.length !== format.digits) {
          ctx.addIssue({ code: "custom", path: ["key"], message: `a Träger of kind "${kind}" is identified by its ${format.label} (got ${value.key.length} digits: "${value.key}")` });
        }
      }
      const members = Array.isArray(value.members) ? value.members : undefined;
      if (kind === "amt" && (members === undefined || members.length === 0)) {
        ctx.addIssue({ code: "custom", path: ["members"], message: 'an Amt must list its member Gemeinden (members: [{ name, ags }, …])' });
      }
      if (kind !== undefined && kind !== "amt" && members !== undefined) {
        ctx.addIssue({ code: "custom", path: ["members"], message: `only an Amt has members; remove "members" for kind "${kind}"` });
      }
      if (kind === "amt" && members) checkMembers(members, typeof value.key === "string" ? value.key : undefined, ctx);
      checkDirectory(value.directory, typeof value.id === "string" ? value.id : undefined, ctx);
      checkBackup(value.backup, ctx);
      checkVdi(value.vdi, ctx);
      const notify = value.budget?.notify;
      if (Array.isArray(notify)) {
        const seen = new Map<string, number>();
        notify.forEach((mail, index) => {
          if (typeof mail !== "string") return;
          const first = seen.get(mail.toLowerCase());
          if (first !== undefined) ctx.addIssue({ code: "custom", path: ["budget", "notify", index], message: `${mail} is listed twice (also notify[${first}])` });
          else seen.set(mail.toLowerCase(), index);
        });
      }
    }, { when: () => true }),
  );

function checkMembers(members: readonly unknown[], amtKey: string | undefined, ctx: z.core.$RefinementCtx<unknown>): void {
  const kreis = amtKey && /^\d{9}$/.test(amtKey) ? amtKey.slice(0, 5) : undefined;
  const seenNames = new Map<string, number>();
  const seenAgs = new Map<string, number>();
  members.forEach((raw, index) => {
    if (typeof raw !== "object" || raw === null) return;
    const { name, ags } = raw as { name?: unknown; ags?: unknown };
    if (typeof ags === "string" && /^\d{8}$/.test(ags)) {
      if (kreis && !ags.startsWith(kreis)) {
        ctx.addIssue({ code: "custom", path: ["members", index, "ags"], message: `AGS ${ags} lies outside the Amt's Kreis ${kreis} (it must start with ${kreis})` });
      }
      const first = seenAgs.get(ags);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["members", index, "ags"], message: `AGS ${ags} is listed twice (also members[${first}])` });
      else seenAgs.set(ags, index);
    }
    if (typeof name === "string") {
      const key = name.trim().toLowerCase();
      const first = seenNames.get(key);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["members", index, "name"], message: `"${name}" is listed twice (also members[${first}])` });
      else seenNames.set(key, index);
    }
  });
}

/** A declaration after schema validation (defaults not yet applied; see lib/verbund for the model). */
export type ParsedTraeger = z.output<typeof traegerSchema>;

/** A member Gemeinde of an Amt. */
export interface MemberDeclaration {
  readonly name: string;
  readonly ags: string;
}

interface TraegerBase {
  /** Lowercase a-z, 0-9 and "-", 3–24 characters, starting with a letter. Unique; never changes; the stack name. */
  readonly id: string;
  /** Human name, umlauts welcome. */
  readonly name: string;
  /** 8-digit AGS for a Stadt; 9-digit Gemeindeverbandsschlüssel for an Amt; 5-digit Kreisschlüssel for a Landkreis. */
  readonly key: string;
  /** ISO date (YYYY-MM-DD) the Träger joined the Verbund. */
  readonly joined: string;
  /**
   * An existing Azure subscription (GUID) to adopt. Leave it out and the Verbund vends the Träger's
   * subscription (README, "Subscriptions"); the Träger's stack reads its id from the subscription stack.
   */
  readonly subscriptionId?: string;
  /** Monthly budget (whole units of the billing currency) and the Träger admins' mailboxes for its alerts. @default amount from the Träger's size */
  readonly budget?: { readonly monthly?: number; readonly notify?: readonly string[] };
  readonly network: { readonly addressSpace: string };
  /** Cost centre written into the `cost-center` tag. @default the Träger's key */
  readonly costCenter?: string;
  /** The Träger's identity boundary in Entra ID. @default Entra-joined session hosts, standard groups only */
  readonly directory?: DirectoryDeclaration;
  /** Backups of the Träger's data. @default BSI-minded defaults (BACKUP_DEFAULTS) */
  readonly backup?: BackupDeclaration;
  /** Virtual desktops. @default none: the Träger gets no desktops */
  readonly vdi?: { readonly pools: readonly PoolDeclaration[] };
  /**
   * "offboarding" removes desktops, users' access and the hub peering, and keeps all data;
   * "decommissioned" (only once the offboarding's longest retention has run out) moves the subscription
   * to the decommissioned management group. @default "active"
   */
  readonly status?: TraegerStatus;
}

/** What a `tenants/<id>.ts` file declares: members are required for an Amt and not allowed otherwise. */
export type TraegerDeclaration =
  | (TraegerBase & { readonly kind: "amt"; readonly members: readonly MemberDeclaration[] })
  | (TraegerBase & { readonly kind: Exclude<TraegerKind, "amt">; readonly members?: never });
