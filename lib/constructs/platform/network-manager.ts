import { NetworkManager } from "@cdktf/provider-azurerm/lib/network-manager";
import { NetworkManagerAdminRule } from "@cdktf/provider-azurerm/lib/network-manager-admin-rule";
import { NetworkManagerAdminRuleCollection } from "@cdktf/provider-azurerm/lib/network-manager-admin-rule-collection";
import { NetworkManagerDeployment } from "@cdktf/provider-azurerm/lib/network-manager-deployment";
import { NetworkManagerNetworkGroup } from "@cdktf/provider-azurerm/lib/network-manager-network-group";
import { NetworkManagerSecurityAdminConfiguration } from "@cdktf/provider-azurerm/lib/network-manager-security-admin-configuration";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { createHash } from "node:crypto";
import type { AzureResourceRef } from "../../identities/platform-layout";
import { networkManagerChildName } from "../../naming";
import { type AdminRule, type IsolationDesign, SECURITY_ADMIN_CONFIGURATION_NAME } from "../../verbund/network-isolation";

/** Properties of the Verbund's network manager. */
export interface TraegerIsolationProps {
  /** Where the network manager lives (platform-layout: hub subscription, its own resource group). */
  readonly networkManager: AzureResourceRef;
  readonly resourceGroup: ResourceGroup;
  /** The provider of the hub subscription. */
  readonly provider: TerraformProvider;
  readonly location: string;
  /** The management group of every Träger subscription: the network manager's scope. */
  readonly managementGroupId: string;
  /** Every region a Träger spoke can be in: the configuration is committed to each. */
  readonly regions: readonly string[];
  readonly design: IsolationDesign;
  readonly tags: Record<string, string>;
}

/**
 * The Träger isolation Azure enforces: the network manager (scope: the Träger management group,
 * access: SecurityAdmin), its network groups, one security admin configuration with the rule
 * collections of lib/verbund/network-isolation.ts, and its commit to every region spokes can be in.
 * Träger VNets join the groups from their own stacks (lib/constructs/isolation-membership.ts).
 */
export class TraegerIsolation extends Construct {
  readonly networkManager: NetworkManager;
  readonly configuration: NetworkManagerSecurityAdminConfiguration;

  constructor(scope: Construct, id: string, props: TraegerIsolationProps) {
    super(scope, id);
    const { provider, design } = props;
    this.networkManager = new NetworkManager(this, "manager", {
      provider,
      name: props.networkManager.name,
      resourceGroupName: props.resourceGroup.name,
      location: props.location,
      scope: { managementGroupIds: [`/providers/Microsoft.Management/managementGroups/${props.managementGroupId}`] },
      scopeAccesses: ["SecurityAdmin"],
      description: "Isolation between Träger that a spoke's owner cannot override (security admin rules, evaluated before any NSG)",
      tags: props.tags,
      lifecycle: { preventDestroy: true },
    });

    const groups = new Map<string, NetworkManagerNetworkGroup>();
    for (const collection of design.collections) {
      const group = collection.group;
      if (!groups.has(group.name)) groups.set(group.name, new NetworkManagerNetworkGroup(this, `group-${group.name}`, { provider, name: networkManagerChildName(group.name), networkManagerId: this.networkManager.id, description: group.description }));
    }

    this.configuration = new NetworkManagerSecurityAdminConfiguration(this, "configuration", {
      provider,
      name: networkManagerChildName(SECURITY_ADMIN_CONFIGURATION_NAME),
      networkManagerId: this.networkManager.id,
      description: "Träger isolation: hub access allowed, the rest of the hub and every other Träger denied",
      // Deny rules are never applied where a service's network intent policy would break (Azure's default "None").
      applyOnNetworkIntentPolicyBasedServices: ["None"],
    });

    const rules: ITerraformDependable[] = [];
    for (const spec of design.collections) {
      const collection = new NetworkManagerAdminRuleCollection(this, `collection-${spec.name}`, {
        provider,
        name: networkManagerChildName(spec.name),
        securityAdminConfigurationId: this.configuration.id,
        networkGroupIds: [groups.get(spec.group.name)!.id],
        description: spec.description,
      });
      rules.push(collection);
      for (const rule of spec.rules) rules.push(adminRule(this, `rule-${rule.name}`, provider, collection.id, rule));
    }

    // Commit to every region spokes can be in; a changed rule set re-commits (the trigger is its digest).
    const digest = createHash("sha256").update(JSON.stringify(design.collections)).digest("hex");
    for (const region of [...new Set(props.regions)].sort()) {
      new NetworkManagerDeployment(this, `deployment-${region}`, {
        provider,
        networkManagerId: this.networkManager.id,
        location: region,
        scopeAccess: "SecurityAdmin",
        configurationIds: [this.configuration.id],
        triggers: { admin_rules: digest },
        dependsOn: rules,
        lifecycle: { preventDestroy: true },
      });
    }
  }
}

function adminRule(scope: Construct, id: string, provider: TerraformProvider, collectionId: string, rule: AdminRule): NetworkManagerAdminRule {
  const prefixes = (list: readonly string[]) => list.map((addressPrefix) => ({ addressPrefix, addressPrefixType: "IPPrefix" }));
  return new NetworkManagerAdminRule(scope, id, {
    provider,
    name: networkManagerChildName(rule.name),
    adminRuleCollectionId: collectionId,
    action: rule.action,
    direction: rule.direction,
    priority: rule.priority,
    protocol: rule.protocol,
    ...(rule.destinationPorts.length > 0 ? { destinationPortRanges: [...rule.destinationPorts] } : {}),
    source: prefixes(rule.sources),
    destination: prefixes(rule.destinations),
    description: rule.description,
  });
}
