/**
 * Hand-made plan documents in the shape of `terraform show -json` (format 1.2), for the review tests:
 * azurerm/azuread types cannot be planned here. Every document carries `"//": "hand-made"`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** One resource change entry. */
export function change(address: string, actions: string[], before: unknown, after: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const [type, ...rest] = address.split(".");
  return { address, mode: "managed", type, name: rest.join("."), provider_name: "registry.terraform.io/hashicorp/azurerm", change: { actions, before, after, after_unknown: {}, before_sensitive: {}, after_sensitive: {}, ...extra } };
}

/** A plan document. */
export function plan(resourceChanges: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { "//": "hand-made", format_version: "1.2", terraform_version: "1.11.4", applyable: true, complete: true, errored: false, resource_changes: resourceChanges, ...extra };
}

/** A temporary folder with files written into it (JSON values are serialised), removed by `done`. */
export function tempFiles(files: Record<string, unknown>): { dir: string; done: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-plans-"));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), Buffer.isBuffer(content) || typeof content === "string" ? content : JSON.stringify(content));
  }
  return { dir, done: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The hand-made plan fixtures and stacks (README there). */
export const PLAN_FIXTURES = path.join(__dirname, "..", "fixtures", "plans");
export const FIXTURE_STACKS = path.join(PLAN_FIXTURES, "stacks");
