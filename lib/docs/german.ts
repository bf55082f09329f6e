/**
 * German formatting for the documents the Träger read (Trägerblatt, Datensicherungsplan, pictures):
 * dates as 18.12.2019, numbers with German separators (4.096), durations in German words. Intl with
 * fixed locale and time zone, so the output never depends on the machine.
 */
import type { TraegerModel } from "../verbund";

const DATE = new Intl.DateTimeFormat("de-DE", { timeZone: "UTC", day: "2-digit", month: "2-digit", year: "numeric" });
const NUMBER = new Intl.NumberFormat("de-DE", { maximumFractionDigits: 1 });

/** "2019-12-18" → "18.12.2019". */
export function germanDate(isoDate: string): string {
  return DATE.format(new Date(`${isoDate}T00:00:00Z`));
}

/** 4096 → "4.096"; 1.5 → "1,5". */
export function germanNumber(value: number): string {
  return NUMBER.format(value);
}

type Unit = "day" | "week" | "month" | "year";
const UNIT_WORDS: Readonly<Record<Unit, readonly [string, string]>> = {
  day: ["Tag", "Tage"],
  week: ["Woche", "Wochen"],
  month: ["Monat", "Monate"],
  year: ["Jahr", "Jahre"],
};

/** 30, "day" → "30 Tage"; 1, "year" → "1 Jahr". */
export function germanDuration(count: number, unit: Unit): string {
  const [one, many] = UNIT_WORDS[unit];
  return `${germanNumber(count)} ${count === 1 ? one : many}`;
}

/** Approximate days of a duration, for drawing it on a time axis. */
export function durationDays(count: number, unit: Unit): number {
  return count * { day: 1, week: 7, month: 30.4375, year: 365.25 }[unit];
}

/** The kind of a Träger as its own documents name it. */
export const GERMAN_KIND: Readonly<Record<TraegerModel["kind"], string>> = {
  landeshauptstadt: "Landeshauptstadt",
  landkreis: "Landkreis",
  "amtsfreie-stadt": "amtsfreie Stadt",
  "amtsangehoerige-stadt": "amtsangehörige Stadt",
  amt: "Amt",
};

/** The longest time a recovery point of this Träger is kept (Aufbewahrung), as count and unit. */
export function longestRetention(t: TraegerModel): { count: number; unit: Unit; days: number } {
  const r = t.backup.retention;
  const tiers: { count: number; unit: Unit }[] = [
    { count: r.vm.daily, unit: "day" as const },
    { count: r.vm.weekly, unit: "week" as const },
    { count: r.vm.monthly, unit: "month" as const },
    { count: r.vm.yearly, unit: "year" as const },
    { count: r.fileShare.daily, unit: "day" as const },
  ].filter((tier) => tier.count > 0);
  return tiers.map((tier) => ({ ...tier, days: durationDays(tier.count, tier.unit) })).reduce((a, b) => (b.days > a.days ? b : a));
}
