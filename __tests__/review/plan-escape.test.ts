import * as path from "node:path";
import { type CommandIo, runDriftReport, runPlanSummary } from "../../lib/review/commands";
import { change, FIXTURE_STACKS, plan, tempFiles } from "../helpers/plans";

// Text a hostile pull request could put into names, tags and descriptions, and so into a plan.
const HOSTILE = "x` | y\n# Heading\r\n<!-- hide --></details></pre><script>alert(1)</script> @ksm/platform **⛔ fake** [ok](javascript:alert(1)) \u001b[2J\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u202eesrever :+1: $x$ \\";

function render(command: typeof runPlanSummary, files: Record<string, unknown>, argv: string[]) {
  const { dir, done } = tempFiles(files);
  let out = "";
  const err: string[] = [];
  const io: CommandIo = { cwd: dir, out: (t) => (out += t), err: (l) => err.push(l) };
  try {
    return { code: command(["--stacks-dir", FIXTURE_STACKS, ...argv].slice(command === runPlanSummary ? 0 : 2), io, {}), out };
  } finally {
    done();
  }
}

function expectInert(out: string) {
  expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
  expect(out).not.toContain("<!--");
  expect(out).not.toContain("<script");
  expect(out).not.toContain("@ksm");
  expect(out).not.toContain("`");
  // Markdown is not read inside <pre> (an HTML block): outside it, no markup of the plan's survives.
  const outsidePre = out.replace(/<pre>[\s\S]*?<\/pre>/g, "<pre></pre>");
  expect(outsidePre).not.toContain("javascript:");
  expect(outsidePre).not.toContain("](");
  expect(out).not.toMatch(/^# Heading/m);
  expect(outsidePre).not.toContain("**⛔ fake**");
  expect((out.match(/<details>/g) ?? []).length).toBe((out.match(/<\/details>/g) ?? []).length);
  expect((out.match(/<pre>/g) ?? []).length).toBe((out.match(/<\/pre>/g) ?? []).length);
  expect((out.match(/<code>/g) ?? []).length).toBe((out.match(/<\/code>/g) ?? []).length);
}

describe("plan data is escaped for Markdown, HTML and terminals", () => {
  const hostile = plan([
    change(`azurerm_resource_group.rg["${HOSTILE}"]`, ["update"], { name: HOSTILE, tags: { note: "a" } }, { name: HOSTILE, tags: { note: HOSTILE } }),
    change("azurerm_network_security_group.n", ["update"], { name: "nsg", security_rule: [] }, { name: "nsg", security_rule: [{ name: HOSTILE, access: "Allow", direction: "Inbound", protocol: "Tcp", priority: 100, destination_port_range: "22", source_address_prefix: "*", destination_address_prefix: "*" }] }),
  ], { output_changes: { [HOSTILE]: { actions: ["create"], before: null, after: HOSTILE, after_unknown: false, before_sensitive: false, after_sensitive: false } } });
  const later = plan([change("azurerm_key_vault.kv", ["delete"], { name: "kv-zzz" }, null)]);

  it("keeps the comment inert and shows every later ⛔", () => {
    const { code, out } = render(runPlanSummary, { "musterstadt.json": hostile, "zzz.json": later, "stacks/zzz/cdk.tf.json": { resource: {} } }, ["musterstadt.json", "zzz.json"]);
    expect(code).toBe(3);
    expectInert(out);
    expect(out).toContain("> - ⛔ <code>zzz</code>: **delete** <code>azurerm_key_vault.kv</code> (<code>kv-zzz</code>): azurerm_key_vault holds data");
    expect(out).toContain("### <code>zzz</code>");
    // Rows of the stack table have 8 cells, rows of the outputs table 4: no pipe from the plan splits a cell.
    for (const line of out.split("\n").filter((l) => l.startsWith("| <code>"))) expect([10, 6]).toContain(line.split("|").length);
    // What the plan holds stays readable: the rendered entities spell the original text.
    expect(out).toContain("&#64;ksm/platform");
    expect(out).toContain("&#60;/details&#62;");
    expect(out).toContain("x&#96; &#124; y&#92;n&#35; Heading&#92;r&#92;n&#60;&#33;-- hide --&#62;&#60;/details&#62;");
    expect(out).toContain("&#92;u202eesrever"); // a right-to-left override is shown, not obeyed
  });

  it("keeps the drift report inert", () => {
    const drift = plan([], { resource_drift: [change(`azurerm_storage_share.s["${HOSTILE}"]`, ["update"], { quota: 1, name: "a" }, { quota: 2, name: HOSTILE })] });
    const { code, out } = render(runDriftReport, { "musterstadt.json": drift }, ["--ignore", path.join(__dirname, "..", "..", "drift-ignore.json"), "musterstadt.json"]);
    expect(code).toBe(3);
    expectInert(out);
  });
});
