/**
 * Building stacks: the one place where the Verbund's model becomes cdktf stacks. `buildStack` builds
 * one stack from its unit (lib/app/units.ts); the main job builds, checks, writes and releases one
 * stack at a time (lib/app/synthesize.ts), and `buildApp` builds them all in one App for tests that
 * change a built stack before synthesizing it.
 */
import { App, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { PlatformStack } from "../stacks/platform-stack";
import { SubscriptionStack } from "../stacks/subscription-stack";
import { TraegerStack } from "../stacks/traeger-stack";
import type { TraegerModel, VerbundModel } from "../verbund";
import { finishSynth, type SynthesizedStack } from "./synthesize";
import { createManifest, synthesizeStack, type StackOutput } from "./synth-stack";
import { shareAttributeTokens } from "./attribute-tokens";
import { fastMetaArguments } from "./meta-arguments";
import { fastTokenKeys } from "./token-keys";
import { configureTokenCreationStacks } from "./token-stacks";
import { policyRulesFor, type StackUnit, stackUnits, verbundForTraeger } from "./units";

shareAttributeTokens();
fastMetaArguments();
fastTokenKeys();

export { PolicyViolationError, synthesizeVerbund, type SynthesizedStack } from "./synthesize";
export { undeclaredReferences } from "./synth-stack";

/** An app of the Verbund's stacks, built but not yet synthesized. */
export interface VerbundApp {
  readonly app: App;
}

/** Builds one Träger's stack: it sees the Verbund's settings and its own Träger, nothing of the others. */
export function buildTraegerStack(scope: Construct, verbund: VerbundModel, traeger: TraegerModel): TraegerStack {
  return new TraegerStack(scope, { verbund: verbundForTraeger(verbund, traeger), traeger });
}

/** Builds the stack a unit describes. */
export function buildStack(scope: Construct, unit: StackUnit): TerraformStack {
  switch (unit.kind) {
    case "traeger":
      return buildTraegerStack(scope, unit.verbund, unit.traeger);
    case "subscription":
      // Vends or adopts the Träger's subscription; applied before the Träger's stack, which reads its state.
      return new SubscriptionStack(scope, { verbund: unit.verbund, traeger: unit.traeger });
    case "platform":
      // What the Verbund sets up once, next to the Träger stacks (docs/adoption.md); it sees the whole Verbund.
      return new PlatformStack(scope, unit.verbund);
  }
}

/** A new App writing to `outdir`, as the main job configures it. */
export function newApp(outdir: string): App {
  configureTokenCreationStacks();
  // Stack traces in metadata would make output depend on file paths and cost time.
  return new App({ outdir, stackTraces: false });
}

/** Builds every stack of the Verbund in one new App writing to `outdir`. */
export function buildApp(model: VerbundModel, outdir: string): VerbundApp {
  const app = newApp(outdir);
  for (const unit of stackUnits(model)) buildStack(app, unit);
  return { app };
}

/**
 * Synthesizes an app built by buildApp (and perhaps changed since) into `outdir`: each stack is
 * checked on its final JSON (policies, references). Throws PolicyViolationError or an Error listing
 * every problem; the caller writes into a staging folder, so nothing half-checked reaches cdktf.out.
 */
export function synthesizeApp({ app }: VerbundApp, model: VerbundModel, outdir: string): SynthesizedStack[] {
  const units = stackUnits(model);
  const stacks = new Map(app.node.children.filter(TerraformStack.isStack).map((s) => [s.node.id, s]));
  const manifest = createManifest(app, outdir);
  const outputs = units.map((unit) => synthesizeStack(app, stacks.get(unit.id)!, manifest, unit.facts, policyRulesFor(unit)));
  return finishSynth(units, outputs, outdir);
}

/** A stack just written, and its JSON as built and as written (when this project's writer wrote it). */
export interface WrittenStack {
  readonly stack: TerraformStack;
  readonly json: readonly unknown[];
}

/** Builds, synthesizes and checks one stack in an App of its own, into `outdir`; `whileHeld` is called with the stack and its JSON once it is written. */
export function synthesizeUnit(unit: StackUnit, outdir: string, manifest?: ReturnType<typeof createManifest>, whileHeld?: (written: WrittenStack) => void): StackOutput {
  const app = newApp(outdir);
  const stack = buildStack(app, unit);
  let json: readonly unknown[] = [];
  const output = synthesizeStack(app, stack, manifest ?? createManifest(app, outdir), unit.facts, policyRulesFor(unit), (written) => (json = written));
  whileHeld?.({ stack, json });
  return output;
}
