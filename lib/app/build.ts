import * as fs from "node:fs";
import * as path from "node:path";
import { App } from "cdktf";
import { TraegerStack } from "../stacks/traeger-stack";
import type { VerbundModel } from "../verbund";
import { configureTokenCreationStacks } from "./token-stacks";

/** What one synthesized stack holds, read back from its Terraform JSON. */
export interface SynthesizedStack {
  readonly id: string;
  readonly name: string;
  readonly addressSpace: string;
  readonly resourceCount: number;
  readonly subscriptionIsPlaceholder: boolean;
  /** Path of the stack's Terraform JSON, relative to the output folder. */
  readonly file: string;
}

/** Builds one TraegerStack per Träger in a new App writing to `outdir`. */
export function buildApp(model: VerbundModel, outdir: string): App {
  configureTokenCreationStacks();
  // Stack traces in metadata would make output depend on file paths and cost time.
  const app = new App({ outdir, stackTraces: false });
  for (const traeger of model.traeger) new TraegerStack(app, { verbund: model, traeger });
  return app;
}

/** Synthesizes the Verbund into `outdir` and reports what each stack holds. */
export function synthesizeVerbund(model: VerbundModel, outdir: string): SynthesizedStack[] {
  buildApp(model, outdir).synth();
  return model.traeger.map((traeger) => {
    const file = path.join("stacks", traeger.id, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(path.join(outdir, file), "utf8")) as { resource?: Record<string, Record<string, unknown>> };
    const resourceCount = Object.values(json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
    return { id: traeger.id, name: traeger.name, addressSpace: traeger.network.addressSpace, resourceCount, subscriptionIsPlaceholder: traeger.subscriptionIsPlaceholder, file };
  });
}
