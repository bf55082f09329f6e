import { z } from "zod";

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

const member = z.strictObject({
  name: z.string().trim().min(1, { error: "must not be empty" }),
  ags: z.string().regex(/^\d{8}$/, { error: (iss) => `must be an 8-digit AGS (got ${JSON.stringify(iss.input)})` }),
});

/** Standard security groups every Träger gets; extra groups may not reuse these names. */
export const STANDARD_GROUPS = ["users", "admins", "helpdesk", "vdi-users"] as const;
export type StandardGroup = (typeof STANDARD_GROUPS)[number];

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

const adJoin = z.strictObject({
  mode: z.literal("ad"),
  /** The Verbund's Active Directory domain, e.g. "ksm.local". */
  domain: z.string().regex(DNS_NAME, { error: (iss) => `must be a DNS domain name like ksm.local (got ${JSON.stringify(iss.input)})` }),
  /** Distinguished name of the Träger's OU, e.g. "OU=<id>,OU=Traeger,DC=ksm,DC=local". */
  ouPath: z.string(),
});

const extraGroup = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, { error: (iss) => `must be 2–40 lowercase letters, digits and "-", starting with a letter (got ${JSON.stringify(iss.input)})` }),
  description: z.string().trim().min(1, { error: "must not be empty" }).max(1024),
});

const directory = z.strictObject({
  /** How session hosts join a directory. @default "entra" */
  join: z.union([z.literal("entra"), adJoin], { error: 'must be "entra" or { mode: "ad", domain, ouPath }' }).optional(),
  /** Groups beyond the standard ones (users, admins, helpdesk, vdi-users). @default none */
  groups: z.array(extraGroup).optional(),
});

/** What Azure Backup accepts for each retention tier (VM policies V2; Azure Files snapshot policies). */
export const BACKUP_LIMITS = {
  vmDaily: { min: 7, max: 9999, unit: "days" },
  vmWeekly: { min: 1, max: 5163, unit: "weeks" },
  vmMonthly: { min: 1, max: 1188, unit: "months" },
  vmYearly: { min: 1, max: 99, unit: "years" },
  fileShareDaily: { min: 1, max: 200, unit: "days" },
} as const;

/** Defaults of the backup section; justified in docs/backup.md. */
export const BACKUP_DEFAULTS = {
  vm: { daily: 30, weekly: 12, monthly: 12, yearly: 10 },
  fileShare: { daily: 30 },
  time: "23:00",
  immutability: "locked",
} as const;

export const IMMUTABILITY_MODES = ["locked", "unlocked", "disabled"] as const;
export type Immutability = (typeof IMMUTABILITY_MODES)[number];

const count = (limit: { readonly min: number; readonly max: number; readonly unit: string }) =>
  z
    .number({ error: (iss) => `must be a whole number of ${limit.unit} (got ${JSON.stringify(iss.input)})` })
    .int({ error: (iss) => `must be a whole number of ${limit.unit} (got ${JSON.stringify(iss.input)})` })
    .min(limit.min, { error: (iss) => `must be ${limit.min}–${limit.max} ${limit.unit}, what Azure Backup accepts (got ${JSON.stringify(iss.input)})` })
    .max(limit.max, { error: (iss) => `must be ${limit.min}–${limit.max} ${limit.unit}, what Azure Backup accepts (got ${JSON.stringify(iss.input)})` });

const backup = z.strictObject({
  retention: z
    .strictObject({
      vm: z
        .strictObject({
          daily: count(BACKUP_LIMITS.vmDaily).optional(),
          weekly: count(BACKUP_LIMITS.vmWeekly).optional(),
          monthly: count(BACKUP_LIMITS.vmMonthly).optional(),
          yearly: count(BACKUP_LIMITS.vmYearly).optional(),
        })
        .optional(),
      fileShare: z.strictObject({ daily: count(BACKUP_LIMITS.fileShareDaily).optional() }).optional(),
    })
    .optional(),
  /** Daily backup time, local time Europe/Berlin, on the hour or half hour. @default "23:00" */
  time: z.string().regex(/^([01]\d|2[0-3]):(00|30)$/, { error: (iss) => `must be HH:MM on the hour or half hour, e.g. "23:00" or "01:30" (got ${JSON.stringify(iss.input)})` }).optional(),
  /** @default "locked" */
  immutability: z.enum(IMMUTABILITY_MODES, { error: `must be one of ${IMMUTABILITY_MODES.join(" | ")}` }).optional(),
  /** Required with immutability "disabled": why backups may be overwritten. */
  allowMutableBackups: z.strictObject({ reason: z.string().trim().min(10, { error: "must say why (at least 10 characters)" }) }).optional(),
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
    name: z.string().trim().min(1, { error: "must not be empty" }),
    kind: z.enum(TRAEGER_KINDS, { error: `must be one of ${TRAEGER_KINDS.join(" | ")}` }),
    key: z.string().regex(/^\d+$/, { error: (iss) => `must be digits only (got ${JSON.stringify(iss.input)})` }),
    joined: z.iso.date({ error: (iss) => `must be a real date written YYYY-MM-DD (got ${JSON.stringify(iss.input)})` }),
    subscriptionId: z.guid({ error: (iss) => `must be a GUID like 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f (got ${JSON.stringify(iss.input)})` }),
    network,
    members: z.array(member).optional(),
    /** Cost centre written into the `cost-center` tag. @default the Träger's key */
    costCenter: z.string().trim().min(1, { error: "must not be empty" }).max(256).optional(),
    /** The Träger's identity boundary in Entra ID. @default Entra-joined session hosts, standard groups only */
    directory: directory.optional(),
    /** Backups of the Träger's data. @default BSI-minded defaults (BACKUP_DEFAULTS) */
    backup: backup.optional(),
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

function checkDirectory(raw: unknown, traegerId: string | undefined, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof raw !== "object" || raw === null) return;
  const { join, groups } = raw as { join?: unknown; groups?: unknown };
  if (typeof join === "object" && join !== null) {
    const { ouPath, domain } = join as { ouPath?: unknown; domain?: unknown };
    if (typeof ouPath === "string") {
      const problem = ouPathProblem(ouPath, traegerId, typeof domain === "string" && DNS_NAME.test(domain) ? domain : undefined);
      if (problem) ctx.addIssue({ code: "custom", path: ["directory", "join", "ouPath"], message: problem });
    }
  }
  if (Array.isArray(groups)) {
    const seen = new Map<string, number>();
    groups.forEach((group: unknown, index) => {
      const name = typeof group === "object" && group !== null ? (group as { name?: unknown }).name : undefined;
      if (typeof name !== "string") return;
      if ((STANDARD_GROUPS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: "custom", path: ["directory", "groups", index, "name"], message: `"${name}" is a standard group every Träger already has (${STANDARD_GROUPS.join(", ")})` });
      }
      const first = seen.get(name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["directory", "groups", index, "name"], message: `"${name}" is declared twice (also groups[${first}])` });
      else seen.set(name, index);
    });
  }
}

/**
 * Days a tier keeps its points, for comparing tiers: Gregorian averages (a year 365.25 days, a month a
 * twelfth of it), so that Azure's own maxima (5163 weeks, 1188 months, 99 years) compare as equal.
 */
const DAYS_PER = { daily: 1, weekly: 7, monthly: 365.25 / 12, yearly: 365.25 } as const;

function checkBackup(raw: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof raw !== "object" || raw === null) return;
  const { retention, immutability, allowMutableBackups } = raw as { retention?: { vm?: Record<string, unknown> }; immutability?: unknown; allowMutableBackups?: unknown };
  const vm = typeof retention?.vm === "object" && retention.vm !== null ? retention.vm : {};
  const tiers = (["daily", "weekly", "monthly", "yearly"] as const).map((tier) => {
    const value = vm[tier];
    const declared = typeof value === "number" && Number.isInteger(value);
    return { tier, declared, value: declared ? (value as number) : BACKUP_DEFAULTS.vm[tier] };
  });
  const units = { daily: "day", weekly: "week", monthly: "month", yearly: "year" } as const;
  const amount = (value: number, tier: keyof typeof units) => `${value} ${units[tier]}${value === 1 ? "" : "s"}`;
  for (let i = 1; i < tiers.length; i += 1) {
    const shorter = tiers[i - 1]!;
    const longer = tiers[i]!;
    if (longer.value * DAYS_PER[longer.tier] < shorter.value * DAYS_PER[shorter.tier]) {
      const at = longer.declared || !shorter.declared ? longer.tier : shorter.tier;
      ctx.addIssue({
        code: "custom",
        path: ["backup", "retention", "vm", at],
        message: `${longer.tier} retention (${amount(longer.value, longer.tier)}${longer.declared ? "" : ", the default"}) ends before ${shorter.tier} retention (${amount(shorter.value, shorter.tier)}${shorter.declared ? "" : ", the default"}): each tier must keep its points at least as long as the one before`,
      });
    }
  }
  if (immutability === "disabled" && allowMutableBackups === undefined) {
    ctx.addIssue({ code: "custom", path: ["backup", "allowMutableBackups"], message: 'immutability "disabled" needs allowMutableBackups: { reason: "…" } (CON.3.A14: backups must not be overwritable)' });
  }
  if (allowMutableBackups !== undefined && immutability !== "disabled") {
    ctx.addIssue({ code: "custom", path: ["backup", "allowMutableBackups"], message: 'only goes with immutability "disabled"; remove it' });
  }
}

/**
 * Why an OU path is unusable: it must be a distinguished name of OU components followed by the
 * domain's DC components, and contain the Träger's own OU (`OU=<id>`), so a Träger's session hosts
 * never land in another Träger's OU.
 */
export function ouPathProblem(ouPath: string, traegerId: string | undefined, domain: string | undefined): string | undefined {
  const parts = ouPath.split(",").map((part) => part.trim());
  const parsed = parts.map((part) => /^(OU|DC)=([^=,+"\\<>;#]+)$/i.exec(part));
  if (parts.length < 2 || parsed.some((m) => m === null)) {
    return `${JSON.stringify(ouPath)} is not a distinguished name of OU=… and DC=… components (e.g. "OU=${traegerId ?? "<id>"},OU=Traeger,DC=ksm,DC=local")`;
  }
  const kinds = parsed.map((m) => m![1]!.toUpperCase());
  const firstDc = kinds.indexOf("DC");
  if (firstDc <= 0 || kinds.slice(firstDc).some((k) => k !== "DC")) {
    return `${JSON.stringify(ouPath)} must list OU components first and DC components last`;
  }
  if (traegerId && !parsed.slice(0, firstDc).some((m) => m![2]!.trim().toLowerCase() === traegerId)) {
    return `${JSON.stringify(ouPath)} does not contain the Träger's own OU "OU=${traegerId}"`;
  }
  const dcs = parsed.slice(firstDc).map((m) => m![2]!.trim().toLowerCase()).join(".");
  if (domain && dcs !== domain.toLowerCase()) return `${JSON.stringify(ouPath)} lies in domain ${dcs}, not in ${domain}`;
  return undefined;
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
  /** The Träger's own Azure subscription (GUID). */
  readonly subscriptionId: string;
  readonly network: { readonly addressSpace: string };
  /** Cost centre written into the `cost-center` tag. @default the Träger's key */
  readonly costCenter?: string;
  /** The Träger's identity boundary in Entra ID. @default Entra-joined session hosts, standard groups only */
  readonly directory?: DirectoryDeclaration;
  /** Backups of the Träger's data. @default BSI-minded defaults (BACKUP_DEFAULTS) */
  readonly backup?: BackupDeclaration;
}

/** The optional `backup` section of a declaration; every field has a default (BACKUP_DEFAULTS). */
export interface BackupDeclaration {
  readonly retention?: {
    /** Session hosts holding user data: daily (days), weekly (weeks), monthly (months), yearly (years). */
    readonly vm?: { readonly daily?: number; readonly weekly?: number; readonly monthly?: number; readonly yearly?: number };
    /** FSLogix profile and data shares: daily (days). */
    readonly fileShare?: { readonly daily?: number };
  };
  /** Daily backup time, local time Europe/Berlin ("HH:MM", on the hour or half hour). */
  readonly time?: string;
  readonly immutability?: Immutability;
  /** Required with immutability "disabled". */
  readonly allowMutableBackups?: { readonly reason: string };
}

/** How a Träger's session hosts join a directory. */
export type JoinDeclaration = "entra" | { readonly mode: "ad"; readonly domain: string; readonly ouPath: string };

/** The optional `directory` section of a declaration. */
export interface DirectoryDeclaration {
  /** @default "entra" */
  readonly join?: JoinDeclaration;
  /** Groups beyond users, admins, helpdesk and vdi-users. @default none */
  readonly groups?: readonly { readonly name: string; readonly description: string }[];
}

/** What a `tenants/<id>.ts` file declares: members are required for an Amt and not allowed otherwise. */
export type TraegerDeclaration =
  | (TraegerBase & { readonly kind: "amt"; readonly members: readonly MemberDeclaration[] })
  | (TraegerBase & { readonly kind: Exclude<TraegerKind, "amt">; readonly members?: never });
