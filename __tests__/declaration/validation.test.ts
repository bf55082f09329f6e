import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadVerbund } from "../../lib/verbund";
import { amt, declarationSource, problemLines, stadt } from "../helpers/tenants";

const VALID_PAIR = { "teststadt.ts": stadt(), "testamt.ts": amt() };

describe("a valid Verbund", () => {
  it("accepts a Stadt and an Amt declared outside the project (TENANTS_DIR, absolute)", () => {
    expect(problemLines(VALID_PAIR)).toEqual([]);
  });

  it("accepts TENANTS_DIR relative to the project root, with declarations importing ../lib/declaration", () => {
    const { verbund, problems } = loadVerbund({ env: { TENANTS_DIR: "__tests__/fixtures/two-traeger" } });
    expect(problems).toEqual([]);
    expect(verbund?.model.traeger.map((t) => t.id)).toEqual(["fixture-amt", "fixture-stadt"]);
  });
});

describe("the id", () => {
  it.each([
    ["Teststadt", '"Teststadt"'],
    ["lübtheen", '"lübtheen"'],
    ["test stadt", '"test stadt"'],
    ["1stadt", '"1stadt"'],
  ])("rejects %s (capitals, umlauts, spaces, leading digit)", (id, shown) => {
    expect(problemLines({ "teststadt.ts": stadt({ id }) })).toContain(
      `<tenants>/teststadt.ts: id: must be lowercase a-z, 0-9 and "-", starting with a letter (got ${shown})`,
    );
  });

  it("rejects an id longer than 24 characters", () => {
    expect(problemLines({ "teststadt.ts": stadt({ id: "a".repeat(25) }) })).toContain("<tenants>/teststadt.ts: id: must be 3–24 characters");
  });

  it("rejects an id shorter than 3 characters", () => {
    expect(problemLines({ "teststadt.ts": stadt({ id: "ab" }) })).toContain("<tenants>/teststadt.ts: id: must be 3–24 characters");
  });

  it('rejects an id ending with "-" or containing "--"', () => {
    expect(problemLines({ "teststadt.ts": stadt({ id: "test--stadt" }) })).toContain('<tenants>/teststadt.ts: id: must not end with "-" or contain "--"');
  });

  it("names the file that rightly holds a duplicated id, even when the duplicate sorts first", () => {
    const lines = problemLines({ "aaa.ts": stadt({ key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } }), "teststadt.ts": stadt() });
    expect(lines).toEqual(['<tenants>/aaa.ts: id: "teststadt" is already declared in <tenants>/teststadt.ts: ids must be unique (by its file name this one would be "aaa")']);
  });

  it("rejects an id that does not match the file name", () => {
    expect(problemLines({ "teststadt.ts": stadt({ id: "anderestadt" }) })).toEqual([
      '<tenants>/teststadt.ts: id: "anderestadt" does not match the file name: rename the file to anderestadt.ts (the id never changes)',
    ]);
  });

  it("rejects two declarations with the same id, naming the first file", () => {
    const lines = problemLines({ "teststadt.ts": stadt(), "zweite.ts": stadt({ key: "13076998", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } }) });
    expect(lines).toEqual(['<tenants>/zweite.ts: id: "teststadt" is already declared in <tenants>/teststadt.ts: ids must be unique (by its file name this one would be "zweite")']);
  });
});

describe("the key", () => {
  it.each([
    ["amtsfreie-stadt", "1307601", "8-digit AGS", 7],
    ["amt", "13076566", "9-digit Gemeindeverbandsschlüssel", 8],
    ["landkreis", "130760", "5-digit Kreisschlüssel", 6],
  ])("must match the kind: %s needs its key format", (kind, key, label, digits) => {
    const declaration = kind === "amt" ? amt({ key }) : stadt({ kind, key });
    const file = kind === "amt" ? "testamt.ts" : "teststadt.ts";
    expect(problemLines({ [file]: declaration })).toContain(`<tenants>/${file}: key: a Träger of kind "${kind}" is identified by its ${label} (got ${digits} digits: "${key}")`);
  });

  it("rejects a key that is not digits", () => {
    expect(problemLines({ "teststadt.ts": stadt({ key: "13O76014" }) })).toContain('<tenants>/teststadt.ts: key: must be digits only (got "13O76014")');
  });

  it("rejects two Träger with the same key, naming the other", () => {
    const lines = problemLines({ "teststadt.ts": stadt(), "zweitstadt.ts": stadt({ id: "zweitstadt", name: "Stadt Zweitstadt", subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e09", network: { addressSpace: "10.71.0.0/20" } }) });
    expect(lines).toEqual(["<tenants>/zweitstadt.ts: key: 13076999 is already the key of Stadt Teststadt (<tenants>/teststadt.ts): keys must be unique"]);
  });

  it("rejects an unknown kind", () => {
    expect(problemLines({ "teststadt.ts": stadt({ kind: "gemeinde" }) })).toContain(
      "<tenants>/teststadt.ts: kind: must be one of landeshauptstadt | landkreis | amtsfreie-stadt | amtsangehoerige-stadt | amt",
    );
  });
});

describe("members", () => {
  it("are required for an Amt", () => {
    const { members: _unused, ...withoutMembers } = amt();
    expect(problemLines({ "testamt.ts": withoutMembers })).toEqual([
      "<tenants>/testamt.ts: members: an Amt must list its member Gemeinden (members: [{ name, ags }, …])",
    ]);
  });

  it("must not be empty for an Amt", () => {
    expect(problemLines({ "testamt.ts": amt({ members: [] }) })).toEqual([
      "<tenants>/testamt.ts: members: an Amt must list its member Gemeinden (members: [{ name, ags }, …])",
    ]);
  });

  it("are not allowed for any other kind", () => {
    expect(problemLines({ "teststadt.ts": stadt({ members: [{ name: "Erstdorf", ags: "13076901" }] }) })).toEqual([
      '<tenants>/teststadt.ts: members: only an Amt has members; remove "members" for kind "amtsfreie-stadt"',
    ]);
  });

  it("must have 8-digit AGS", () => {
    expect(problemLines({ "testamt.ts": amt({ members: [{ name: "Erstdorf", ags: "1307690" }] }) })).toEqual([
      '<tenants>/testamt.ts: members[0].ags: must be an 8-digit AGS (got "1307690")',
    ]);
  });

  it("must lie in the Amt's Kreis", () => {
    expect(problemLines({ "testamt.ts": amt({ members: [{ name: "Erstdorf", ags: "13076901" }, { name: "Fremddorf", ags: "13075001" }] }) })).toEqual([
      "<tenants>/testamt.ts: members[1].ags: AGS 13075001 lies outside the Amt's Kreis 13076 (it must start with 13076)",
    ]);
  });

  it("must have unique names and AGS", () => {
    expect(problemLines({ "testamt.ts": amt({ members: [{ name: "Erstdorf", ags: "13076901" }, { name: "Erstdorf", ags: "13076901" }] }) })).toEqual([
      "<tenants>/testamt.ts: members[1].ags: AGS 13076901 is listed twice (also members[0])",
      '<tenants>/testamt.ts: members[1].name: "Erstdorf" is listed twice (also members[0])',
    ]);
  });
});

describe("the address space", () => {
  const withSpace = (addressSpace: unknown) => problemLines({ "teststadt.ts": stadt({ network: { addressSpace } }) });

  it("must be CIDR notation", () => {
    expect(withSpace("10.70.0.0")).toEqual(['<tenants>/teststadt.ts: network.addressSpace: "10.70.0.0" is not CIDR notation (expected a.b.c.d/n, e.g. 10.64.32.0/20)']);
    expect(withSpace("10.70.0.256/20")).toEqual(['<tenants>/teststadt.ts: network.addressSpace: "10.70.0.256/20" is not CIDR notation: "10.70.0.256" is not an IPv4 address']);
  });

  it("must not have host bits set", () => {
    expect(withSpace("10.70.1.0/20")).toEqual(['<tenants>/teststadt.ts: network.addressSpace: "10.70.1.0/20" has host bits set: the block starting there is 10.70.0.0/20']);
  });

  it("must be /16 to /23", () => {
    expect(withSpace("10.70.0.0/15")).toEqual(["<tenants>/teststadt.ts: network.addressSpace: 10.70.0.0/15 has prefix /15: a spoke is /16 (largest) to /23 (smallest)"]);
    expect(withSpace("10.70.0.0/24")).toEqual(["<tenants>/teststadt.ts: network.addressSpace: 10.70.0.0/24 has prefix /24: a spoke is /16 (largest) to /23 (smallest)"]);
  });

  it("must lie inside the pool", () => {
    expect(withSpace("10.80.0.0/20")).toEqual(["<tenants>/teststadt.ts: network.addressSpace: 10.80.0.0/20 lies outside the Träger pool 10.64.0.0/12"]);
  });

  it("must not overlap the hub", () => {
    const lines = problemLines({ "teststadt.ts": stadt({ network: { addressSpace: "10.60.0.0/22" } }) });
    expect(lines).toEqual(["<tenants>/teststadt.ts: network.addressSpace: 10.60.0.0/22 lies outside the Träger pool 10.64.0.0/12"]);
  });

  it("must not overlap another Träger, naming both", () => {
    const lines = problemLines({ "teststadt.ts": stadt(), "testamt.ts": amt({ network: { addressSpace: "10.70.8.0/21" } }) });
    expect(lines).toEqual(["<tenants>/teststadt.ts: network.addressSpace: 10.70.0.0/20 of Stadt Teststadt overlaps 10.70.8.0/21 of Amt Testamt (<tenants>/testamt.ts)"]);
  });
});

describe("other fields", () => {
  it("rejects a subscription id that is not a GUID", () => {
    expect(problemLines({ "teststadt.ts": stadt({ subscriptionId: "not-a-guid" }) })).toEqual([
      '<tenants>/teststadt.ts: subscriptionId: must be a GUID like 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f (got "not-a-guid"), or leave it out to have the subscription vended',
    ]);
  });

  it("rejects two Träger sharing a subscription", () => {
    const lines = problemLines({ "teststadt.ts": stadt(), "testamt.ts": amt({ subscriptionId: stadt().subscriptionId }) });
    expect(lines).toEqual(["<tenants>/teststadt.ts: subscriptionId: is already the subscription of Amt Testamt (<tenants>/testamt.ts): every Träger has its own subscription"]);
  });

  it.each(["2019-02-29", "2020-13-01", "01.01.2020", "2020-1-1"])("rejects %s as joined date", (joined) => {
    expect(problemLines({ "teststadt.ts": stadt({ joined }) })).toEqual([`<tenants>/teststadt.ts: joined: must be a real date written YYYY-MM-DD (got "${joined}")`]);
  });

  it("rejects unknown fields, so a typo never falls back to a default", () => {
    const { network: _n, ...rest } = stadt();
    expect(problemLines({ "teststadt.ts": { ...rest, network: { adressSpace: "10.70.0.0/20" }, costCentre: "4711" } })).toEqual([
      "<tenants>/teststadt.ts: network.addressSpace: required field is missing (expected string)",
      "<tenants>/teststadt.ts: network.adressSpace: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)",
      "<tenants>/teststadt.ts: costCentre: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)",
    ]);
  });

  it("reports a missing required field and a wrong type", () => {
    const { name: _name, ...rest } = stadt();
    expect(problemLines({ "teststadt.ts": { ...rest, joined: 2020 } })).toEqual([
      "<tenants>/teststadt.ts: name: required field is missing (expected string)",
      '<tenants>/teststadt.ts: joined: must be a real date written YYYY-MM-DD (got 2020)',
    ]);
  });
});

describe("all problems in one run", () => {
  it("reports every problem of every file, one line each", () => {
    const lines = problemLines({
      "teststadt.ts": stadt({ subscriptionId: "nope", joined: "2020-02-30" }),
      "testamt.ts": amt({ key: "1307656", members: [{ name: "Fremddorf", ags: "14076001" }] }),
    });
    expect(lines).toEqual([
      '<tenants>/testamt.ts: key: a Träger of kind "amt" is identified by its 9-digit Gemeindeverbandsschlüssel (got 7 digits: "1307656")',
      '<tenants>/teststadt.ts: joined: must be a real date written YYYY-MM-DD (got "2020-02-30")',
      '<tenants>/teststadt.ts: subscriptionId: must be a GUID like 3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f (got "nope"), or leave it out to have the subscription vended',
    ]);
    for (const line of lines) expect(line).not.toContain("\n");
  });
});

describe("declaration files that cannot be used", () => {
  it("refuses a file that would throw, without running it", () => {
    expect(problemLines({ "teststadt.ts": 'throw new Error("kaputt");\n' })).toEqual([
      "<tenants>/teststadt.ts:1:1: a throw statement is not allowed here (a declaration is one import and one `export default`)",
    ]);
  });

  it("reports a syntax error with its position", () => {
    const source = declarationSource(stadt()).replace('"name"', ',,"name"');
    expect(problemLines({ "teststadt.ts": source })).toEqual(["<tenants>/teststadt.ts:5:3: syntax error: Unexpected token"]);
  });

  it("reports a file without a default export", () => {
    expect(problemLines({ "teststadt.ts": 'import { defineTraeger } from "../lib/declaration";\n' })).toEqual([
      "<tenants>/teststadt.ts:1:1: has no default export (write `export default defineTraeger({ … })`)",
    ]);
  });

  it("reports a default export that is not a declaration", () => {
    expect(problemLines({ "teststadt.ts": `export default ${JSON.stringify(stadt())};\n` })).toEqual([
      "<tenants>/teststadt.ts:1:16: an object is not allowed here: write `export default defineTraeger({ … })`",
    ]);
  });

  it("reports a defineVerbund in tenants/ as not a Träger declaration", () => {
    expect(problemLines({ "teststadt.ts": `import { defineVerbund } from "../lib/declaration";\nexport default defineVerbund(${JSON.stringify(stadt())});\n` })).toEqual([
      "<tenants>/teststadt.ts: default export is not a Träger declaration (got a plain object): write `export default defineTraeger({ … })`",
    ]);
  });

  it("reports an import of anything but ../lib/declaration", () => {
    expect(problemLines({ "teststadt.ts": 'import * as fs from "node:fs";\nexport default fs;\n' })).toEqual([
      '<tenants>/teststadt.ts:1:21: an import of "node:fs" is not allowed here: a declaration imports only "../lib/declaration" (declarations are plain data)',
    ]);
  });

  it("reports an empty tenants folder", () => {
    expect(problemLines({})).toEqual(["<tenants>: no Träger declarations (*.ts) found: a Verbund needs at least one Träger"]);
  });

  it("reports a missing tenants folder", () => {
    const missing = path.join(os.tmpdir(), "ksm-does-not-exist");
    const { problems } = loadVerbund({ env: { TENANTS_DIR: missing } });
    expect(problems).toEqual([{ file: missing, field: "", message: "folder not found (set TENANTS_DIR or create tenants/)" }]);
    expect(fs.existsSync(missing)).toBe(false);
  });
});
