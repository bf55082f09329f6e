import { z } from "zod";
import { descriptionText } from "./text";

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

/** The optional `backup` section: retention per tier, time, immutability. */
export const backupSchema = z.strictObject({
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
  allowMutableBackups: z.strictObject({ reason: descriptionText(10, "must say why (at least 10 characters)") }).optional(),
});

/**
 * Days a tier keeps its points, for comparing tiers: Gregorian averages (a year 365.25 days, a month a
 * twelfth of it), so that Azure's own maxima (5163 weeks, 1188 months, 99 years) compare as equal.
 */
const DAYS_PER = { daily: 1, weekly: 7, monthly: 365.25 / 12, yearly: 365.25 } as const;

/** Cross-field rules of the backup section (tiers in order, mutable backups need a reason). */
export function checkBackup(raw: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
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

