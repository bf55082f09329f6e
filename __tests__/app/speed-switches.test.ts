import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { DefaultTokenResolver, StringConcat, TerraformDataSource, TerraformElement, TerraformIterator, TerraformOutput, TerraformResource, TerraformStack, Lazy, Tokenization } from "cdktf";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { buildApp, synthesizeApp } from "../../lib/app/build";
import { shareAttributeTokens } from "../../lib/app/attribute-tokens";
import { CDKTF_META_ARGUMENTS, fastMetaArguments } from "../../lib/app/meta-arguments";
import { CDKTF_REGISTER_STRING_KEY, fastTokenKeys } from "../../lib/app/token-keys";
import { SelfContainedStack } from "../../lib/stacks/stack-json";
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

describe("meta-arguments", () => {
  afterAll(() => fastMetaArguments());
  const meta = (element: unknown) => (element as { terraformMetaArguments: unknown }).terraformMetaArguments;
  const cdktfMeta = (element: TerraformElement) => (TerraformResource.isTerraformResource(element) ? CDKTF_META_ARGUMENTS.resource : CDKTF_META_ARGUMENTS.data).call(element);

  it("are what cdktf's getters give, for every resource and data source of the fixture Verbund and for each meta-argument", () => {
    fastMetaArguments();
    expect(Object.getOwnPropertyDescriptor(TerraformResource.prototype, "terraformMetaArguments")!.get).not.toBe(CDKTF_META_ARGUMENTS.resource);
    expect(Object.getOwnPropertyDescriptor(TerraformDataSource.prototype, "terraformMetaArguments")!.get).not.toBe(CDKTF_META_ARGUMENTS.data);
    const { app } = buildApp(fixtureModel(), os.tmpdir());
    const stack = new SelfContainedStack(app, "meta-arguments");
    const provider = new AzurermProvider(stack, "azurerm", { features: [{}], alias: "other" });
    const group = new ResourceGroup(stack, "group", { name: "a", location: "b" });
    const each = TerraformIterator.fromList(["x", "y"]);
    new ResourceGroup(stack, "every", { forEach: each, name: each.value, location: "b", provider, dependsOn: [group], lifecycle: { preventDestroy: true, replaceTriggeredBy: [group, "terraform_data.x"] }, connection: { host: "h", type: "ssh" } });
    new ResourceGroup(stack, "counted", { count: 2, name: "c", location: "b" });
    new DataAzurermClientConfig(stack, "client", { provider, dependsOn: [group] });
    new DataAzurermClientConfig(stack, "clients", { forEach: each, lifecycle: { postcondition: [] } });
    const elements = app.node.findAll().filter((c): c is TerraformElement => TerraformResource.isTerraformResource(c) || TerraformDataSource.isTerraformDataSource(c));
    expect(elements.length).toBeGreaterThan(100);
    const resolve = (value: unknown) => Tokenization.resolve(value, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) });
    for (const element of elements) expect([element.node.path, resolve(meta(element))]).toEqual([element.node.path, resolve(cdktfMeta(element))]);
  });

  it("fail as cdktf's do when forEach and count are both set", () => {
    const { app } = buildApp(fixtureModel(), os.tmpdir());
    const stack = new SelfContainedStack(app, "both");
    const each = TerraformIterator.fromList(["x"]);
    const resource = new ResourceGroup(stack, "group", { forEach: each, count: 1, name: "a", location: "b" });
    const data = new DataAzurermClientConfig(stack, "client", { forEach: each, count: 1 });
    for (const element of [resource, data]) {
      const thrown = (read: () => unknown) => {
        try {
          read();
        } catch (error) {
          const { name, message, code, actual, expected, operator } = error as Record<string, unknown>;
          return { name, message, code, actual, expected, operator };
        }
        return undefined;
      };
      const cdktfError = thrown(() => cdktfMeta(element));
      expect(cdktfError?.message).toContain(element.node.path);
      expect(thrown(() => meta(element))).toEqual(cdktfError);
    }
  });
});

describe("token keys", () => {
  afterAll(() => fastTokenKeys());

  it("are registered as cdktf registers them: the same key, counter and map entry for every display hint", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { TokenMap } = require("cdktf/lib/tokens/private/token-map") as { TokenMap: new () => { registerString(token: object, hint?: string): string; stringTokenMap: Map<string, unknown> } };
    const hints = [undefined, "", "TOKEN", "TOKEN", "a b/c", "ÄÖ ${x}", "ok-1.2:_x", "TOKEN.", " ", undefined, "Token"];
    const register = (fast: boolean) => {
      fastTokenKeys(fast);
      const map = new TokenMap();
      const tokens = hints.map(() => ({ resolve: () => "x" }));
      const strings = hints.map((hint, i) => map.registerString(tokens[i]!, hint));
      return { strings, entries: [...map.stringTokenMap].map(([key, token]) => [key, tokens.indexOf(token as never)]) };
    };
    const cdktf = register(false);
    expect((TokenMap.prototype as unknown as { registerStringKey: unknown }).registerStringKey).toBe(CDKTF_REGISTER_STRING_KEY);
    const fast = register(true);
    expect((TokenMap.prototype as unknown as { registerStringKey: unknown }).registerStringKey).not.toBe(CDKTF_REGISTER_STRING_KEY);
    expect(fast).toEqual(cdktf);
    expect(cdktf.strings).toContain("${TfToken[a.b.c.4]}");
  });
});
