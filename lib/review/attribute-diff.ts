/**
 * What changes in a resource, value by value: each changed attribute before → after (sensitive values
 * masked, long values shortened), and nested blocks identified by their `name` (an NSG's
 * security_rule, say) reported as the block added, removed or changed, with the fields that changed.
 */
import { describeRule } from "./nsg-rules";
import { asObject, type Change, changedAttributes, markerOf, showValue } from "./plan-json";

/** One changed attribute. */
export interface AttributeChange {
  readonly name: string;
  readonly before: string;
  readonly after: string;
  readonly forcesReplacement: boolean;
}

/** One nested block (matched by name) added, removed or changed. */
export interface BlockChange {
  readonly attribute: string;
  readonly key: string;
  readonly kind: "added" | "removed" | "changed";
  readonly detail: string;
}

/** Longest value shown in the comment; the whole value is in the plan text. */
export const VALUE_LIMIT = 120;

/** The attribute and block changes of an update or replace. */
export function diffChange(type: string, change: Change, forcesReplacement: readonly string[]): { attributes: AttributeChange[]; blocks: BlockChange[] } {
  const before = asObject(change.before);
  const after = asObject(change.after);
  const attributes: AttributeChange[] = [];
  const blocks: BlockChange[] = [];
  const names = changedAttributes(change);
  const ordered = [...forcesReplacement.filter((n) => names.includes(n)), ...names.filter((n) => !forcesReplacement.includes(n))];
  for (const name of ordered) {
    const sensitive = [markerOf(change.before_sensitive, name), markerOf(change.after_sensitive, name)];
    const named = namedBlocks(before[name], after[name]);
    if (named && !sensitive.some((s) => s !== undefined && s !== false && JSON.stringify(s).includes("true"))) {
      blocks.push(...blockChanges(type, name, named[0], named[1]));
      continue;
    }
    attributes.push({
      name,
      before: showValue(before[name], sensitive, undefined, VALUE_LIMIT),
      after: showValue(after[name], sensitive, markerOf(change.after_unknown, name), VALUE_LIMIT),
      forcesReplacement: forcesReplacement.includes(name),
    });
  }
  return { attributes, blocks };
}

/** Both sides as maps by name when the attribute is a list of blocks that all have a name. */
function namedBlocks(before: unknown, after: unknown): [Map<string, Record<string, unknown>>, Map<string, Record<string, unknown>>] | undefined {
  const asMap = (v: unknown) => {
    if (v === null || v === undefined) return new Map<string, Record<string, unknown>>();
    if (!Array.isArray(v) || !v.every((b) => typeof asObject(b).name === "string")) return undefined;
    const map = new Map(v.map((b) => [asObject(b).name as string, asObject(b)]));
    return map.size === v.length ? map : undefined;
  };
  const b = asMap(before);
  const a = asMap(after);
  if (!a || !b || (a.size === 0 && b.size === 0)) return undefined;
  return [b, a];
}

function blockChanges(type: string, attribute: string, before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>): BlockChange[] {
  const describe = (block: Record<string, unknown>) => (type === "azurerm_network_security_group" && attribute === "security_rule" ? describeRule(block) : showValue(block, undefined, undefined, VALUE_LIMIT));
  const out: BlockChange[] = [];
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const b = before.get(key);
    const a = after.get(key);
    if (!b && a) out.push({ attribute, key, kind: "added", detail: describe(a) });
    else if (b && !a) out.push({ attribute, key, kind: "removed", detail: describe(b) });
    else if (b && a && JSON.stringify(b) !== JSON.stringify(a)) {
      const fields = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((f) => JSON.stringify(b[f]) !== JSON.stringify(a[f])).sort();
      out.push({ attribute, key, kind: "changed", detail: fields.map((f) => `${f}: ${showValue(b[f], undefined, undefined, VALUE_LIMIT)} → ${showValue(a[f], undefined, undefined, VALUE_LIMIT)}`).join("; ") });
    }
  }
  return out;
}
