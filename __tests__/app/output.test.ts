import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { commitStaging, createStaging, lockFileOf, previousOf, recoverOutput } from "../../lib/app/output";
import { runSynth } from "../../lib/app/synth-command";
import { PROJECT_ROOT } from "../../lib/verbund";
import { testSynthCache } from "../helpers/synth";
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
const synthArgs = ["-r", "./lib/ts-register.js", "main.ts"];
/**
 * The test run's synth cache (helpers/synth.ts): a process given it builds no stack that this run
 * has built before and is at the swap within a fraction of a second; its output is byte-identical to
 * a build's (the cache's contract, __tests__/app/synth-cache.test.ts). "off" makes a process build.
 */
const runCache = testSynthCache() ?? "off";
const envFor = (tenants: string, outdir: string, extra: NodeJS.ProcessEnv = {}) => ({ ...parentEnv, TENANTS_DIR: tenants, CDKTF_OUTDIR: outdir, KSM_SYNTH_CACHE: "off", ...extra });

const oldTenants = tenantsDir({ "teststadt.ts": stadt() });
const newTenants = tenantsDir({ "teststadt.ts": stadt({ network: { addressSpace: "10.70.32.0/20" } }), "testamt.ts": amt() });
cleanup.push(oldTenants, newTenants);

/** A parent folder with cdktf.out synthesized from `tenants` (by the synth command, in this process); returns the output folder and its files. */
function synthesized(tenants: string): { outdir: string; files: Record<string, string> } {
  const outdir = path.join(temp("ksm-atomic-"), "cdktf.out");
  cleanup.push(path.dirname(outdir));
  const err: string[] = [];
  const code = runSynth({ env: { TENANTS_DIR: tenants, CDKTF_OUTDIR: outdir, KSM_SYNTH_CACHE: runCache }, cwd: PROJECT_ROOT, out: () => undefined, err: (l) => err.push(l) });
  expect([code, err]).toEqual([0, []]);
  return { outdir, files: contents(outdir)! };
}

/** Resolves when an entry whose name `matches` appears in `dir` (an inotify event, no polling), or when `done` settles first. */
function appears(dir: string, matches: (name: string) => boolean, done: Promise<unknown>): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(dir, (_event, name) => {
      if (name && matches(name)) finish();
    });
    const finish = () => {
      watcher.close();
      resolve();
    };
    void done.then(finish);
    // The entry may have appeared before the watcher started.
    if (fs.readdirSync(dir).some(matches)) finish();
  });
}

describe("replacing cdktf.out", () => {
  const old = synthesized(oldTenants);
  const fresh = synthesized(newTenants);

  it("leaves the old or the new tree, never a mix, when a synth is killed at any moment", async () => {
    const outdir = path.join(temp("ksm-killed-"), "cdktf.out");
    cleanup.push(path.dirname(outdir));
    const parent = path.dirname(outdir);
    const name = path.basename(outdir);
    // Each moment is an event of the synth's own, not a timer: started; writing its staging tree
    // (a real build, no cache: killed mid-write); taking the swap lock; between the two renames
    // (from the run's cache, to reach the swap quickly). A kill that lands later still must leave one tree.
    const moments: [string, NodeJS.ProcessEnv, ((name: string) => boolean) | undefined][] = [
      ["at start", {}, undefined],
      ["writing the staging tree", {}, (n) => n.startsWith(`.${name}.staging-`)],
      ["holding the swap lock", { KSM_SYNTH_CACHE: runCache }, (n) => n === `.${name}.lock`],
      ["between the renames", { KSM_SYNTH_CACHE: runCache }, (n) => n === `.${name}.previous`],
    ];
    const seen = new Set<string>();
    for (const [moment, extra, trigger] of moments) {
      fs.rmSync(outdir, { recursive: true, force: true });
      fs.cpSync(old.outdir, outdir, { recursive: true });
      const child = spawn(process.execPath, synthArgs, { cwd: PROJECT_ROOT, env: envFor(newTenants, outdir, extra), stdio: "ignore" });
      const exited = new Promise((resolve) => child.on("exit", resolve));
      await new Promise((resolve) => child.on("spawn", resolve));
      if (trigger) await appears(parent, trigger, exited);
      child.kill("SIGKILL");
      await exited;
      recoverOutput(outdir);
      const after = contents(outdir);
      const which = JSON.stringify(after) === JSON.stringify(old.files) ? "old" : JSON.stringify(after) === JSON.stringify(fresh.files) ? "new" : "mixed";
      expect([moment, which]).not.toEqual([moment, "mixed"]);
      seen.add(which);
      expect(fs.readdirSync(parent)).toEqual(["cdktf.out"]);
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
          const child = spawn(process.execPath, synthArgs, { cwd: PROJECT_ROOT, env: envFor(tenants, outdir, { KSM_SYNTH_CACHE: runCache }), stdio: "ignore" });
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
    const env = envFor(newTenants, outdir, { KSM_SYNTH_CACHE: runCache });
    const head = spawnSync("bash", ["-c", "set -o pipefail; npm run --silent synth | head -1"], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
    expect([head.status, head.stdout]).toEqual([0, expect.stringMatching(/^Synthesized 2 Träger stacks of .+\n$/)]);
    const closed = spawnSync("bash", ["-c", `set -o pipefail; ${JSON.stringify(process.execPath)} -r ./lib/ts-register.js main.ts | true`], { cwd: PROJECT_ROOT, env, encoding: "utf8" });
    expect(closed.status).toBe(0);
    expect(closed.stderr).not.toMatch(/EPIPE|Error/);
    expect(contents(outdir)).toEqual(fresh.files);
  });
});
