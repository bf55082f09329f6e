import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commitStaging, createStaging, lockFileOf, previousOf, recoverOutput } from "../../lib/app/output";
import { PROJECT_ROOT } from "../../lib/verbund";
import { amt, stadt, tenantsDir } from "../helpers/tenants";

const temp = (prefix: string) => fs.mkdtempSync(path.join(os.tmpdir(), prefix));
const cleanup: string[] = [];
afterAll(() => cleanup.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** Every file below a folder with its text; a missing folder is undefined. */
function contents(dir: string): Record<string, string> | undefined {
  if (!fs.existsSync(dir)) return undefined;
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name), "utf8")]),
  );
}

const { CI: _ci, ...parentEnv } = process.env;
const synthArgs = ["-r", "sucrase/register", "main.ts"];
const envFor = (tenants: string, outdir: string, extra: NodeJS.ProcessEnv = {}) => ({ ...parentEnv, TENANTS_DIR: tenants, CDKTF_OUTDIR: outdir, KSM_SYNTH_CACHE: "off", ...extra });

const oldTenants = tenantsDir({ "teststadt.ts": stadt() });
const newTenants = tenantsDir({ "teststadt.ts": stadt({ network: { addressSpace: "10.70.32.0/20" } }), "testamt.ts": amt() });
cleanup.push(oldTenants, newTenants);

/** A parent folder with cdktf.out synthesized from `tenants`; returns the output folder and its files. */
function synthesized(tenants: string): { outdir: string; files: Record<string, string> } {
  const outdir = path.join(temp("ksm-atomic-"), "cdktf.out");
  cleanup.push(path.dirname(outdir));
  const run = spawnSync(process.execPath, synthArgs, { cwd: PROJECT_ROOT, env: envFor(tenants, outdir), encoding: "utf8" });
  expect(run.status).toBe(0);
  return { outdir, files: contents(outdir)! };
}

describe("replacing cdktf.out", () => {
  const old = synthesized(oldTenants);
  const fresh = synthesized(newTenants);

  it("leaves the old or the new tree, never a mix, when a synth is killed at any moment", async () => {
    const outdir = path.join(temp("ksm-killed-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    const seen = new Set<string>();
    for (const delay of [300, 1000, 1700, 2400]) {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.cpSync(old.outdir, outdir, { recursive: true });
      const child = spawn(process.execPath, synthArgs, { cwd: PROJECT_ROOT, env: envFor(newTenants, outdir), stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await new Promise((resolve) => setTimeout(resolve, delay));
      child.kill("SIGKILL");
      await exited;
      recoverOutput(outdir);
      const after = contents(outdir);
      const which = JSON.stringify(after) === JSON.stringify(old.files) ? "old" : JSON.stringify(after) === JSON.stringify(fresh.files) ? "new" : "mixed";
      expect([delay, which]).not.toEqual([delay, "mixed"]);
      seen.add(which);
      expect(fs.readdirSync(path.dirname(outdir))).toEqual(["cdktf.out"]);
    }
    expect(seen.has("old")).toBe(true);
  }, 60_000);

  it("puts the old tree back when a synth was killed between its two renames", () => {
    const outdir = path.join(temp("ksm-swap-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    fs.cpSync(old.outdir, outdir, { recursive: true });
    const staging = createStaging(outdir);
    fs.cpSync(fresh.outdir, staging, { recursive: true });
    fs.renameSync(outdir, previousOf(outdir)); // the first rename happened, the second did not
    expect(fs.existsSync(outdir)).toBe(false);

    expect(recoverOutput(outdir)).toEqual(["restored cdktf.out from an interrupted synth"]);
    expect(contents(outdir)).toEqual(old.files);
    // The staging folder belongs to this (live) process, so it stays until it is committed.
    commitStaging(staging, outdir, ["teststadt", "testamt"]);
    expect(contents(outdir)).toEqual(fresh.files);
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(["cdktf.out"]);
  });

  it("lets two synths at once each leave a complete tree", async () => {
    const outdir = path.join(temp("ksm-twice-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    const runs = [oldTenants, newTenants].map(
      (tenants) =>
        new Promise<number | null>((resolve) => {
          const child = spawn(process.execPath, synthArgs, { cwd: PROJECT_ROOT, env: envFor(tenants, outdir), stdio: "ignore" });
          child.on("exit", resolve);
        }),
    );
    expect(await Promise.all(runs)).toEqual([0, 0]);
    expect([JSON.stringify(old.files), JSON.stringify(fresh.files)]).toContain(JSON.stringify(contents(outdir)));
    expect(fs.readdirSync(path.dirname(outdir))).toEqual(["cdktf.out"]);
  }, 60_000);

  it("removes a large old tree in the background, after the new one is in place", async () => {
    const outdir = path.join(temp("ksm-large-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    for (let i = 0; i < 120; i += 1) {
      fs.mkdirSync(path.join(outdir, "stacks", `alt-${i}`), { recursive: true });
      fs.writeFileSync(path.join(outdir, "stacks", `alt-${i}`, "cdk.tf.json"), "{}");
    }
    const staging = createStaging(outdir);
    fs.cpSync(fresh.outdir, staging, { recursive: true });
    commitStaging(staging, outdir, ["teststadt", "testamt"]);
    expect(contents(outdir)).toEqual(fresh.files);
    const others = () => fs.readdirSync(path.dirname(outdir)).filter((name) => name !== "cdktf.out");
    expect(others().every((name) => name.startsWith(".cdktf.out.trash-"))).toBe(true);
    for (let waited = 0; others().length > 0 && waited < 20_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(others()).toEqual([]);
  });

  it("waits for a synth that holds the lock, saying so, and takes over a lock whose process is gone", () => {
    const outdir = path.join(temp("ksm-lock-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    // A process that is not this one's child (a child would stay a zombie, alive to kill(0), while this thread waits).
    const holder = { pid: Number(spawnSync("sh", ["-c", "sleep 1 >/dev/null 2>&1 & echo $!"], { encoding: "utf8" }).stdout.trim()) };
    fs.writeFileSync(lockFileOf(outdir), `${holder.pid}\n`);
    const staging = createStaging(outdir);
    fs.cpSync(fresh.outdir, staging, { recursive: true });
    const messages: string[] = [];
    commitStaging(staging, outdir, ["teststadt", "testamt"], { onWait: (m) => messages.push(m) });
    expect(messages).toEqual([`waiting for another synth (pid ${holder.pid}, lock ${lockFileOf(outdir)}) to finish replacing ${outdir}`]);
    expect(contents(outdir)).toEqual(fresh.files);
    expect(fs.existsSync(lockFileOf(outdir))).toBe(false);
  });

  it("survives a reader that closes the pipe early (npm run synth | head -1)", () => {
    const outdir = path.join(temp("ksm-pipe-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    const env = envFor(newTenants, outdir, { KSM_SYNTH_CACHE: path.join(path.dirname(outdir), "cache") });
    const head = spawnSync("bash", ["-c", "set -o pipefail; npm run --silent synth | head -1"], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
    expect([head.status, head.stdout]).toEqual([0, expect.stringMatching(/^Synthesized 2 Träger stacks of .+\n$/)]);
    const closed = spawnSync("bash", ["-c", `set -o pipefail; ${JSON.stringify(process.execPath)} -r sucrase/register main.ts | true`], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
    expect(closed.status).toBe(0);
    expect(closed.stderr).not.toMatch(/EPIPE|Error/);
    expect(contents(outdir)).toEqual(fresh.files);
  });
});
