import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { type Prompter, runNewTraeger } from "../../lib/scaffold/command";
import { deriveId } from "../../lib/scaffold/declaration-file";
import { loadVerbund, PROJECT_ROOT } from "../../lib/verbund";
import { FIXTURE_VERBUND_ENV } from "../helpers/synth";

const SUB = "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e77";
const FIXTURE_TENANTS = FIXTURE_VERBUND_ENV.TENANTS_DIR!;

/**
 * A copy of the fixture Verbund's tenants to scaffold into (its pool's first free /20 is 10.64.0.0/20,
 * its Träger are fixture-kreis, fixture-stadt, fixture-amt and fixture-ohne-vdi), and a runner.
 */
function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-scaffold-"));
  for (const f of fs.readdirSync(FIXTURE_TENANTS)) fs.copyFileSync(path.join(FIXTURE_TENANTS, f), path.join(dir, f));
  const listing = () => Object.fromEntries(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]));
  const run = async (argv: string[], prompter?: Prompter) => {
    let out = "";
    const err: string[] = [];
    const env = { ...FIXTURE_VERBUND_ENV, TENANTS_DIR: dir };
    const code = await runNewTraeger(argv, { cwd: PROJECT_ROOT, out: (t) => (out += t), err: (l) => err.push(l) }, { env, interactive: prompter !== undefined, ...(prompter ? { prompter } : {}), today: "2026-11-25" });
    return { code, out, err };
  };
  return { dir, listing, run, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A prompter that behaves like @inquirer/prompts: each prompt takes the next scripted answer for it
 * (by the start of its message; "" takes the default) and asks again while `validate` refuses it.
 */
function scripted(script: Record<string, string[]>, options: { interruptAt?: string } = {}) {
  const log: string[] = [];
  const next = (message: string) => {
    const key = Object.keys(script).find((k) => message.startsWith(k));
    if (options.interruptAt && message.startsWith(options.interruptAt)) throw Object.assign(new Error("User force closed the prompt with SIGINT"), { name: "ExitPromptError" });
    const answer = key ? script[key]!.shift() : undefined;
    if (answer === undefined) throw new Error(`no scripted answer left for "${message}"`);
    return answer;
  };
  const prompter: Prompter = {
    input: async (message, def, validate) => {
      for (;;) {
        log.push(`? ${message} [${def ?? ""}]`);
        const typed = next(message);
        const answer = typed === "" ? (def ?? "") : typed;
        const verdict = validate ? validate(answer) : true;
        if (verdict === true) return answer;
        log.push(`  > ${answer}: ${verdict}`);
      }
    },
    select: async (message) => {
      log.push(`? ${message}`);
      return next(message);
    },
    confirm: async (message) => {
      log.push(`? ${message}`);
      return next(message) === "y";
    },
  };
  return { prompter, log };
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
      expect(out).toContain(`Wrote ${s.dir}/luebtheen.ts: Stadt Lübtheen (amtsfreie-stadt, 13076093), 10.64.0.0/20.`);
      expect(out).toContain(`The same without questions: npm run new-traeger -- --name 'Stadt Lübtheen' --kind amtsfreie-stadt --key 13076093 --id luebtheen --joined 2026-11-25 --subscription-id ${SUB} --address-space 10.64.0.0/20 --yes`);
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
          '  network: { addressSpace: "10.64.0.0/20" },',
          "});",
          "",
        ].join("\n"),
      );
      const { verbund, problems } = loadVerbund({ env: { ...FIXTURE_VERBUND_ENV, TENANTS_DIR: s.dir } });
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
      expect(text).toContain('network: { addressSpace: "10.64.16.0/20" }');
      expect(text).toContain('joined: "2027-01-01"');
    } finally {
      s.cleanup();
    }
  });

  it("with --yes and no subscription, leaves subscriptionId out: the Verbund vends the subscription, as the interactive mode does", async () => {
    const s = setup();
    try {
      const { code, out } = await s.run(["--name", "Stadt Lübtheen", "--kind", "amtsfreie-stadt", "--key", "13076093", "--yes"]);
      expect(code).toBe(0);
      expect(out).toContain('No --subscription-id: the Verbund vends the subscription (stack luebtheen--subscription, README "Subscriptions and budgets").');
      const text = fs.readFileSync(path.join(s.dir, "luebtheen.ts"), "utf8");
      expect(text).toContain("// Added with npm run new-traeger. Its subscription is vended by the Verbund (stack luebtheen--subscription).");
      expect(text).not.toContain("subscriptionId");
    } finally {
      s.cleanup();
    }
  });

  it("refuses a duplicate id and a duplicate key with clear messages and writes nothing", async () => {
    const s = setup();
    try {
      const before = s.listing();
      const dupId = await s.run(["--name", "Stadt Fixture", "--id", "fixture-stadt", "--kind", "amtsfreie-stadt", "--key", "13076051", "--subscription-id", SUB, "--yes"]);
      expect([dupId.code, dupId.err]).toEqual([1, [`${s.dir}/fixture-stadt.ts already exists (Stadt Fixture): a Träger is onboarded once; choose another --id if this is a different one.`]]);
      const dupKey = await s.run(["--name", "Stadt Neu-Fixture", "--kind", "amtsfreie-stadt", "--key", "13076998", "--subscription-id", SUB, "--yes"]);
      expect(dupKey.code).toBe(1);
      expect(dupKey.err).toEqual([`${s.dir}/neu-fixture.ts: key: 13076998 is already the key of Stadt Fixture (${s.dir}/fixture-stadt.ts): keys must be unique`, "✖ 1 problem; nothing was written."]);
      expect(s.listing()).toEqual(before);
    } finally {
      s.cleanup();
    }
  });

  it("lists every missing flag with --yes, rejects a malformed member, and exits 64 on wrong usage", async () => {
    const s = setup();
    try {
      const missing = await s.run(["--name", "Stadt Lübtheen", "--yes"]);
      expect([missing.code, missing.err]).toEqual([1, ["missing --kind", "missing --key", "✖ nothing was written (see npm run new-traeger -- --help)."]]);
      const member = await s.run(["--name", "Amt X", "--kind", "amt", "--key", "130765600", "--subscription-id", SUB, "--member", "Crivitz", "--yes"]);
      expect([member.code, member.err]).toEqual([1, ['--member "Crivitz": expected Name=AGS, e.g. "Dümmer=13076036"']]);
      const wrong = await s.run(["--nmae", "Stadt Lübtheen"]);
      expect([wrong.code, wrong.err[0]]).toEqual([64, "Unknown option '--nmae'"]);
    } finally {
      s.cleanup();
    }
  });

  it("asks for what the flags leave open, refuses a bad answer at its own prompt, and writes only after confirmation", async () => {
    const s = setup();
    try {
      const { prompter, log } = scripted({
        Name: ["Gemeinde Groß Krams"],
        Kind: ["amtsfreie-stadt"],
        AGS: ["1307605", "13076055"],
        Id: ["fixture-stadt", ""],
        Joined: ["25.11.2026", ""],
        Subscription: [""],
        Address: ["10.78.64.0/20", ""],
        Write: ["y"],
      });
      const { code, out } = await s.run([], prompter);
      expect(code).toBe(0);
      expect(log[0]).toBe("? Name of the Träger (e.g. Stadt Lübtheen): []");
      expect(log[1]).toBe("? Kind:");
      expect(log[2]).toBe("? AGS (8 digits): []");
      // the 7-digit AGS is refused right there, before the next question
      expect(log[3]).toMatch(/^ {2}> 1307605: .*8-digit AGS.*got 7 digits/);
      expect(log[4]).toBe("? AGS (8 digits): []");
      expect(log[5]).toBe("? Id (never changes; names the stack): [gross-krams]");
      expect(log[6]).toBe(`  > fixture-stadt: ${s.dir}/fixture-stadt.ts already exists (Stadt Fixture): a Träger is onboarded once`);
      expect(log).toContainEqual(expect.stringMatching(/^ {2}> 25\.11\.2026: must be a real date written YYYY-MM-DD/));
      expect(log).toContain("? Subscription id to adopt (empty: the Verbund vends one): []");
      expect(log).toContainEqual(expect.stringMatching(/^ {2}> 10\.78\.64\.0\/20: 10\.78\.64\.0\/20 of Gemeinde Groß Krams overlaps 10\.78\.64\.0\/20 of Stadt Fixture/));
      expect(log).toContain("? Address space: [10.64.0.0/20]");
      expect(log[log.length - 1]).toBe(`? Write ${s.dir}/gross-krams.ts?`);
      expect(fs.readFileSync(path.join(s.dir, "gross-krams.ts"), "utf8")).toContain("// Added with npm run new-traeger. Its subscription is vended by the Verbund (stack gross-krams--subscription).");
      expect(out).toContain("The same without questions: npm run new-traeger -- --name 'Gemeinde Groß Krams' --kind amtsfreie-stadt --key 13076055 --id gross-krams --joined 2026-11-25 --address-space 10.64.0.0/20 --yes");
    } finally {
      s.cleanup();
    }
  });

  it("checks each member of an Amt when it is given", async () => {
    const s = setup();
    try {
      const { prompter, log } = scripted({
        Name: ["Amt Crivitz"],
        Kind: ["amt"],
        Gemeindeverband: ["130765656"],
        Member: ["", "Crivitz", "Crivitz=13075030", "Crivitz=13076030", ""],
        Id: [""],
        Joined: [""],
        Subscription: [""],
        Address: [""],
        Write: ["y"],
      });
      expect((await s.run([], prompter)).code).toBe(0);
      const refusals = log.filter((l) => l.startsWith("  > "));
      expect(refusals).toEqual([
        "  > : an Amt needs at least one member Gemeinde",
        '  > Crivitz: expected Name=AGS, e.g. "Dümmer=13076036"',
        "  > Crivitz=13075030: ags: AGS 13075030 lies outside the Amt's Kreis 13076 (it must start with 13076)",
      ]);
      expect(fs.readFileSync(path.join(s.dir, "crivitz.ts"), "utf8")).toContain('{ name: "Crivitz", ags: "13076030" }');
    } finally {
      s.cleanup();
    }
  });

  it("never loses answers: declining or interrupting prints them as a command, and nothing is written", async () => {
    const s = setup();
    try {
      const before = s.listing();
      const declined = scripted({ Name: ["Stadt Lübtheen"], Kind: ["amtsfreie-stadt"], AGS: ["13076093"], Id: [""], Joined: [""], Subscription: [SUB], Address: [""], Write: ["n"] });
      const no = await s.run([], declined.prompter);
      expect(no.code).toBe(1);
      expect(no.out).toContain(`Nothing was written. The same, without questions:\n  npm run new-traeger -- --name 'Stadt Lübtheen' --kind amtsfreie-stadt --key 13076093 --id luebtheen --joined 2026-11-25 --subscription-id ${SUB} --address-space 10.64.0.0/20 --yes`);

      const interrupted = scripted({ Name: ["Stadt Lübtheen"], Kind: ["amtsfreie-stadt"], AGS: ["13076093"] }, { interruptAt: "Id" });
      const stopped = await s.run(["--joined", "2027-01-01"], interrupted.prompter);
      expect([stopped.code, stopped.err]).toEqual([
        130,
        ["Interrupted; nothing was written. Your answers so far, as a command to continue from:", "  npm run new-traeger -- --name 'Stadt Lübtheen' --kind amtsfreie-stadt --key 13076093 --joined 2027-01-01"],
      ]);
      expect(s.listing()).toEqual(before);
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
