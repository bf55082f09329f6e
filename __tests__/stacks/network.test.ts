import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TerraformResource, TerraformStack } from "cdktf";
import { buildApp } from "../../lib/app/build";
import { NSG_PRIORITY } from "../../lib/constructs/spoke-network";
import { type Cidr, parseCidr } from "../../lib/verbund/cidr";
import { loadModel, resourceNamed, resourcesOf, type StackJson, synthStacks } from "../helpers/synth";
import { declarationSource, stadt } from "../helpers/tenants";
import { platformTags } from "../../lib/stacks/platform-stack";

const model = loadModel();
const stacks = synthStacks(model);
const REQUIRED_TAGS = ["traeger", "key", "managed-by", "cost-center"];

interface NsgRule {
  name: string;
  priority: number;
  direction: string;
  access: string;
  source_address_prefix: string;
  destination_address_prefix: string;
}

const block = (text: string): Cidr => {
  const parsed = parseCidr(text);
  if (typeof parsed === "string") throw new Error(parsed);
  return parsed;
};

/**
 * Which rule Azure applies to traffic from (inbound) or to (outbound) an address range: the first
 * rule by priority whose prefix can match any address of the range. Service tags are matched as
 * Azure defines them for private ranges: "*" and "VirtualNetwork" match, "Internet" and
 * "AzureLoadBalancer" do not.
 */
function firstMatchingRule(rules: NsgRule[], direction: "Inbound" | "Outbound", range: Cidr): NsgRule | undefined {
  const prefixOf = (r: NsgRule) => (direction === "Inbound" ? r.source_address_prefix : r.destination_address_prefix);
  const matches = (prefix: string): boolean => {
    if (prefix === "*" || prefix === "VirtualNetwork") return true;
    const p = parseCidr(prefix);
    if (typeof p === "string") return false; // Internet, AzureLoadBalancer: not private Träger ranges
    return p.first <= range.last && range.first <= p.last;
  };
  return rules.filter((r) => r.direction === direction && matches(prefixOf(r))).sort((a, b) => a.priority - b.priority)[0];
}

describe.each(model.traeger.map((t) => [t.id, t] as const))("the stack of %s", (id, traeger) => {
  const stack = stacks.get(id) as StackJson;

  it("keeps its state under its own key in the Verbund's backend", () => {
    expect(stack.terraform.backend.azurerm).toMatchObject({ key: `${id}.tfstate`, container_name: "tfstate", storage_account_name: "stksmtfstate", use_azuread_auth: true });
  });

  it("has a provider for its own subscription and an aliased one for the hub, both with features", () => {
    const [own, hub] = stack.provider.azurerm;
    expect(own).toMatchObject({ subscription_id: traeger.subscriptionId, tenant_id: model.entraTenantId });
    expect(own?.alias).toBeUndefined();
    expect(hub).toMatchObject({ alias: "hub", subscription_id: model.hub.subscriptionId });
    for (const p of stack.provider.azurerm) expect(p.features).toHaveLength(1);
  });

  it("has a spoke VNet with its address space and the hub's DNS servers, in Germany", () => {
    const vnet = resourceNamed(stack, "azurerm_virtual_network", `vnet-${id}`);
    expect(vnet).toMatchObject({ address_space: [traeger.network.addressSpace], dns_servers: ["10.60.0.4"], location: "germanywestcentral" });
  });

  it("carves session host, private endpoint and management subnets from its space, without implicit internet access", () => {
    const subnets: Record<string, Record<string, unknown>> = Object.fromEntries(resourcesOf(stack, "azurerm_subnet").map(([, s]) => [String(s.name), s]));
    expect(Object.keys(subnets).sort()).toEqual(["snet-management", "snet-privateendpoints", "snet-sessionhosts"]);
    const space = block(traeger.network.addressSpace);
    for (const subnet of Object.values(subnets)) {
      const prefix = block((subnet.address_prefixes as string[])[0]!);
      expect(prefix.first >= space.first && prefix.last <= space.last).toBe(true);
      expect(subnet.default_outbound_access_enabled).toBe(false);
    }
    expect(subnets["snet-sessionhosts"]?.address_prefixes).toEqual([traeger.network.subnets.sessionhosts]);
  });

  it("puts an NSG and the route table on every subnet", () => {
    const subnetRefs = resourcesOf(stack, "azurerm_subnet").map(([name]) => `\${azurerm_subnet.${name}.id}`).sort();
    const nsgAssociated = resourcesOf(stack, "azurerm_subnet_network_security_group_association").map(([, a]) => a.subnet_id).sort();
    const rtAssociated = resourcesOf(stack, "azurerm_subnet_route_table_association").map(([, a]) => a.subnet_id).sort();
    expect(nsgAssociated).toEqual(subnetRefs);
    expect(rtAssociated).toEqual(subnetRefs);
    expect(resourcesOf(stack, "azurerm_network_security_group")).toHaveLength(3);
  });

  it("denies every other Träger's space before anything allows it, in both directions", () => {
    const others = model.traeger.filter((t) => t.id !== id);
    expect(others.length).toBeGreaterThan(0);
    for (const [, nsg] of resourcesOf(stack, "azurerm_network_security_group")) {
      const rules = nsg.security_rule as NsgRule[];
      for (const other of others) {
        for (const direction of ["Inbound", "Outbound"] as const) {
          const rule = firstMatchingRule(rules, direction, block(other.network.addressSpace));
          expect([other.id, direction, rule?.access, rule?.name]).toEqual([other.id, direction, "Deny", `deny-other-traeger-${direction.toLowerCase()}`]);
        }
      }
    }
  });

  it("allows its own space first, never the whole hub, and denies the Internet", () => {
    for (const [, nsg] of resourcesOf(stack, "azurerm_network_security_group")) {
      const rules = nsg.security_rule as NsgRule[];
      expect(firstMatchingRule(rules, "Inbound", block(traeger.network.addressSpace))).toMatchObject({ access: "Allow", priority: NSG_PRIORITY.allowTraeger });
      expect(rules.filter((r) => r.access === "Allow" && (r.source_address_prefix === model.hub.addressSpace || r.destination_address_prefix === model.hub.addressSpace))).toEqual([]);
      expect(rules.filter((r) => r.access === "Deny" && r.priority === NSG_PRIORITY.denyHub).map((r) => r.direction).sort()).toEqual(["Inbound", "Outbound"]);
      const internet = rules.filter((r) => r.direction === "Inbound" && ["Internet", "*", "0.0.0.0/0"].includes(r.source_address_prefix));
      expect(internet.map((r) => r.access)).toEqual(["Deny", "Deny"]);
      const allowsBeforeDeny = rules.filter((r) => r.access === "Allow" && r.priority > NSG_PRIORITY.denyOtherTraeger);
      expect(allowsBeforeDeny).toEqual([]);
    }
  });

  it("sends 0.0.0.0/0 to the hub firewall and ignores BGP routes", () => {
    const [[, rt]] = resourcesOf(stack, "azurerm_route_table") as [[string, Record<string, unknown>]];
    expect(rt.bgp_route_propagation_enabled).toBe(false);
    expect(rt.route).toEqual([{ name: "default-via-hub-firewall", address_prefix: "0.0.0.0/0", next_hop_type: "VirtualAppliance", next_hop_in_ip_address: "10.60.0.4" }]);
  });

  it("peers with the hub in both directions, the hub side through the hub provider", () => {
    const toHub = resourceNamed(stack, "azurerm_virtual_network_peering", `peer-${id}-to-hub`);
    const fromHub = resourceNamed(stack, "azurerm_virtual_network_peering", `peer-hub-to-${id}`);
    expect(toHub.provider).toBeUndefined();
    expect(toHub).toMatchObject({ remote_virtual_network_id: model.hub.virtualNetworkId, allow_forwarded_traffic: true, use_remote_gateways: false });
    expect(fromHub).toMatchObject({ provider: "azurerm.hub", resource_group_name: "rg-ksm-hub-network", virtual_network_name: "vnet-ksm-hub", allow_forwarded_traffic: true });
    expect(String(fromHub.remote_virtual_network_id)).toMatch(/^\$\{azurerm_virtual_network\.network_vnet_[0-9A-F]+\.id\}$/);
    expect(resourcesOf(stack, "azurerm_virtual_network_peering")).toHaveLength(2);
  });
});

describe("tags", () => {
  it("are on every taggable resource of every stack", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-tags-"));
    try {
      const { app } = buildApp(model, outdir);
      let taggable = 0;
      for (const stack of app.node.children.filter(TerraformStack.isStack)) {
        const traeger = model.traeger.find((t) => t.id === stack.node.id);
        // The platform stack carries the same tags, with "platform" for the Träger (lib/stacks/platform-stack.ts).
        const expected = traeger ? { traeger: traeger.id, key: traeger.key, "cost-center": traeger.key } : platformTags(model);
        for (const resource of stack.node.findAll().filter(TerraformResource.isTerraformResource)) {
          if (!("tagsInput" in resource)) continue;
          taggable += 1;
          const tags = (resource as unknown as { tagsInput: Record<string, string> }).tagsInput;
          expect([resource.node.path, REQUIRED_TAGS.filter((tag) => !(tag in tags))]).toEqual([resource.node.path, []]);
          expect(tags).toMatchObject(expected);
        }
      }
      // at least: network RG, VNet, route table, three NSGs; identity RG; backup RG, vault
      expect(taggable).toBeGreaterThanOrEqual(model.traeger.length * 9);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("onboarding", () => {
  it("adding a Träger changes no other Träger's stack", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ksm-onboard-"));
    try {
      for (const file of fs.readdirSync("tenants")) fs.copyFileSync(path.join("tenants", file), path.join(dir, file));
      fs.writeFileSync(path.join(dir, "luebtheen.ts"), declarationSource(stadt({ id: "luebtheen", name: "Stadt Lübtheen", key: "13076093", network: { addressSpace: "10.65.0.0/21" } })));
      const grown = synthStacks(loadModel({ TENANTS_DIR: dir }));
      expect(grown.size).toBe(stacks.size + 1);
      for (const [id, json] of stacks) expect([id, JSON.stringify(grown.get(id))]).toEqual([id, JSON.stringify(json)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
