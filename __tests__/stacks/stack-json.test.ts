import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformCount, TerraformDataSource, TerraformElement, TerraformIterator, TerraformOutput, TerraformResource, TerraformStack, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { writeGeneratedTraeger } from "../../bench/generate";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { dependable } = require("cdktf/lib/tfExpression") as { dependable: (element: { fqn: string }) => string };
import { buildApp, newApp, synthesizeApp, synthesizeUnit } from "../../lib/app/build";
import { checkStackOutput, createManifest } from "../../lib/app/synth-stack";
import { stableJson } from "../../lib/app/synthesize";
import { stableJsonParts } from "../../lib/app/stable-json";

/** stableJsonParts with its parts joined. */
function stableJsonWithData(value: unknown): { text: string; data: unknown; parts: readonly string[] } | undefined {
  const written = stableJsonParts(value);
  return written && { text: written.parts.join(""), data: written.data, parts: written.parts };
}
import { policyRulesFor, stackUnits } from "../../lib/app/units";
import { markTokens, releaseTokensSince, resolvePlainFast, SelfContainedStack, stackJsonWithoutFinalResolve } from "../../lib/stacks/stack-json";
import { mayHoldExpression } from "../../lib/stacks/fast-resolve";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { subscriptionStackId, type VerbundModel } from "../../lib/verbund";
import { PROJECT_ROOT } from "../../lib/project-root";
import { FIXTURE_VERBUND_ENV, loadModel } from "../helpers/synth";

const FIXTURES = path.join(__dirname, "..", "fixtures");

/**
 * The Verbünde whose every stack is compared with cdktf's own output: the fixture Verbünde and four
 * generated Träger (two adopt their subscription, two have it vended), which between them hold every
 * kind of stack and resource; with `checkedIn`, the checked-in one too. Its stacks are compared byte
 * for byte with what cdktf's App.synth writes; the steps in between are compared on the fixtures.
 */
function verbuende(options: { checkedIn?: boolean } = {}): [string, () => VerbundModel][] {
  return [
    ...(options.checkedIn ? [["the checked-in Verbund", () => loadModel()] as [string, () => VerbundModel]] : []),
    ["the fixture Verbund", () => loadModel(FIXTURE_VERBUND_ENV)],
    ["two fixture Träger", () => loadModel({ TENANTS_DIR: path.join(FIXTURES, "two-traeger") })],
    ["the Träger at the limits", () => loadModel({ TENANTS_DIR: path.join(FIXTURES, "limits", "tenants"), VERBUND_CONFIG: path.join(FIXTURES, "limits", "verbund.ts") })],
    [
      "four generated Träger, vended and adopted",
      () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-generated-"));
        try {
          writeGeneratedTraeger(dir, 4);
          const model = loadModel({ TENANTS_DIR: dir });
          expect(model.traeger.filter((t) => t.subscriptionId === undefined).length).toBeGreaterThan(0);
          expect(model.traeger.filter((t) => t.subscriptionId !== undefined).length).toBeGreaterThan(0);
          return model;
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    ],
  ];
}

describe("a Träger stack's Terraform JSON", () => {
  it.each(verbuende())("is exactly what cdktf's own toTerraform gives, for every stack of %s, and is written with the same bytes either way, the checks finding the same on the data as on the text", (_name, model_) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const model = model_();
      const { app } = buildApp(model, outdir);
      const units = stackUnits(model);
      const stacks = app.node.children.filter(TerraformStack.isStack) as TraegerStack[];
      expect(stacks.map((s) => s.node.id).sort()).toEqual([...model.traeger.flatMap((t) => [t.id, subscriptionStackId(t.id)]), "platform"].sort()); // every Träger, its subscription stack and the platform stack
      for (const stack of stacks) {
        const json = stack.toTerraform();
        const cdktf = JSON.stringify(TerraformStack.prototype.toTerraform.call(stack));
        expect([stack.node.id, JSON.stringify(json) === cdktf]).toEqual([stack.node.id, true]);
        expectWrittenFormOf(stack);
        // Written in parts through V8's JSON.stringify: the same bytes as stableJson, and the data the checks read is the text's.
        const written = stableJsonWithData(json)!;
        expect([stack.node.id, written.text === stableJson(json)]).toEqual([stack.node.id, true]);
        expect(JSON.stringify(written.data)).toBe(JSON.stringify(JSON.parse(written.text)));
        const unit = units.find((u) => u.id === stack.node.id)!;
        const fromText = checkStackOutput(unit.id, written.text, {}, unit.facts);
        const fromData = checkStackOutput(unit.id, written.parts, {}, unit.facts, undefined, written.data as Parameters<typeof checkStackOutput>[5]);
        expect(fromData).toEqual(fromText);
        // The parts stay small enough for V8's young generation (a resource's block is written whole).
        expect(Math.max(...written.parts.map((part) => part.length))).toBeLessThan(64 * 1024);
      }
      // The synth's own path (data and the strings collected while writing) against its text, parsed.
      for (const unit of units) {
        const synthesized = synthesizeUnit(unit, outdir);
        expect(synthesized).toEqual(checkStackOutput(unit.id, synthesized.text, synthesized.manifest, unit.facts, policyRulesFor(unit)));
        expect(synthesized.text).toBe(fs.readFileSync(path.join(outdir, "stacks", unit.id, "cdk.tf.json"), "utf8"));
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("falls back to cdktf's method when a stack has raw overrides", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const { app } = buildApp(loadModel(FIXTURE_VERBUND_ENV), outdir);
      const stack = app.node.children.find(TerraformStack.isStack) as TraegerStack;
      stack.addOverride("terraform.required_version", ">= 1.9");
      expect((stack.toTerraform() as { terraform: { required_version: string } }).terraform.required_version).toBe(">= 1.9");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("logical ids", () => {
  type Allocates = { allocateLogicalId(element: Parameters<TerraformStack["getLogicalId"]>[0]): string };
  const cdktfLogicalId = (stack: TerraformStack, element: Parameters<TerraformStack["getLogicalId"]>[0]) => (TerraformStack.prototype as unknown as Allocates).allocateLogicalId.call(stack, element);

  it("are the ones cdktf allocates, for every element of every stack (computed once per path, so asked twice and for a second build too)", () => {
    const model = loadModel(FIXTURE_VERBUND_ENV);
    for (let build = 0; build < 2; build += 1) {
      const { app } = buildApp(model, os.tmpdir());
      let compared = 0;
      for (const stack of app.node.children.filter(TerraformStack.isStack)) {
        const elements = stack.node.findAll().filter(TerraformElement.isTerraformElement);
        compared += elements.length;
        for (const element of elements) {
          const expected = [element.node.path, cdktfLogicalId(stack, element)];
          expect([element.node.path, stack.getLogicalId(element)]).toEqual(expected);
          expect([element.node.path, element.friendlyUniqueId]).toEqual(expected);
        }
      }
      expect(compared).toBeGreaterThan(100);
    }
  });

  it("follow cdktf for an element of a nested stack, an overridden id, a construct that is no element, and an element in no stack", () => {
    const app = newApp(os.tmpdir());
    const outer = new SelfContainedStack(app, "outer");
    const group = new Construct(outer, "group");
    const inner = new TerraformStack(group, "inner");
    const nested = new RawResource(inner, "nested", {});
    const plain = new RawResource(outer, "plain", {});
    const overridden = new RawResource(outer, "overridden", {});
    overridden.overrideLogicalId("chosen");
    for (const element of [nested, plain, overridden]) expect(outer.getLogicalId(element)).toBe(cdktfLogicalId(outer, element));
    expect(nested.friendlyUniqueId).toBe("nested");
    expect(overridden.friendlyUniqueId).toBe("chosen");
    expect(outer.getLogicalId(group.node)).toBe(cdktfLogicalId(outer, group.node));
    const stray = new RawResource(new Construct(app, "no-stack") as TerraformStack, "stray", {});
    expect(() => cdktfLogicalId(outer, stray)).toThrow(/No stack could be identified/);
    expect(() => outer.getLogicalId(stray)).toThrow(/No stack could be identified/);
  });
});

/** A resource whose attributes are given as they are, to put meta-argument names and "//" among them. */
class RawResource extends TerraformResource {
  constructor(scope: Construct, id: string, private readonly attributes: Record<string, unknown>, config: Partial<ConstructorParameters<typeof TerraformResource>[2]> = {}) {
    super(scope, id, { terraformResourceType: "raw_thing", ...config });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}

/** A data source whose attributes are given as they are. */
class RawData extends TerraformDataSource {
  constructor(scope: TerraformStack, id: string, private readonly attributes: Record<string, unknown>, config: Partial<ConstructorParameters<typeof TerraformDataSource>[2]> = {}) {
    super(scope, id, { terraformResourceType: "raw_data", ...config });
  }
  protected override synthesizeAttributes(): Record<string, unknown> {
    return this.attributes;
  }
}

/** A resource whose class reads a meta-argument through an accessor of its own: its meta-arguments come from cdktf's getter. */
class AccessorMetaResource extends RawResource {
  private counted: number | TerraformCount | undefined;
  // @ts-expect-error: an accessor in place of TerraformResource's count field
  override get count(): number | TerraformCount | undefined {
    return this.counted;
  }
  override set count(value: number | TerraformCount | undefined) {
    this.counted = value;
  }
}

/** A resource whose class computes its logical id itself. */
class OwnIdResource extends RawResource {
  override get friendlyUniqueId(): string {
    return "own_id";
  }
}

/** A stack that allocates logical ids its own way. */
class PrefixedStack extends SelfContainedStack {
  override allocateLogicalId(element: Parameters<TerraformStack["allocateLogicalId"]>[0]): string {
    return `p_${super.allocateLogicalId(element)}`;
  }
}

describe("the fast paths for resources, data sources and providers", () => {
  it("give what cdktf's toTerraform gives, and fall back to it for what they do not mirror", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    const stack = new SelfContainedStack(newApp(outdir), "edge-cases");
    fs.rmSync(outdir, { recursive: true, force: true });
    const provider = new AzurermProvider(stack, "azurerm", { features: [{ keyVault: [{ purgeSoftDeleteOnDestroy: false }] }], subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-5a6b7c8d9e0f" });
    const hub = new AzurermProvider(stack, "hub", { alias: "hub", features: [{}], subscriptionId: "3f2c8a51-7d4e-4b1a-9c0e-000000000001" });
    const rg = new ResourceGroup(stack, "rg", { name: "rg-ksm-1e300-e-x", location: "germanywestcentral", tags: { CostCenter: "4e-4", "key with space": "v" }, lifecycle: { preventDestroy: true, ignoreChanges: ["tags"] }, provider: hub });
    new NetworkSecurityGroup(stack, "nsg", {
      name: `${rg.name}-nsg`,
      location: rg.location,
      resourceGroupName: rg.name,
      dependsOn: [rg],
      provider,
      securityRule: [{ name: "allow", priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp", sourcePortRange: "*", destinationPortRange: "443", sourceAddressPrefix: "10.0.0.0/8", destinationAddressPrefix: "*" }],
    });
    new ResourceGroup(stack, "escaped", { name: "${var.prefix}-" + rg.name, location: `}${rg.location}}` });
    // An escaped expression around a reference: cdktf drops the reference's own braces inside it.
    new ResourceGroup(stack, "inside-escape", { name: "${upper(" + rg.name + ")}", location: "${lower(x)}" });
    new ResourceGroup(stack, "function", { name: Fn.join("-", ["a", rg.name]), location: Fn.lower(rg.location) });
    new ResourceGroup(stack, "overridden", { name: "x", location: "y" }).addOverride("name", "overridden");
    // Scalar overrides at the top level (the fast path), and overrides it leaves to cdktf: nested, named like a meta-argument or "//", unset.
    const scalars = new ResourceGroup(stack, "scalar-overrides", { name: "x", location: "y" });
    scalars.addOverride("backup_tier", `${rg.name}-tier`);
    scalars.addOverride("retention", 7);
    scalars.addOverride("enabled", false);
    new ResourceGroup(stack, "nested-override", { name: "x", location: "y" }).addOverride("timeouts.create", "5m");
    new ResourceGroup(stack, "meta-override", { name: "x", location: "y" }).addOverride("count", 2);
    new ResourceGroup(stack, "metadata-override", { name: "x", location: "y" }).addOverride("//", "note");
    new ResourceGroup(stack, "unset-override", { name: "x", location: "y", managedBy: "z" }).addOverride("managed_by", undefined);
    new RawData(stack, "data-override", { name: rg.name }).addOverride("extra", "${x}");
    new ResourceGroup(stack, "moved", { name: "x", location: "y" }).moveFromId("azurerm_resource_group.old");
    new ResourceGroup(stack, "imported", { name: "x", location: "y" }).importFrom("/subscriptions/x/resourceGroups/x");
    new ResourceGroup(stack, "counted", { name: "x", location: "y", count: 2 });
    const iterator = TerraformIterator.fromList(["a", "b"]);
    // forEach and count together: cdktf's getter refuses them, and so does the fast path.
    const both = new SelfContainedStack(stack.node.scope as Construct, "both");
    new RawResource(both, "both", { value: 1 }, { forEach: iterator, count: 2 });
    expect(() => TerraformStack.prototype.toTerraform.call(both)).toThrow(/forEach and count are both set/);
    expect(() => stackJsonWithoutFinalResolve(both)).toThrow(/forEach and count are both set/);
    new ResourceGroup(stack, "each", { name: Token.asString(iterator.value), location: "y", forEach: iterator });
    // A dynamic block (processDynamicAttributes moves it under "dynamic"), and a dynamic expression of an attribute.
    new VirtualNetwork(stack, "dynamic-block", { name: "x", location: "y", resourceGroupName: "z", addressSpace: ["10.0.0.0/16"], ipAddressPool: iterator.dynamic({ id: iterator.value, numberOfIpAddresses: "100" }) });
    new NetworkSecurityGroup(stack, "dynamic", { name: "x", location: "y", resourceGroupName: "z", securityRule: iterator.dynamic({ name: iterator.value, priority: 100, direction: "Inbound", access: "Allow", protocol: "Tcp" }) });
    // Attribute names that cdktf merges with meta-arguments, and a "//" of their own.
    new RawResource(stack, "named-like-meta", { provider: "attribute", depends_on: ["attribute"], count: 3, lifecycle: { create_before_destroy: true } });
    new RawResource(stack, "clashing-meta", { depends_on: ["attribute"], provider: "attribute" }, { dependsOn: [rg], provider: hub });
    new RawResource(stack, "own-metadata", { "//": { note: "own" }, value: 1 });
    new RawResource(stack, "tokens", {
      number: Lazy.numberValue({ produce: () => 3 }),
      list: rg.getListAttribute("zones"),
      numbers: rg.getNumberListAttribute("sizes"),
      map: rg.getStringMapAttribute("tags"),
      keyed: { [rg.name]: rg.id, plain: [rg.id, `${rg.id}/x`, undefined, null] },
      lazy: Lazy.stringValue({ produce: () => rg.name }),
      nothing: undefined,
      empty: [{}, []],
    });
    new RawData(stack, "data", { name: rg.name }, { dependsOn: [rg], provider: hub });
    new RawData(stack, "data-clash", { provider: "attribute" }, { provider: hub });
    // A path that cdktf's number pass reads (its "//" is resolved by cdktf), and meta-arguments read through an accessor.
    new RawResource(stack, "n1e300", { value: 1 });
    new AccessorMetaResource(stack, "accessor-meta", { count: "attribute", value: 1 });
    new AccessorMetaResource(stack, "accessor-meta-set", { value: 1 }, { count: 2 });
    // A connection (snake-cased as cdktf does) and a count of TerraformCount.
    new RawResource(stack, "connected", { value: 1 }, { connection: { type: "ssh", host: "h", bastionHost: "b" }, count: TerraformCount.of(Token.asNumber("${var.n}")) });
    new DataAzurermClientConfig(stack, "client");
    new TerraformOutput(stack, "out", { value: rg.id });
    const ours = stackJsonWithoutFinalResolve(stack);
    const cdktf = TerraformStack.prototype.toTerraform.call(stack);
    expect(JSON.stringify(ours)).toBe(JSON.stringify(cdktf));
    expect(stableJson(ours)).toBe(stableJson(cdktf));
    expectWrittenFormOf(stack);
  });

  it("build blocks in written form that are written and checked as cdktf's own JSON, and leave out of it what sortedCopy must normalise or what is merged into later", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    const app = newApp(outdir);
    fs.rmSync(outdir, { recursive: true, force: true });
    // Keys that JSON.parse enumerates first: not written in parts (stableJson writes the stack), either way.
    const indexKeys = new SelfContainedStack(app, "index-keys");
    new RawResource(indexKeys, "index-key", { map: { "10": "${x}", "9": "y", b: 1 } });
    expect(stableJsonParts(stackJsonWithoutFinalResolve(indexKeys, true))).toBeUndefined();
    expectWrittenFormOf(indexKeys);
    const stack = new SelfContainedStack(app, "written-form");
    const rg = new ResourceGroup(stack, "rg", { name: "rg", location: "germanywestcentral", tags: { "${b}": "x", a: "${c}" } });
    new RawResource(stack, "zero", { value: -0, list: [0, -0], text: `${rg.id}` });
    // The stack's deepMerge makes a Date {}: cdktf's toTerraform builds this block.
    new RawResource(stack, "date", { when: new Date(0), text: rg.name });
    new RawResource(stack, "named-like-unset-meta", { count: "${attribute.not.written}", value: rg.name });
    new RawResource(stack, "with-set-meta", { z: rg.location, a: "${first}" }, { dependsOn: [rg], count: 2 });
    new RawResource(stack, "lazy", { value: Lazy.stringValue({ produce: () => "${lazy.x}" }) });
    new RawResource(stack, "n1e300", { value: "${n}" });
    // Empty arrays and objects, which json-stable-stringify opens and closes on two lines (one left empty by undefined values).
    new RawResource(stack, "empties", { list: [], map: {}, nested: [{ inner: [] }], gone: { x: undefined }, value: "${v}" });
    new RawResource(stack, "no-empties", { list: ["a"], map: { a: 1 }, value: "${v}" });
    const overridden = new RawResource(stack, "scalar-override", { z: "${z}", a: 1 });
    overridden.addOverride("m", "${m}");
    overridden.addOverride("a", 2);
    new AccessorMetaResource(stack, "accessor-meta", { count: "${attribute.not.written}", value: 1 });
    // Logical ids: computed before the synth, computed by the element's class, allocated by the stack's.
    const early = new RawResource(stack, "early", { value: 1 });
    expect(early.friendlyUniqueId).toBe("early");
    new OwnIdResource(new Construct(stack, "nested"), "own", { value: "${early}" });
    const prefixed = new PrefixedStack(app, "prefixed");
    new RawResource(new Construct(prefixed, "nested"), "thing", { value: "${x}" });
    expectWrittenFormOf(prefixed);
    expect(Object.keys((stackJsonWithoutFinalResolve(prefixed, true) as { resource: { raw_thing: object } }).resource.raw_thing)).toEqual([expect.stringMatching(/^p_nested_thing_[0-9A-F]{8}$/)]);
    // Two resources at one address (cdktf merges them), and a resource with an override (cdktf's path) at another's.
    new RawResource(stack, "first", { a: "${one}", c: 1 }).overrideLogicalId("same");
    new RawResource(stack, "second", { b: "${two}", c: 2 }).overrideLogicalId("same");
    new RawResource(stack, "fast", { a: "${fast}" }).overrideLogicalId("shared");
    const slow = new RawResource(stack, "slow", { b: "${slow}" });
    slow.overrideLogicalId("shared");
    slow.addOverride("c", "${override}");
    expectWrittenFormOf(stack);
  });
});

/**
 * The stack's JSON in written form is cdktf's own toTerraform (equal, and written to the same bytes),
 * and the synth's visitor sees the same keys and strings that may hold an expression, in the same order.
 */
function expectWrittenFormOf(stack: TerraformStack): void {
  const cdktf = TerraformStack.prototype.toTerraform.call(stack);
  const inWrittenForm = stackJsonWithoutFinalResolve(stack, true)!;
  expect(inWrittenForm).toEqual(cdktf);
  const seen = (value: unknown) => {
    const strings: string[] = [];
    const written = stableJsonParts(value, (v) => typeof v === "string" && mayHoldExpression(v) && strings.push(v));
    if (written) expect(written.data).toStrictEqual(JSON.parse(written.parts.join("")));
    return { text: written?.parts.join(""), strings: written && strings };
  };
  const ours = seen(inWrittenForm);
  expect(ours).toEqual(seen(cdktf));
  expect(stableJson(inWrittenForm)).toBe(stableJson(cdktf));
}

/** A stack of the fixture Verbund and the options cdktf's resolve is given in it. */
function resolveContext() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-resolve-"));
  const { app } = buildApp(loadModel(FIXTURE_VERBUND_ENV), outdir);
  fs.rmSync(outdir, { recursive: true, force: true });
  const scope = app.node.children.find(TerraformStack.isStack)!;
  return { scope, options: { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false } };
}

describe("resolving with the fast path for plain data", () => {
  it("gives what cdktf's resolve gives for every kind of token, in values, lists, map keys and strings", () => {
    const { scope, options } = resolveContext();
    const name = Lazy.stringValue({ produce: () => "aus-lazy" });
    const count = Lazy.numberValue({ produce: () => 3 });
    const list = Lazy.listValue({ produce: () => ["a", "b"] });
    const group = new ResourceGroup(scope, "resolve-test", { name: "rg", location: "germanywestcentral" });
    const value = {
      plain: "ein Wert mit 4e-4 und 3f2c8a51-7d4e-4b1a, ${var.escaped} und }",
      empty: "",
      nothing: undefined,
      nil: null,
      flags: [true, false, undefined, 0, -1.5, 1e300],
      token: name,
      inString: `vorher ${name} nachher`,
      numberToken: count,
      numberInString: `${Token.asString(count)} Hosts`,
      listToken: list,
      listInArray: [Token.asString(name), "x"],
      withTokenKey: { [`key-${name}`]: { nested: [{ deep: name }, [], {}] } },
      nested: [{ deep: name, list: [Token.asString(name)] }, [], {}],
      fn: Fn.join("-", ["a", name]),
      when: new Date(0),
      reference: group.name,
      referenceInText: `rg ${group.name}/x} und ${group.id}`,
      referenceInEscape: "${upper(" + group.name + ")} " + group.location,
      references: [group.id, `${group.id}/sub`],
      dependency: dependable(group),
      numberText: "1e300 -e- 4e-4 .e1 1.5e+289",
    };
    expect(JSON.stringify(resolvePlainFast(value, options))).toBe(JSON.stringify(Tokenization.resolve(value, options)));
    expect(resolvePlainFast(value, options)).toEqual(Tokenization.resolve(value, options));
    // In written order: the same, keys sorted, what may hold an expression recorded as written; not in written form with a Date, -0 or a token cdktf resolves.
    const inOrder = (of: unknown) => {
      const walk = { expressions: [] as string[], inForm: true };
      const resolved = resolvePlainFast(of, options, walk);
      expect(resolved).toEqual(Tokenization.resolve(of, options));
      const expressions: string[] = [];
      const written = stableJsonParts(resolved, (v) => typeof v === "string" && mayHoldExpression(v) && expressions.push(v));
      if (walk.inForm) expect([JSON.stringify(resolved), walk.expressions]).toEqual([JSON.stringify(written?.data), expressions]);
      return walk.inForm;
    };
    const { plain, empty, nothing, nil, reference, referenceInText, references, dependency } = value;
    const inForm = { plain, empty, nothing, nil, reference, referenceInText, references, dependency, flags: [true, false, undefined, 0, -1.5, 1e279], z: { b: [{ d: "${x}", c: {} }], a: [] } };
    expect(inOrder(inForm)).toBe(true);
    for (const notInForm of [{ when: new Date(0) }, { flags: [0, -0] }, { token: name }]) expect(inOrder({ ...inForm, ...notInForm })).toBe(false);
  });

  it("resolves objects of one set of keys alike however often they come, and an object that differs only in a later key by that key", () => {
    const { options } = resolveContext();
    const name = Lazy.stringValue({ produce: () => "aus-lazy" });
    const objects = [
      { name: "a", value: 1 },
      { name: "b", value: 2 },
      { name: "c", [`key-${name}`]: 3 },
      { name: "d", "${x}": 4 },
      { name: "e", "10": 5 },
      { name: "f", value: 6, other: 7 },
      { value: 8, name: "g" },
      { name: "h", value: 9 },
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const object of objects) {
        const walk = { expressions: [] as string[], inForm: true };
        const resolved = resolvePlainFast(object, options, walk);
        expect(JSON.stringify(resolvePlainFast(object, options))).toBe(JSON.stringify(Tokenization.resolve(object, options)));
        expect(resolved).toEqual(Tokenization.resolve(object, options));
        expect(walk.expressions).toEqual(Object.keys(object).includes("${x}") ? ["${x}"] : []);
        expect(walk.inForm).toBe(!Object.keys(object).some((key) => key === "10" || key.includes("TfToken")));
        // In written form, keys in sorted order.
        if (walk.inForm) expect(Object.keys(resolved as object)).toEqual(Object.keys(object).sort());
      }
    }
  });

  it("resolves function calls as cdktf does, here when their arguments are literals, single tokens, lists and maps of them, and with cdktf's resolve otherwise", () => {
    const { scope, options } = resolveContext();
    const group = new ResourceGroup(scope, "function-test", { name: "rg", location: "germanywestcentral" });
    const year = Token.asNumber(group.getNumberAttribute("year"));
    const resolvedBy = (value: unknown) => {
      const walk = { expressions: [] as string[], inForm: true };
      expect(resolvePlainFast(value, options, walk)).toEqual(Tokenization.resolve(value, options));
      expect(JSON.stringify(resolvePlainFast(value, options))).toBe(JSON.stringify(Tokenization.resolve(value, options)));
      return walk.inForm ? "here" : "cdktf";
    };
    const here = {
      jsonencode: Fn.jsonencode({ properties: { token: group.id, count: 3, on: true, off: false, list: ["a", group.name, [1.5, -2]], empty: {}, none: [], skipped: undefined } }),
      format: Fn.format("%d-%02d-01T00:00:00Z", [year, group.getNumberAttribute("month")]),
      nested: Fn.lower(Fn.upper(group.name)),
      inText: `vorher ${Fn.lower(group.name)} und ${group.id} nachher`,
      literals: Fn.join("\n", ['"quoted"', '"', 'a "b" c', "line\nbreak", "", "4e-4"]),
      inList: [Fn.trimspace(group.name), "x"],
      braces: Fn.join("}{", [group.name, "}", "{", "$", "%{x}"]),
    };
    for (const [name, value] of Object.entries(here)) expect([name, resolvedBy({ value })]).toEqual([name, "here"]);
    const cdktf = {
      escapedLiteral: Fn.join("-", ["${var.x}", group.name]),
      mixedString: Fn.lower(`rg-${group.name}`),
      nullArgument: Fn.jsonencode({ a: null, b: group.name }),
      listToken: Fn.join(",", group.getListAttribute("zones")),
      undefinedItem: Fn.join("-", ["a", undefined as unknown as string, group.name]),
      numberTokenInList: Fn.jsonencode({ l: [year] }),
      lazyArgument: Fn.lower(Lazy.stringValue({ produce: () => "x" })),
      tokenKey: Fn.jsonencode({ [group.name]: "x" }),
      bigNumber: Fn.max([1e300]),
    };
    for (const [name, value] of Object.entries(cdktf)) expect([name, resolvedBy({ value })]).toEqual([name, "cdktf"]);
  });
});

describe("releasing a written stack's tokens", () => {
  it("returns cdktf's token map to its size and leaves later stacks' output unchanged", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const units = stackUnits(loadModel(FIXTURE_VERBUND_ENV));
      const manifest = createManifest(newApp(outdir), outdir);
      const mark = markTokens();
      const first = units.map((unit) => {
        const output = synthesizeUnit(unit, outdir, manifest);
        expect(markTokens()).not.toEqual(mark);
        releaseTokensSince(mark);
        expect(markTokens()).toEqual(mark);
        return output;
      });
      // Without releasing: every stack's text is the same, and none holds an unresolved token.
      const kept = units.map((unit) => synthesizeUnit(unit, outdir, manifest));
      expect(kept.map((o) => o.text)).toEqual(first.map((o) => o.text));
      expect(first.flatMap((o) => o.problems)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("hands each stack, written and still whole, and its JSON as built and as written to the caller before it is released (the synth's collection runs then)", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const manifest = createManifest(newApp(outdir), outdir);
      for (const unit of stackUnits(loadModel(FIXTURE_VERBUND_ENV)).slice(0, 3)) {
        const held: string[] = [];
        const output = synthesizeUnit(unit, outdir, manifest, ({ stack, json: [tree, data] }) => {
          const file = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", unit.id, "cdk.tf.json"), "utf8")) as unknown;
          held.push(`${stack.node.id}:${stack.node.findAll().length > 1}`);
          // As written: the file's data, keys in the same order; as built: the same JSON, keys in cdktf's order.
          expect(JSON.stringify(data)).toBe(JSON.stringify(file));
          expect(tree).toEqual(file);
          expect(JSON.stringify(tree)).not.toBe(JSON.stringify(file));
        });
        expect(held).toEqual([`${unit.id}:true`]);
        expect(output.id).toBe(unit.id);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("keeps a TokenString of the hidden class cdktf's TokenStrings have, of each kind (V8's own check, %HaveSameMap)", () => {
    // Natives syntax is a V8 command-line flag, so the check runs in a process of its own.
    const script = [
      `const { TOKEN_STRING_SHAPES } = require(${JSON.stringify(path.join(PROJECT_ROOT, "lib", "stacks", "stack-json.ts"))});`,
      `const { TokenString } = require("cdktf/lib/tokens/private/encoding");`,
      `const made = [TokenString.forString("\${TfToken[TOKEN.1]}"), TokenString.forListToken("#{TfToken[TOKEN.2]}"), TokenString.forMapToken("&{TfToken[TOKEN.3]}"), TokenString.forNumbers("-1.8e+289"), TokenString.forString("x", true, true), { str: "", re: /x/ }];`,
      `console.log(JSON.stringify(made.map((m) => TOKEN_STRING_SHAPES.some((kept) => %HaveSameMap(kept, m)))));`,
    ].join("\n");
    const run = spawnSync(process.execPath, ["--allow-natives-syntax", "-r", path.join(PROJECT_ROOT, "lib", "ts-register.js"), "-e", script], { cwd: PROJECT_ROOT, encoding: "utf8" });
    expect(run.stderr).toBe("");
    // Every kind cdktf makes shares the kept ones' class; an object that merely looks alike does not.
    expect(JSON.parse(run.stdout)).toEqual([true, true, true, true, true, false]);
  });

  it("hands back the tokens it releases", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const unit = stackUnits(loadModel(FIXTURE_VERBUND_ENV))[0]!;
      const mark = markTokens();
      synthesizeUnit(unit, outdir);
      const added = markTokens();
      const released = releaseTokensSince(mark);
      expect(released).toHaveLength(added.strings - mark.strings + added.numbers - mark.numbers);
      expect(released.length).toBeGreaterThan(0);
      expect(released.every((token) => Tokenization.isResolvable(token))).toBe(true);
      expect(releaseTokensSince(mark)).toEqual([]);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("would fail the synth if an unresolved token ever reached the output", () => {
    const facts = stackUnits(loadModel(FIXTURE_VERBUND_ENV))[0]!.facts;
    const text = JSON.stringify({ resource: { azurerm_resource_group: { rg: { name: "${TfToken[TOKEN.42]}", location: "germanywestcentral" } } } });
    expect(checkStackOutput("x", text, {}, facts).problems).toEqual(["stack x holds an unresolved cdktf token: ${TfToken[TOKEN.42]}"]);
    // The first one as written, in keys, lists and numbers too.
    const tokens = { resource: { azurerm_resource_group: { rg: { "&{TfToken[TOKEN.7]}": "x", tags: { a: ["#{TfToken[TOKEN.8]}"] }, z: -8.2e298 } } } };
    expect(checkStackOutput("x", stableJson(tokens), {}, facts).problems).toEqual(["stack x holds an unresolved cdktf token: &{TfToken[TOKEN.7]}"]);
    expect(checkStackOutput("x", stableJson(tokens), {}, facts, undefined, stableJsonWithData(tokens)!.data as never).problems).toEqual(["stack x holds an unresolved cdktf token: &{TfToken[TOKEN.7]}"]);
    const number = { resource: { azurerm_resource_group: { rg: { count: -8.2e298 } } } };
    expect(checkStackOutput("x", stableJson(number), {}, facts, undefined, stableJsonWithData(number)!.data as never).problems).toEqual(["stack x holds an unresolved cdktf token: -8.2e+298"]);
  });

  it("fails the synth on a reference to a resource or data source the stack does not declare, wherever it is written", () => {
    const facts = stackUnits(loadModel(FIXTURE_VERBUND_ENV))[0]!.facts;
    const json = {
      data: { azurerm_client_config: { own: {} } },
      resource: {
        azurerm_resource_group: { rg: { name: "x", location: "${azurerm_resource_group.rg.location}" } },
        azurerm_subnet: { s: { name: "${upper(azurerm_virtual_network.other.name)}-${data.azurerm_client_config.own.tenant_id}", "${data.azurerm_key_vault.kv.id}": ["${time_static.t.id}"] } },
        // A resource is not the data source of its type and name, nor the other way round.
        azurerm_role_assignment: { r: { scope: "${data.azurerm_resource_group.rg.id}", principal_id: "${azurerm_client_config.own.object_id}" } },
      },
    };
    expect(checkStackOutput("x", stableJson(json), {}, facts, undefined, stableJsonWithData(json)!.data as never).problems).toEqual([
      "stack x refers to azurerm_client_config.own, which it does not declare: Träger stacks must not reference each other",
      "stack x refers to azurerm_virtual_network.other, which it does not declare: Träger stacks must not reference each other",
      "stack x refers to data.azurerm_key_vault.kv, which it does not declare: Träger stacks must not reference each other",
      "stack x refers to data.azurerm_resource_group.rg, which it does not declare: Träger stacks must not reference each other",
      "stack x refers to time_static.t, which it does not declare: Träger stacks must not reference each other",
    ]);
  });
});

describe("the stacks written without cdktf's synthesizer", () => {
  it.each(verbuende({ checkedIn: true }))("are byte for byte what cdktf's App.synth writes, for every stack of %s and the manifest's stack entries", (_name, model_) => {
    const ours = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-write-"));
    const theirs = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-write-"));
    try {
      const model = model_();
      synthesizeApp(buildApp(model, ours), model, ours);
      buildApp(model, theirs).app.synth();
      const stacks = (dir: string) => fs.readdirSync(path.join(dir, "stacks")).sort();
      expect(stacks(ours)).toEqual(stacks(theirs));
      // Each Träger's stack and its subscription stack, and the platform stack.
      expect(stacks(ours).length).toBe(model.traeger.length * 2 + 1);
      for (const id of stacks(ours)) {
        const file = (dir: string) => fs.readFileSync(path.join(dir, "stacks", id, "cdk.tf.json"), "utf8");
        expect([id, file(ours) === file(theirs)]).toEqual([id, true]);
      }
      type Entry = { dependencies: string[] };
      const manifest = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8")) as { stacks: Record<string, Entry> };
      // One difference on purpose: a Träger stack depends on its subscription stack (stacks are built in
      // separate Apps, so cdktf cannot know; lib/app/synthesize.ts writes it for `cdktf deploy`'s order).
      const ourStacks = manifest(ours).stacks;
      for (const t of model.traeger) expect(ourStacks[t.id]!.dependencies).toEqual([subscriptionStackId(t.id)]);
      const withoutDependencies = (stacks: Record<string, Entry>) => Object.fromEntries(Object.entries(stacks).map(([id, e]) => [id, { ...e, dependencies: [] }]));
      expect(withoutDependencies(ourStacks)).toEqual(withoutDependencies(manifest(theirs).stacks));
    } finally {
      fs.rmSync(ours, { recursive: true, force: true });
      fs.rmSync(theirs, { recursive: true, force: true });
    }
  });

  it("writes JSON as json-stable-stringify does, for the values it treats specially", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stringify = require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] })) as (value: unknown, options: { space: number }) => string;
    const value = { b: [undefined, () => 1, { toJSON: () => "als JSON" }, [], {}, [[{}]]], a: { z: undefined, y: () => 2, x: null, "ä\n\"": "ü\u2028" }, n: [0, -0, 1.5e300, Number.NaN], d: new Date(0) };
    expect(stableJson(value)).toBe(stringify(value, { space: 2 }));
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => stableJson(cyclic)).toThrow(TypeError);
  });

  it("writes plain data through V8's JSON.stringify to the same bytes, and gives exactly what JSON.parse reads back", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const stringify = require(require.resolve("json-stable-stringify", { paths: [path.dirname(require.resolve("cdktf"))] })) as (value: unknown, options: { space: number }) => string;
    const plain = {
      b: [undefined, () => 1, [], {}, [[{}]], { "x[]": "[]", "y{}": "{}\n[]", z: ["[]", "{}", [], {}] }],
      a: { z: undefined, y: () => 2, x: null, "ä\n\"": "ü\u2028", "": "leer", "1a": 1, "-1": -1, "4294967295": "no index" },
      n: [0, -0, 1.5e300, Number.NaN, Number.POSITIVE_INFINITY, -8.2e298],
      e: {},
      l: [],
    };
    const deep = { a: { b: { c: { d: [], e: {}, f: [[], {}, { g: [], h: "[]\n" }], "": { "x y": [1, "–"] } } } }, z: [[[[{}]]]] };
    for (const value of [plain, deep, {}, [], [[]], { a: [] }, "text", 1, null]) {
      const written = stableJsonWithData(value)!;
      expect(written.text).toBe(stringify(value, { space: 2 }));
      expect(written.text).toBe(stableJson(value));
      expect(JSON.stringify(written.data)).toBe(JSON.stringify(JSON.parse(written.text)));
      expect(written.data).toStrictEqual(JSON.parse(written.text));
    }
    // Not plain data, or keys engines enumerate out of sorted order: stableJson writes those.
    for (const value of [{ d: new Date(0) }, { t: { toJSON: () => "x" } }, { "10": 1, "9": 2 }, [new (class Thing {})()], undefined]) expect(stableJsonWithData(value)).toBeUndefined();
  });
});

describe("the manifest written without cdktf", () => {
  it("is laid out exactly as cdktf's own manifest writer lays it out", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const { app } = buildApp(loadModel(FIXTURE_VERBUND_ENV), outdir);
      app.synth();
      const written = fs.readFileSync(path.join(outdir, "manifest.json"), "utf8");
      expect(stableJson(JSON.parse(written))).toBe(written);
      expect(stableJson({ b: [], a: { d: {}, c: [1, "x", null, true] } })).toBe(JSON.stringify({ a: { c: [1, "x", null, true], d: {} }, b: [] }, null, 2).replace("{}", "{\n    }").replace("[]", "[\n  ]"));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
