import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { deployIdentityEnvironments, FEDERATED_AUDIENCE, githubSubject, GITHUB_OIDC_ISSUER, type IdentityRole, planIdentityEnvironments } from "../../identities/environments";
import type { PlatformLayout } from "../../identities/platform-layout";
import type { VerbundWithTraegerIds } from "../../verbund";

/** Properties of the plan and deploy identities. */
export interface PlatformIdentitiesProps {
  readonly model: VerbundWithTraegerIds;
  readonly layout: PlatformLayout;
  readonly location: string;
  readonly tags: Record<string, string>;
  readonly provider: TerraformProvider;
  readonly resourceGroup: ResourceGroup;
}

/**
 * The plan and deploy identities (user-assigned managed identities: no secret exists to leak), each
 * trusting exactly its GitHub environments of the Verbund's repository (lib/identities/environments.ts).
 */
export class PlatformIdentities extends Construct {
  readonly byRole: Readonly<Record<IdentityRole, UserAssignedIdentity>>;

  constructor(scope: Construct, id: string, props: PlatformIdentitiesProps) {
    super(scope, id);
    const { layout, provider, tags } = props;
    const make = (role: IdentityRole, name: string) => new UserAssignedIdentity(this, role, { provider, name, resourceGroupName: props.resourceGroup.name, location: props.location, tags });
    this.byRole = { plan: make("plan", layout.identities.planName), deploy: make("deploy", layout.identities.deployName) };
    // Azure refuses concurrent writes of federated credentials on one identity
    // (ConcurrentFederatedIdentityCredentialsWritesForSingleManagedIdentity): each waits for the one before.
    const previous: Partial<Record<IdentityRole, FederatedIdentityCredential>> = {};
    for (const environment of [...planIdentityEnvironments(), ...deployIdentityEnvironments(props.model)]) {
      const identity = this.byRole[environment.identity];
      const before = previous[environment.identity];
      previous[environment.identity] = new FederatedIdentityCredential(this, `${environment.identity}-${environment.name}`, {
        ...(before ? { dependsOn: [before] } : {}),
        provider,
        name: `github-${environment.name}`,
        resourceGroupName: props.resourceGroup.name,
        parentId: identity.id,
        issuer: GITHUB_OIDC_ISSUER,
        audience: [FEDERATED_AUDIENCE],
        subject: githubSubject(props.model.github.repository, environment.name),
      });
    }
  }
}
