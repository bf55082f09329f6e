import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DefaultTokenResolver, Fn, Lazy, StringConcat, TerraformStack, Token, Tokenization } from "cdktf";
import { buildApp, newApp, synthesizeApp, synthesizeUnit } from "../../lib/app/build";
import { checkStackOutput, createManifest } from "../../lib/app/synth-stack";
import { stableJson } from "../../lib/app/synthesize";
import { stackUnits } from "../../lib/app/units";
import { markTokens, releaseTokensSince, resolvePlainFast } from "../../lib/stacks/stack-json";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { subscriptionStackId } from "../../lib/verbund";
import { loadModel } from "../helpers/synth";

describe("a Träger stack's Terraform JSON", () => {
  it("is exactly what cdktf's own toTerraform gives, for every checked-in stack", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const model = loadModel();
      const { app } = buildApp(model, outdir);
      const stacks = app.node.children.filter(TerraformStack.isStack) as TraegerStack[];
      expect(stacks.map((s) => s.node.id).sort()).toEqual([...model.traeger.flatMap((t) => [t.id, subscriptionStackId(t.id)]), "platform"].sort()); // every Träger, its subscription stack and the platform stack
      for (const stack of stacks) {
        const ours = JSON.stringify(stack.toTerraform());
        const cdktf = JSON.stringify(TerraformStack.prototype.toTerraform.call(stack));
        expect([stack.node.id, ours === cdktf]).toEqual([stack.node.id, true]);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("falls back to cdktf's method when a stack has raw overrides", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const { app } = buildApp(loadModel(), outdir);
      const stack = app.node.children.find(TerraformStack.isStack) as TraegerStack;
      stack.addOverride("terraform.required_version", ">= 1.9");
      expect((stack.toTerraform() as { terraform: { required_version: string } }).terraform.required_version).toBe(">= 1.9");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("resolving with the fast path for plain data", () => {
  it("gives what cdktf's resolve gives for every kind of token, in values, lists, map keys and strings", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-resolve-"));
    const { app } = buildApp(loadModel(), outdir);
    fs.rmSync(outdir, { recursive: true, force: true });
    const scope = app.node.children.find(TerraformStack.isStack)!;
    const options = { scope, resolver: new DefaultTokenResolver(new StringConcat()), preparing: false };
    const name = Lazy.stringValue({ produce: () => "aus-lazy" });
    const count = Lazy.numberValue({ produce: () => 3 });
    const list = Lazy.listValue({ produce: () => ["a", "b"] });
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
    };
    expect(JSON.stringify(resolvePlainFast(value, options))).toBe(JSON.stringify(Tokenization.resolve(value, options)));
    expect(resolvePlainFast(value, options)).toEqual(Tokenization.resolve(value, options));
  });
});

describe("releasing a written stack's tokens", () => {
  it("returns cdktf's token map to its size and leaves later stacks' output unchanged", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const units = stackUnits(loadModel());
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

  it("would fail the synth if an unresolved token ever reached the output", () => {
    const facts = stackUnits(loadModel())[0]!.facts;
    const text = JSON.stringify({ resource: { azurerm_resource_group: { rg: { name: "${TfToken[TOKEN.42]}", location: "germanywestcentral" } } } });
    expect(checkStackOutput("x", text, {}, facts).problems).toEqual(["stack x holds an unresolved cdktf token: ${TfToken[TOKEN.42]}"]);
  });
});

describe("the stacks written without cdktf's synthesizer", () => {
  it("are byte for byte what cdktf's App.synth writes, for every checked-in stack and the manifest's stack entries", () => {
    const ours = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-write-"));
    const theirs = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-write-"));
    try {
      const model = loadModel();
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
});

describe("the manifest written without cdktf", () => {
  it("is laid out exactly as cdktf's own manifest writer lays it out", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const { app } = buildApp(loadModel(), outdir);
      app.synth();
      const written = fs.readFileSync(path.join(outdir, "manifest.json"), "utf8");
      expect(stableJson(JSON.parse(written))).toBe(written);
      expect(stableJson({ b: [], a: { d: {}, c: [1, "x", null, true] } })).toBe(JSON.stringify({ a: { c: [1, "x", null, true], d: {} }, b: [] }, null, 2).replace("{}", "{\n    }").replace("[]", "[\n  ]"));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
