import * as path from "node:path";

/**
 * The project root: where `tenants/`, `verbund.ts` and `cdktf.out` live. A module of its own so that a
 * command's `--help` and usage errors (lib/cli.ts) load nothing of the model (zod, the parser).
 */
export const PROJECT_ROOT = path.resolve(__dirname, "..");
