import { ManagementGroup } from "@cdktf/provider-azurerm/lib/management-group";
import { ManagementGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/management-group-policy-assignment";
import { PolicyDefinition } from "@cdktf/provider-azurerm/lib/policy-definition";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { assignmentParameters, AZURE_POLICY_LIST, type AzurePolicy, CUSTOM_DEFINITIONS, type PolicyFacts } from "../../policies/azure";

/** Properties of the Verbund's guardrails in Azure. */
export interface VerbundPoliciesProps {
  /** Name (id) of the existing management group that holds every Träger subscription; adopted, never created. */
  readonly traegerManagementGroupId: string;
  /** Name (id) of the management group for decommissioned Träger subscriptions; created here. */
  readonly decommissionedManagementGroupId: string;
  /** Display name of the decommissioned management group. */
  readonly decommissionedDisplayName: string;
  /** The values the parameters are taken from: the same the synth checks read. */
  readonly facts: PolicyFacts;
  readonly provider: TerraformProvider;
}

/** A management group's resource id. */
export const managementGroupResourceId = (name: string): string => `/providers/Microsoft.Management/managementGroups/${name}`;

/**
 * The guardrails Azure enforces (lib/policies/azure.ts): the custom definitions, created at the Träger
 * management group so that it and every group below it can assign them; every assignment at the Träger
 * management group; and the decommissioned management group, a child of the Träger management group,
 * with its deny-all assignments. Deny and DenyAction assignments need no managed identity.
 */
export class VerbundPolicies extends Construct {
  readonly decommissioned: ManagementGroup;
  readonly definitions: ReadonlyMap<string, PolicyDefinition>;
  readonly assignments: ReadonlyMap<string, ManagementGroupPolicyAssignment>;

  constructor(scope: Construct, id: string, props: VerbundPoliciesProps) {
    super(scope, id);
    const { provider } = props;
    const traegerGroupId = managementGroupResourceId(props.traegerManagementGroupId);

    // A child of the Träger group: its subscriptions keep every Träger guardrail (and the identities'
    // rights there, so the deploy identity can move a subscription in and the plan identity can read it),
    // the custom definitions at the Träger group are assignable here, and creating it needs no right
    // above the Träger group (Microsoft Learn, "Management groups": write on the parent).
    this.decommissioned = new ManagementGroup(this, "decommissioned", {
      provider,
      name: props.decommissionedManagementGroupId,
      displayName: props.decommissionedDisplayName,
      parentManagementGroupId: traegerGroupId,
      lifecycle: { preventDestroy: true },
    });

    const definitions = new Map<string, PolicyDefinition>();
    for (const definition of CUSTOM_DEFINITIONS) {
      definitions.set(
        definition.name,
        new PolicyDefinition(this, `definition-${definition.name}`, {
          provider,
          name: definition.name,
          policyType: "Custom",
          mode: definition.mode,
          displayName: definition.displayName,
          description: definition.description,
          managementGroupId: traegerGroupId,
          metadata: JSON.stringify({ category: "KSM Verbund" }),
          parameters: JSON.stringify(definition.parameters),
          policyRule: JSON.stringify(definition.policyRule),
        }),
      );
    }
    this.definitions = definitions;

    const assignments = new Map<string, ManagementGroupPolicyAssignment>();
    for (const policy of AZURE_POLICY_LIST) {
      assignments.set(
        policy.key,
        new ManagementGroupPolicyAssignment(this, `assignment-${policy.key}`, {
          provider,
          name: policy.key,
          managementGroupId: policy.scope === "traeger" ? traegerGroupId : this.decommissioned.id,
          policyDefinitionId: this.definitionIdOf(policy),
          displayName: policy.definition.displayName,
          description: `KSM Verbund: ${policy.title}. Supports ${policy.requirement}.`,
          enforce: true,
          parameters: JSON.stringify(assignmentParameters(policy, props.facts)),
          nonComplianceMessage: [{ content: `KSM Verbund: ${policy.title} (docs/policies.md)` }],
        }),
      );
    }
    this.assignments = assignments;
  }

  private definitionIdOf(policy: AzurePolicy): string {
    return policy.definition.kind === "built-in" ? policy.definition.id : this.definitions.get(policy.definition.name)!.id;
  }
}
