import { type ITerraformDependable, TerraformProvider, TerraformResource } from "cdktf";
import type { Construct } from "constructs";

/**
 * The Microsoft Graph provider (microsoft/msgraph) and its `msgraph_update_resource`: PATCHes the
 * properties of an existing Graph object that the azuread provider's schema cannot express. There is
 * no prebuilt cdktf binding, so this is a minimal typed one on cdktf's public API; everything the
 * Verbund sets through it goes through this file.
 *
 * Source read: microsoft/terraform-provider-msgraph, docs/resources/update_resource.md (0.3.0):
 * `url` required (the item URL to PATCH), `api_version` "v1.0" | "beta" (default v1.0), `body`
 * dynamic (an object, sent on create in full, later only what changed). Deleting the resource
 * changes nothing in Graph.
 */
export const MSGRAPH_PROVIDER = { source: "microsoft/msgraph", versionConstraint: "~> 0.3.0" } as const;

/** Settings of the msgraph provider. */
export interface MsgraphProviderConfig {
  /** The Entra tenant the provider talks to. */
  readonly tenantId: string;
}

/** The msgraph provider for the Verbund's Entra tenant. */
export class MsgraphProvider extends TerraformProvider {
  private readonly tenantId: string;

  constructor(scope: Construct, id: string, config: MsgraphProviderConfig) {
    super(scope, id, {
      terraformResourceType: "msgraph",
      terraformGeneratorMetadata: { providerName: "msgraph", providerVersionConstraint: MSGRAPH_PROVIDER.versionConstraint },
      terraformProviderSource: MSGRAPH_PROVIDER.source,
    });
    this.tenantId = config.tenantId;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { tenant_id: this.tenantId };
  }
}

/** A JSON value a Graph PATCH body may hold. */
export type GraphValue = string | number | boolean | null | readonly GraphValue[] | { readonly [key: string]: GraphValue };

/** What one `msgraph_update_resource` changes. */
export interface MsgraphUpdateResourceConfig {
  readonly provider: MsgraphProvider;
  /** Item URL relative to the API root, e.g. `directory/administrativeUnits/<id>`. */
  readonly url: string;
  /** Properties to PATCH, exactly as Graph names them. */
  readonly body: { readonly [key: string]: GraphValue };
  /** @default "v1.0" */
  readonly apiVersion?: "v1.0" | "beta";
  readonly dependsOn?: ITerraformDependable[];
}

/** `msgraph_update_resource`: properties of an existing Graph object, kept as declared. */
export class MsgraphUpdateResource extends TerraformResource {
  static readonly tfResourceType = "msgraph_update_resource";
  readonly url: string;
  readonly body: { readonly [key: string]: GraphValue };
  readonly apiVersion: "v1.0" | "beta";

  constructor(scope: Construct, id: string, config: MsgraphUpdateResourceConfig) {
    super(scope, id, {
      terraformResourceType: MsgraphUpdateResource.tfResourceType,
      terraformGeneratorMetadata: { providerName: "msgraph", providerVersionConstraint: MSGRAPH_PROVIDER.versionConstraint },
      provider: config.provider,
      dependsOn: config.dependsOn,
    });
    this.url = config.url;
    this.body = config.body;
    this.apiVersion = config.apiVersion ?? "v1.0";
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { url: this.url, api_version: this.apiVersion, body: this.body };
  }
}
