/**
 * Masks every sensitive value in a `terraform show -json` document before anything is written: the
 * values that `before_sensitive`/`after_sensitive` (changes, drift, outputs), `sensitive_values`
 * (planned values, prior state, in every module) and `sensitive: true` (outputs, variables) mark,
 * down to single elements of nested lists and maps. A second pass replaces any other occurrence of a
 * masked string (a sensitive variable's value repeated in `configuration`, say) so no copy survives.
 */

/** What a masked value becomes. */
export const MASKED = "(sensitive)";
/** What a masked value becomes after a change when it differs from before (Terraform shows that too). */
export const MASKED_CHANGED = "(sensitive, changed)";

/** Secrets shorter than this are masked where marked, but not searched for elsewhere (too many false hits). */
const MIN_SCRUB_LENGTH = 4;
/** Secrets at least this long are also removed from inside longer strings. */
const MIN_SUBSTRING_LENGTH = 8;

type Json = unknown;
type JsonObject = Record<string, Json>;

/** A copy of the plan document with every sensitive value replaced by "(sensitive)". */
export function maskPlanDocument(document: Json): Json {
  const secrets = new Set<string>();
  const mask = (value: Json, marker: Json): Json => maskByMarker(value, marker, secrets);
  if (!isObject(document)) return document;
  const doc: JsonObject = structuredClone(document);

  for (const list of ["resource_changes", "resource_drift"]) {
    if (!Array.isArray(doc[list])) continue;
    for (const entry of doc[list] as Json[]) if (isObject(entry) && isObject(entry.change)) maskChange(entry.change, secrets);
  }
  if (isObject(doc.output_changes)) for (const change of Object.values(doc.output_changes)) if (isObject(change)) maskChange(change, secrets);
  if (isObject(doc.planned_values)) maskValues(doc.planned_values, mask);
  if (isObject(doc.prior_state) && isObject(doc.prior_state.values)) maskValues(doc.prior_state.values, mask);
  const variables = isObject(doc.configuration) && isObject(doc.configuration.root_module) && isObject(doc.configuration.root_module.variables) ? doc.configuration.root_module.variables : {};
  if (isObject(doc.variables)) {
    for (const [name, variable] of Object.entries(doc.variables)) {
      if (isObject(variable) && isObject(variables[name]) && (variables[name] as JsonObject).sensitive === true) variable.value = mask(variable.value, true);
    }
  }
  return secrets.size === 0 ? doc : scrub(doc, [...secrets].filter((s) => s.length >= MIN_SCRUB_LENGTH).sort((a, b) => b.length - a.length));
}

function maskChange(change: JsonObject, secrets: Set<string>): void {
  const [before, after] = maskPair(change.before, change.after, change.before_sensitive, change.after_sensitive, secrets);
  if ("before" in change) change.before = before;
  if ("after" in change) change.after = after;
}

/**
 * Masks before and after together, so that a sensitive value that changes stays visible as a change
 * ("(sensitive)" → "(sensitive, changed)") without showing either value. Sensitive on one side masks both.
 */
function maskPair(before: Json, after: Json, beforeMarker: Json, afterMarker: Json, secrets: Set<string>): [Json, Json] {
  if (beforeMarker === true || afterMarker === true) {
    collect(before, secrets);
    collect(after, secrets);
    // Only an update has a "before" to differ from; a created or deleted value is not "changed".
    const changed = before != null && after != null && JSON.stringify(before) !== JSON.stringify(after);
    return [before == null ? before : MASKED, after == null ? after : changed ? MASKED_CHANGED : MASKED];
  }
  const at = (marker: Json, key: string | number) => (Array.isArray(marker) || isObject(marker) ? (marker as Record<string | number, Json>)[key] : undefined);
  if (Array.isArray(before) || Array.isArray(after)) {
    const b = Array.isArray(before) ? before : [];
    const a = Array.isArray(after) ? after : [];
    const pairs = Array.from({ length: Math.max(b.length, a.length) }, (_, i) => maskPair(b[i], a[i], at(beforeMarker, i), at(afterMarker, i), secrets));
    return [Array.isArray(before) ? pairs.slice(0, b.length).map((p) => p[0]) : before, Array.isArray(after) ? pairs.slice(0, a.length).map((p) => p[1]) : after];
  }
  if (isObject(before) || isObject(after)) {
    const b = isObject(before) ? before : {};
    const a = isObject(after) ? after : {};
    const out: [JsonObject, JsonObject] = [{}, {}];
    for (const key of new Set([...Object.keys(b), ...Object.keys(a)])) {
      const [mb, ma] = maskPair(b[key], a[key], at(beforeMarker, key), at(afterMarker, key), secrets);
      if (key in b) out[0][key] = mb;
      if (key in a) out[1][key] = ma;
    }
    return [isObject(before) ? out[0] : before, isObject(after) ? out[1] : after];
  }
  return [before, after];
}

/** Masks `outputs` and the resources of `root_module` and its `child_modules` (planned values, prior state). */
function maskValues(values: JsonObject, mask: (value: Json, marker: Json) => Json): void {
  if (isObject(values.outputs)) for (const output of Object.values(values.outputs)) if (isObject(output) && output.sensitive === true) output.value = mask(output.value, true);
  const modules: Json[] = [values.root_module];
  while (modules.length > 0) {
    const module = modules.pop();
    if (!isObject(module)) continue;
    if (Array.isArray(module.resources)) for (const r of module.resources) if (isObject(r)) r.values = mask(r.values, r.sensitive_values);
    if (Array.isArray(module.child_modules)) modules.push(...module.child_modules);
  }
}

/** Replaces what a sensitivity marker marks; a marker of `true` masks the whole value. */
function maskByMarker(value: Json, marker: Json, secrets: Set<string>): Json {
  if (marker === true) {
    if (value === null || value === undefined) return value;
    collect(value, secrets);
    return MASKED;
  }
  if (Array.isArray(value)) return value.map((v, i) => maskByMarker(v, Array.isArray(marker) ? marker[i] : undefined, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskByMarker(v, isObject(marker) ? marker[k] : undefined, secrets)]));
  return value;
}

function collect(value: Json, secrets: Set<string>): void {
  if (value === MASKED || value === MASKED_CHANGED) return;
  // Only strings are searched for: a masked number or boolean would match unrelated values.
  if (typeof value === "string") secrets.add(value);
  else if (Array.isArray(value)) value.forEach((v) => collect(v, secrets));
  else if (isObject(value)) Object.values(value).forEach((v) => collect(v, secrets));
}

/** Replaces every string equal to a secret, and every long secret inside a string, everywhere. */
function scrub(value: Json, secrets: readonly string[]): Json {
  if (typeof value === "string") {
    if (secrets.includes(value) && value !== MASKED_CHANGED) return MASKED;
    let out = value;
    for (const secret of secrets) if (secret.length >= MIN_SUBSTRING_LENGTH && out.includes(secret)) out = out.split(secret).join(MASKED);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, secrets)]));
  return value;
}

function isObject(value: Json): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
