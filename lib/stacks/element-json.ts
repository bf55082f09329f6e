/**
 * The resolved Terraform JSON of the elements our stacks hold, built as cdktf 0.21.0 builds it
 * (element.toTerraform(), then resolve) with less work in between: resources and data sources go
 * straight from their provider-generated attributes to resolved JSON (one walk instead of
 * processDynamicAttributes, keysToSnakeCase, deepMerge, resolve and the stack's deepMerge), and
 * snake-casing is memoised. Anything these paths do not mirror exactly (overrides, moves, imports,
 * provisioners, dynamic blocks, a class that overrides one of the methods mirrored here) returns
 * undefined, and the caller uses cdktf's own toTerraform. cdktf is archived at 0.21.0, so the
 * methods mirrored here cannot move; a test compares every stack with cdktf's own toTerraform.
 */
import { TerraformDataSource, TerraformElement, TerraformProvider, TerraformResource } from "cdktf";
import { mayHoldExpression, NotMirrored, plainString, resolveAttributesFast, resolvePlainFast, type ResolveOptions, type WrittenWalk } from "./fast-resolve";
import { memoized } from "./memo";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const util = require("cdktf/lib/util") as {
  deepMerge: (target: object, ...sources: object[]) => Record<string, unknown>;
  snakeCase: (value: string) => string;
  processDynamicAttributes: (attributes: Record<string, unknown>) => Record<string, unknown>;
};

/** A cdktf element's members this module reads (most are protected or internal in cdktf's types). */
interface ElementInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly terraformResourceType: string;
  readonly friendlyUniqueId: string;
  readonly terraformMetaArguments: Record<string, unknown>;
  readonly node: TerraformElement["node"];
  synthesizeAttributes(): Record<string, unknown>;
  // TerraformResource (terraform-resource.js)
  readonly _hasMoved?: boolean;
  readonly _movedByTarget?: unknown;
  readonly _movedById?: unknown;
  readonly _imported?: unknown;
  readonly provisioners?: unknown;
  // TerraformProvider (terraform-provider.js)
  readonly terraformGeneratorMetadata?: { providerVersion?: string; providerVersionConstraint?: string };
  readonly terraformProviderSource?: string;
  readonly metaAttributes: Record<string, unknown>;
}

/** The element kinds with a fast path, by the cdktf class whose methods an element uses unchanged. */
export type FastKind = "resource" | "data" | "provider";

const kinds = new WeakMap<object, FastKind | null>();

/** The prototype that defines `name` for `element`. */
function definedBy(element: object, name: string): object | undefined {
  for (let proto = Object.getPrototypeOf(element) as object | null; proto; proto = Object.getPrototypeOf(proto) as object | null) {
    if (Object.prototype.hasOwnProperty.call(proto, name)) return proto;
  }
  return undefined;
}

/** Whether the element's class uses cdktf's own toTerraform, toMetadata and node metadata of its kind (memoised per class). */
export function fastKind(element: TerraformElement): FastKind | undefined {
  let kind = kinds.get(element.constructor);
  if (kind === undefined) {
    const own = (proto: object) => definedBy(element, "toTerraform") === proto && definedBy(element, "toMetadata") === proto && definedBy(element, "constructNodeMetadata") === TerraformElement.prototype;
    if (TerraformResource.isTerraformResource(element)) kind = own(TerraformResource.prototype) && definedBy(element, "_buildMovedBlock") === TerraformResource.prototype ? "resource" : null;
    else if (element instanceof TerraformDataSource) kind = own(TerraformDataSource.prototype) ? "data" : null;
    else if (TerraformProvider.isTerraformProvider(element)) kind = own(TerraformProvider.prototype) ? "provider" : null;
    else kind = null;
    kinds.set(element.constructor, kind);
  }
  return kind ?? undefined;
}

/**
 * Whether the element's toMetadata gives nothing (terraform-resource.js, terraform-data-source.js,
 * terraform-provider.js: only overrides, imports and moves are recorded there).
 */
export function hasNoMetadata(element: TerraformElement, kind: FastKind): boolean {
  const e = element as unknown as ElementInternals;
  for (const _ in e.rawOverrides) if (Object.prototype.hasOwnProperty.call(e.rawOverrides, _)) return false;
  return kind !== "resource" || !importedOrMoved(e);
}

/** Whether a resource is imported or moved (recorded in its metadata, and written by cdktf's own toTerraform). */
function importedOrMoved(e: ElementInternals): boolean {
  return Boolean(e._imported || e._movedByTarget || e._movedById);
}

/** cdktf's snakeCase (util.js), memoised: a pure function of the key, called for every key of every block. */
const snakeCase = memoized((key) => util.snakeCase(key), 50_000);

/** cdktf's keysToSnakeCase (util.js), line for line, with the memoised snakeCase. */
export function keysToSnakeCase(object: unknown): unknown {
  if (typeof object === "object" && object !== null && typeof (object as { resolve?: unknown }).resolve === "function") return object;
  if (Array.isArray(object)) return object.map((e: unknown) => (typeof e === "object" ? keysToSnakeCase(e) : e));
  const record = object as Record<string, unknown>;
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(record)) {
    if (key === "tags" || key === "environment") {
      result[key] = record[key];
      continue;
    }
    let value = record[key];
    if (typeof value === "object") value = keysToSnakeCase(value);
    if (Array.isArray(value)) value = value.map((e: unknown) => (typeof e === "object" ? keysToSnakeCase(e) : e));
    result[snakeCase(key)] = value;
  }
  return result;
}

/** TerraformProvider.toTerraform (terraform-provider.js), with the memoised snake-casing; resolve it as cdktf would. */
export function providerFragment(element: TerraformElement): Record<string, unknown> {
  const e = element as unknown as ElementInternals;
  // Read only, as cdktf's method reads it (versions are set in lib/constructs/provider-compat.ts alone).
  const { terraformGeneratorMetadata: generator } = e;
  return {
    terraform: {
      required_providers: {
        [e.terraformResourceType]: {
          version: generator?.providerVersion || generator?.providerVersionConstraint,
          source: e.terraformProviderSource,
        },
      },
    },
    provider: {
      [e.terraformResourceType]: [util.deepMerge(keysToSnakeCase(util.processDynamicAttributes(e.synthesizeAttributes())) as object, e.rawOverrides, e.metaAttributes)],
    },
  };
}

/** The meta-arguments TerraformResource.toTerraform merges into the attributes (after keysToSnakeCase), and `provisioner`. */
const RESOURCE_META = ["depends_on", "count", "provider", "lifecycle", "for_each", "connection", "provisioner"] as const;
/** TerraformDataSource's meta-arguments. */
const DATA_META = ["depends_on", "count", "provider", "lifecycle", "for_each"] as const;

/**
 * The resolved block of a resource or data source, `resolve(element.toTerraform()).resource[type][id]`
 * (or `.data[type][id]`), or undefined when cdktf's toTerraform must build it. Mirrors
 * TerraformResource.toTerraform (terraform-resource.js) and TerraformDataSource.toTerraform
 * (terraform-data-source.js): deepMerge(processDynamicAttributes(attributes), keysToSnakeCase(meta
 * arguments), {provisioner}, rawOverrides), then "//" with the construct's metadata. Here: no raw
 * overrides but scalar ones at the top level (topLevelOverrides), no moves, imports or provisioners; no dynamic block or Date (NotMirrored); no meta-argument that an attribute of the same name would merge with; then the merge only
 * deletes the attributes named like an unset meta-argument and adds the set ones after the others,
 * and resolving the merged object is resolving its parts. `path` is the element's construct path
 * (node.path), `id` its logical id (friendlyUniqueId). With `written`, the block is resolved in written order (resolvePlainFast), "//" first.
 */
export function elementBlock(element: TerraformElement, kind: "resource" | "data", path: string, id: string, options: ResolveOptions, written?: WrittenWalk): Record<string, unknown> | undefined {
  const e = element as unknown as ElementInternals;
  if (kind === "resource" && (importedOrMoved(e) || e._hasMoved || e.provisioners != null)) return undefined;
  const names = kind === "resource" ? RESOURCE_META : DATA_META;
  const overrides = topLevelOverrides(e.rawOverrides, names);
  if (overrides === null) return undefined;
  const attributes = e.synthesizeAttributes();
  if (Object.getPrototypeOf(attributes) !== Object.prototype || Object.prototype.hasOwnProperty.call(attributes, "//")) return undefined;
  const meta = keysToSnakeCase(e.terraformMetaArguments) as Record<string, unknown>;
  let merged = attributes;
  for (const name of names) {
    if (meta[name] === undefined) continue;
    if (Object.prototype.hasOwnProperty.call(attributes, name)) return undefined;
    if (merged === attributes) merged = { ...attributes };
    merged[name] = meta[name];
  }
  if (overrides !== undefined) {
    // deepMerge sets a string, number or boolean where it is, or after the others.
    if (merged === attributes) merged = { ...attributes };
    for (const key of Object.keys(overrides)) merged[key] = overrides[key];
  }
  const trace = element.node.metadata.find((entry) => entry.type === "stacktrace")?.trace;
  let block: Record<string, unknown> | undefined;
  try {
    block = written ? resolveAttributesFast(merged, { "//": metadataBlock(path, id, trace, options, written) }, options, written) : resolveAttributesFast(merged, {}, options);
  } catch (error) {
    if (error instanceof NotMirrored) return undefined;
    throw error;
  }
  if (block === undefined) return undefined;
  for (const name of names) {
    if (meta[name] !== undefined || !Object.prototype.hasOwnProperty.call(block, name)) continue;
    // What was recorded of the attribute is not written.
    if (written) written.inForm = false;
    delete block[name];
  }
  if (!written) block["//"] = metadataBlock(path, id, trace, options);
  return block;
}

/**
 * The element's raw overrides when each is a string, number or boolean set on an attribute at the
 * top level (`addOverride("backup_tier", "Vault")`, lib/constructs/provider-compat.ts), named
 * neither like a meta-argument nor `"//"`: then TerraformResource.toTerraform's deepMerge of them
 * only sets those keys. Undefined when there are none, null for any other override (cdktf's path).
 */
function topLevelOverrides(rawOverrides: Record<string, unknown>, names: readonly string[]): Record<string, unknown> | null | undefined {
  let any = false;
  for (const key in rawOverrides) {
    if (!Object.prototype.hasOwnProperty.call(rawOverrides, key)) continue;
    const type = typeof rawOverrides[key];
    if ((type !== "string" && type !== "number" && type !== "boolean") || key === "//" || names.includes(key)) return null;
    any = true;
  }
  return any ? rawOverrides : undefined;
}

/**
 * The resolved `"//"` of an element, resolve(constructNodeMetadata) (terraform-element.js): without a
 * stack trace (the App's `stackTraces: false`) and with a path and logical id that resolve to
 * themselves, the object is built here (its keys are in written order either way); else resolved.
 */
function metadataBlock(path: string, uniqueId: string, stackTrace: unknown, options: ResolveOptions, written?: WrittenWalk): unknown {
  if (stackTrace !== undefined || !plainString(path) || !plainString(uniqueId)) return resolvePlainFast({ metadata: { path, uniqueId, stackTrace } }, options, written);
  if (written) {
    if (mayHoldExpression(path)) written.expressions.push(path);
    if (mayHoldExpression(uniqueId)) written.expressions.push(uniqueId);
  }
  return { metadata: { path, uniqueId } };
}
