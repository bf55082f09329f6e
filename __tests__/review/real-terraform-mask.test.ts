import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findTerraform } from "../../lib/review/terraform-binary";
import { runTerraform } from "../../lib/review/terraform-runner";

jest.setTimeout(120_000);

// Real Terraform 1.11.4 with its built-in terraform_data resource (no provider, no network): a
// sensitive variable flows into a resource's nested map and list, an output and the prior state.
// `npm run plan` must write none of it.
const terraform = findTerraform(process.env);
(terraform ? describe : describe.skip)("npm run plan with real Terraform", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-real-plan-"));
  const stack = path.join(work, "stacks", "real");
  const config = (secret: string) =>
    JSON.stringify({
      variable: { secret: { type: "string", sensitive: true, default: secret } },
      resource: { terraform_data: { d: { input: { password: "${var.secret}", list: ["${var.secret}", "plain"], name: "visible" } } } },
      output: { pw: { value: "${var.secret}", sensitive: true } },
    });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  it("masks every sensitive value of a real plan before writing it, and shows the change as (sensitive) → (sensitive, changed)", async () => {
    fs.mkdirSync(stack, { recursive: true });
    fs.writeFileSync(path.join(stack, "cdk.tf.json"), config("Geheim-Wert-4711"));
    const env = { ...process.env, HOME: work, TF_IN_AUTOMATION: "1" };
    for (const args of [["init", "-input=false", "-no-color"], ["apply", "-auto-approve", "-input=false", "-no-color"]]) expect(spawnSync("terraform", args, { cwd: stack, env, encoding: "utf8" }).status).toBe(0);
    fs.writeFileSync(path.join(stack, "cdk.tf.json"), config("Geheim-Neu-0815"));

    let stdout = "";
    const outDir = path.join(work, "plans");
    const code = await runTerraform("plan", ["--stacks-dir", path.join(work, "stacks"), "--out-dir", outDir], { cwd: work, out: (t) => (stdout += t), err: () => undefined }, env);
    expect(code).toBe(0);
    const written = fs.readFileSync(path.join(outDir, "real.json"), "utf8");
    const plan = JSON.parse(written) as { prior_state: unknown; variables: unknown; resource_changes: { change: { after: { input: unknown } } }[] };
    expect(written).not.toContain("Geheim");
    expect(plan.variables).toEqual({ secret: { value: "(sensitive)" } });
    expect(plan.resource_changes[0]!.change.after.input).toEqual({ list: ["(sensitive, changed)", "plain"], name: "visible", password: "(sensitive, changed)" });
    expect(JSON.stringify(plan.prior_state)).toContain('"password":"(sensitive)"');
    expect(stdout).not.toContain("Geheim");
    expect(stdout).toContain("✏️ **update** <code>terraform_data.d</code>");
  });
});
