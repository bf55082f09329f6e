import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PROJECT_ROOT } from "../lib/verbund";
import { FIXTURE_VERBUND_ENV } from "./helpers/synth";

/** Source files whose code runs in tests or commands. */
function sources(): string[] {
  const files = ["main.ts", "verbund.ts", "package.json", "cdktf.json"];
  for (const dir of ["lib", "bin", "bench", "__tests__"]) {
    for (const entry of fs.readdirSync(path.join(PROJECT_ROOT, dir), { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|js|sh|json)$/.test(entry.name)) files.push(path.relative(PROJECT_ROOT, path.join(entry.parentPath, entry.name)));
    }
  }
  // Plan fixtures are data; this file names what it looks for.
  return files.filter((f) => !f.startsWith("__tests__/fixtures/terraform-plans/") && !f.startsWith("__tests__/fixtures/plans/") && f !== "__tests__/self-contained.test.ts");
}

describe("the repository stands alone", () => {
  it("no code or test reads outside it: no shared folder beside it, no absolute machine paths, no home folder", () => {
    const outside = [["..", "shared"].join("/"), ['"..", "shared"'].join(""), ["/work", ""].join("/"), ["home", "dir()"].join(""), ["PROJECT_ROOT", ' "..")'].join(",")];
    const found = sources().flatMap((file) => {
      const text = fs.readFileSync(path.join(PROJECT_ROOT, file), "utf8");
      return outside.filter((needle) => text.includes(needle)).map((needle) => `${file}: ${needle}`);
    });
    expect(found).toEqual([]);
  });
});

/** A fresh folder to serve as one command's TMPDIR, and what is left in it afterwards. */
function privateTmp() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-tmpcheck-"));
  return { dir, left: () => fs.readdirSync(dir), cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
const node = (args: string[], env: NodeJS.ProcessEnv) => spawnSync(process.execPath, ["-r", "./lib/ts-register.js", ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, encoding: "utf8" });

describe("failed and interrupted runs leave nothing in the system temp dir", () => {
  it("a scaffolder run that fails validation, and a synth that fails", () => {
    const tmp = privateTmp();
    try {
      const scaffold = node(["bin/new-traeger.ts", "--name", "Stadt Kaputt", "--kind", "amtsfreie-stadt", "--key", "1307605", "--yes"], { ...FIXTURE_VERBUND_ENV, TMPDIR: tmp.dir });
      expect([scaffold.status, scaffold.stderr]).toEqual([1, expect.stringContaining("got 7 digits")]);
      const synth = node(["main.ts"], { TENANTS_DIR: path.join(PROJECT_ROOT, "__tests__", "fixtures", "gauntlet", "syntax-error"), CDKTF_OUTDIR: path.join(tmp.dir, "out"), TMPDIR: tmp.dir });
      expect(synth.status).toBe(1);
      expect(tmp.left()).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });

  it.each([
    ["Ctrl-C (SIGINT to its process group)", "SIGINT", true, 130],
    ["a cancelled job (SIGTERM to the benchmark alone)", "SIGTERM", false, 143],
  ] as const)(
    "a benchmark interrupted by %s removes its work folder",
    async (_how, signal, group, code) => {
      const tmp = privateTmp();
      const child = spawn(process.execPath, ["-r", "./lib/ts-register.js", "bench/run.ts"], { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp.dir, BENCH_RUNS: "1", BENCH_JEST: "0" }, stdio: "ignore", detached: true });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
      const hasFolder = () => tmp.left().some((f) => f.startsWith("ksm-bench-"));
      const within = <T>(promise: Promise<T>, ms: number) => {
        let timer: NodeJS.Timeout | undefined;
        return Promise.race([promise, new Promise<"timed out">((r) => (timer = setTimeout(() => r("timed out"), ms)))]).finally(() => clearTimeout(timer));
      };
      try {
        // Wait for the benchmark's work folder to appear (an inotify event, no polling), or for it to exit.
        await new Promise<void>((resolve) => {
          const watcher = fs.watch(tmp.dir, () => hasFolder() && finish());
          const finish = () => {
            watcher.close();
            resolve();
          };
          void exited.then(finish);
          if (hasFolder()) finish();
        });
        expect(tmp.left().filter((f) => f.startsWith("ksm-bench-"))).not.toEqual([]);
        process.kill(group ? -child.pid! : child.pid!, signal);
        expect(await within(exited, 30000)).toBe(code);
        expect(tmp.left()).toEqual([]);
      } finally {
        // Whatever happened above, the benchmark and its children never outlive the test.
        if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, "SIGKILL");
        tmp.cleanup();
      }
    },
    90_000,
  );
});
