/**
 * cdktf's resources and data sources build their meta-arguments (`terraformMetaArguments`, read once
 * per element when its block is written) after an assertion whose message is a template holding the
 * element's construct path: the path (a walk to the root, an array and a join) is computed on every
 * call only to be dropped when the assertion holds, which it always does in a stack that synthesizes.
 * The getters below are cdktf 0.21.0's (terraform-resource.js, terraform-data-source.js) with the
 * message built only when the assertion fails; same reads in the same order, same result, the same
 * AssertionError otherwise. cdktf 0.21.0 is its last release, so the getters replaced here cannot move.
 */
import * as assert from "node:assert";
import { TerraformDataSource, TerraformResource } from "cdktf";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { lifecycleToTerraform } = require("cdktf/lib/terraform-resource") as { lifecycleToTerraform: (lifecycle: unknown) => unknown };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { TerraformCount } = require("cdktf/lib/terraform-count") as { TerraformCount: { isTerraformCount(x: unknown): x is { toTerraform(): unknown } } };

/** The fields the getters read (protected or public in cdktf's classes). */
interface MetaFields {
  readonly node: { readonly path: string };
  readonly dependsOn?: unknown;
  readonly count?: unknown;
  readonly provider?: { readonly fqn: string };
  readonly lifecycle?: unknown;
  readonly forEach?: { _getForEachExpression(): unknown };
  readonly connection?: unknown;
}

const RESOURCE_GETTER = Object.getOwnPropertyDescriptor(TerraformResource.prototype, "terraformMetaArguments")!;
const DATA_GETTER = Object.getOwnPropertyDescriptor(TerraformDataSource.prototype, "terraformMetaArguments")!;

function exclusive(element: MetaFields, kind: string): void {
  const holds = !element.forEach || typeof element.count === "undefined";
  if (!holds) assert.ok(holds, `forEach and count are both set, but they are mutually exclusive. You can only use either of them. Check the ${kind} at path: ${element.node.path}`);
}

function count(element: MetaFields): unknown {
  return TerraformCount.isTerraformCount(element.count) ? element.count.toTerraform() : element.count;
}

const fastGetters = {
  resource: {
    ...RESOURCE_GETTER,
    get(this: MetaFields) {
      exclusive(this, "resource");
      return { dependsOn: this.dependsOn, count: count(this), provider: this.provider?.fqn, lifecycle: lifecycleToTerraform(this.lifecycle), forEach: this.forEach?._getForEachExpression(), connection: this.connection };
    },
  },
  data: {
    ...DATA_GETTER,
    get(this: MetaFields) {
      exclusive(this, "data source");
      return { dependsOn: this.dependsOn, count: count(this), provider: this.provider?.fqn, lifecycle: lifecycleToTerraform(this.lifecycle), forEach: this.forEach?._getForEachExpression() };
    },
  },
};

/** Installs the getters above (`fast`, the default) or cdktf's own. */
export function fastMetaArguments(fast = true): void {
  Object.defineProperty(TerraformResource.prototype, "terraformMetaArguments", fast ? fastGetters.resource : RESOURCE_GETTER);
  Object.defineProperty(TerraformDataSource.prototype, "terraformMetaArguments", fast ? fastGetters.data : DATA_GETTER);
}

/** cdktf's own getters, for tests that compare. */
export const CDKTF_META_ARGUMENTS = { resource: RESOURCE_GETTER.get!, data: DATA_GETTER.get! };
