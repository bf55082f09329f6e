import * as path from "node:path";
import {
  ADDRESS_PREFIX_RANGE,
  BACKUP_DEFAULTS,
  POOL_DEFAULTS,
  sessionHostCount,
  REGION_PAIRS,
  hasBrand,
  HUB_SUBNETS,
  type HubSubnet,
  isPlaceholderGuid,
  type ParsedTraeger,
  type ParsedVerbund,
  TRAEGER_BRAND,
  traegerSchema,
  VERBUND_BRAND,
  verbundSchema,
} from "../declaration";
import { type Problem, problemsFromZod } from "../problems";
import { planSubnets } from "./address-plan";
import { BlockIndex, type Cidr, contains, containsAddress, formatCidr, overlaps, parseCidr, parseIpv4 } from "./cidr";
import { ChangedFiles } from "./changed";
import { checkFleet } from "./fleet";
import type { LoadedModule } from "./load";
import { sessionHostComputerName } from "../naming";
import { PLATFORM_STACK_ID } from "./model";
import { deployIdentityEnvironments, FEDERATED_CREDENTIALS_PER_IDENTITY } from "../identities/environments";
import { defaultBudget, desktopUserCount, type VendingModel } from "./model";
import { MANAGED_BY, PROFILE_GIB_PER_USER, PROFILE_SHARE_MIN_GIB, type PoolModel, type TraegerModel, type VerbundModel } from "./model";

/** A validated Verbund and what every synth should say about it without failing. */
export interface ValidatedVerbund {
  readonly model: VerbundModel;
  readonly warnings: readonly Problem[];
}

/** A Träger holding something that must be unique: a key, a subscription, an address block. */
interface Holder {
  readonly file: string;
  readonly absolutePath: string;
  readonly name: string;
}

interface VerbundBlocks {
  readonly pool: Cidr;
  readonly hub: Cidr;
}

/** The message of every placeholder-id warning (the synth folds them into one line per file). */
export const PLACEHOLDER_HINT = "is a placeholder: replace it with the real id before `cdktf deploy`";

/**
 * Validates the Verbund config and every declaration, alone and together, and builds the model.
 * Collects every problem before returning: a run either gets a complete model or all its problems.
 */
/** What validation needs from outside: which files are new or changed (conflicts name them first), and today. */
export interface ValidateOptions {
  readonly changed?: ChangedFiles;
  readonly today?: Date;
}

export function validateVerbund(config: LoadedModule | undefined, declarations: readonly LoadedModule[], options: ValidateOptions = {}): { model?: ValidatedVerbund; problems: Problem[] } {
  const problems: Problem[] = [];
  const verbund = checkConfig(config, problems);

  const parsed: { loaded: LoadedModule; traeger: ParsedTraeger }[] = [];
  for (const loaded of declarations) {
    if (!hasBrand(loaded.value, TRAEGER_BRAND)) {
      problems.push({ file: loaded.file, field: "", message: `default export is not a Träger declaration (got ${describe(loaded.value)}): write \`export default defineTraeger({ … })\`` });
      continue;
    }
    const result = traegerSchema.safeParse(loaded.value, { reportInput: true });
    if (result.success) parsed.push({ loaded, traeger: result.data });
    else problems.push(...problemsFromZod(loaded.file, result.error.issues));
  }

  const changed = options.changed ?? new ChangedFiles();
  checkAcrossTraeger(parsed, verbund, changed, problems);
  if (verbund) checkFleet(parsed, verbund.parsed, changed, problems, options.today ?? new Date());
  if (problems.length > 0 || !verbund || !config) return { problems: sortByFile(problems) };

  const vending: VendingModel = verbund.parsed.vending;
  const traeger = parsed.map(({ loaded, traeger: t }) => normaliseTraeger(t, loaded.file, vending)).sort((a, b) => a.id.localeCompare(b.id));
  const model: VerbundModel = {
    name: verbund.parsed.name,
    shortName: verbund.parsed.shortName,
    landKey: verbund.parsed.landKey,
    founded: verbund.parsed.founded,
    sessionHostImages: verbund.parsed.sessionHostImages,
    entraTenantId: verbund.parsed.entraTenantId,
    regions: verbund.parsed.regions,
    addressPool: verbund.parsed.addressPool,
    hub: {
      ...verbund.parsed.hub,
      virtualNetworkId: `/subscriptions/${verbund.parsed.hub.subscriptionId}/resourceGroups/${verbund.parsed.hub.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${verbund.parsed.hub.virtualNetworkName}`,
    },
    directory: verbund.parsed.directory,
    backup: verbund.parsed.backup,
    monitoring: verbund.parsed.monitoring,
    privateDns: verbund.parsed.privateDns,
    stateBackend: verbund.parsed.stateBackend,
    identities: { ...verbund.parsed.identities, deployPrincipalId: verbund.parsed.identities.deployPrincipalId.toLowerCase() },
    vending,
    github: verbund.parsed.github,
    traeger,
    sourceFile: config.file,
  };
  return { model: { model, warnings: collectWarnings(model) }, problems: [] };
}

function checkConfig(config: LoadedModule | undefined, problems: Problem[]): { parsed: ParsedVerbund; blocks: VerbundBlocks } | undefined {
  if (!config) return undefined; // its load problem is already reported
  const file = config.file;
  if (!hasBrand(config.value, VERBUND_BRAND)) {
    problems.push({ file, field: "", message: `default export is not a Verbund config (got ${describe(config.value)}): write \`export default defineVerbund({ … })\`` });
    return undefined;
  }
  const result = verbundSchema.safeParse(config.value, { reportInput: true });
  if (!result.success) {
    problems.push(...problemsFromZod(file, result.error.issues));
    return undefined;
  }
  const parsed = result.data;
  const before = problems.length;
  if (parsed.regions.paired !== REGION_PAIRS[parsed.regions.primary]) {
    problems.push({
      file,
      field: "regions.paired",
      message: `must be ${REGION_PAIRS[parsed.regions.primary]}, Azure's pair of ${parsed.regions.primary}: geo-redundant backups keep their second copy there`,
    });
  }
  const pool = parseCidr(parsed.addressPool);
  if (typeof pool === "string") problems.push({ file, field: "addressPool", message: pool });
  const hub = parseCidr(parsed.hub.addressSpace);
  if (typeof hub === "string") problems.push({ file, field: "hub.addressSpace", message: hub });
  if (typeof pool !== "string" && typeof hub !== "string" && overlaps(pool, hub)) {
    problems.push({ file, field: "hub.addressSpace", message: `${formatCidr(hub)} overlaps the Träger pool ${formatCidr(pool)}: the hub must lie outside it` });
  }
  const ipChecks: [string, string][] = [["hub.firewallPrivateIp", parsed.hub.firewallPrivateIp], ...parsed.hub.dnsServers.map((ip, i): [string, string] => [`hub.dnsServers[${i}]`, ip])];
  for (const [field, text] of ipChecks) {
    const ip = parseIpv4(text);
    if (typeof ip === "string") problems.push({ file, field, message: ip });
    else if (typeof hub !== "string" && !containsAddress(hub, ip)) problems.push({ file, field, message: `${text} lies outside the hub's address space ${formatCidr(hub)}` });
  }
  if (typeof hub !== "string") checkHubSubnets(parsed, hub, file, problems);
  const owners = new Map<string, number>();
  parsed.directory.groupOwners.forEach((owner, i) => {
    const id = owner.objectId.toLowerCase();
    const field = `directory.groupOwners[${i}].objectId`;
    if (id === parsed.directory.platformOperatorsGroupObjectId.toLowerCase()) {
      problems.push({ file, field, message: "is the platform operators group: a group is never an owner (name its users or service principals instead)" });
    }
    const first = owners.get(id);
    if (first !== undefined) problems.push({ file, field, message: `is already directory.groupOwners[${first}]` });
    else owners.set(id, i);
  });
  const hubVnetId = `/subscriptions/${parsed.hub.subscriptionId}/resourceGroups/${parsed.hub.resourceGroupName}/providers/Microsoft.Network/virtualNetworks/${parsed.hub.virtualNetworkName}`.toLowerCase();
  if (!parsed.stateBackend.privateEndpointSubnetId.toLowerCase().startsWith(`${hubVnetId}/subnets/`)) {
    problems.push({ file, field: "stateBackend.privateEndpointSubnetId", message: `must be a subnet of the hub VNet ${parsed.hub.virtualNetworkName}: runners reach state through the hub` });
  }
  // Management group ids are case-insensitive in Azure.
  if (parsed.identities.decommissionedManagementGroupId.toLowerCase() === parsed.identities.traegerManagementGroupId.toLowerCase()) {
    problems.push({ file, field: "identities.decommissionedManagementGroupId", message: "must differ from identities.traegerManagementGroupId: decommissioned subscriptions leave the Träger management group" });
  }
  if (problems.length > before || typeof pool === "string" || typeof hub === "string") return undefined;
  return { parsed, blocks: { pool, hub } };
}

/** Smallest subnet (largest prefix) Azure accepts for each hub subnet with a fixed purpose. */
const HUB_SUBNET_MAX_PREFIX: Readonly<Partial<Record<HubSubnet, { prefix: number; why: string }>>> = {
  firewall: { prefix: 26, why: "AzureFirewallSubnet must be /26 or larger" },
  bastion: { prefix: 26, why: "AzureBastionSubnet must be /26 or larger" },
  dnsResolverInbound: { prefix: 28, why: "a DNS resolver inbound endpoint subnet must be /28 or larger" },
};

/**
 * The hub's subnets: each a canonical block inside the hub, none overlapping another; the firewall's
 * address inside the firewall subnet; every DNS server inside the firewall, resolver or domain
 * controller subnet (the only hub addresses spokes may send DNS to); domain controllers named when
 * Träger may join Active Directory.
 */
function checkHubSubnets(parsed: ParsedVerbund, hub: Cidr, file: string, problems: Problem[]): void {
  const blocks = new Map<HubSubnet, Cidr>();
  for (const name of HUB_SUBNETS) {
    const text = parsed.hub.subnets[name];
    if (text === undefined) continue;
    const field = `hub.subnets.${name}`;
    const block = parseCidr(text);
    if (typeof block === "string") {
      problems.push({ file, field, message: block });
      continue;
    }
    if (!contains(hub, block)) {
      problems.push({ file, field, message: `${formatCidr(block)} lies outside the hub's address space ${formatCidr(hub)}` });
      continue;
    }
    const size = HUB_SUBNET_MAX_PREFIX[name];
    if (size && block.prefix > size.prefix) problems.push({ file, field, message: `${formatCidr(block)} is too small: ${size.why}` });
    for (const [other, otherBlock] of blocks) {
      if (overlaps(block, otherBlock)) problems.push({ file, field, message: `${formatCidr(block)} overlaps hub.subnets.${other} ${formatCidr(otherBlock)}` });
    }
    blocks.set(name, block);
  }
  const firewall = blocks.get("firewall");
  const firewallIp = parseIpv4(parsed.hub.firewallPrivateIp);
  if (firewall && typeof firewallIp === "number" && containsAddress(hub, firewallIp) && !containsAddress(firewall, firewallIp)) {
    problems.push({ file, field: "hub.firewallPrivateIp", message: `${parsed.hub.firewallPrivateIp} lies outside hub.subnets.firewall ${formatCidr(firewall)}` });
  }
  const dnsHosts = (["firewall", "dnsResolverInbound", "domainControllers"] as const).filter((name) => blocks.has(name));
  parsed.hub.dnsServers.forEach((text, i) => {
    const ip = parseIpv4(text);
    if (typeof ip !== "number" || !containsAddress(hub, ip)) return; // reported above
    if (!dnsHosts.some((name) => containsAddress(blocks.get(name)!, ip))) {
      problems.push({ file, field: `hub.dnsServers[${i}]`, message: `${text} lies in none of hub.subnets.${dnsHosts.join(", hub.subnets.")}: spokes send DNS only there` });
    }
  });
  if (parsed.directory.adJoin && parsed.hub.subnets.domainControllers === undefined) {
    problems.push({ file, field: "hub.subnets.domainControllers", message: "is required with directory.adJoin: session hosts that join Active Directory reach the domain controllers there" });
  }
}

function checkAcrossTraeger(
  parsed: readonly { loaded: LoadedModule; traeger: ParsedTraeger }[],
  verbund: { parsed: ParsedVerbund; blocks: VerbundBlocks } | undefined,
  changed: ChangedFiles,
  problems: Problem[],
): void {
  const byId = new Map<string, LoadedModule>();
  const byKey = new Map<string, Holder>();
  const bySubscription = new Map<string, Holder>();
  // Every earlier address space each one overlaps, found without comparing every pair (BlockIndex).
  const spaces = new BlockIndex<Holder & { block: Cidr }>();
  const ownerOf = new Map(parsed.filter(({ loaded, traeger }) => path.basename(loaded.absolutePath, ".ts") === traeger.id).map(({ loaded, traeger }) => [traeger.id, loaded]));

  for (const { loaded, traeger } of parsed) {
    const file = loaded.file;
    const stem = path.basename(loaded.absolutePath, ".ts");
    // The file named after an id owns it; another file declaring that id is a duplicate, which says
    // more than "does not match the file name".
    if (stem !== traeger.id) {
      const owner = ownerOf.get(traeger.id);
      const holder = owner && owner !== loaded ? owner : byId.get(traeger.id);
      problems.push({
        file,
        field: "id",
        message: holder
          ? `"${traeger.id}" is already declared in ${holder.file}: ids must be unique (by its file name this one would be "${stem}")`
          : `"${traeger.id}" does not match the file name: rename the file to ${traeger.id}.ts (the id never changes)`,
      });
    }
    if (!byId.has(traeger.id)) byId.set(traeger.id, loaded);
    if (traeger.id === PLATFORM_STACK_ID) {
      problems.push({ file, field: "id", message: `"${PLATFORM_STACK_ID}" is reserved: it names the Verbund's platform stack and its state (platform.tfstate)` });
    }

    const self: Holder = { file, absolutePath: loaded.absolutePath, name: traeger.name };
    // A conflict between two files is reported on the new or changed one, naming the other (changed.ts).
    const sameKey = byKey.get(traeger.key);
    if (sameKey) {
      const [reported, other] = changed.order(sameKey, self);
      problems.push({ file: reported.file, field: "key", message: `${traeger.key} is already the key of ${other.name} (${other.file}): keys must be unique` });
    } else byKey.set(traeger.key, self);

    const subscription = traeger.subscriptionId?.toLowerCase();
    const sameSubscription = subscription === undefined ? undefined : bySubscription.get(subscription);
    if (sameSubscription) {
      const [reported, other] = changed.order(sameSubscription, self);
      problems.push({ file: reported.file, field: "subscriptionId", message: `is already the subscription of ${other.name} (${other.file}): every Träger has its own subscription` });
    } else if (subscription !== undefined) bySubscription.set(subscription, self);

    const prefixes = new Map<string, string>();
    traeger.vdi?.pools.forEach((pool, index) => {
      const prefix = sessionHostComputerName(traeger.id, pool.name, 0).slice(0, -4);
      const clash = prefixes.get(prefix);
      if (clash) {
        problems.push({ file, field: `vdi.pools[${index}].name`, message: `"${pool.name}" gives the same computer names as pool "${clash}" (${prefix}-nnn): choose another pool name` });
      } else prefixes.set(prefix, pool.name);
    });

    const join = traeger.directory?.join;
    if (verbund && typeof join === "object" && !verbund.parsed.directory.adJoin) {
      problems.push({ file, field: "directory.join", message: `joins session hosts to Active Directory, but the Verbund config has no directory.adJoin account` });
    }

    const block = parseCidr(traeger.network.addressSpace);
    if (typeof block === "string") {
      problems.push({ file, field: "network.addressSpace", message: block });
      continue;
    }
    const { min, max } = ADDRESS_PREFIX_RANGE;
    if (block.prefix < min || block.prefix > max) {
      problems.push({ file, field: "network.addressSpace", message: `${formatCidr(block)} has prefix /${block.prefix}: a spoke is /${min} (largest) to /${max} (smallest)` });
      continue;
    }
    if (!verbund) continue;
    const { pool, hub } = verbund.blocks;
    if (!contains(pool, block)) {
      problems.push({ file, field: "network.addressSpace", message: `${formatCidr(block)} lies outside the Träger pool ${formatCidr(pool)}` });
      continue;
    }
    if (overlaps(hub, block)) {
      problems.push({ file, field: "network.addressSpace", message: `${formatCidr(block)} overlaps the hub's ${formatCidr(hub)}` });
      continue;
    }
    for (const earlier of spaces.overlapping(block)) {
      const [reported, other] = changed.order(earlier, { ...self, block });
      problems.push({
        file: reported.file,
        field: "network.addressSpace",
        message: `${formatCidr(reported.block)} of ${reported.name} overlaps ${formatCidr(other.block)} of ${other.name} (${other.file})`,
      });
    }
    spaces.add({ ...self, block });
  }
}

function normaliseTraeger(traeger: ParsedTraeger, file: string, vending: VendingModel): TraegerModel {
  const block = parseCidr(traeger.network.addressSpace) as Cidr; // validated above
  const costCenter = traeger.costCenter ?? traeger.key;
  return {
    id: traeger.id,
    name: traeger.name,
    kind: traeger.kind,
    key: traeger.key,
    joined: traeger.joined,
    status: traeger.status ?? "active",
    ...(traeger.subscriptionId !== undefined ? { subscriptionId: traeger.subscriptionId.toLowerCase() } : {}),
    subscriptionIsPlaceholder: traeger.subscriptionId !== undefined && isPlaceholderGuid(traeger.subscriptionId),
    budget: {
      monthly: traeger.budget?.monthly ?? defaultBudget(vending, desktopUserCount({ pools: traeger.vdi?.pools ?? [] })),
      fromSize: traeger.budget?.monthly === undefined,
      notify: traeger.budget?.notify ?? [],
    },
    members: traeger.members ?? [],
    costCenter,
    tags: { traeger: traeger.id, key: traeger.key, "managed-by": MANAGED_BY, "cost-center": costCenter },
    network: { addressSpace: formatCidr(block), subnets: planSubnets(block) },
    directory: {
      join: typeof traeger.directory?.join === "object" ? { mode: "ad", domain: traeger.directory.join.domain, ouPath: traeger.directory.join.ouPath } : { mode: "entra" },
      extraGroups: traeger.directory?.groups ?? [],
    },
    backup: {
      retention: {
        vm: { ...BACKUP_DEFAULTS.vm, ...traeger.backup?.retention?.vm },
        fileShare: { ...BACKUP_DEFAULTS.fileShare, ...traeger.backup?.retention?.fileShare },
      },
      time: traeger.backup?.time ?? BACKUP_DEFAULTS.time,
      immutability: traeger.backup?.immutability ?? BACKUP_DEFAULTS.immutability,
      ...(traeger.backup?.allowMutableBackups ? { mutableReason: traeger.backup.allowMutableBackups.reason } : {}),
    },
    pools: (traeger.vdi?.pools ?? []).map((pool): PoolModel => {
      const type = pool.type ?? POOL_DEFAULTS.type;
      const peakConcurrency = pool.peakConcurrency ?? POOL_DEFAULTS.peakConcurrency;
      return {
        name: pool.name,
        type,
        users: pool.users,
        sessionsPerHost: pool.sessionsPerHost,
        peakConcurrency,
        vmSize: pool.vmSize,
        image: { ...POOL_DEFAULTS.image, ...pool.image, version: pool.image?.version ?? "latest" },
        officeHours: pool.officeHours ?? POOL_DEFAULTS.officeHours,
        clipboard: pool.clipboard ?? POOL_DEFAULTS.clipboard,
        sessionHostCount: sessionHostCount({ type, users: pool.users, sessionsPerHost: pool.sessionsPerHost, peakConcurrency }),
        profileShareGiB: Math.max(PROFILE_SHARE_MIN_GIB, pool.users * PROFILE_GIB_PER_USER),
      };
    }),
    sourceFile: file,
  };
}

function collectWarnings(model: VerbundModel): Problem[] {
  const warnings: Problem[] = [];
  if (isPlaceholderGuid(model.entraTenantId)) warnings.push({ file: model.sourceFile, field: "entraTenantId", message: PLACEHOLDER_HINT });
  if (isPlaceholderGuid(model.hub.subscriptionId)) warnings.push({ file: model.sourceFile, field: "hub.subscriptionId", message: PLACEHOLDER_HINT });
  model.directory.groupOwners.forEach((owner, i) => {
    if (isPlaceholderGuid(owner.objectId)) warnings.push({ file: model.sourceFile, field: `directory.groupOwners[${i}].objectId`, message: PLACEHOLDER_HINT });
  });
  if (isPlaceholderGuid(model.directory.platformOperatorsGroupObjectId)) warnings.push({ file: model.sourceFile, field: "directory.platformOperatorsGroupObjectId", message: PLACEHOLDER_HINT });
  // RFC 2606 reserves .example: such an address is a stand-in, and alerts sent there reach no one.
  if (/\.example$/i.test(model.monitoring.platformTeamEmail)) {
    warnings.push({ file: model.sourceFile, field: "monitoring.platformTeamEmail", message: "is a placeholder (.example): backup alerts would reach no one; set the platform team's mailbox before `cdktf deploy`" });
  }
  if (isPlaceholderGuid(model.stateBackend.subscriptionId)) warnings.push({ file: model.sourceFile, field: "stateBackend.subscriptionId", message: PLACEHOLDER_HINT });
  if (isPlaceholderGuid(model.identities.deployPrincipalId)) {
    warnings.push({ file: model.sourceFile, field: "identities.deployPrincipalId", message: `${PLACEHOLDER_HINT} (the platform stack's output deploy_identity.principal_id, docs/adoption.md)` });
  }
  const deployEnvironments = deployIdentityEnvironments(model).length;
  if (deployEnvironments > FEDERATED_CREDENTIALS_PER_IDENTITY) {
    warnings.push({
      file: model.sourceFile,
      field: "github.repository",
      message: `the deploy identity needs ${deployEnvironments} federated credentials (deploy-platform and deploy-<id> per Träger), Azure allows ${FEDERATED_CREDENTIALS_PER_IDENTITY} per identity: applying the platform stack fails from the ${FEDERATED_CREDENTIALS_PER_IDENTITY + 1}st (docs/identities.md)`,
    });
  }
  for (const t of model.traeger) {
    if (t.subscriptionIsPlaceholder) warnings.push({ file: t.sourceFile, field: "subscriptionId", message: PLACEHOLDER_HINT });
    if (t.backup.immutability === "unlocked") {
      warnings.push({ file: t.sourceFile, field: "backup.immutability", message: 'is "unlocked": an administrator could still switch immutability off (CON.3.A14); lock it once restores are tested' });
    }
    if (t.backup.immutability === "disabled") {
      warnings.push({ file: t.sourceFile, field: "backup.immutability", message: `is "disabled": backups can be overwritten or deleted (CON.3.A14). Reason given: ${t.backup.mutableReason}` });
    }
  }
  return warnings;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "a plain object";
  if (typeof value === "function") return "a function";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function sortByFile(problems: Problem[]): Problem[] {
  return problems.map((p, i) => ({ p, i })).sort((a, b) => (a.p.file === b.p.file ? a.i - b.i : a.p.file < b.p.file ? -1 : 1)).map(({ p }) => p);
}
