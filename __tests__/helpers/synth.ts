import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { synthesizeVerbund, type SynthesizedStack } from "../../lib/app/synthesize";
import { tryLockFile } from "../../lib/app/output";
import { loadVerbund, PLATFORM_STACK_ID, subscriptionStackId, type VerbundModel } from "../../lib/verbund";

/** The Terraform JSON of one stack, as far as the tests read it. */
export interface StackJson {
  readonly terraform: { backend: { azurerm: Record<string, unknown> }; required_providers: Record<string, unknown> };
  readonly provider: { azurerm: Record<string, unknown>[]; azuread?: Record<string, unknown>[] };
  readonly resource: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown }>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * The fixture Verbund under __tests__/fixtures/verbund: tests about behaviour read its Träger, never
 * the checked-in ones, so onboarding or offboarding a real Träger changes nothing they see.
 */
export const FIXTURE_VERBUND_ENV: NodeJS.ProcessEnv = {
  TENANTS_DIR: path.join(__dirname, "..", "fixtures", "verbund", "tenants"),
  VERBUND_CONFIG: path.join(__dirname, "..", "fixtures", "verbund", "verbund.ts"),
};

/** The model of the fixture Verbund (fixture-kreis, fixture-stadt, fixture-amt, fixture-ohne-vdi). */
export function fixtureModel(): VerbundModel {
  return loadModel(FIXTURE_VERBUND_ENV);
}

/** Loads the checked-in Verbund (or TENANTS_DIR in `env`) and fails loudly if it does not validate. */
export function loadModel(env: NodeJS.ProcessEnv = {}): VerbundModel {
  const { verbund, problems } = loadVerbund({ env });
  if (!verbund) throw new Error(`the Verbund does not validate:\n${problems.map((p) => `${p.file}: ${p.field}: ${p.message}`).join("\n")}`);
  return verbund.model;
}

/**
 * Synthesizes a model into `outdir` as the main job does, through the test run's synth cache: a stack
 * any test file of this run has already built from the same inputs (the same code, Verbund settings
 * and Träger) is read from the cache, checked by its hash, instead of being built again, and cdktf is
 * then not even loaded. The output is byte-identical either way (the cache's contract, proved in
 * __tests__/app/synth-cache.test.ts); a stack with a violation or problem is never cached, so failures
 * are always built and thrown. Tests about building itself (determinism, the cache, threads) call
 * synthesizeVerbund without a cache instead.
 */
export function synthesizeCached(model: VerbundModel, outdir: string): SynthesizedStack[] {
  const cacheDir = testSynthCache();
  if (!cacheDir) return synthesizeVerbund(model, outdir);
  return oneBuilderAtATime(cacheDir, model, () => synthesizeVerbund(model, outdir, { cacheDir }));
}

/**
 * Runs `synth` while holding the run's build lock for this model: when several test files of a run
 * start by synthesizing the same Verbund, one worker builds it and the others wait and then read it
 * from the cache instead of building the same stacks at the same time. A lock whose worker is gone is
 * taken over; after two minutes a waiter builds anyway (the cache's renames keep that safe).
 */
function oneBuilderAtATime<T>(cacheDir: string, model: VerbundModel, synth: () => T): T {
  const lock = path.join(cacheDir, `.building-${createHash("sha256").update(JSON.stringify(model)).digest("hex")}`);
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let waited = 0; waited < 120_000; waited += 50) {
    // The synth's own lock (lib/app/output.ts): a lock whose process is gone is taken over.
    if (!tryLockFile(lock)) {
      Atomics.wait(sleeper, 0, 0, 50);
      continue;
    }
    try {
      return synth();
    } finally {
      fs.rmSync(lock, { force: true });
    }
  }
  return synth();
}

/** The run's synth cache folder (created by the global setup, __tests__/temp-dir.ts), or none outside jest. */
export function testSynthCache(): string | undefined {
  return process.env.KSM_TEST_SYNTH_CACHE || undefined;
}

/** Synthesizes a model (through the run's synth cache) and returns every Träger stack's Terraform JSON by id. */
export function synthStacks(model: VerbundModel): Map<string, StackJson> {
  return synthAll(model).stacks;
}

/** Synthesizes a model (through the run's synth cache) and returns the Träger stacks' Terraform JSON by id, their subscription stacks' by Träger id, and the platform stack's. */
export function synthAll(model: VerbundModel): { stacks: Map<string, StackJson>; subscriptions: Map<string, StackJson>; platform: StackJson } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-synth-"));
  try {
    synthesizeCached(model, outdir);
    const stacks = new Map<string, StackJson>();
    for (const t of model.traeger) {
      stacks.set(t.id, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", t.id, "cdk.tf.json"), "utf8")) as StackJson);
    }
    const subscriptions = new Map<string, StackJson>();
    for (const t of model.traeger) {
      subscriptions.set(t.id, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", subscriptionStackId(t.id), "cdk.tf.json"), "utf8")) as StackJson);
    }
    const platform = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", PLATFORM_STACK_ID, "cdk.tf.json"), "utf8")) as StackJson;
    return { stacks, subscriptions, platform };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** All resources of one type in a stack's JSON, as [logical name, config] pairs. */
export function resourcesOf(stack: StackJson, type: string): [string, Record<string, unknown>][] {
  return Object.entries(stack.resource[type] ?? {});
}

/** The one resource of a type whose `name` attribute is given. */
export function resourceNamed(stack: StackJson, type: string, name: string): Record<string, unknown> {
  const found = resourcesOf(stack, type).filter(([, r]) => r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return found[0]![1];
}
