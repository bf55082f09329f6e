import * as fs from "node:fs";
import * as path from "node:path";
import { App, Aspects } from "cdktf";
import { formatViolation, PolicyAspect, type PolicyViolation } from "../policies/aspect";
import { PLATFORM_POLICY_RULES } from "../policies/rules";
import { PlatformStack } from "../stacks/platform-stack";
import { TraegerStack } from "../stacks/traeger-stack";
import { PLATFORM_STACK_ID, type TraegerModel, type VerbundModel } from "../verbund";
import { configureTokenCreationStacks } from "./token-stacks";

/** What one synthesized stack holds, read back from its Terraform JSON. */
export interface SynthesizedStack {
  readonly id: string;
  readonly name: string;
  readonly addressSpace: string;
  readonly resourceCount: number;
  readonly subscriptionIsPlaceholder: boolean;
  readonly status: TraegerModel["status"];
  /** Path of the stack's Terraform JSON, relative to the output folder. */
  readonly file: string;
}

/** An app of Träger stacks, with the policy violations its synth finds. */
export interface VerbundApp {
  readonly app: App;
  /** Filled while the app synthesizes; the synth fails when it is not empty. */
  readonly violations: PolicyViolation[];
}

/** Builds one TraegerStack per Träger in a new App writing to `outdir`, each checked by the policies. */
export function buildApp(model: VerbundModel, outdir: string): VerbundApp {
  configureTokenCreationStacks();
  // Stack traces in metadata would make output depend on file paths and cost time.
  const app = new App({ outdir, stackTraces: false });
  const violations: PolicyViolation[] = [];
  for (const traeger of model.traeger) {
    const stack = new TraegerStack(app, { verbund: model, traeger });
    Aspects.of(stack).add(new PolicyAspect(stack, traeger, model, violations));
  }
  // What the Verbund sets up once, next to the Träger stacks (docs/adoption.md).
  const platform = new PlatformStack(app, model);
  Aspects.of(platform).add(new PolicyAspect(platform, { id: PLATFORM_STACK_ID, subscriptionId: model.stateBackend.subscriptionId }, model, violations, PLATFORM_POLICY_RULES));
  return { app, violations };
}

/** Synthesizes the Verbund into `outdir` and reports what each stack holds. */
export function synthesizeVerbund(model: VerbundModel, outdir: string): SynthesizedStack[] {
  return synthesizeApp(buildApp(model, outdir), model, outdir);
}

/**
 * Synthesizes an app built by buildApp, then checks every stack's references (see
 * undeclaredReferences) before reporting. Throws when a stack refers to something it does not declare.
 */
export function synthesizeApp({ app, violations }: VerbundApp, model: VerbundModel, outdir: string): SynthesizedStack[] {
  app.synth();
  if (violations.length > 0) {
    const sorted = [...violations].sort((a, b) => (a.stack === b.stack ? (a.address < b.address ? -1 : a.address > b.address ? 1 : 0) : a.stack < b.stack ? -1 : 1));
    throw new PolicyViolationError(sorted);
  }
  const problems: string[] = [];
  const stacks = model.traeger.map((traeger) => {
    const file = path.join("stacks", traeger.id, "cdk.tf.json");
    const json = JSON.parse(fs.readFileSync(path.join(outdir, file), "utf8")) as StackJson;
    for (const reference of undeclaredReferences(json)) {
      problems.push(`stack ${traeger.id} refers to ${reference}, which it does not declare: Träger stacks must not reference each other`);
    }
    const resourceCount = Object.values(json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
    return { id: traeger.id, name: traeger.name, addressSpace: traeger.network.addressSpace, resourceCount, subscriptionIsPlaceholder: traeger.subscriptionIsPlaceholder, status: traeger.status, file };
  });
  const platformJson = JSON.parse(fs.readFileSync(path.join(outdir, PLATFORM_STACK_FILE), "utf8")) as StackJson;
  for (const reference of undeclaredReferences(platformJson)) problems.push(`stack ${PLATFORM_STACK_ID} refers to ${reference}, which it does not declare`);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return stacks;
}

/** Where the platform stack's Terraform JSON is written, relative to the output folder. */
export const PLATFORM_STACK_FILE = path.join("stacks", PLATFORM_STACK_ID, "cdk.tf.json");

/** The synth found policy violations; each is one line. */
export class PolicyViolationError extends Error {
  constructor(readonly violations: readonly PolicyViolation[]) {
    super(`${violations.length} policy violation${violations.length === 1 ? "" : "s"}:\n${violations.map(formatViolation).join("\n")}`);
  }
}

interface StackJson {
  readonly resource?: Record<string, Record<string, unknown>>;
  readonly data?: Record<string, Record<string, unknown>>;
}

const REFERENCE = /\$\{[^}]*/g;
const ADDRESS = /\b(data\.)?((?:azurerm|azuread|random|time)_[a-z0-9_]+)\.([A-Za-z0-9_-]+)/g;

/**
 * References inside `${…}` expressions to resources or data sources the stack does not declare.
 * cdktf would turn a reference to another stack's resource into remote state in its preparing pass,
 * which TraegerStack skips; this check makes such a reference fail the synth instead. Its limit:
 * every Träger stack has the same construct paths, so a reference to another stack's resource whose
 * path this stack also has resolves to this stack's own resource and cannot be told apart here.
 * Constructs only ever receive their own stack's objects (TraegerStack passes them), which is what
 * keeps that from happening.
 */
export function undeclaredReferences(json: StackJson): string[] {
  const declared = new Set<string>();
  for (const [type, byName] of Object.entries(json.resource ?? {})) for (const name of Object.keys(byName)) declared.add(`${type}.${name}`);
  for (const [type, byName] of Object.entries(json.data ?? {})) for (const name of Object.keys(byName)) declared.add(`data.${type}.${name}`);
  const missing = new Set<string>();
  for (const expression of JSON.stringify(json).match(REFERENCE) ?? []) {
    for (const [, data, type, name] of expression.matchAll(ADDRESS)) {
      const address = `${data ?? ""}${type}.${name}`;
      if (!declared.has(address)) missing.add(address);
    }
  }
  return [...missing].sort();
}
