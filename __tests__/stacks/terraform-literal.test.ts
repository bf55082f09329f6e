import { parse } from "@cdktf/hcl2json";
import { terraformLiteral, terraformLiteralTraeger } from "../../lib/terraform/literal";
import type { TraegerModel, VerbundModel } from "../../lib/verbund";
import { synthStacks } from "../helpers/synth";
import { amt, loadModelFrom } from "../helpers/tenants";

/**
 * Free text never becomes Terraform: every string the constructs write passes lib/terraform/literal.ts.
 * Validation already keeps `${` and `%{` out of names, descriptions and cost centres; this test goes
 * around validation on purpose and puts hostile text into every free-text field of the model, so the
 * boundary itself is what is proven. HashiCorp's HCL parser must read each template, and by the HCL
 * template rules (`$${` and `%%{` are the literal `${` and `%{`) it must hold no interpolation or
 * directive and read back as exactly the text written.
 */
const HOSTILE = (field: string) => `<${field}> \${file("/proc/self/environ")} %{ if true }x%{ endif } $\${kept} %%{kept} $$\${a} \${ b }`;

/** The text of an HCL template (JSON syntax), or undefined when it holds an interpolation or a directive. */
function literalText(template: string): string | undefined {
  let out = "";
  for (let i = 0; i < template.length; i += 1) {
    const two = template.slice(i, i + 3);
    if (two === "$${" || two === "%%{") {
      out += `${template[i]}{`;
      i += 2;
    } else if ((template[i] === "$" || template[i] === "%") && template[i + 1] === "{") {
      return undefined;
    } else out += template[i];
  }
  return out;
}

/**
 * The hostile text of one field as it stands in a literal: whole, or (display names within the
 * providers' byte limits, lib/naming/display-name.ts fitBytes) cut and marked with "…", in which case
 * the cut must be a prefix of the input and is returned completed, so a cut never hides a change.
 */
function readBack(text: string, field: string): string {
  const full = HOSTILE(field);
  const rest = text.slice(text.indexOf(`<${field}>`));
  if (rest.startsWith(full)) return full;
  const cut = rest.indexOf("\u2026");
  return cut > `<${field}>`.length && full.startsWith(rest.slice(0, cut)) ? full : rest;
}

/** Every string in a JSON value, with its path. */
function strings(value: unknown, at = ""): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (typeof value === "object" && value !== null) return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

function hostileModel(base: VerbundModel): VerbundModel {
  const t = base.traeger[0]!;
  const hostile: TraegerModel = {
    ...t,
    name: HOSTILE("name"),
    costCenter: HOSTILE("costCenter"),
    tags: { ...t.tags, "cost-center": HOSTILE("cost-center tag") },
    members: t.members.map((m, i) => ({ ...m, name: HOSTILE(`members[${i}].name`) })),
    directory: { ...t.directory, extraGroups: t.directory.extraGroups.map((g, i) => ({ ...g, description: HOSTILE(`groups[${i}].description`) })) },
    backup: { ...t.backup, mutableReason: HOSTILE("mutableReason") },
    pools: t.pools.map((p, i) => ({ ...p, image: { ...p.image, publisher: HOSTILE(`pools[${i}].image.publisher`), offer: HOSTILE(`pools[${i}].image.offer`), sku: HOSTILE(`pools[${i}].image.sku`) } })),
  };
  return { ...base, traeger: [hostile] };
}

describe("free text never becomes Terraform", () => {
  it("escapes ${ and %{ so that Terraform reads them as text", () => {
    expect(terraformLiteral('a ${file("x")} %{ if true }b%{ endif } $${c}')).toBe('a $${file("x")} %%{ if true }b%%{ endif } $$${c}');
    expect(literalText(terraformLiteral(HOSTILE("x")))).toBe(HOSTILE("x"));
    expect(literalText("${var.x}")).toBeUndefined();
    expect(terraformLiteral("no braces $ % here")).toBe("no braces $ % here");
  });

  it("gives the Träger as a copy with every string escaped, keys in their order, an own __proto__ kept as a key", () => {
    const model = JSON.parse('{"name":"${a}","2":"x","tags":{"b":"%{c}","a":"d"},"members":[{"name":"${e}"}],"n":1,"ok":true,"none":null,"__proto__":{"f":"${g}"}}') as TraegerModel;
    const escaped = terraformLiteralTraeger(model) as unknown as Record<string, unknown>;
    // What the boundary gave before it was written as a loop: Object.fromEntries of Object.entries, recursively.
    const reference = (value: unknown): unknown =>
      typeof value === "string" ? terraformLiteral(value) : Array.isArray(value) ? value.map(reference) : typeof value === "object" && value !== null ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reference(v)])) : value;
    expect(JSON.stringify(escaped)).toBe(JSON.stringify(reference(model)));
    expect(Object.keys(escaped)).toEqual(Object.keys(model));
    expect(Object.getPrototypeOf(escaped)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(escaped, "__proto__")?.value).toEqual({ f: "$${g}" });
    expect(escaped.tags).not.toBe((model as unknown as Record<string, unknown>).tags);
  });

  it("HashiCorp's HCL parser reads every free-text field of the synthesized stack as plain text equal to the input", async () => {
    const base = loadModelFrom({
      "testamt.ts": amt({
        costCenter: "KST 4711",
        directory: { groups: [{ name: "kasse", description: "Kasse" }, { name: "bauamt", description: "Bauamt" }] },
        vdi: { pools: [{ name: "verwaltung", users: 10, sessionsPerHost: 5, vmSize: "Standard_D4as_v5" }] },
      }),
    });
    const model = hostileModel(base);
    const stack = synthStacks(model).get(model.traeger[0]!.id)!;

    const carrying = strings(stack).filter(([, s]) => s.includes("<"));
    const reached = new Set<string>();
    for (const [at, template] of carrying) {
      await expect(parse("main.tf", `x = <<EOT\n${template}\nEOT\n`)).resolves.toBeDefined();
      const text = literalText(template);
      expect({ at, text }).toEqual({ at, text: expect.any(String) });
      for (const match of text!.matchAll(/<([^>]+)>/g)) {
        const field = match[1]!;
        expect({ at, field, text: readBack(text!, field) }).toEqual({ at, field, text: HOSTILE(field) });
        reached.add(field.replace(/\[\d+\]/g, "[]"));
      }
    }
    // Every free-text field that reaches Terraform was seen (members and mutableReason never do).
    expect([...reached].sort()).toEqual(["cost-center tag", "groups[].description", "name", "pools[].image.offer", "pools[].image.publisher", "pools[].image.sku"]);
  });
});
