import { sessionHostCount } from "../../lib/declaration";
import { sessionHostComputerName } from "../../lib/naming";
import { problemLines, stadt } from "../helpers/tenants";

const FILE = "<tenants>/teststadt.ts";
const POOL = { name: "verwaltung", users: 65, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" };
const withPools = (...pools: Record<string, unknown>[]) => problemLines({ "teststadt.ts": stadt({ vdi: { pools } }) });

describe("the vdi section", () => {
  it("is optional, and accepts pooled and personal pools with every optional field", () => {
    expect(problemLines({ "teststadt.ts": stadt() })).toEqual([]);
    expect(
      withPools(POOL, {
        name: "finanzen",
        type: "personal",
        users: 8,
        sessionsPerHost: 1,
        vmSize: "Standard_D4as_v5",
        peakConcurrency: 1,
        image: { publisher: "MicrosoftWindowsDesktop", offer: "windows-11", sku: "win11-24h2-avd", version: "26100.4061.250605" },
        officeHours: { start: "06:30", end: "19:00" },
        clipboard: false,
      }),
    ).toEqual([]);
  });

  it.each([
    ["users", 0, "must be 1–2000"],
    ["users", 2001, "must be 1–2000"],
    ["users", 10.5, "must be a whole number of users"],
    ["sessionsPerHost", 0, "must be 1–50"],
    ["sessionsPerHost", 51, "must be 1–50"],
    ["peakConcurrency", 0, "must be from 0.05 to 1"],
    ["peakConcurrency", 1.2, "must be from 0.05 to 1"],
  ])("rejects %s = %d", (field, value, message) => {
    expect(withPools({ ...POOL, [field]: value })).toEqual([`${FILE}: vdi.pools[0].${field}: ${message}`]);
  });

  it("rejects a VM size outside the documented list", () => {
    expect(withPools({ ...POOL, vmSize: "Standard_B2s" })).toEqual([`${FILE}: vdi.pools[0].vmSize: "Standard_B2s" is not an allowed session host size (see VDI_VM_SIZES in docs/vdi.md)`]);
  });

  it("rejects duplicate pool names", () => {
    expect(withPools(POOL, { ...POOL, users: 10 })).toEqual([`${FILE}: vdi.pools[1].name: "verwaltung" is declared twice (also pools[0])`]);
  });

  it("rejects a pool name too long for every derived name", () => {
    expect(withPools({ ...POOL, name: "verwaltung-und-bauamt" })).toEqual([
      `${FILE}: vdi.pools[0].name: must be 2–16 lowercase letters, digits and "-", starting with a letter, so that every derived name fits (got "verwaltung-und-bauamt")`,
    ]);
  });

  it("rejects two pools whose session hosts would get the same computer names", () => {
    const seen = new Map<string, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; !pair; i += 1) {
      const name = `p${i}`;
      const prefix = sessionHostComputerName("teststadt", name, 0).slice(0, -4);
      const other = seen.get(prefix);
      if (other) pair = [other, name];
      else seen.set(prefix, name);
    }
    const [first, second] = pair;
    const prefix = sessionHostComputerName("teststadt", first, 0).slice(0, -4);
    expect(withPools({ ...POOL, name: first }, { ...POOL, name: second })).toEqual([
      `${FILE}: vdi.pools[1].name: "${second}" gives the same computer names as pool "${first}" (${prefix}-nnn): choose another pool name`,
    ]);
  });

  it("rejects a personal pool with more than one session per host", () => {
    expect(withPools({ ...POOL, type: "personal", sessionsPerHost: 4 })).toEqual([`${FILE}: vdi.pools[0].sessionsPerHost: must be 1 for a personal pool (one desktop per user; got 4)`]);
  });

  it("rejects a pool that would need more than 999 session hosts", () => {
    expect(withPools({ ...POOL, type: "personal", users: 1500, sessionsPerHost: 1 })).toEqual([
      `${FILE}: vdi.pools[0].users: needs 1500 session hosts; a pool has at most 999: split it into several pools`,
    ]);
  });

  it("rejects office hours that are malformed, reversed or leave no room to ramp", () => {
    expect(withPools({ ...POOL, officeHours: { start: "7:00", end: "18:00" } })).toEqual([`${FILE}: vdi.pools[0].officeHours.start: must be a time HH:MM between 00:00 and 23:59 (got "7:00")`]);
    expect(withPools({ ...POOL, officeHours: { start: "18:00", end: "07:00" } })).toEqual([`${FILE}: vdi.pools[0].officeHours: start 18:00 must be before end 07:00`]);
    expect(withPools({ ...POOL, officeHours: { start: "00:30", end: "18:00" } })).toEqual([
      `${FILE}: vdi.pools[0].officeHours: must lie between 01:00 and 22:59: desktops ramp up an hour before the start and go off-peak an hour after the end (got 00:30–18:00)`,
    ]);
  });

  it("rejects an empty pool list and unknown fields", () => {
    expect(problemLines({ "teststadt.ts": stadt({ vdi: { pools: [] } }) })).toEqual([`${FILE}: vdi.pools: must declare at least one pool (omit the vdi section for a Träger without desktops)`]);
    expect(withPools({ ...POOL, sessionPerHost: 8 })).toContain(`${FILE}: vdi.pools[0].sessionPerHost: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)`);
  });
});

describe("the sizing rule", () => {
  it.each([
    [{ users: 1, sessionsPerHost: 8, peakConcurrency: 0.8 }, 1],
    [{ users: 10, sessionsPerHost: 10, peakConcurrency: 1 }, 1],
    [{ users: 11, sessionsPerHost: 10, peakConcurrency: 1 }, 2],
    [{ users: 10, sessionsPerHost: 7, peakConcurrency: 0.7 }, 1],
    [{ users: 65, sessionsPerHost: 8, peakConcurrency: 0.8 }, 7],
    [{ users: 2000, sessionsPerHost: 50, peakConcurrency: 1 }, 40],
    [{ users: 3, sessionsPerHost: 50, peakConcurrency: 0.01 }, 1],
  ])("pooled %o needs %d session hosts", (pool, hosts) => {
    expect(sessionHostCount({ type: "pooled", ...pool })).toBe(hosts);
  });

  it("gives a personal pool exactly one host per user", () => {
    expect(sessionHostCount({ type: "personal", users: 8, sessionsPerHost: 1, peakConcurrency: 0.5 })).toBe(8);
  });
});
