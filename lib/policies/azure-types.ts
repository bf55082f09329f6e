/** The shapes of the Azure Policy side of the rules (lib/policies/azure.ts). No cdktf imports. */

/** What the Azure parameters depend on: the same facts the synth checks read from verbund.ts. */
export interface PolicyFacts {
  readonly germanRegions: readonly string[];
  readonly avdRegion: string;
  readonly hub: { readonly virtualNetworkId: string };
}

/** Azure Policy effects we assign. */
export type PolicyEffect = "Deny" | "Audit" | "DenyAction";

/** A built-in definition, by its id (the same in every tenant). */
export interface BuiltInDefinition {
  readonly kind: "built-in";
  readonly id: string;
  readonly displayName: string;
  /** File in Azure/azure-policy that defines it. */
  readonly source: string;
  /** Whether it takes an `effect` parameter; without one its effect is fixed in its rule. */
  readonly effectParameter: boolean;
}

/** A parameter of a custom definition (Azure Policy definition structure: parameters). */
export interface ParameterDefinition {
  readonly type: "String" | "Array";
  readonly metadata: { readonly displayName: string; readonly description: string };
  readonly allowedValues?: readonly string[];
  readonly defaultValue?: string | readonly string[];
}

/** A custom definition the platform stack creates at the Träger management group. */
export interface CustomDefinition {
  readonly kind: "custom";
  /** Definition name (its id's last segment): stable, never renamed (a new name is a new definition). */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** Indexed: only types that carry tags and location; All: every type, resource groups included. */
  readonly mode: "All" | "Indexed";
  readonly parameters: Readonly<Record<string, ParameterDefinition>>;
  readonly policyRule: unknown;
}

/** One policy assignment at a management group. */
export interface AzurePolicy {
  /** Assignment name at the management group (≤ 24 characters) and construct id: stable. */
  readonly key: string;
  /** What it enforces, in English (docs/policies.md). */
  readonly title: string;
  /** Short German name for the Trägerblatt. */
  readonly titleDe: string;
  readonly scope: "traeger" | "decommissioned";
  readonly definition: BuiltInDefinition | CustomDefinition;
  readonly effect: PolicyEffect;
  /** Why the effect is weaker than Deny, where it is. */
  readonly effectWhy?: string;
  /** Assignment parameters besides `effect`, from the Verbund's facts. */
  parameters(facts: PolicyFacts): Readonly<Record<string, unknown>>;
  /** The BSI IT-Grundschutz requirement (or GDPR article) it supports. */
  readonly requirement: string;
}
