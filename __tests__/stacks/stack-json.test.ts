import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp, newApp, synthesizeUnit } from "../../lib/app/build";
import { checkStackOutput, createManifest } from "../../lib/app/synth-stack";
import { stableJson } from "../../lib/app/synthesize";
import { stackUnits } from "../../lib/app/units";
import { markTokens, releaseTokensSince } from "../../lib/stacks/stack-json";
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
