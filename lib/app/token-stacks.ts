/**
 * cdktf records a complete stack trace (with no depth limit) for every token it creates, only to
 * print it when resolving that token fails. On a Verbund-sized synth that is about a quarter of the
 * time (docs/design.md, "Speed"). The main job skips it; set KSM_TOKEN_STACKS=1 to get the creation
 * stacks back in resolution errors while debugging. cdktf 0.21.0 is its last release, so the
 * internal module below cannot move; a test checks that the switch still takes effect.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stackTrace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: (below?: unknown) => string[] };

const original = stackTrace.captureStackTrace;

/** Turns the capture of token creation stacks off, unless KSM_TOKEN_STACKS=1. Returns whether it is off. */
export function configureTokenCreationStacks(env: NodeJS.ProcessEnv = process.env): boolean {
  const skip = env.KSM_TOKEN_STACKS !== "1";
  stackTrace.captureStackTrace = skip ? () => [] : original;
  return skip;
}
