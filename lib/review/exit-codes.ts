/**
 * Exit codes of the Terraform review commands, one meaning each across plan, drift, validate,
 * plan-summary and drift-report (wrong use is 2, from lib/cli's usage errors).
 */
export const EXIT = {
  /** Done, nothing needs attention. */
  ok: 0,
  /** An input could not be read, or a stack failed (init, plan, show, validate): reported, not hidden. */
  failed: 1,
  /** Wrong arguments (lib/cli). */
  usage: 2,
  /** Needs a person: a blocked plan (destroys data, cannot be judged) or drift. */
  attention: 3,
  /** `terraform` is not on PATH. */
  terraformMissing: 4,
  /** Terraform's providers cannot be downloaded (no registry, no mirror): validation is impossible here. */
  providersUnreachable: 5,
} as const;

/** The Terraform version the project's workflows pin and the commands ask for. */
export const TERRAFORM_VERSION = "1.11.4";
