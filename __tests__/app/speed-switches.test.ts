import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformOutput, TerraformStack, Lazy } from "cdktf";
import { buildApp, synthesizeApp } from "../../lib/app/build";
import { shareAttributeTokens } from "../../lib/app/attribute-tokens";
import { configureTokenCreationStacks } from "../../lib/app/token-stacks";
import type { TraegerStack } from "../../lib/stacks/traeger-stack";
import { fixtureModel } from "../helpers/synth";

describe("token creation stacks", () => {
  afterAll(() => configureTokenCreationStacks({}));

  it("are skipped by default and recorded again with KSM_TOKEN_STACKS=1", () => {
    expect(configureTokenCreationStacks({})).toBe(true);
    expect((Lazy.stringValue({ produce: () => "x" }) as unknown as { creationStack?: string[] }).creationStack).toBeUndefined();
    const skipped = (Lazy as unknown as { anyValue: (p: object) => { creationStack: string[] } }).anyValue({ produce: () => "x" });
    expect(skipped.creationStack).toEqual([]);

    expect(configureTokenCreationStacks({ KSM_TOKEN_STACKS: "1" })).toBe(false);
    const recorded = (Lazy as unknown as { anyValue: (p: object) => { creationStack: string[] } }).anyValue({ produce: () => "x" });
    expect(recorded.creationStack.length).toBeGreaterThan(0);
  });
});

describe("attribute tokens", () => {
  afterAll(() => shareAttributeTokens());

  /** Every file the fixture Verbund's synth writes, by path, with attribute tokens shared or not. */
  function synthesizedFiles(share: boolean): Map<string, string> {
    shareAttributeTokens(share);
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-attribute-tokens-"));
    try {
      const model = fixtureModel();
      const built = buildApp(model, outdir);
      const stack = built.app.node.findChild("fixture-stadt") as TraegerStack;
      const reads = [stack.network.virtualNetwork.id, stack.network.virtualNetwork.id];
      expect(reads[0] === reads[1]).toBe(share);
      synthesizeApp(built, model, outdir);
      const files = fs.readdirSync(outdir, { recursive: true, encoding: "utf8" }).filter((f) => fs.statSync(path.join(outdir, f)).isFile());
      return new Map(files.map((f) => [f, fs.readFileSync(path.join(outdir, f), "utf8")]));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }

  it("are one per element and attribute, and the output is byte for byte what cdktf's token per read gives", () => {
    const own = synthesizedFiles(false);
    const shared = synthesizedFiles(true);
    expect(own.size).toBeGreaterThan(8);
    expect([...shared.keys()].sort()).toEqual([...own.keys()].sort());
    for (const [file, text] of own) expect(shared.get(file)).toBe(text);
  });
});

describe("Träger stacks", () => {
  it("refuse to reference each other: the synth fails instead of writing broken output", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-cross-"));
    try {
      const model = fixtureModel();
      const built = buildApp(model, outdir);
      const stacks = new Map((built.app.node.children.filter(TerraformStack.isStack) as TraegerStack[]).map((s) => [s.node.id, s]));
      // fixture-ohne-vdi has no desktops, so the workspace of fixture-stadt exists only in that other stack.
      new TerraformOutput(stacks.get("fixture-ohne-vdi")!, "leak", { value: stacks.get("fixture-stadt")!.desktops!.workspace!.id });
      expect(() => synthesizeApp(built, model, outdir)).toThrow(
        /^stack fixture-ohne-vdi refers to azurerm_virtual_desktop_workspace\.vdi_workspace_[0-9A-F]+, which it does not declare: Träger stacks must not reference each other$/,
      );
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
