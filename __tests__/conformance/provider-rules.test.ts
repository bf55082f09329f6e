import { attributePaths, checkRule, type Rule } from "./engine";
import { IGNORABLE, RULES } from "./rules";
import { allDocuments, blocksOf } from "./stacks";

/**
 * The providers' rules (rules.ts, each citing its source) over every resource and data source of every
 * stack of the checked-in Verbund and of the fixture Verbund at the limits.
 */
const documents = allDocuments();
const byType = new Map<string, Rule[]>();
for (const rule of RULES) byType.set(rule.resource, [...(byType.get(rule.resource) ?? []), rule]);

describe("the providers' rules", () => {
  it("hold for every resource of every stack", () => {
    const problems: string[] = [];
    for (const [label, doc] of documents) {
      for (const [type, name, config] of blocksOf(doc)) {
        for (const rule of byType.get(type) ?? []) {
          for (const problem of checkRule(rule, config)) problems.push(`${label} ${type}.${name}: ${problem} [${rule.source}]`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("cover every resource type and every attribute the stacks set", () => {
    const uncovered = new Set<string>();
    for (const [, doc] of documents) {
      for (const [type, , config] of blocksOf(doc)) {
        const attributes = new Set((byType.get(type) ?? []).map((rule) => rule.attribute));
        if (!byType.has(type)) uncovered.add(`${type} (no rows)`);
        for (const path of attributePaths(config)) if (!attributes.has(path)) uncovered.add(`${type}.${path}`);
      }
    }
    expect([...uncovered].sort()).toEqual([]);
  });

  it("ignore only attributes of the type that something outside Terraform changes (lifecycle.ignore_changes)", () => {
    const problems: string[] = [];
    for (const [label, doc] of documents) {
      for (const [type, name, config] of blocksOf(doc)) {
        const ignored = ((config.lifecycle as { ignore_changes?: unknown } | undefined)?.ignore_changes ?? []) as unknown[];
        for (const attribute of ignored) if (!(String(attribute) in (IGNORABLE[type] ?? {}))) problems.push(`${label} ${type}.${name} ignores ${String(attribute)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("cite a provider source for every row", () => {
    for (const rule of RULES) expect(rule.source).toMatch(/^hashicorp\/terraform-provider-[a-z]+ /);
  });
});

describe("the rule engine", () => {
  const rule = (partial: Partial<Rule> & Pick<Rule, "check">): Rule => ({ resource: "x", attribute: "friendly_name", source: "test", ...partial });

  it("counts bytes, not characters (StringLenBetween)", () => {
    const twentyOneDashes = "–".repeat(21); // 63 bytes
    expect(checkRule(rule({ check: { kind: "bytes", min: 1, max: 64 } }), { friendly_name: `${twentyOneDashes}a` })).toEqual([]);
    expect(checkRule(rule({ check: { kind: "bytes", min: 1, max: 64 } }), { friendly_name: `${twentyOneDashes}ab` })).toHaveLength(1);
  });

  it("reads attributes inside lists of blocks and single blocks", () => {
    const check = { kind: "oneOf", values: ["Monday"] } as const;
    expect(checkRule(rule({ attribute: "schedule.days_of_week", check }), { schedule: [{ days_of_week: ["Monday", "Funday"] }] })).toHaveLength(1);
    expect(checkRule(rule({ attribute: "a.b", check }), { a: { b: "Funday" } })).toHaveLength(1);
  });

  it("skips literal checks on templates, whose values Terraform knows only later", () => {
    expect(checkRule(rule({ check: { kind: "bytes", min: 1, max: 3 } }), { friendly_name: "${var.long_name}" })).toEqual([]);
  });

  it("finds ConflictsWith, RequiredWith and ExactlyOneOf violations", () => {
    expect(checkRule(rule({ attribute: "a", check: { kind: "conflictsWith", other: "b" } }), { a: "1", b: [{ c: 1 }] })).toHaveLength(1);
    expect(checkRule(rule({ attribute: "a", check: { kind: "requiredWith", other: "b" } }), { a: "1" })).toHaveLength(1);
    expect(checkRule(rule({ attribute: "a", check: { kind: "exactlyOneOf", others: ["b"] } }), {})).toHaveLength(1);
    expect(checkRule(rule({ attribute: "a", check: { kind: "exactlyOneOf", others: ["b"] } }), { b: 1 })).toEqual([]);
  });

  it("flags ForceNew arguments that move by themselves", () => {
    expect(checkRule(rule({ attribute: "name", check: { kind: "forceNew" } }), { name: "vm-${timestamp()}" })).toHaveLength(1);
    expect(checkRule(rule({ attribute: "name", check: { kind: "forceNew" } }), { name: "${time_rotating.r.rfc3339}" })).toHaveLength(1);
    expect(checkRule(rule({ attribute: "name", check: { kind: "forceNew" } }), { name: "${azurerm_resource_group.rg.name}" })).toEqual([]);
  });
});
