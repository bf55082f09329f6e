import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runSynth } from "../lib/app/synth-command";
import { PROJECT_ROOT } from "../lib/verbund";
import { fileTree as tree } from "./helpers/files";
import { FIXTURE_VERBUND_ENV, testSynthCache } from "./helpers/synth";

/**
 * The bad-input gauntlet: every folder under fixtures/gauntlet holds one small input with one thing
 * wrong and, in expected.txt, the one line a person must see. Each goes through the real loader
 * (TENANTS_DIR=<case>/tenants, and VERBUND_CONFIG where the case has its own verbund.ts) and must fail
 * with exactly that line, a non-zero exit, and cdktf.out left exactly as it was. The case name's first
 * word is its class (file, text, keys, dates, platform, directory, numbers, conflict, …).
 */
const GAUNTLET = path.join(__dirname, "fixtures", "gauntlet");
const cases = fs.readdirSync(GAUNTLET).sort();
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-gauntlet-"));

function synth(env: NodeJS.ProcessEnv) {
  const err: string[] = [];
  const out: string[] = [];
  // File order decides which side of a conflict is "new", whatever the work tree's git state.
  const code = runSynth({ env: { CDKTF_OUTDIR: outdir, KSM_CONFLICT_ORDER: "files", ...env }, cwd: PROJECT_ROOT, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

// Fixtures under load-* would write this file if anything ran them.
const MARKER = "/tmp/ksm-pwned";
let before: Record<string, string>;
beforeAll(() => {
  fs.rmSync(MARKER, { force: true });
  // A complete cdktf.out to keep untouched: the fixture Verbund's, through the run's synth cache.
  expect(synth({ ...FIXTURE_VERBUND_ENV, KSM_SYNTH_CACHE: testSynthCache() ?? "off" }).code).toBe(0);
  before = tree(outdir);
});
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

describe("the bad-input gauntlet", () => {
  it("has at least 40 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)("%s: one line naming file and field, exit 1, cdktf.out untouched", (name) => {
    const dir = path.join(GAUNTLET, name);
    const expected = fs.readFileSync(path.join(dir, "expected.txt"), "utf8").trim();
    const ownConfig = fs.existsSync(path.join(dir, "verbund.ts"));
    // git keeps no empty folder: the empty-folder case gets its (ignored) empty tenants/ here.
    fs.mkdirSync(path.join(dir, "tenants"), { recursive: true });
    const tenants = path.relative(PROJECT_ROOT, path.join(dir, "tenants"));
    const env = ownConfig ? { TENANTS_DIR: tenants, VERBUND_CONFIG: path.relative(PROJECT_ROOT, path.join(dir, "verbund.ts")) } : { TENANTS_DIR: tenants };

    const { code, out, err } = synth(env);

    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([expected, "✖ 1 problem found; nothing was synthesized and cdktf.out is unchanged.".replace("cdktf.out", outdir)]);
    expect(expected).toMatch(new RegExp(`^__tests__/fixtures/gauntlet/${name}/(tenants|verbund\\.ts)(/[\\w.~-]+)?(:\\d+:\\d+)?: `));
    expect(tree(outdir)).toEqual(before);
  });

  it("ran no fixture: the marker file the load-* fixtures would write does not exist", () => {
    expect(fs.existsSync(MARKER)).toBe(false);
  });

  it("missing-folder: a TENANTS_DIR that does not exist", () => {
    const missing = path.join(os.tmpdir(), "ksm-no-such-folder");
    const { code, err } = synth({ TENANTS_DIR: missing });
    expect(code).toBe(1);
    expect(err[0]).toBe(`${missing}: folder not found (set TENANTS_DIR or create tenants/)`);
    expect(tree(outdir)).toEqual(before);
  });
});
