/**
 * The custom Azure Policy definitions the platform stack creates at the Träger management group
 * (lib/policies/azure.ts assigns them). Policy rule language: Microsoft Learn, "Azure Policy definition
 * structure" (policy rule, conditions, field and value count, aliases; the value count examples match
 * `field('name')` against `current('pattern')` as the resource group tag rule does) and "Azure Policy
 * definitions denyAction effect" (actionNames ["delete"]; cascadeBehaviors only in mode Indexed). The
 * aliases are those of Microsoft.Network (the shape of the landing zones' Deny-Subnet-Without-Nsg);
 * __tests__/helpers/azure-policy-eval.ts runs these rules in the tests.
 */
import type { CustomDefinition, ParameterDefinition, PolicyEffect } from "./azure-types";

const effectParameter = (allowed: readonly PolicyEffect[] | readonly string[], defaultValue: string): ParameterDefinition => ({
  type: "String",
  metadata: { displayName: "Effect", description: "What Azure does with a request that matches the rule" },
  allowedValues: allowed,
  defaultValue,
});
const arrayParameter = (displayName: string, description: string): ParameterDefinition => ({ type: "Array", metadata: { displayName, description } });
const stringParameter = (displayName: string, description: string): ParameterDefinition => ({ type: "String", metadata: { displayName, description } });
const EFFECT = "[parameters('effect')]";

const AVD_TYPES = "Microsoft.DesktopVirtualization/*";

/** Allowed locations with the AVD exception and global-only services (custom: the built-in cannot single out types). */
export const LOCATIONS: CustomDefinition = {
  kind: "custom",
  name: "verbund-allowed-locations",
  displayName: "KSM Verbund: German regions; AVD service objects only in the AVD region",
  description: "Everything in the allowed German regions; Microsoft.DesktopVirtualization types only in the Verbund's AVD region (no German region hosts them); global-only services (action groups, alert processing rules) at 'global'.",
  mode: "Indexed",
  parameters: {
    allowedLocations: arrayParameter("Allowed locations", "Where every resource except AVD service objects may be"),
    avdLocation: stringParameter("AVD service-object location", "The only location of Microsoft.DesktopVirtualization resources"),
    globalTypes: arrayParameter("Global-only types", "Types Azure offers only at location 'global'"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        { allOf: [{ field: "type", like: AVD_TYPES }, { field: "location", notEquals: "[parameters('avdLocation')]" }] },
        {
          allOf: [
            { field: "type", notLike: AVD_TYPES },
            { field: "location", notIn: "[parameters('allowedLocations')]" },
            { not: { allOf: [{ field: "type", in: "[parameters('globalTypes')]" }, { field: "location", equals: "global" }] } },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

const ruleAlias = (suffix: string) => `Microsoft.Network/networkSecurityGroups/securityRules/${suffix}`;
const inlineAlias = (suffix: string) => `Microsoft.Network/networkSecurityGroups/securityRules[*].${suffix}`;
/** Inbound allow rules from anywhere, as a separate rule resource or inline in an NSG. */
export const NO_INBOUND_FROM_INTERNET: CustomDefinition = {
  kind: "custom",
  name: "verbund-no-inbound-from-internet",
  displayName: "KSM Verbund: no NSG rule allows inbound traffic from the Internet",
  description: "Denies NSG rules (inline or separate) that allow inbound traffic from *, Internet, Any or 0.0.0.0/0 on any port, management ports (22, 3389) included.",
  mode: "All",
  parameters: {
    publicSources: arrayParameter("Public sources", "Source prefixes that mean 'from anywhere'"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/networkSecurityGroups/securityRules" },
            { field: ruleAlias("direction"), equals: "Inbound" },
            { field: ruleAlias("access"), equals: "Allow" },
            {
              anyOf: [
                { field: ruleAlias("sourceAddressPrefix"), in: "[parameters('publicSources')]" },
                { count: { field: ruleAlias("sourceAddressPrefixes[*]"), where: { field: ruleAlias("sourceAddressPrefixes[*]"), in: "[parameters('publicSources')]" } }, greater: 0 },
              ],
            },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/networkSecurityGroups" },
            {
              count: {
                field: "Microsoft.Network/networkSecurityGroups/securityRules[*]",
                where: {
                  allOf: [
                    { field: inlineAlias("direction"), equals: "Inbound" },
                    { field: inlineAlias("access"), equals: "Allow" },
                    {
                      anyOf: [
                        { field: inlineAlias("sourceAddressPrefix"), in: "[parameters('publicSources')]" },
                        { count: { field: inlineAlias("sourceAddressPrefixes[*]"), where: { field: inlineAlias("sourceAddressPrefixes[*]"), in: "[parameters('publicSources')]" } }, greater: 0 },
                      ],
                    },
                  ],
                },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Subnets without an NSG, as subnet resources or inline in a VNet (the shape of the landing zones' Deny-Subnet-Without-Nsg). */
export const NSG_ON_SUBNET: CustomDefinition = {
  kind: "custom",
  name: "verbund-nsg-on-every-subnet",
  displayName: "KSM Verbund: every subnet has a network security group",
  description: "Subnets other than those Azure reserves (GatewaySubnet, AzureFirewallSubnet, …) carry an NSG.",
  mode: "All",
  parameters: {
    exemptSubnets: arrayParameter("Exempt subnets", "Subnet names Azure forbids an NSG on"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Audit"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks/subnets" },
            { field: "name", notIn: "[parameters('exemptSubnets')]" },
            { field: "Microsoft.Network/virtualNetworks/subnets/networkSecurityGroup.id", exists: "false" },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks" },
            {
              count: {
                field: "Microsoft.Network/virtualNetworks/subnets[*]",
                where: {
                  allOf: [
                    { field: "Microsoft.Network/virtualNetworks/subnets[*].name", notIn: "[parameters('exemptSubnets')]" },
                    { field: "Microsoft.Network/virtualNetworks/subnets[*].networkSecurityGroup.id", exists: "false" },
                  ],
                },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Peerings from a Träger VNet to anything but the hub. */
export const PEERING_HUB_ONLY: CustomDefinition = {
  kind: "custom",
  name: "verbund-peering-only-with-hub",
  displayName: "KSM Verbund: virtual network peering only with the hub",
  description: "A Träger VNet peers with the Verbund hub only, never with another Träger or any other network.",
  mode: "All",
  parameters: {
    hubVirtualNetworkId: stringParameter("Hub VNet", "Resource id of the Verbund's hub VNet"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      anyOf: [
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings" },
            { field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/remoteVirtualNetwork.id", notEquals: "[parameters('hubVirtualNetworkId')]" },
          ],
        },
        {
          allOf: [
            { field: "type", equals: "Microsoft.Network/virtualNetworks" },
            {
              count: {
                field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*]",
                where: { field: "Microsoft.Network/virtualNetworks/virtualNetworkPeerings[*].remoteVirtualNetwork.id", notEquals: "[parameters('hubVirtualNetworkId')]" },
              },
              greater: 0,
            },
          ],
        },
      ],
    },
    then: { effect: EFFECT },
  },
};

const tagMissing = { anyOf: [{ field: "[concat('tags[', current('tagName'), ']')]", exists: "false" }, { field: "[concat('tags[', current('tagName'), ']')]", equals: "" }] };
const anyTagMissing = { count: { value: "[parameters('tagNames')]", name: "tagName", where: tagMissing }, greater: 0 };

/** The required tags on every resource that carries tags, except what Azure's own services create. */
export const TAGS: CustomDefinition = {
  kind: "custom",
  name: "verbund-required-tags",
  displayName: "KSM Verbund: every resource carries the Verbund's tags",
  description: "Every resource that supports tags carries each required tag with a value; resources Azure services create themselves (session hosts' OS disks, restore point collections, network watchers) are exempt.",
  mode: "Indexed",
  parameters: {
    tagNames: arrayParameter("Tag names", "Tags every resource carries"),
    exemptTypes: arrayParameter("Exempt types", "Types Azure services create without our tags"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: { if: { allOf: [{ field: "type", notIn: "[parameters('exemptTypes')]" }, anyTagMissing] }, then: { effect: EFFECT } },
};

/** The same for resource groups (Indexed mode never evaluates them), except those Azure creates. */
export const RG_TAGS: CustomDefinition = {
  kind: "custom",
  name: "verbund-required-tags-rg",
  displayName: "KSM Verbund: every resource group carries the Verbund's tags",
  description: "Every resource group carries each required tag with a value; resource groups Azure services create themselves (AzureBackupRG_*, NetworkWatcherRG) are exempt.",
  mode: "All",
  parameters: {
    tagNames: arrayParameter("Tag names", "Tags every resource group carries"),
    exemptResourceGroups: arrayParameter("Exempt resource groups", "Name patterns (like) of resource groups Azure services create"),
    effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny"),
  },
  policyRule: {
    if: {
      allOf: [
        { field: "type", equals: "Microsoft.Resources/subscriptions/resourceGroups" },
        { count: { value: "[parameters('exemptResourceGroups')]", name: "pattern", where: { field: "name", like: "[current('pattern')]" } }, equals: 0 },
        anyTagMissing,
      ],
    },
    then: { effect: EFFECT },
  },
};

/** Decommissioned subscriptions: every create and update is denied. */
export const DENY_ALL: CustomDefinition = {
  kind: "custom",
  name: "verbund-decommissioned-deny-all",
  displayName: "KSM Verbund: decommissioned, no resource may be created or changed",
  description: "Denies every create and update request of every type (resource groups included) in a decommissioned Träger subscription.",
  mode: "All",
  parameters: { effect: effectParameter(["Deny", "Audit", "Disabled"], "Deny") },
  policyRule: { if: { field: "type", like: "*" }, then: { effect: EFFECT } },
};

/** Decommissioned subscriptions: deleting a resource (or the resource group holding it) is denied. */
export const DENY_DELETE: CustomDefinition = {
  kind: "custom",
  name: "verbund-decommissioned-deny-delete",
  displayName: "KSM Verbund: decommissioned, no resource may be deleted",
  description: "Blocks deleting resources that carry tags and location, and deleting the resource groups that hold them (cascadeBehaviors).",
  mode: "Indexed",
  parameters: { effect: effectParameter(["DenyAction", "Disabled"], "DenyAction") },
  policyRule: { if: { field: "type", like: "*" }, then: { effect: EFFECT, details: { actionNames: ["delete"], cascadeBehaviors: { resourceGroup: "deny" } } } },
};
