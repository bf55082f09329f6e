import { DefaultTokenResolver, type IAspect, StringConcat, TerraformResource, type TerraformStack, Tokenization } from "cdktf";
import type { IConstruct } from "constructs";
import type { TraegerModel, VerbundModel } from "../verbund";
import { POLICY_RULES, type PolicyRule, type ResourceView, type StackContext } from "./rules";

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/** One broken rule: where (stack, resource address) and what. */
export interface PolicyViolation {
  readonly stack: string;
  readonly address: string;
  readonly rule: string;
  readonly message: string;
}

/** Formats a violation as the one line the synth prints. */
export function formatViolation(v: PolicyViolation): string {
  return `${v.stack}: ${v.address}: [${v.rule}] ${v.message}`;
}

/**
 * Checks every resource of one Träger stack against the policy rules while cdktf synthesizes it,
 * collecting violations into `violations` (the synth command fails on any). Reads each resource as
 * Terraform will see it: `toTerraform()` (overrides included), with attributes resolved on demand.
 */
export class PolicyAspect implements IAspect {
  private context?: StackContext;

  constructor(
    private readonly stack: TerraformStack,
    /** The Träger the stack belongs to (the platform stack passes its own id and subscription). */
    private readonly traeger: Pick<TraegerModel, "id" | "subscriptionId">,
    private readonly verbund: VerbundModel,
    private readonly violations: PolicyViolation[],
    private readonly rules: readonly PolicyRule[] = POLICY_RULES,
  ) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const context = this.stackContext();
    const config = (node.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> }).resource[node.terraformResourceType]?.[node.friendlyUniqueId] ?? {};
    const resolved = new Map<string, unknown>();
    const view: ResourceView = {
      type: node.terraformResourceType,
      address: `${node.terraformResourceType}.${node.friendlyUniqueId}`,
      taggable: "tagsInput" in node,
      attribute: (name) => {
        if (!resolved.has(name)) resolved.set(name, Tokenization.resolve(config[name], { scope: this.stack, resolver: RESOLVER }));
        return resolved.get(name);
      },
    };
    for (const rule of this.rules) {
      for (const message of rule.check(view, context)) this.violations.push({ stack: this.traeger.id, address: view.address, rule: rule.id, message });
    }
  }

  private stackContext(): StackContext {
    if (this.context) return this.context;
    const resourceProviders = new Map<string, string>();
    for (const resource of this.stack.node.findAll().filter(TerraformResource.isTerraformResource)) {
      resourceProviders.set(`${resource.terraformResourceType}.${resource.friendlyUniqueId}`, resource.provider?.alias ?? "");
    }
    this.context = {
      traegerId: this.traeger.id,
      subscriptionId: this.traeger.subscriptionId,
      germanRegions: [this.verbund.regions.primary, this.verbund.regions.paired],
      avdRegion: this.verbund.regions.avd,
      hub: this.verbund.hub,
      resourceProviders,
    };
    return this.context;
  }
}
