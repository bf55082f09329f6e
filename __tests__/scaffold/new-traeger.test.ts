import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Prompter, runNewTraeger } from "../../lib/scaffold/command";
import { deriveId } from "../../lib/scaffold/declaration-file";
import { loadVerbund, PROJECT_ROOT } from "../../lib/verbund";

const SUB = "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e77";

/** A copy of tenants/ to scaffold into, and a runner for the command. */
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-scaffold-"));
  for (const f of fs.readdirSync(path.join(PROJECT_ROOT, "tenants"))) fs.copyFileSync(path.join(PROJECT_ROOT, "tenants", f), path.join(dir, f));
  const listing = () => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  const run = async (argv: string[], prompter?: Prompter) => {
    let out = "";
    const err: string[] = [];
    const code = await runNewTraeger(argv, { cwd: PROJECT_ROOT, out: (t) => (out += t), err: (l) => err.push(l) }, { env: { TENANTS_DIR: dir }, interactive: prompter !== undefined, ...(prompter ? { prompter } : {}), today: "2026-11-25" });
    return { code, out, err };
  };
  return { dir, listing, run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe("deriving an id from a name", () => {
  it.each([
    ["Stadt Boizenburg/Elbe", "boizenburg-elbe"],
    ["Stadt Lübtheen", "luebtheen"],
    ["Gemeinde Groß Krams", "gross-krams"],
    ["Landkreis Nordwestmecklenburg", "nordwestmecklenburg"],
    ["Landeshauptstadt Schwerin", "schwerin"],
    ["Amt Crivitz", "crivitz"],
    ["Stadt Sternberg (Seenlandschaft)", "sternberg-seenlandschaft"],
    ["Gemeinde Schönberg-Müritz an der Elde und noch mehr", "schoenberg-mueritz-an-de"],
  ])("%s → %s", (name, id) => {
    expect(deriveId(name)).toBe(id);
    expect(id.length).toBeLessThanOrEqual(24);
  });
});

describe("npm run new-traeger", () => {
  it("writes a declaration in the house style with the next free block, valid in the whole Verbund, and changes no other file", async () => {
    const s = setup();
    try {
      const before = s.listing();
      const { code, out } = await s.run(["--name", "Stadt Lübtheen", "--kind", "amtsfreie-stadt", "--key", "13076093", "--subscription-id", SUB, "--yes"]);
      expect(code).toBe(0);
      expect(out).toContain(`Wrote ${s.dir}/luebtheen.ts: Stadt Lübtheen (amtsfreie-stadt, 13076093), 10.64.240.0/20.`);
      const after = s.listing();
      expect(Object.keys(after).sort()).toEqual([...Object.keys(before), "luebtheen.ts"].sort());
      for (const [file, content] of Object.entries(before)) expect(after[file]).toBe(content);
      expect(after["luebtheen.ts"]).toBe(
        [
          'import { defineTraeger } from "../lib/declaration";',
          "",
          "// Added with npm run new-traeger.",
          "export default defineTraeger({",
          '  id: "luebtheen",',
          '  name: "Stadt Lübtheen",',
          '  kind: "amtsfreie-stadt",',
          '  key: "13076093",',
          '  joined: "2026-11-25",',
          `  subscriptionId: "${SUB}",`,
          '  network: { addressSpace: "10.64.240.0/20" },',
          "});",
          "",
        ].join("\n"),
      );
      const { verbund, problems } = loadVerbund({ env: { TENANTS_DIR: s.dir } });
      expect(problems).toEqual([]);
      expect(verbund!.model.traeger.map((t) => t.id)).toContain("luebtheen");
    } finally {
      s.cleanup();
    }
  });

  it("writes an Amt with its members, and gives the next Träger the next free block", async () => {
    const s = setup();
    try {
      await s.run(["--name", "Stadt Lübtheen", "--kind", "amtsfreie-stadt", "--key", "13076093", "--subscription-id", SUB, "--yes"]);
      const { code } = await s.run(["--name", "Amt Crivitz", "--kind", "amt", "--key", "130765656", "--subscription-id", "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e78", "--member", "Crivitz=13076030", "--member", "Banzkow=13076009", "--joined", "2027-01-01", "--yes"]);
      expect(code).toBe(0);
      const text = fs.readFileSync(path.join(s.dir, "crivitz.ts"), "utf8");
      expect(text).toContain('  members: [\n    { name: "Crivitz", ags: "13076030" },\n    { name: "Banzkow", ags: "13076009" },\n  ],\n');
      expect(text).toContain('network: { addressSpace: "10.65.0.0/20" }');
      expect(text).toContain('joined: "2027-01-01"');
    } finally {
      s.cleanup();
    }
  });

  it("refuses a duplicate id and a duplicate key with clear messages and writes nothing", async () => {
    const s = setup();
    try {
      const before = s.listing();
      const dupId = await s.run(["--name", "Stadt Grabow", "--kind", "amtsangehoerige-stadt", "--key", "13076051", "--subscription-id", SUB, "--yes"]);
      expect([dupId.code, dupId.err]).toEqual([1, [`${s.dir}/grabow.ts already exists (Stadt Grabow): a Träger is onboarded once; choose another --id if this is a different one.`]]);
      const dupKey = await s.run(["--name", "Stadt Neu-Boizenburg", "--kind", "amtsfreie-stadt", "--key", "13076014", "--subscription-id", SUB, "--yes"]);
      expect(dupKey.code).toBe(1);
      expect(dupKey.err).toEqual([`${s.dir}/neu-boizenburg.ts: key: 13076014 is already the key of Stadt Boizenburg/Elbe (${s.dir}/boizenburg-elbe.ts): keys must be unique`, "✖ 1 problem; nothing was written."]);
      expect(s.listing()).toEqual(before);
    } finally {
      s.cleanup();
    }
  });

  it("lists every missing flag with --yes, and rejects a malformed member", async () => {
    const s = setup();
    try {
      const missing = await s.run(["--name", "Stadt Lübtheen", "--yes"]);
      expect([missing.code, missing.err]).toEqual([1, ["missing --kind", "missing --key", "missing --subscription-id", "✖ nothing was written (see npm run new-traeger -- --help)."]]);
      const member = await s.run(["--name", "Amt X", "--kind", "amt", "--key", "130765600", "--subscription-id", SUB, "--member", "Crivitz", "--yes"]);
      expect([member.code, member.err]).toEqual([1, ['--member "Crivitz": expected Name=AGS, e.g. "Dümmer=13076036"']]);
    } finally {
      s.cleanup();
    }
  });

  it("asks for what the flags leave open, proposes defaults, and writes only after confirmation", async () => {
    const s = setup();
    try {
      const asked: string[] = [];
      const answers = new Map<string, string>([["Name", "Gemeinde Groß Krams"], ["Kind", "amtsfreie-stadt"], ["AGS", "13076055"]]);
      const prompter: Prompter = {
        input: async (message, def) => {
          asked.push(`${message} [${def ?? ""}]`);
          return [...answers].find(([k]) => message.startsWith(k))?.[1] ?? def ?? "";
        },
        select: async (message) => {
          asked.push(message);
          return answers.get("Kind")!;
        },
        confirm: async (message) => {
          asked.push(message);
          return true;
        },
      };
      const { code } = await s.run([], prompter);
      expect(code).toBe(0);
      expect(asked).toEqual([
        "Name of the Träger (e.g. Stadt Lübtheen): []",
        "Kind:",
        "AGS (8 digits): []",
        "Id (never changes; names the stack): [gross-krams]",
        "Joined (YYYY-MM-DD): [2026-11-25]",
        "Subscription id (a placeholder until the real one is known): [00000000-0000-0000-0000-000000000100]",
        "Address space: [10.64.240.0/20]",
        `Write ${s.dir}/gross-krams.ts?`,
      ]);
      expect(fs.readFileSync(path.join(s.dir, "gross-krams.ts"), "utf8")).toContain("// Added with npm run new-traeger. The subscription id is a placeholder until the real one is known.");
    } finally {
      s.cleanup();
    }
  });

  it("runs as a package script with --help and non-interactively", () => {
    const help = spawnSync("npm", ["run", "--silent", "new-traeger", "--", "--help"], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: npm run new-traeger");
  });
});
