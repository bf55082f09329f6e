/**
 * The stacks a Verbund consists of, described without cdktf: what each is built from (its cache
 * inputs), what the policy checks know about it, and what the synth prints for it. Loading this
 * costs nothing, so a synth whose stacks all come from the cache never loads cdktf or a provider.
 */
import type { StackFacts } from "../policies";
import type { TraegerModel, VerbundModel } from "../verbund";

/**
 * One stack of the Verbund; `kind` selects how lib/app/build.ts builds it (`buildStack`). A new kind of
 * stack (say, a platform stack) gets a kind here, with the inputs its cache key must cover and what
 * the policy checks and the report need, and one case in `buildStack`; the cache, the workers, the
 * atomic output and `buildApp` then handle it like every other stack.
 */
export interface StackUnit {
  readonly kind: "traeger";
  readonly id: string;
  readonly traeger: TraegerModel;
  /**
   * Everything the stack is built from: the Verbund's settings and its own Träger. The stack sees
   * exactly this (buildTraegerStack), so the cache key covers everything its output depends on.
   */
  readonly verbund: VerbundModel;
  readonly facts: StackFacts;
}

/** The Verbund as one Träger's stack sees it: its settings, and of all Träger only this one. */
export function verbundForTraeger(verbund: VerbundModel, traeger: TraegerModel): VerbundModel {
  return { ...verbund, traeger: [traeger] };
}

/** Every stack of the Verbund, in output order (the order of the model's Träger). */
export function stackUnits(verbund: VerbundModel): StackUnit[] {
  return verbund.traeger.map((traeger) => ({
    kind: "traeger",
    id: traeger.id,
    traeger,
    verbund: verbundForTraeger(verbund, traeger),
    facts: { traegerId: traeger.id, subscriptionId: traeger.subscriptionId, germanRegions: [verbund.regions.primary, verbund.regions.paired], avdRegion: verbund.regions.avd, hub: verbund.hub },
  }));
}
