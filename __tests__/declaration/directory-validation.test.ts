import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { formatProblem } from "../../lib/problems";
import { loadVerbund } from "../../lib/verbund";
import { problemLines, stadt, tenantsDir } from "../helpers/tenants";

const ad = (overrides: Record<string, unknown> = {}) => ({ mode: "ad", domain: "ksm.local", ouPath: "OU=teststadt,OU=Traeger,DC=ksm,DC=local", ...overrides });
const withDirectory = (directory: unknown) => problemLines({ "teststadt.ts": stadt({ directory }) });
const FILE = "<tenants>/teststadt.ts";

describe("the directory section", () => {
  it("is optional, and accepts Entra join, AD join into the Träger's own OU, and extra groups", () => {
    expect(problemLines({ "teststadt.ts": stadt() })).toEqual([]);
    expect(withDirectory({ join: "entra" })).toEqual([]);
    expect(withDirectory({ join: ad(), groups: [{ name: "standesamt", description: "Standesamt" }] })).toEqual([]);
  });

  it("rejects a join mode that is neither entra nor an AD join", () => {
    expect(withDirectory({ join: "entraa" })).toEqual([`${FILE}: directory.join: must be "entra" or { mode: "ad", domain, ouPath }`]);
  });

  it("rejects a domain that is not a DNS name", () => {
    expect(withDirectory({ join: ad({ domain: "ksm_local" }) })).toEqual([`${FILE}: directory.join.domain: must be a DNS domain name like ksm.local (got "ksm_local")`]);
  });

  it("rejects a malformed OU path", () => {
    expect(withDirectory({ join: ad({ ouPath: "teststadt/Traeger/ksm.local" }) })).toEqual([
      `${FILE}: directory.join.ouPath: "teststadt/Traeger/ksm.local" is not a distinguished name of OU=… and DC=… components (e.g. "OU=teststadt,OU=Traeger,DC=ksm,DC=local")`,
    ]);
    expect(withDirectory({ join: ad({ ouPath: "DC=ksm,OU=teststadt,DC=local" }) })).toEqual([
      `${FILE}: directory.join.ouPath: "DC=ksm,OU=teststadt,DC=local" must list OU components first and DC components last`,
    ]);
  });

  it("rejects an OU path that does not contain the Träger's own OU", () => {
    expect(withDirectory({ join: ad({ ouPath: "OU=zarrentin,OU=Traeger,DC=ksm,DC=local" }) })).toEqual([
      `${FILE}: directory.join.ouPath: "OU=zarrentin,OU=Traeger,DC=ksm,DC=local" does not contain the Träger's own OU "OU=teststadt"`,
    ]);
  });

  it("rejects an OU path in another domain than the one declared", () => {
    expect(withDirectory({ join: ad({ ouPath: "OU=teststadt,OU=Traeger,DC=sis,DC=local" }) })).toEqual([
      `${FILE}: directory.join.ouPath: "OU=teststadt,OU=Traeger,DC=sis,DC=local" lies in domain sis.local, not in ksm.local`,
    ]);
  });

  it("rejects duplicate group names and names of standard groups", () => {
    expect(withDirectory({ groups: [{ name: "standesamt", description: "a" }, { name: "standesamt", description: "b" }, { name: "admins", description: "c" }] })).toEqual([
      `${FILE}: directory.groups[1].name: "standesamt" is declared twice (also groups[0])`,
      `${FILE}: directory.groups[2].name: "admins" is a standard group every Träger already has (users, admins, helpdesk, vdi-users)`,
    ]);
  });

  it("rejects a group name that would not make a valid group name", () => {
    expect(withDirectory({ groups: [{ name: "Standesamt!", description: "a" }] })).toEqual([
      `${FILE}: directory.groups[0].name: must be 2–40 lowercase letters, digits and "-", starting with a letter (got "Standesamt!")`,
    ]);
  });

  it("rejects unknown fields in the directory section", () => {
    expect(withDirectory({ joinMode: "entra" })).toEqual([
      `${FILE}: directory.joinMode: unknown field (check the spelling; unknown fields are rejected so a typo never falls back to a default)`,
    ]);
  });

  it("rejects AD join when the Verbund config names no join account", () => {
    const configDir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-verbund-"));
    const config = fs.readFileSync("verbund.ts", "utf8").replace(/ {4}\/\/ Join account[\s\S]*?\n {4}\},\n/, "").replace('"./lib/declaration"', '"../lib/declaration"');
    expect(config).not.toContain("adJoin");
    fs.writeFileSync(path.join(configDir, "verbund.ts"), config);
    const tenants = tenantsDir({ "teststadt.ts": stadt({ directory: { join: ad() } }) });
    try {
      const lines = loadVerbund({ env: { TENANTS_DIR: tenants, VERBUND_CONFIG: path.join(configDir, "verbund.ts") } }).problems.map(formatProblem);
      expect(lines).toEqual([`${tenants}/teststadt.ts: directory.join: joins session hosts to Active Directory, but the Verbund config has no directory.adJoin account`]);
    } finally {
      fs.rmSync(configDir, { recursive: true, force: true });
      fs.rmSync(tenants, { recursive: true, force: true });
    }
  });
});
