import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findTerraform } from "../../lib/review/terraform-binary";
import { exec } from "../../lib/review/terraform-runner";
import { runValidate } from "../../lib/review/validate";
import { FAKE_TERRAFORM_DIR as FAKE, inProcessTerraform } from "../helpers/fake-terraform";
import { FIXTURE_STACKS } from "../helpers/plans";

jest.setTimeout(60_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-validate-"));
const stacksDir = path.join(work, "stacks");
for (const id of ["alpha", "beta"]) fs.cpSync(path.join(FIXTURE_STACKS, "musterstadt"), path.join(stacksDir, id), { recursive: true });
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

// The shape of terraform validate -json (Terraform 1.11.4, format_version 1.0), hand-made diagnostics.
const INVALID = path.join(work, "invalid.json");
fs.writeFileSync(INVALID, JSON.stringify({
  format_version: "1.0",
  valid: false,
  error_count: 1,
  warning_count: 1,
  diagnostics: [
    { severity: "error", summary: "Invalid escape sequence", detail: "…", range: { filename: "cdk.tf.json", start: { line: 412, column: 9, byte: 1 }, end: { line: 412, column: 10, byte: 2 } } },
    { severity: "warning", summary: "Argument is deprecated\u001b[31m", detail: "…" },
  ],
}));

/** Runs the command with the fake terraform in this process, or (`asProcess`) as the process on PATH. */
async function validate(argv: string[], env: Record<string, string> = {}, asProcess = false) {
  const log = path.join(work, `log-${Math.random().toString(36).slice(2)}`);
  let stdout = "";
  const stderr: string[] = [];
  const code = await runValidate(["--stacks-dir", stacksDir, ...argv], { cwd: work, out: (t) => (stdout += t), err: (l) => stderr.push(l) }, { PATH: `${FAKE}${path.delimiter}${process.env.PATH}`, FAKE_TF_LOG: log, ...env }, asProcess ? exec : inProcessTerraform);
  const calls = fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n") : [];
  return { code, stdout, stderr, calls };
}

describe("npm run validate", () => {
  it("runs terraform init -backend=false and terraform validate -json per stack, and exits 0 when all are valid (terraform as a process)", async () => {
    const { code, stdout, calls } = await validate(["--all"], {}, true);
    expect(code).toBe(0);
    expect(calls.sort()).toEqual(["alpha init -backend=false -input=false -no-color", "alpha validate -json -no-color", "beta init -backend=false -input=false -no-color", "beta validate -json -no-color"]);
    expect(stdout).toBe("2 stacks valid.\n");
  });

  it("prints each diagnostic as stack: file: summary, terminal escapes removed, and exits 1", async () => {
    const { code, stdout } = await validate(["--stacks", "alpha,beta"], { FAKE_TF_VALIDATE: JSON.stringify({ beta: INVALID }) });
    expect(code).toBe(1);
    expect(stdout).toBe("beta: cdk.tf.json:412: Invalid escape sequence\nbeta: (configuration): warning: Argument is deprecated\n1 of 2 stacks invalid.\n");
  });

  it("prints JSON with --json", async () => {
    const { code, stdout } = await validate(["--stacks", "beta", "--json"], { FAKE_TF_VALIDATE: JSON.stringify({ beta: INVALID }) });
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({ valid: false, stacks: [{ stack: "beta", valid: false, diagnostics: [{ severity: "error", summary: "Invalid escape sequence", file: "cdk.tf.json", line: 412 }, { severity: "warning", summary: "Argument is deprecated" }] }] });
  });

  it("says in one line that the providers cannot be downloaded, and exits 5", async () => {
    const { code, stdout, stderr } = await validate(["--all"], { FAKE_TF_NO_REGISTRY: "1" });
    expect([code, stdout]).toEqual([5, ""]);
    expect(stderr).toEqual([`terraform init cannot download the providers (registry.terraform.io unreachable and no provider mirror): set TF_CLI_CONFIG_FILE to a provider mirror (README, "Validating with Terraform") or validate on GitHub's runners`]);
  });

  it("says in one line that terraform is missing, and exits 4", async () => {
    const { code, stderr } = await validate(["--all"], { PATH: path.join(work, "nothing-here") });
    expect([code, stderr]).toEqual([4, ["terraform is not on PATH: install Terraform 1.11.4 (https://releases.hashicorp.com/terraform/1.11.4/) and run again"]]);
  });

  it("reports a stack that is not synthesized as invalid", async () => {
    const { code, stdout } = await validate(["--stacks", "gamma"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^gamma: not synthesized \(.*gamma\/cdk\.tf\.json missing\): run npm run synth first\n1 of 1 stacks invalid\.\n$/);
  });

  it("has --help naming the exit codes and the mirror, and exits 64 on wrong usage", async () => {
    const help = await validate(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("Exit codes: 0 every stack valid; 1 a stack is invalid or its init failed; 64 wrong usage;\n4 terraform is not on PATH; 5 the providers cannot be downloaded");
    expect(help.stdout).toContain("TF_CLI_CONFIG_FILE");
    expect((await validate(["--frobnicate"])).code).toBe(64);
  });
});

// Real Terraform (1.11.4 is on the development machines and the CI runners): with a CLI configuration
// whose only provider source is an empty filesystem mirror, init cannot get azurerm, offline and
// deterministic. This pins the detection to Terraform's own message, not to the fake's copy of it.
const realTerraform = findTerraform(process.env);
(realTerraform ? it : it.skip)("recognises real Terraform's message for providers it cannot get (empty mirror, no network needed)", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-real-tf-"));
  try {
    fs.mkdirSync(path.join(dir, "mirror"));
    fs.mkdirSync(path.join(dir, "stacks", "real"), { recursive: true });
    fs.writeFileSync(path.join(dir, "stacks", "real", "cdk.tf.json"), JSON.stringify({ terraform: { required_providers: { azurerm: { source: "hashicorp/azurerm", version: "4.55.0" } } } }));
    fs.writeFileSync(path.join(dir, "cli.tfrc"), `provider_installation {\n  filesystem_mirror {\n    path    = "${path.join(dir, "mirror")}"\n    include = ["registry.terraform.io/*/*"]\n  }\n}\n`);
    const stderr: string[] = [];
    const code = await runValidate(["--stacks-dir", path.join(dir, "stacks")], { cwd: dir, out: () => undefined, err: (l) => stderr.push(l) }, { PATH: process.env.PATH, HOME: dir, TF_CLI_CONFIG_FILE: path.join(dir, "cli.tfrc") });
    expect(code).toBe(5);
    expect(stderr).toHaveLength(1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
