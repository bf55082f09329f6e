import { TerraformProvider, TerraformResource } from "cdktf";
import type { Construct } from "constructs";

/**
 * The AzAPI provider (azure/azapi 2.x) and its `azapi_update_resource`: ARM properties of a resource
 * that azurerm creates but whose schema cannot express them. There is no prebuilt cdktf binding on
 * npm, so this is a minimal typed one on cdktf's public API; everything set through AzAPI goes
 * through this file.
 *
 * Source read: Azure/terraform-provider-azapi v2.12.0, internal/services/azapi_update_resource.go:
 * `type` required, validated as `<resource-type>@<api-version>`; `resource_id` a resource id
 * (RequiresReplace); `body` a dynamic attribute that must be an object, never a JSON string
 * (DynamicIsNotStringValidator). On apply it GETs the resource, merges `body` into it and PUTs the
 * result, so properties azurerm manages are sent back unchanged; on destroy it changes nothing.
 */
export const AZAPI_PROVIDER = { source: "azure/azapi", versionConstraint: "~> 2.12" } as const;

/** Settings of the azapi provider. */
export interface AzapiProviderConfig {
  readonly subscriptionId: string;
  readonly tenantId: string;
}

/** The azapi provider for one subscription. */
export class AzapiProvider extends TerraformProvider {
  private readonly config: AzapiProviderConfig;

  constructor(scope: Construct, id: string, config: AzapiProviderConfig) {
    super(scope, id, {
      terraformResourceType: "azapi",
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_PROVIDER.versionConstraint },
      terraformProviderSource: AZAPI_PROVIDER.source,
    });
    this.config = config;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    // Resource providers are registered once per subscription by the Verbund (as for azurerm), never
    // lazily by a plan or deploy (provider.go: skip_provider_registration, default false).
    return { subscription_id: this.config.subscriptionId, tenant_id: this.config.tenantId, skip_provider_registration: true };
  }
}

/** A JSON value an ARM request body may hold. */
export type ArmValue = string | number | boolean | readonly ArmValue[] | { readonly [key: string]: ArmValue };

/** What one `azapi_update_resource` changes. */
export interface AzapiUpdateResourceConfig {
  readonly provider: AzapiProvider;
  /** ARM resource type, e.g. `Microsoft.RecoveryServices/vaults`. */
  readonly resourceType: string;
  /** The REST API version whose schema `body` follows, e.g. `2024-01-01`. */
  readonly apiVersion: string;
  /** Id of the existing resource (usually an azurerm resource's `id`). */
  readonly resourceId: string;
  /** Properties to merge into the resource, exactly as the REST API names them. */
  readonly body: { readonly [key: string]: ArmValue };
}

/** `azapi_update_resource`: properties of an existing ARM resource, kept as declared. */
export class AzapiUpdateResource extends TerraformResource {
  static readonly tfResourceType = "azapi_update_resource";
  readonly type: string;
  readonly resourceId: string;
  readonly body: { readonly [key: string]: ArmValue };

  constructor(scope: Construct, id: string, config: AzapiUpdateResourceConfig) {
    super(scope, id, {
      terraformResourceType: AzapiUpdateResource.tfResourceType,
      terraformGeneratorMetadata: { providerName: "azapi", providerVersionConstraint: AZAPI_PROVIDER.versionConstraint },
      provider: config.provider,
    });
    this.type = `${config.resourceType}@${config.apiVersion}`;
    this.resourceId = config.resourceId;
    this.body = config.body;
  }

  protected override synthesizeAttributes(): Record<string, unknown> {
    return { type: this.type, resource_id: this.resourceId, body: this.body };
  }
}
