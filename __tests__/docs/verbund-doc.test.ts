import { generateDocs, traegerPagePath } from "../../lib/docs";
import { parseCidr, type Cidr } from "../../lib/verbund/cidr";
import { loadModel, synthAll } from "../helpers/synth";

const model = loadModel();
const docs = generateDocs(model);
const verbund = docs.get("docs/verbund.md")!;

describe("docs/verbund.md", () => {
  it("lists every Träger with kind, key, joined, address space, desktop users, retention and status", () => {
    for (const t of model.traeger) {
      const row = verbund.split("\n").find((l) => l.startsWith(`| [${t.name}](traeger/${t.id}.md) |`));
      expect(row).toBeDefined();
      for (const cell of [t.key, t.joined, t.network.addressSpace, `VM ${t.backup.retention.vm.daily} d`, t.status]) expect(row).toContain(cell);
    }
  });

  it("has an address plan sorted by address that covers the pool exactly, with the hub and the free blocks", () => {
    const rows = verbund
      .slice(verbund.indexOf("## Address plan"), verbund.indexOf("## Hub and spokes"))
      .split("\n")
      .filter((l) => /^\| \d/.test(l))
      .map((l) => ({ block: parseCidr(l.split("|")[1]!.trim()) as Cidr, what: l.split("|")[3]!.trim() }));
    expect(rows[0]!.what).toContain("Hub");
    for (let i = 1; i < rows.length; i += 1) expect(rows[i]!.block.first).toBeGreaterThan(rows[i - 1]!.block.last);
    const pool = parseCidr(model.addressPool) as Cidr;
    const inPool = rows.filter((r) => r.block.first >= pool.first && r.block.last <= pool.last);
    expect(inPool.reduce((n, r) => n + r.block.size, 0)).toBe(pool.size);
    expect(inPool.filter((r) => r.what === "free").length).toBeGreaterThan(0);
  });

  it("shows the address pool as a block map and links every Träger's timeline, with no Mermaid left", () => {
    expect(verbund).toContain(`![Address pool ${model.addressPool}: blocks per Träger and free blocks](img/adressplan.svg)`);
    for (const t of model.traeger) expect(verbund).toContain(`[${t.id}](img/zeitleiste-${t.id}.svg)`);
    expect(verbund).not.toContain("mermaid");
  });
});

describe("the Trägerblatt", () => {
  const { stacks, subscriptions } = synthAll(model);

  it.each(model.traeger.map((t) => t.id))("of %s names resources its stack really has, and links its backup plan", (id) => {
    const page = docs.get(traegerPagePath(id))!;
    // The Träger's stack and its subscription stack (named on the page too).
    const json = JSON.stringify([stacks.get(id), subscriptions.get(id)]);
    const names = [...page.matchAll(/`((?:rg|vnet|snet|nsg|rt|peer|rsv|bkpol|vdws|vdpool|sg|st|kv|profiles)-?[a-z0-9-]*)`/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(10);
    for (const name of names) expect([name, json.includes(`"${name}"`)]).toEqual([name, true]);
    expect(page).toContain(`[Datensicherungsplan](../backup/${id}.md)`);
    expect(page).toContain(`![Aufbewahrung und Offboarding – `);
  });
});
