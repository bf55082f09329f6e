/**
 * How check-removals knows that a Träger's offboarding was deployed and its retention has run out:
 * the deploy that applies an offboarding stack commits `deployments/offboarding/<id>.json`
 * ({ "traeger": id, "deployedAt": "YYYY-MM-DD", "commit": sha }); the longest retention comes from the
 * Träger's declaration in the same revision (its backup section, defaults from BACKUP_DEFAULTS). The
 * last recovery point of the Träger's working data is taken before that deploy, so it expires at the
 * latest on deployedAt + the longest retention.
 */
import { z } from "zod";
import { BACKUP_DEFAULTS } from "../declaration/backup";

/** Where the deploy commits the record of a deployed offboarding, relative to the project root. */
export const OFFBOARDING_RECORD_DIR = "deployments/offboarding";

/** The record the deploy commits after applying an offboarding stack. */
export const offboardingRecordSchema = z.strictObject({
  traeger: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  deployedAt: z.iso.date({ error: "must be the deploy's date, YYYY-MM-DD" }),
  commit: z.string().regex(/^[0-9a-f]{7,40}$/, { error: "must be the deployed commit's SHA" }),
});
export type OffboardingRecord = z.infer<typeof offboardingRecordSchema>;

interface DeclaredRetention {
  readonly vm?: { readonly daily?: number; readonly weekly?: number; readonly monthly?: number; readonly yearly?: number };
  readonly fileShare?: { readonly daily?: number };
}

/** The day (YYYY-MM-DD, UTC) on which the last recovery point kept from `deployedAt` has expired. */
export function retentionEnds(deployedAt: string, retention: DeclaredRetention | undefined): { date: string; longest: string } {
  const vm = { ...BACKUP_DEFAULTS.vm, ...retention?.vm };
  const fileShareDays = retention?.fileShare?.daily ?? BACKUP_DEFAULTS.fileShare.daily;
  const start = new Date(`${deployedAt}T00:00:00Z`);
  const candidates: [Date, string][] = [
    [addUtc(start, { days: vm.daily }), `${vm.daily} days (daily VM points)`],
    [addUtc(start, { days: vm.weekly * 7 }), `${vm.weekly} weeks (weekly VM points)`],
    [addUtc(start, { months: vm.monthly }), `${vm.monthly} months (monthly VM points)`],
    [addUtc(start, { months: vm.yearly * 12 }), `${vm.yearly} years (yearly VM points)`],
    [addUtc(start, { days: fileShareDays }), `${fileShareDays} days (file share snapshots)`],
  ];
  const [end, longest] = candidates.reduce((a, b) => (b[0] > a[0] ? b : a));
  return { date: end.toISOString().slice(0, 10), longest };
}

function addUtc(date: Date, by: { days?: number; months?: number }): Date {
  const d = new Date(date);
  if (by.months) d.setUTCMonth(d.getUTCMonth() + by.months);
  if (by.days) d.setUTCDate(d.getUTCDate() + by.days);
  return d;
}
