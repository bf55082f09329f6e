/**
 * The conformance engine: provider rules as data (rules.ts), checked over every resource of every
 * synthesized stack. A rule names a resource type, an attribute path (blocks joined by ".", lists of
 * blocks flattened), what the provider checks, and the provider source it comes from.
 */

/** What the provider checks for one attribute (or, for `custom`, for a whole resource). */
export type Check =
  /** validation.StringLenBetween / Go len(): counts UTF-8 bytes, not characters ("–" is 3). */
  | { readonly kind: "bytes"; readonly min: number; readonly max: number }
  /** validation.StringInSlice(…, false): case-sensitive. Applied to each element of a list. */
  | { readonly kind: "oneOf"; readonly values: readonly string[] }
  /** A regular expression the provider matches (validation.StringMatch, regexp.MustCompile). */
  | { readonly kind: "pattern"; readonly pattern: RegExp; readonly says: string }
  | { readonly kind: "intBetween"; readonly min: number; readonly max: number }
  /** ConflictsWith: the attribute and `other` are never both set. */
  | { readonly kind: "conflictsWith"; readonly other: string }
  /** RequiredWith: when the attribute is set, `other` is set too. */
  | { readonly kind: "requiredWith"; readonly other: string }
  /** ExactlyOneOf over the attribute and `others`. */
  | { readonly kind: "exactlyOneOf"; readonly others: readonly string[] }
  /** ForceNew: a change replaces the resource, so the value must not move unless the declaration does. */
  | { readonly kind: "forceNew" }
  /** The provider declares only the type (no ValidateFunc); the row records that this was read. */
  | { readonly kind: "typeOnly"; readonly type: "string" | "bool" | "int" | "list" | "map" | "block" }
  /** A rule the provider applies in code (expand functions, CustomizeDiff); returns problems. */
  | { readonly kind: "custom"; readonly says: string; readonly test: (resource: Resource) => readonly string[] };

/** One row of the rule table. */
export interface Rule {
  /** Terraform type; data sources are written "data.<type>". */
  readonly resource: string;
  /** Attribute path; "" for a rule about the whole resource. */
  readonly attribute: string;
  readonly check: Check;
  /** Provider source file (at the pinned tag) and the validator, or the Microsoft document. */
  readonly source: string;
}

export type Resource = Record<string, unknown>;

/** Meta-arguments and markers that are Terraform's, not the provider's. */
export const META_ARGUMENTS = new Set(["//", "depends_on", "lifecycle", "provider", "count", "for_each", "provisioner", "connection"]);
/** Attributes whose value is a map (keys are data, not nested attributes). */
export const MAP_ATTRIBUTES = new Set(["tags", "triggers"]);

/** A Terraform template: its value is only known at plan or apply. */
export const isTemplate = (value: unknown): boolean => typeof value === "string" && (value.includes("${") || value.includes("%{"));

/** Every value at a dotted path; lists of blocks (and single blocks written as objects) are flattened. */
export function valuesAt(resource: Resource, attribute: string): unknown[] {
  let current: unknown[] = [resource];
  for (const part of attribute.split(".")) {
    const next: unknown[] = [];
    for (const value of current) {
      for (const block of Array.isArray(value) ? value : [value]) {
        if (block && typeof block === "object" && !Array.isArray(block) && part in block) next.push((block as Record<string, unknown>)[part]);
      }
    }
    current = next;
  }
  return current.filter((value) => value !== undefined && value !== null);
}

/** Whether an attribute is set (Terraform treats an empty list like an unset one for blocks). */
export const isSet = (resource: Resource, attribute: string): boolean => valuesAt(resource, attribute).some((v) => !(Array.isArray(v) && v.length === 0));

/** Every attribute path a resource sets, in the rule table's notation. */
export function attributePaths(resource: Resource, prefix = ""): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(resource)) {
    if (!prefix && META_ARGUMENTS.has(key)) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    const blocks = (Array.isArray(value) ? value : [value]).filter((v) => v && typeof v === "object" && !Array.isArray(v)) as Resource[];
    if (!MAP_ATTRIBUTES.has(key) && blocks.length > 0 && blocks.length === (Array.isArray(value) ? value.length : 1)) {
      for (const block of blocks) for (const inner of attributePaths(block, path)) if (!paths.includes(inner)) paths.push(inner);
    } else paths.push(path);
  }
  return paths;
}

/**
 * Functions and resources whose values move without a declaration change. A time_static without
 * `triggers` keeps the time of its creation for good (hashicorp/terraform-provider-time 0.13.1
 * internal/provider/resource_time_static.go: rfc3339 Computed, only `triggers` RequiresReplace); the
 * rules allow as triggers only the budget's other ForceNew inputs (rules.ts), so it is not listed here.
 */
const VOLATILE = /\b(timestamp|uuid|bcrypt|plantimestamp)\(|\btime_(rotating|offset)\./;

/** Problems one rule finds in one resource. */
export function checkRule(rule: Rule, resource: Resource): string[] {
  const { check } = rule;
  if (check.kind === "custom") return [...check.test(resource)];
  const at = rule.attribute;
  const values = valuesAt(resource, at);
  const problems: string[] = [];
  const literal = (value: unknown): value is string | number | boolean => !isTemplate(value) && (typeof value === "string" || typeof value === "number" || typeof value === "boolean");
  const elements = values.flatMap((value) => (Array.isArray(value) ? value : [value]));
  switch (check.kind) {
    case "bytes":
      for (const value of elements.filter(literal)) {
        const bytes = Buffer.byteLength(String(value), "utf8");
        if (bytes < check.min || bytes > check.max) problems.push(`${at} is ${bytes} bytes, must be ${check.min}–${check.max}: ${JSON.stringify(value)}`);
      }
      break;
    case "oneOf":
      for (const value of elements.filter(literal)) if (!check.values.includes(String(value))) problems.push(`${at} ${JSON.stringify(value)} is not one of ${check.values.join(", ")}`);
      break;
    case "pattern":
      for (const value of elements.filter(literal)) if (!check.pattern.test(String(value))) problems.push(`${at} ${JSON.stringify(value)}: ${check.says}`);
      break;
    case "intBetween":
      for (const value of elements.filter(literal)) {
        if (typeof value !== "number" || !Number.isInteger(value) || value < check.min || value > check.max) problems.push(`${at} ${JSON.stringify(value)} must be a whole number ${check.min}–${check.max}`);
      }
      break;
    case "conflictsWith":
      if (isSet(resource, at) && isSet(resource, check.other)) problems.push(`${at} conflicts with ${check.other}: set only one`);
      break;
    case "requiredWith":
      if (isSet(resource, at) && !isSet(resource, check.other)) problems.push(`${at} requires ${check.other}`);
      break;
    case "exactlyOneOf": {
      const set = [at, ...check.others].filter((a) => isSet(resource, a));
      if (set.length !== 1) problems.push(`exactly one of ${[at, ...check.others].join(", ")} must be set (set: ${set.join(", ") || "none"})`);
      break;
    }
    case "forceNew":
      for (const value of elements) if (typeof value === "string" && VOLATILE.test(value)) problems.push(`${at} forces replacement and depends on a value that moves by itself: ${value}`);
      break;
    case "typeOnly":
      break;
  }
  return problems;
}
