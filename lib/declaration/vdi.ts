import { z } from "zod";

/**
 * VM sizes allowed for session hosts: AMD/Intel v5 general purpose and memory-optimised sizes that
 * support Trusted Launch and encryption at host, with their vCPUs and memory (GiB). See docs/vdi.md.
 */
export const VDI_VM_SIZES = {
  Standard_D2as_v5: { vcpus: 2, memoryGiB: 8 },
  Standard_D4as_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_D8as_v5: { vcpus: 8, memoryGiB: 32 },
  Standard_D16as_v5: { vcpus: 16, memoryGiB: 64 },
  Standard_D2s_v5: { vcpus: 2, memoryGiB: 8 },
  Standard_D4s_v5: { vcpus: 4, memoryGiB: 16 },
  Standard_D8s_v5: { vcpus: 8, memoryGiB: 32 },
  Standard_D16s_v5: { vcpus: 16, memoryGiB: 64 },
  Standard_E4as_v5: { vcpus: 4, memoryGiB: 32 },
  Standard_E8as_v5: { vcpus: 8, memoryGiB: 64 },
  Standard_E16as_v5: { vcpus: 16, memoryGiB: 128 },
} as const;
export type VdiVmSize = keyof typeof VDI_VM_SIZES;

export const POOL_TYPES = ["pooled", "personal"] as const;
export type PoolType = (typeof POOL_TYPES)[number];

/** Defaults of a desktop pool; the image is Windows 11 multi-session with Microsoft 365 apps. */
export const POOL_DEFAULTS = {
  type: "pooled",
  peakConcurrency: 0.8,
  image: { publisher: "MicrosoftWindowsDesktop", offer: "office-365", sku: "win11-24h2-avd-m365", version: "latest" },
  officeHours: { start: "07:00", end: "18:00" },
  clipboard: true,
} as const;

/** Longest pool name: every derived name (host pool, scaling plan, VM, share) must fit its limit. */
export const POOL_NAME_MAX = 16;
/** Session hosts are numbered with three digits in their computer names. */
export const MAX_HOSTS_PER_POOL = 999;

/** Most desktop pools a Träger may declare. */
export const MAX_POOLS = 10;
/** Smallest share of users at work at once: below 5 % a pool is mis-sized, and denormals stay out. */
const PEAK_MIN = 0.05;
const PEAK_RANGE = `from ${PEAK_MIN} to 1`;
// Marketplace names (letters, digits, . _ -); which images are allowed is the Verbund's list (verbund.ts).
const imagePart = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: (iss) => `must be a Marketplace image name (letters, digits, . _ -; got ${JSON.stringify(iss.input)})` });

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const clock = z.string().regex(TIME, { error: (iss) => `must be a time HH:MM between 00:00 and 23:59 (got ${JSON.stringify(iss.input)})` });

const pool = z.strictObject({
  name: z.string().regex(new RegExp(`^[a-z][a-z0-9-]{0,${POOL_NAME_MAX - 2}}[a-z0-9]$`), {
    error: (iss) => `must be 2–${POOL_NAME_MAX} lowercase letters, digits and "-", starting with a letter, so that every derived name fits (got ${JSON.stringify(iss.input)})`,
  }),
  users: z.number({ error: "must be a number of users" }).int({ error: "must be a whole number of users" }).min(1, { error: "must be 1–2000" }).max(2000, { error: "must be 1–2000" }),
  sessionsPerHost: z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1, { error: "must be 1–50" }).max(50, { error: "must be 1–50" }),
  vmSize: z.enum(Object.keys(VDI_VM_SIZES) as [VdiVmSize, ...VdiVmSize[]], { error: (iss) => `${JSON.stringify(iss.input)} is not an allowed session host size (see VDI_VM_SIZES in docs/vdi.md)` }),
  /** @default "pooled" */
  type: z.enum(POOL_TYPES, { error: `must be one of ${POOL_TYPES.join(" | ")}` }).optional(),
  /** Share of users working at the same time, in (0, 1]. @default 0.8 */
  peakConcurrency: z.number({ error: `must be a number ${PEAK_RANGE}` }).min(PEAK_MIN, { error: `must be ${PEAK_RANGE}` }).lte(1, { error: `must be ${PEAK_RANGE}` }).optional(),
  /** Marketplace image. @default Windows 11 multi-session with Microsoft 365 apps */
  image: z
    .strictObject({
      publisher: imagePart,
      offer: imagePart,
      sku: imagePart,
      version: z.string().regex(/^(latest|\d+\.\d+\.\d+)$/, { error: 'must be "latest" or a version like 26100.4061.250605' }).optional(),
    })
    .optional(),
  /** Office hours on weekdays, local time. @default { start: "07:00", end: "18:00" } */
  officeHours: z.strictObject({ start: clock, end: clock }).optional(),
  /** Clipboard redirection. @default true */
  clipboard: z.boolean({ error: "must be true or false" }).optional(),
});

/** The optional `vdi` section: the Träger's desktop pools. */
export const vdiSchema = z.strictObject({
  pools: z
    .array(pool)
    .min(1, { error: "must declare at least one pool (omit the vdi section for a Träger without desktops)" })
    .max(MAX_POOLS, { error: `must declare at most ${MAX_POOLS} pools` }),
});

/** Minutes since midnight of a valid HH:MM. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Session hosts a pool needs: ceil(users × peak concurrency / sessions per host), at least 1; one per user if personal. */
export function sessionHostCount(pool: { readonly type: PoolType; readonly users: number; readonly sessionsPerHost: number; readonly peakConcurrency: number }): number {
  if (pool.type === "personal") return pool.users;
  // Rounded to 9 places first so that 0.7 × 10 / 7 counts as 1, not 1.0000000000000002.
  return Math.max(1, Math.ceil(Number(((pool.users * pool.peakConcurrency) / pool.sessionsPerHost).toFixed(9))));
}

/** Cross-field rules of the vdi section (unique names, personal pools, host count, office hours). */
export function checkVdi(raw: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  const pools = typeof raw === "object" && raw !== null && Array.isArray((raw as { pools?: unknown }).pools) ? ((raw as { pools: unknown[] }).pools as Record<string, unknown>[]) : [];
  const seen = new Map<string, number>();
  pools.forEach((p, index) => {
    if (typeof p !== "object" || p === null) return;
    const at = (field: string) => ["vdi", "pools", index, field];
    if (typeof p.name === "string") {
      const first = seen.get(p.name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: at("name"), message: `"${p.name}" is declared twice (also pools[${first}])` });
      else seen.set(p.name, index);
    }
    const type = p.type === "personal" ? "personal" : "pooled";
    if (type === "personal" && typeof p.sessionsPerHost === "number" && p.sessionsPerHost !== 1) {
      ctx.addIssue({ code: "custom", path: at("sessionsPerHost"), message: `must be 1 for a personal pool (one desktop per user; got ${p.sessionsPerHost})` });
    }
    // Only for counts within their ranges: an out-of-range count is one problem, said on the count.
    if (typeof p.users === "number" && typeof p.sessionsPerHost === "number" && Number.isInteger(p.users) && p.users <= 2000 && p.sessionsPerHost >= 1) {
      const peak = typeof p.peakConcurrency === "number" && p.peakConcurrency > 0 && p.peakConcurrency <= 1 ? p.peakConcurrency : POOL_DEFAULTS.peakConcurrency;
      const hosts = sessionHostCount({ type, users: p.users, sessionsPerHost: p.sessionsPerHost, peakConcurrency: peak });
      if (hosts > MAX_HOSTS_PER_POOL) {
        ctx.addIssue({ code: "custom", path: at("users"), message: `needs ${hosts} session hosts; a pool has at most ${MAX_HOSTS_PER_POOL}: split it into several pools` });
      }
    }
    const hours = p.officeHours as { start?: unknown; end?: unknown } | undefined;
    if (hours && typeof hours.start === "string" && typeof hours.end === "string" && TIME.test(hours.start) && TIME.test(hours.end)) {
      const start = minutesOf(hours.start);
      const end = minutesOf(hours.end);
      if (start >= end) ctx.addIssue({ code: "custom", path: ["vdi", "pools", index, "officeHours"], message: `start ${hours.start} must be before end ${hours.end}` });
      else if (start < 60 || end > 22 * 60 + 59) {
        ctx.addIssue({ code: "custom", path: ["vdi", "pools", index, "officeHours"], message: `must lie between 01:00 and 22:59: desktops ramp up an hour before the start and go off-peak an hour after the end (got ${hours.start}–${hours.end})` });
      }
    }
  });
}

/** One desktop pool of a Träger. */
export interface PoolDeclaration {
  /** 2–16 lowercase letters, digits and "-"; unique within the Träger. Never rename: it names the pool's resources. */
  readonly name: string;
  /** Named users, 1–2000. */
  readonly users: number;
  /** Concurrent sessions per session host, 1–50 (1 for a personal pool). */
  readonly sessionsPerHost: number;
  readonly vmSize: VdiVmSize;
  /** @default "pooled" */
  readonly type?: PoolType;
  /** Share of users working at the same time, in (0, 1]. @default 0.8 */
  readonly peakConcurrency?: number;
  /** Marketplace image. @default Windows 11 multi-session with Microsoft 365 apps */
  readonly image?: { readonly publisher: string; readonly offer: string; readonly sku: string; readonly version?: string };
  /** Office hours Monday to Friday, local time. @default { start: "07:00", end: "18:00" } */
  readonly officeHours?: { readonly start: string; readonly end: string };
  /** Clipboard redirection. @default true */
  readonly clipboard?: boolean;
}

