/**
 * A small evaluator of the Azure Policy rule language, for the tests only: enough of it to run the
 * Verbund's custom definitions (lib/policies/azure.ts) against resources as Azure Resource Manager
 * would see them. It follows Microsoft Learn, "Azure Policy definition structure: policy rule"
 * (conditions compare strings case-insensitively; `like` takes `*` wildcards; a field that does not
 * exist fails equals/in/like and passes notEquals/notIn/notLike) and "…: count" (field count over an
 * alias with [*], value count over an array with `name` and current()).
 *
 * Aliases are resolved through an explicit table (ALIASES) of exactly those the definitions use, each
 * mapped to the property path in the resource's ARM JSON; an alias missing from the table throws, so a
 * definition cannot quietly use one the tests do not understand.
 */

/** A resource as Resource Manager sees it: type, name, location, tags and its properties. */
export interface ArmResource {
  readonly type: string;
  readonly name: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties?: Record<string, unknown>;
  /** Whether the type carries tags and location (what mode "Indexed" evaluates). */
  readonly indexed: boolean;
}

/** Alias → property path in the ARM JSON (segments ending in [*] are arrays). */
export const ALIASES: Readonly<Record<string, string>> = {
  "Microsoft.Network/networkSecurityGroups/securityRules/direction": "properties.direction",
  "Microsoft.Network/networkSecurityGroups/securityRules/access": "properties.access",
  "Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefix": "properties.sourceAddressPrefix",
  "Microsoft.Network/networkSecurityGroups/securityRules/sourceAddressPrefixes[*]": "properties.sourceAddressPrefixes[*]",
  "Microsoft.Network/networkSecurityGroups/securityRules[*]": "properties.securityRules[*]",
  "Microsoft.Network/networkSecurityGroups/securityRules[*].direction": "properties.securityRules[*].properties.direction",
  "Microsoft.Network/networkSecurityGroups/securityRules[*].access": "properties.securityRules[*].properties.access",
  "Microsoft.Network/networkSecurityGroups/securityRules[*].sourceAddressPrefix": "properties.securityRules[*].properties.sourceAddressPrefix",
  "Microsoft.Network/networkSecurityGroups/securityRules[*].sourceAddressPrefixes[*]": "properties.securityRules[*].properties.sourceAddressPrefixes[*]",
  "Microsoft.Network/virtualNetworks/subnets/networkSecurityGroup.id": "properties.networkSecurityGroup.id",
  "Microsoft.Network/virtualNetworks/subnets[*]": "properties.subnets[*]",
  "Microsoft.Network/virtualNetworks/subnets[*].name": "properties.subnets[*].name",
  "Microsoft.Network/virtualNetworks/subnets[*].networkSecurityGroup.id": "properties.subnets[*].properties.networkSecurityGroup.id",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/remoteVirtualNetwork.id": "properties.remoteVirtualNetwork.id",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*]": "properties.virtualNetworkPeerings[*]",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*].remoteVirtualNetwork.id": "properties.virtualNetworkPeerings[*].properties.remoteVirtualNetwork.id",
};

interface Context {
  readonly resource: ArmResource;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Array path (as in ALIASES, up to a [*]) → the element a field count is at. */
  readonly elements: ReadonlyMap<string, unknown>;
  /** Value count names → the current value. */
  readonly values: ReadonlyMap<string, unknown>;
}

type Condition = Record<string, unknown>;

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
const like = (value: unknown, pattern: unknown) =>
  typeof value === "string" && typeof pattern === "string" && new RegExp(`^${pattern.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`, "i").test(value);

/** Evaluates a template expression: "[parameters('x')]", "[current('x')]", "[field('x')]", "[concat(…)]", string literals; other strings are literals. */
function expression(value: unknown, ctx: Context): unknown {
  if (typeof value !== "string" || !value.startsWith("[") || !value.endsWith("]") || value.startsWith("[[")) return value;
  return call(value.slice(1, -1).trim(), ctx);
}

function call(text: string, ctx: Context): unknown {
  if (/^'.*'$/s.test(text)) return text.slice(1, -1);
  const match = /^([a-zA-Z]+)\((.*)\)$/s.exec(text);
  if (!match) throw new Error(`expression not understood: ${text}`);
  const args = splitArguments(match[2]!).map((a) => call(a, ctx));
  switch (match[1]) {
    case "parameters":
      if (!(String(args[0]) in ctx.parameters)) throw new Error(`no parameter ${String(args[0])}`);
      return ctx.parameters[String(args[0])];
    case "current":
      if (!ctx.values.has(String(args[0]))) throw new Error(`current(${String(args[0])}) outside its count`);
      return ctx.values.get(String(args[0]));
    case "field":
      return field(String(args[0]), ctx);
    case "concat":
      return args.map(String).join("");
    default:
      throw new Error(`function ${match[1]} not supported here`);
  }
}

function splitArguments(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === "(") depth++;
    else if (!quoted && c === ")") depth--;
    else if (!quoted && depth === 0 && c === ",") {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  if (text.trim() !== "") out.push(text.slice(start).trim());
  return out;
}

/** A field's value: type, name, location, tags, or an alias (through ALIASES and the count elements in context). */
function field(name: string, ctx: Context): unknown {
  const r = ctx.resource;
  if (name === "type") return r.type;
  if (name === "name") return r.name;
  if (name === "location") return r.location;
  const tag = /^tags\[(.*)\]$/.exec(name) ?? /^tags\.(.*)$/.exec(name);
  if (tag) {
    const wanted = tag[1]!.toLowerCase();
    const key = Object.keys(r.tags ?? {}).find((k) => k.toLowerCase() === wanted);
    return key === undefined ? undefined : r.tags![key];
  }
  const path = ALIASES[name];
  if (path === undefined) throw new Error(`alias not in the test's table: ${name}`);
  // An alias of another type does not exist on this resource.
  if (!name.toLowerCase().startsWith(`${r.type.toLowerCase()}/`) && !name.toLowerCase().startsWith(`${r.type.toLowerCase()}[`)) return undefined;
  return resolve(path, ctx);
}

function resolve(path: string, ctx: Context): unknown {
  let value: unknown = ctx.resource;
  const segments = path.split(".");
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    const array = segment.endsWith("[*]");
    const key = array ? segment.slice(0, -3) : segment;
    value = value && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;
    if (array) {
      const prefix = segments.slice(0, i + 1).join(".");
      if (ctx.elements.has(prefix)) value = ctx.elements.get(prefix);
      else if (i === segments.length - 1) return Array.isArray(value) ? value : [];
      else throw new Error(`array alias ${path} used outside a count over ${prefix}`);
    }
  }
  return value;
}

function count(spec: Condition, ctx: Context): number {
  if (typeof spec.field === "string") {
    const path = ALIASES[spec.field];
    if (path === undefined) throw new Error(`alias not in the test's table: ${spec.field}`);
    const items = field(spec.field, ctx);
    const list = Array.isArray(items) ? items : [];
    if (!spec.where) return list.length;
    return list.filter((item) => evaluate(spec.where as Condition, { ...ctx, elements: new Map([...ctx.elements, [path, item]]) })).length;
  }
  const items = expression(spec.value, ctx);
  const list = Array.isArray(items) ? items : [];
  if (!spec.where) return list.length;
  return list.filter((item) => evaluate(spec.where as Condition, { ...ctx, values: new Map([...ctx.values, [String(spec.name), item]]) })).length;
}

/** Whether a condition holds for the resource. */
export function evaluate(condition: Condition, ctx: Context): boolean {
  if (Array.isArray(condition.allOf)) return (condition.allOf as Condition[]).every((c) => evaluate(c, ctx));
  if (Array.isArray(condition.anyOf)) return (condition.anyOf as Condition[]).some((c) => evaluate(c, ctx));
  if (condition.not) return !evaluate(condition.not as Condition, ctx);
  let subject: unknown;
  if (condition.count) subject = count(condition.count as Condition, ctx);
  else if ("field" in condition) subject = field(String(expression(condition.field, ctx)), ctx);
  else if ("value" in condition) subject = expression(condition.value, ctx);
  else throw new Error(`condition not understood: ${JSON.stringify(condition)}`);
  if (Array.isArray(subject) && !condition.count) throw new Error(`a [*] alias outside a count is not supported here: ${JSON.stringify(condition)}`);
  const operators = Object.keys(condition).filter((k) => !["field", "value", "count"].includes(k));
  if (operators.length !== 1) throw new Error(`one operator expected: ${JSON.stringify(condition)}`);
  const operator = operators[0]!;
  const operand = expression(condition[operator], ctx);
  const exists = subject !== undefined && subject !== null;
  switch (operator) {
    case "equals":
      return exists && lower(subject) === lower(typeof subject === "number" ? Number(operand) : operand);
    case "notEquals":
      return !exists || lower(subject) !== lower(typeof subject === "number" ? Number(operand) : operand);
    case "in":
      return exists && (operand as unknown[]).map(lower).includes(lower(subject));
    case "notIn":
      return !exists || !(operand as unknown[]).map(lower).includes(lower(subject));
    case "like":
      return exists && like(subject, operand);
    case "notLike":
      return !exists || !like(subject, operand);
    case "exists":
      return exists === (String(operand).toLowerCase() === "true");
    case "greater":
      return typeof subject === "number" && subject > Number(operand);
    case "less":
      return typeof subject === "number" && subject < Number(operand);
    default:
      throw new Error(`operator ${operator} not supported here`);
  }
}

/** A definition as lib/policies/azure.ts holds it. */
export interface EvaluatedDefinition {
  readonly mode: "All" | "Indexed";
  readonly parameters: Readonly<Record<string, { readonly defaultValue?: unknown }>>;
  readonly policyRule: unknown;
}

/** The effect Azure applies to the resource under an assignment ("" when the rule does not match or the mode skips it). */
export function effectOn(definition: EvaluatedDefinition, assignment: Readonly<Record<string, { value: unknown }>>, resource: ArmResource): string {
  if (definition.mode === "Indexed" && !resource.indexed) return "";
  const parameters: Record<string, unknown> = Object.fromEntries(Object.entries(definition.parameters).map(([k, p]) => [k, p.defaultValue]));
  for (const [k, v] of Object.entries(assignment)) parameters[k] = v.value;
  const rule = definition.policyRule as { if: Condition; then: { effect: string } };
  const ctx: Context = { resource, parameters, elements: new Map(), values: new Map() };
  return evaluate(rule.if, ctx) ? String(expression(rule.then.effect, ctx)) : "";
}
