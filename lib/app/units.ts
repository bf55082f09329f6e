/**
 * The stacks a Verbund consists of, described without cdktf: what each is built from (its cache
 * inputs), what the policy checks know about it, and what the synth prints for it. Loading this
 * costs nothing, so a synth whose stacks all come from the cache never loads cdktf or a provider.
 */
import * as path from "node:path";
import type { StackFacts } from "../policies/check";
import { PLATFORM_POLICY_RULES, POLICY_RULES, type PolicyRule } from "../policies/rules";
import { PLATFORM_STACK_ID, subscriptionStackId, VENDED_SUBSCRIPTION_ID } from "../verbund/model";
import type { TraegerModel, VerbundModel, VerbundWithTraegerIds } from "../verbund";

/**
 * One stack of the Verbund; `kind` selects how lib/app/build.ts builds it (`buildStack`) and which
 * policy rules check it (`policyRulesFor`). A new kind of stack gets a kind here, with the inputs its
 * cache key must cover and what the policy checks and the report need, and one case in `buildStack`;
 * the cache, the workers, the atomic output and `buildApp` then handle it like every other stack.
 */
export type StackUnit = TraegerUnit | SubscriptionUnit | PlatformUnit;

/**
 * A Träger's subscription stack (lib/stacks/subscription-stack.ts, id `<id>--subscription`): it vends
 * or adopts the subscription, places it in its management group, and sets its budget and activity log.
 * It sees what its Träger stack sees; its cache key covers the same inputs.
 */
export interface SubscriptionUnit {
  readonly kind: "subscription";
  readonly id: string;
  readonly traeger: TraegerModel;
  readonly verbund: VerbundModel;
  readonly facts: StackFacts;
}

/** A Träger's stack. */
export interface TraegerUnit {
  readonly kind: "traeger";
  readonly id: string;
  /**
   * Stacks applied before this one (cdktf's manifest `dependencies`, so `cdktf deploy` orders them):
   * its subscription stack, whose state it reads.
   */
  readonly dependsOn: readonly string[];
  readonly traeger: TraegerModel;
  /**
   * Everything the stack is built from: the Verbund's settings and its own Träger. The stack sees
   * exactly this (buildTraegerStack), so the cache key covers everything its output depends on.
   */
  readonly verbund: VerbundModel;
  readonly facts: StackFacts;
}

/**
 * The Verbund's platform stack (lib/stacks/platform-stack.ts): it is built from every Verbund setting
 * and the ids of all Träger (per-Träger deploy environments and federated credentials), and from
 * nothing else of a Träger (its type, VerbundWithTraegerIds, lets it read no more). Its cache key
 * covers exactly that: any Träger joining or leaving rebuilds it; a change inside one Träger does not.
 */
export interface PlatformUnit {
  readonly kind: "platform";
  readonly id: typeof PLATFORM_STACK_ID;
  readonly traeger?: undefined;
  readonly verbund: VerbundWithTraegerIds;
  readonly facts: StackFacts;
}

/** The Verbund as one Träger's stack sees it: its settings, and of all Träger only this one. */
export function verbundForTraeger(verbund: VerbundModel, traeger: TraegerModel): VerbundModel {
  return { ...verbund, traeger: [traeger] };
}

/** The policy rules a unit's stack is checked by: the platform stack skips the two whose subject is one Träger. */
export function policyRulesFor(unit: Pick<StackUnit, "kind">): readonly PolicyRule[] {
  return unit.kind === "platform" ? PLATFORM_POLICY_RULES : POLICY_RULES;
}

/** Every stack of the Verbund, in output order: per Träger its subscription stack and its own, then the platform stack. */
export function stackUnits(model: VerbundModel): StackUnit[] {
  const verbund = portable(model);
  const regions = { germanRegions: [verbund.regions.primary, verbund.regions.paired], avdRegion: verbund.regions.avd, hub: verbund.hub };
  const traeger = verbund.traeger.map(portable).flatMap((traeger): StackUnit[] => {
    const own = verbundForTraeger(verbund, traeger);
    // A vended subscription's id is only known from the subscription stack's state (VENDED_SUBSCRIPTION_ID).
    const facts = { traegerId: traeger.id, subscriptionId: traeger.subscriptionId ?? VENDED_SUBSCRIPTION_ID, ...regions };
    return [
      { kind: "subscription", id: subscriptionStackId(traeger.id), traeger, verbund: own, facts },
      { kind: "traeger", id: traeger.id, dependsOn: [subscriptionStackId(traeger.id)], traeger, verbund: own, facts },
    ];
  });
  // The platform stack is checked as belonging to the Verbund: its own id and the state subscription (as on main's PolicyAspect).
  const platformVerbund: VerbundWithTraegerIds = { ...verbund, traeger: verbund.traeger.map(({ id }) => ({ id })) };
  const platform: PlatformUnit = { kind: "platform", id: PLATFORM_STACK_ID, verbund: platformVerbund, facts: { traegerId: PLATFORM_STACK_ID, subscriptionId: verbund.stateBackend.subscriptionId, ...regions } };
  return [...traeger, platform];
}

/**
 * A model as the stacks are built from it: its source file by name only. No stack's output depends on
 * the folder a checkout lives in, so neither does its cache key: a base revision's worktree or a
 * test's copy of the Verbund reuses what any checkout built (`npm run affected`, the onboarding test).
 */
function portable<T extends { readonly sourceFile: string }>(model: T): T {
  return { ...model, sourceFile: path.basename(model.sourceFile) };
}
