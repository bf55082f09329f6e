import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformStack } from "cdktf";
import { buildApp } from "../../lib/app/build";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { loadModel } from "../helpers/synth";

describe("a Träger stack's Terraform JSON", () => {
  it("is exactly what cdktf's own toTerraform gives, for every checked-in stack", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-json-"));
    try {
      const model = loadModel();
      const { app } = buildApp(model, outdir);
      const stacks = app.node.children.filter(TerraformStack.isStack) as TraegerStack[];
      expect(stacks.map((s) => s.node.id).sort()).toEqual([...model.traeger.map((t) => t.id), "platform"].sort()); // every Träger and the platform stack
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
