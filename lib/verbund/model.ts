import { type Immutability, type MemberDeclaration, type PoolType, type TraegerStatus, STANDARD_GROUPS, type StandardGroup, type TraegerKind, type VdiVmSize } from "../declaration";
import type { SubnetRole } from "./address-plan";

/** The tags every taggable resource of a Träger carries. */
export interface TraegerTags {
  readonly traeger: string;
  readonly key: string;
  readonly "managed-by": string;
  readonly "cost-center": string;
  readonly [tag: string]: string;
}

/** One Träger, validated and normalised: every default filled in, nothing left to guess. */
export interface TraegerModel {
  readonly id: string;
  readonly name: string;
  readonly kind: TraegerKind;
  readonly key: string;
  readonly joined: string;
  /** "offboarding": runs nothing, keeps its data (README, "Offboarding a Träger"). */
  readonly status: TraegerStatus;
  /**
   * The declared (adopted) subscription's id, lower case; undefined when the Verbund vends the
   * subscription: then the Träger's stack reads it from its subscription stack's state.
   */
  readonly subscriptionId?: string;
  /** The subscription id is a placeholder (see PLACEHOLDER_GUID_PREFIX): deploying would fail. */
  readonly subscriptionIsPlaceholder: boolean;
  /** The Träger's monthly budget (whole units of the billing currency) and its admins' mailboxes for the alerts. */
  readonly budget: BudgetModel;
  readonly members: readonly MemberDeclaration[];
  readonly costCenter: string;
  readonly tags: TraegerTags;
  readonly network: {
    readonly addressSpace: string;
    readonly subnets: Readonly<Record<SubnetRole, string>>;
  };
  readonly directory: {
    readonly join: SessionHostJoin;
    /** Groups declared beyond the standard ones, in declaration order. */
    readonly extraGroups: readonly { readonly name: string; readonly description: string }[];
  };
  readonly backup: BackupModel;
  /** Desktop pools, in declaration order; empty when the Träger has no desktops. */
  readonly pools: readonly PoolModel[];
  /** The declaration file, as shown to people. */
  readonly sourceFile: string;
}

/** A Träger's budget: declared, or from its size (defaultBudget). */
export interface BudgetModel {
  readonly monthly: number;
  /** The amount came from the Träger's size, not from its declaration. */
  readonly fromSize: boolean;
  /** The Träger admins' mailboxes (may be empty: then only the platform team hears). */
  readonly notify: readonly string[];
}

/** The Verbund's vending settings (verbund.ts `vending`). */
export interface VendingModel {
  readonly billingScopeId: string;
  readonly workload: "Production" | "DevTest";
  readonly budget: { readonly base: number; readonly perDesktopUser: number };
}

/** A Träger's size: the users of its desktop pools (desktops are what a Träger's subscription mostly pays for). */
export function desktopUserCount(traeger: { readonly pools: readonly { readonly users: number }[] }): number {
  return traeger.pools.reduce((sum, pool) => sum + pool.users, 0);
}

/** The default monthly budget: base + perDesktopUser × desktop users, rounded up to a multiple of 100. */
export function defaultBudget(vending: VendingModel, desktopUsers: number): number {
  return Math.ceil((vending.budget.base + vending.budget.perDesktopUser * desktopUsers) / 100) * 100;
}

/** One desktop pool, defaults applied and sized. */
export interface PoolModel {
  readonly name: string;
  readonly type: PoolType;
  readonly users: number;
  readonly sessionsPerHost: number;
  readonly peakConcurrency: number;
  readonly vmSize: VdiVmSize;
  readonly image: { readonly publisher: string; readonly offer: string; readonly sku: string; readonly version: string };
  readonly officeHours: { readonly start: string; readonly end: string };
  readonly clipboard: boolean;
  /** ceil(users × peakConcurrency / sessionsPerHost), at least 1; users for a personal pool. */
  readonly sessionHostCount: number;
  /** Provisioned size of the pool's FSLogix profile share. */
  readonly profileShareGiB: number;
}

/** FSLogix profile space per user, and the smallest Premium share Azure provisions. */
export const PROFILE_GIB_PER_USER = 10;
export const PROFILE_SHARE_MIN_GIB = 100;

/** A Träger's backup settings, defaults applied. */
export interface BackupModel {
  readonly retention: {
    readonly vm: { readonly daily: number; readonly weekly: number; readonly monthly: number; readonly yearly: number };
    readonly fileShare: { readonly daily: number };
  };
  /** Daily backup time, HH:MM, local time Europe/Berlin. */
  readonly time: string;
  readonly immutability: Immutability;
  /** Why backups may be overwritten (only with immutability "disabled"). */
  readonly mutableReason?: string;
}

/** Which backup a weekly, monthly and yearly recovery point is kept from. */
export const RETENTION_ANCHORS = { weekday: "Sunday", week: "First", month: "January" } as const;

/** Time zone of backup schedules (and, later, scaling plans): Windows name of Europe/Berlin. */
export const SCHEDULE_TIME_ZONE = "W. Europe Standard Time";

/** How a Träger's session hosts join a directory. */
export type SessionHostJoin = { readonly mode: "entra" } | { readonly mode: "ad"; readonly domain: string; readonly ouPath: string };

/** Every group of a Träger, standard ones first: what the directory construct creates. */
export function groupRoles(traeger: TraegerModel): readonly (StandardGroup | string)[] {
  return [...STANDARD_GROUPS, ...traeger.directory.extraGroups.map((g) => g.name)];
}

/** The Verbund's Entra settings, from the Verbund config. */
export interface DirectoryConfig {
  /** Owners of the groups without directory roles: users or service principals, never a group. */
  readonly groupOwners: readonly { readonly objectId: string; readonly type: "User" | "ServicePrincipal" }[];
  /** The user attribute each Träger's people unit has its dynamic membership rule on. */
  readonly traegerUserAttribute: string;
  readonly platformOperatorsGroupObjectId: string;
  readonly adJoin?: {
    readonly username: string;
    readonly keyVaultId: string;
    readonly passwordSecretName: string;
    readonly domainGuid: string;
    readonly domainSid: string;
    readonly forestName: string;
    readonly netbiosDomainName: string;
    /** The OU every Träger OU lives in: a Träger's hosts join OU=<id>,<this>. */
    readonly traegerOuPath: string;
  };
}

/** The hub every spoke peers with, from the Verbund config. */
export interface HubModel {
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
  readonly virtualNetworkName: string;
  readonly virtualNetworkId: string;
  readonly addressSpace: string;
  readonly firewallPrivateIp: string;
  readonly dnsServers: readonly string[];
  readonly useRemoteGateways: boolean;
  /** The hub's subnets spokes exchange traffic with, validated to lie inside `addressSpace`. */
  readonly subnets: {
    readonly firewall: string;
    readonly bastion: string;
    readonly runners: string;
    readonly domainControllers?: string;
    readonly dnsResolverInbound?: string;
  };
}

/**
 * The Verbund as the platform stack sees it: every setting, and of each Träger only its id (its deploy
 * environment and federated credential). The synth builds the platform stack from exactly this, so
 * its cache key is this and a change inside one Träger does not rebuild it (lib/app/units.ts).
 */
export type VerbundWithTraegerIds = Omit<VerbundModel, "traeger"> & { readonly traeger: readonly Pick<TraegerModel, "id">[] };

/** The whole Verbund, validated: config and every Träger, sorted by id. */
export interface VerbundModel {
  readonly name: string;
  readonly shortName: string;
  /** The Land's two-digit key: every AGS and key of a Träger starts with it. */
  readonly landKey: string;
  /** The year the Verbund was founded. */
  readonly founded: number;
  /** Marketplace images session hosts may use. */
  readonly sessionHostImages: readonly { readonly publisher: string; readonly offer: string; readonly sku: string }[];
  readonly entraTenantId: string;
  readonly regions: { readonly primary: string; readonly paired: string; readonly avd: string };
  readonly addressPool: string;
  readonly hub: HubModel;
  readonly directory: DirectoryConfig;
  readonly backup: { readonly resourceGuardId: string };
  readonly monitoring: { readonly logAnalyticsWorkspaceId: string; readonly platformTeamEmail: string };
  readonly privateDns: { readonly fileZoneId: string; readonly vaultZoneId: string };
  readonly stateBackend: {
    readonly subscriptionId: string;
    readonly resourceGroupName: string;
    readonly storageAccountName: string;
    readonly containerName: string;
    /** The hub subnet of the state account's private endpoint. */
    readonly privateEndpointSubnetId: string;
  };
  /** The deploy identity's object id (the platform stack's output): Träger stacks grant it what they create. */
  readonly identities: { readonly deployPrincipalId: string; readonly traegerManagementGroupId: string; readonly decommissionedManagementGroupId: string };
  /** Subscription vending: billing scope, workload and the default budget's formula. */
  readonly vending: VendingModel;
  /** The GitHub repository (`owner/name`) whose environments the federated credentials trust. */
  readonly github: { readonly repository: string };
  readonly traeger: readonly TraegerModel[];
  /** The config file, as shown to people. */
  readonly sourceFile: string;
}

/** The value of `managed-by` on everything this project creates. */
export const MANAGED_BY = "cdktf/ksm-verbund-infra";

/** The stack (and state key `platform.tfstate`) of what the Verbund sets up once; no Träger may take this id. */
export const PLATFORM_STACK_ID = "platform";

/**
 * The suffix of a Träger's subscription stack (lib/stacks/subscription-stack.ts). A Träger id never
 * contains "--" (lib/declaration/traeger.ts), so `<id>--subscription` is never a Träger's id or "platform".
 */
export const SUBSCRIPTION_STACK_SUFFIX = "--subscription";

/**
 * Where a stack keeps its state: the Verbund's state account, key `<stack>.tfstate`, Entra auth. Each
 * stack's backend, and a Träger stack's read of its subscription stack's state, use exactly this.
 */
export function stateBackendOf(verbund: Pick<VerbundModel, "stateBackend" | "entraTenantId">, stackId: string) {
  const { subscriptionId, resourceGroupName, storageAccountName, containerName } = verbund.stateBackend;
  return { subscriptionId, resourceGroupName, storageAccountName, containerName, key: `${stackId}.tfstate`, tenantId: verbund.entraTenantId, useAzureadAuth: true };
}

/** The stack (and state key `<stack>.tfstate`) that vends or adopts a Träger's subscription. */
export function subscriptionStackId(traegerId: string): string {
  return `${traegerId}${SUBSCRIPTION_STACK_SUFFIX}`;
}

/**
 * How a Träger stack refers to a vended subscription's id: the output `subscription_id` of its
 * subscription stack's state (lib/stacks/traeger-stack.ts reads it with a terraform_remote_state
 * data source named "subscription"). Policy checks compare scopes against this expression.
 */
export const VENDED_SUBSCRIPTION_ID = "${data.terraform_remote_state.subscription.outputs.subscription_id}";

/** The Träger a subscription stack belongs to, or undefined when the stack is not one. */
export function traegerOfSubscriptionStack(stack: string): string | undefined {
  return stack.endsWith(SUBSCRIPTION_STACK_SUFFIX) ? stack.slice(0, -SUBSCRIPTION_STACK_SUFFIX.length) : undefined;
}
