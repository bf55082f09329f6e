import { problemLines, stadt } from "../helpers/tenants";

const FILE = "<tenants>/teststadt.ts";
const withBackup = (backup: unknown) => problemLines({ "teststadt.ts": stadt({ backup }) });

describe("the backup section", () => {
  it("is optional, and accepts retention, time and immutability inside Azure's limits", () => {
    expect(problemLines({ "teststadt.ts": stadt() })).toEqual([]);
    expect(withBackup({ retention: { vm: { daily: 7, weekly: 5163, monthly: 1188, yearly: 99 }, fileShare: { daily: 200 } }, time: "01:30", immutability: "unlocked" })).toEqual([]);
    expect(withBackup({ immutability: "disabled", allowMutableBackups: { reason: "Migration test vault, no production data" } })).toEqual([]);
  });

  it.each([
    ["vm", "daily", 6, "7–9999 days"],
    ["vm", "daily", 10000, "7–9999 days"],
    ["vm", "weekly", 5164, "1–5163 weeks"],
    ["vm", "monthly", 0, "1–1188 months"],
    ["vm", "monthly", 1189, "1–1188 months"],
    ["vm", "yearly", 100, "1–99 years"],
    ["fileShare", "daily", 201, "1–200 days"],
    ["fileShare", "daily", 0, "1–200 days"],
  ])("rejects %s %s retention of %d (Azure accepts %s)", (kind, tier, value, range) => {
    const vm = kind === "vm" ? { daily: 7, weekly: 5163, monthly: 1188, yearly: 99, [tier]: value } : undefined;
    const retention = kind === "vm" ? { vm } : { fileShare: { [tier]: value } };
    const lines = withBackup({ retention });
    expect(lines).toContain(`${FILE}: backup.retention.${kind}.${tier}: must be ${range}, what Azure Backup accepts (got ${value})`);
  });

  it("rejects a retention that is not a whole number", () => {
    expect(withBackup({ retention: { fileShare: { daily: 30.5 } } })).toEqual([`${FILE}: backup.retention.fileShare.daily: must be a whole number of days (got 30.5)`]);
    expect(withBackup({ retention: { fileShare: { daily: "30" } } })).toEqual([`${FILE}: backup.retention.fileShare.daily: must be a whole number of days (got "30")`]);
  });

  it.each(["23:15", "24:00", "7:00", "23-00"])("rejects %s as backup time", (time) => {
    expect(withBackup({ time })).toEqual([`${FILE}: backup.time: must be HH:MM on the hour or half hour, e.g. "23:00" or "01:30" (got "${time}")`]);
  });

  it("rejects a weekly tier that ends before the daily one, naming the default it is compared with", () => {
    expect(withBackup({ retention: { vm: { daily: 100 } } })).toEqual([
      `${FILE}: backup.retention.vm.daily: weekly retention (12 weeks, the default) ends before daily retention (100 days): each tier must keep its points at least as long as the one before`,
    ]);
    expect(withBackup({ retention: { vm: { weekly: 2 } } })).toEqual([
      `${FILE}: backup.retention.vm.weekly: weekly retention (2 weeks) ends before daily retention (30 days, the default): each tier must keep its points at least as long as the one before`,
    ]);
  });

  it("rejects monthly and yearly tiers that end before the tier below", () => {
    expect(withBackup({ retention: { vm: { daily: 30, weekly: 52, monthly: 6, yearly: 10 } } })).toEqual([
      `${FILE}: backup.retention.vm.monthly: monthly retention (6 months) ends before weekly retention (52 weeks): each tier must keep its points at least as long as the one before`,
    ]);
    expect(withBackup({ retention: { vm: { monthly: 24, yearly: 1 } } })).toEqual([
      `${FILE}: backup.retention.vm.yearly: yearly retention (1 year) ends before monthly retention (24 months): each tier must keep its points at least as long as the one before`,
    ]);
  });

  it("accepts immutability disabled only with a reason, and a reason only with disabled", () => {
    expect(withBackup({ immutability: "disabled" })).toEqual([
      `${FILE}: backup.allowMutableBackups: immutability "disabled" needs allowMutableBackups: { reason: "…" } (CON.3.A14: backups must not be overwritable)`,
    ]);
    expect(withBackup({ allowMutableBackups: { reason: "Because I want to delete things" } })).toEqual([`${FILE}: backup.allowMutableBackups: only goes with immutability "disabled"; remove it`]);
    expect(withBackup({ immutability: "disabled", allowMutableBackups: { reason: "test" } })).toEqual([`${FILE}: backup.allowMutableBackups.reason: must say why (at least 10 characters)`]);
  });

  it("rejects an unknown immutability and unknown fields", () => {
    expect(withBackup({ immutability: "immutable", retension: {} })).toEqual([
      `${FILE}: backup.immutability: must be one of locked | unlocked | disabled`,
      `${FILE}: backup.retension: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)`,
    ]);
  });
});
