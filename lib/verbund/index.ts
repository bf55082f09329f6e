/**
 * The Verbund as a whole: finding and loading declarations, validating them together, and the
 * normalised model that constructs build from. No cdktf imports here.
 */
import type { Problem } from "../problems";
import { discoverDeclarationFiles, loadDeclarationModule, type LoadedModule, resolveTenantsDir, resolveVerbundFile } from "./load";
import { ChangedFiles } from "./changed";
import { validateVerbund, type ValidatedVerbund } from "./validate";

export * from "./model";
export { SUBNET_ROLES, type SubnetRole, reservedBlock } from "./address-plan";
export { AD_DS_PORTS, HUB_ACCESS, type HubAccess, hubAccessFor } from "./hub-access";
export { displayPath, PROJECT_ROOT, resolveTenantsDir, resolveVerbundFile } from "./load";
export type { ValidatedVerbund } from "./validate";

/** Where to read the Verbund from; defaults come from the environment (TENANTS_DIR, VERBUND_CONFIG). */
export interface LoadOptions {
  readonly tenantsDir?: string;
  readonly verbundFile?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Loads and validates the Verbund config and every Träger declaration. All problems, or the model. */
export function loadVerbund(options: LoadOptions = {}): { verbund?: ValidatedVerbund; problems: readonly Problem[] } {
  const env = options.env ?? process.env;
  const tenantsDir = options.tenantsDir ?? resolveTenantsDir(env);
  const verbundFile = options.verbundFile ?? resolveVerbundFile(env);
  const problems: Problem[] = [];

  const config = loadDeclarationModule(verbundFile);
  if (!isLoaded(config)) problems.push(...config);

  const discovered = discoverDeclarationFiles(tenantsDir);
  problems.push(...discovered.problems);
  const declarations: LoadedModule[] = [];
  for (const file of discovered.files) {
    const loaded = loadDeclarationModule(file);
    if (isLoaded(loaded)) declarations.push(loaded);
    else problems.push(...loaded);
  }
  const validated = validateVerbund(isLoaded(config) ? config : undefined, declarations, { changed: new ChangedFiles(env) });
  const all = [...problems, ...validated.problems];
  if (all.length > 0 || !validated.model) return { problems: all };
  return { verbund: validated.model, problems: [] };
}

function isLoaded(value: LoadedModule | readonly Problem[]): value is LoadedModule {
  return !Array.isArray(value);
}
