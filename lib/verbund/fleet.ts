/**
 * Rules that need the Verbund config or every Träger at once: the Land, dates, platform ids, the
 * directory, image allow-list, unique names, Gemeinden in at most one Amt. A conflict between two files
 * is reported on the new or changed one and names the other (changed.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { type ParsedTraeger, type ParsedVerbund, POOL_DEFAULTS, STANDARD_GROUPS, nameFold } from "../declaration";
import { groupName } from "../naming";
import type { Problem } from "../problems";
import type { ChangedFiles } from "./changed";
import type { LoadedModule } from "./load";
import { OFFBOARDING_RECORD_DIR, offboardingRecordSchema, retentionEnds } from "../review/offboarding-record";

/** One declaration that passed its schema. */
export interface ParsedDeclaration {
  readonly loaded: LoadedModule;
  readonly traeger: ParsedTraeger;
}

interface Holder {
  readonly absolutePath: string;
  readonly file: string;
  readonly name: string;
}

/** Checks every Träger against the Verbund config and against each other; pushes one problem per finding. */
export function checkFleet(parsed: readonly ParsedDeclaration[], verbund: ParsedVerbund, changed: ChangedFiles, problems: Problem[], today: Date): void {
  const platform = platformIds(verbund);
  const latestJoin = new Date(Date.UTC(today.getUTCFullYear() + 1, today.getUTCMonth(), today.getUTCDate())).toISOString().slice(0, 10);
  const allowed = new Set(verbund.sessionHostImages.map(imageKey));
  const names = new Map<string, Holder & { written: string }>();
  const groups = new Map<string, Holder & { field: string; role: string }>();
  const gemeinden = new Map<string, Holder & { field: string; ags: string; member?: string }>();

  // The keys of Träger that are Gemeinden themselves, for "a Gemeinde is not also a member".
  for (const { loaded, traeger } of parsed) {
    if (traeger.kind !== "amt" && traeger.kind !== "landkreis") gemeinden.set(traeger.key, { absolutePath: loaded.absolutePath, file: loaded.file, name: traeger.name, field: "key", ags: traeger.key });
  }

  // A Träger declared twice (same id) is one problem, reported on the id: its groups and name follow.
  const idCount = new Map<string, number>();
  for (const { traeger } of parsed) idCount.set(traeger.id, (idCount.get(traeger.id) ?? 0) + 1);

  for (const { loaded, traeger } of parsed) {
    const file = loaded.file;
    const declaredTwice = (idCount.get(traeger.id) ?? 0) > 1;
    const self: Holder = { absolutePath: loaded.absolutePath, file, name: traeger.name };
    const add = (field: string, message: string) => problems.push({ file, field, message });

    // Keys: the Land part of every key and AGS.
    const keyInLand = traeger.key.startsWith(verbund.landKey);
    if (!keyInLand) add("key", `${traeger.key} lies outside the Verbund's Land: every key here starts with ${verbund.landKey} (landKey in verbund.ts)`);
    // An Amt's members lie in its Kreis (schema): outside the Land only with the Amt, said once above.
    if (keyInLand) traeger.members?.forEach((member, index) => {
      if (!member.ags.startsWith(verbund.landKey)) add(`members[${index}].ags`, `${member.ags} lies outside the Verbund's Land: every AGS here starts with ${verbund.landKey} (landKey in verbund.ts)`);
    });

    // Dates.
    if (traeger.joined < `${verbund.founded}-01-01`) add("joined", `${traeger.joined} is before the Verbund was founded (${verbund.founded}, founded in verbund.ts)`);
    else if (traeger.joined > latestJoin) add("joined", `${traeger.joined} lies more than a year ahead: write the date the Träger joins (at most a year from today)`);

    // Platform ids.
    const platformUse = traeger.subscriptionId === undefined ? undefined : platform.get(traeger.subscriptionId.toLowerCase());
    if (platformUse) add("subscriptionId", `is ${platformUse}: a Träger must have its own subscription`);

    // Decommissioning: only once the deployed offboarding's longest retention has run out.
    if (traeger.status === "decommissioned") {
      const refusal = decommissionRefusal(traeger, loaded.absolutePath, today);
      if (refusal) add("status", refusal);
    }

    // Directory.
    const join = traeger.directory?.join;
    const ad = verbund.directory.adJoin;
    if (typeof join === "object" && ad) {
      const expected = `OU=${traeger.id},${ad.traegerOuPath}`;
      // A foreign domain's OU path cannot match either: one problem, said on the domain.
      if (join.domain.toLowerCase() !== ad.forestName.toLowerCase()) add("directory.join.domain", `must be the Verbund's forest ${ad.forestName} (got ${JSON.stringify(join.domain)})`);
      else if (join.ouPath.toLowerCase() !== expected.toLowerCase()) {
        add("directory.join.ouPath", `must be exactly "${expected}", the Träger's own OU under the Verbund's Träger OU (got ${JSON.stringify(join.ouPath)})`);
      }
    }
    const roles: { role: string; field: string }[] = [
      ...STANDARD_GROUPS.map((role) => ({ role, field: "id" })),
      ...(traeger.directory?.groups ?? []).map((group, index) => ({ role: group.name, field: `directory.groups[${index}].name` })),
    ];
    for (const { role, field } of declaredTwice ? [] : roles) {
      const name = groupName(traeger.id, role);
      const first = groups.get(name);
      if (!first) {
        groups.set(name, { ...self, field, role });
        continue;
      }
      if (first.absolutePath === self.absolutePath) continue; // a group declared twice: the schema says so
      const [reported, other] = changed.order(first, { ...self, field, role });
      problems.push({
        file: reported.file,
        field: reported.field,
        message: `gives the Entra group ${name}, which ${other.name} (${other.file}) also gets from ${other.field === "id" ? `its standard group "${other.role}"` : `its group "${other.role}"`}: group names must be unique across the Verbund`,
      });
    }

    // Images: declared or default, only what the Verbund allows.
    traeger.vdi?.pools.forEach((pool, index) => {
      const image = pool.image ?? POOL_DEFAULTS.image;
      if (!allowed.has(imageKey(image))) {
        add(`vdi.pools[${index}].image`, `${image.publisher}/${image.offer}/${image.sku} is not an image the Verbund allows (sessionHostImages in verbund.ts: ${verbund.sessionHostImages.map((i) => `${i.publisher}/${i.offer}/${i.sku}`).join(", ")})`);
      }
    });

    // Names: one name per Träger, after NFC and folding look-alike characters.
    const fold = nameFold(traeger.name);
    const sameName = names.get(fold);
    if (sameName && !declaredTwice) {
      const [reported, other] = changed.order(sameName, { ...self, written: traeger.name });
      problems.push({
        file: reported.file,
        field: "name",
        message: `${JSON.stringify(reported.written)} is the same name as ${JSON.stringify(other.written)} of ${other.file} (compared after Unicode normalisation and folding look-alike characters): names must be unique`,
      });
    } else names.set(fold, { ...self, written: traeger.name });

    // Gemeinden: in at most one Amt, and not themselves a Träger.
    traeger.members?.forEach((member, index) => {
      const mine = { ...self, field: `members[${index}].ags`, ags: member.ags, member: member.name };
      const first = gemeinden.get(member.ags);
      if (!first) {
        gemeinden.set(member.ags, mine);
        return;
      }
      if (first.absolutePath === self.absolutePath) return; // listed twice in one Amt: the schema says so
      const [reported, other] = changed.order(first, mine);
      const subject = reported.member ? `${reported.ags} (${reported.member})` : reported.ags;
      const rule = other.member && reported.member ? "a Gemeinde belongs to at most one Amt" : "a Gemeinde that is a Träger itself is not also a member of an Amt";
      const what = other.member ? `is a member of ${other.name}` : `is the Träger ${other.name}`;
      problems.push({ file: reported.file, field: reported.field, message: `${subject} ${what} (${other.file}): ${rule}` });
    });
  }
}

function imageKey(image: { readonly publisher: string; readonly offer: string; readonly sku: string }): string {
  return `${image.publisher}/${image.offer}/${image.sku}`.toLowerCase();
}

/** Every GUID the Verbund itself uses, with what it is: none may be a Träger's subscription. */
function platformIds(verbund: ParsedVerbund): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (guid: string | undefined, what: string) => {
    if (guid && !ids.has(guid.toLowerCase())) ids.set(guid.toLowerCase(), what);
  };
  const subscriptionOf = (resourceId: string | undefined) => /^\/subscriptions\/([0-9a-fA-F-]{36})\//.exec(resourceId ?? "")?.[1];
  add(verbund.hub.subscriptionId, "the hub's subscription");
  add(verbund.stateBackend.subscriptionId, "the state backend's subscription");
  add(subscriptionOf(verbund.backup.resourceGuardId), "the security subscription (the backup resource guard's)");
  add(subscriptionOf(verbund.monitoring.logAnalyticsWorkspaceId), "the monitoring subscription (the Log Analytics workspace's)");
  add(subscriptionOf(verbund.privateDns.fileZoneId), "the private DNS zones' subscription");
  add(subscriptionOf(verbund.privateDns.vaultZoneId), "the private DNS zones' subscription");
  add(subscriptionOf(verbund.directory.adJoin?.keyVaultId), "the identity Key Vault's subscription");
  add(verbund.entraTenantId, "the Verbund's Entra tenant id");
  add(verbund.directory.platformOperatorsGroupObjectId, "the platform operators' group object id");
  verbund.directory.groupOwners.forEach((owner) => add(owner.objectId, "a group owner's object id"));
  add(verbund.identities.deployPrincipalId, "the deploy identity's object id");
  return ids;
}

/**
 * Why a Träger may not be "decommissioned" yet, or undefined when it may: its offboarding must have
 * been deployed (deployments/offboarding/<id>.json beside the tenants folder, written by the deploy)
 * and the longest retention of its backups must have run out since. Until then its subscription stays
 * in the Träger management group, where its vaults keep the recovery points it is owed.
 */
function decommissionRefusal(traeger: ParsedTraeger, declarationPath: string, today: Date): string | undefined {
  const record = path.join(path.dirname(path.dirname(declarationPath)), OFFBOARDING_RECORD_DIR, `${traeger.id}.json`);
  const shown = `${OFFBOARDING_RECORD_DIR}/${traeger.id}.json`;
  let text: string;
  try {
    text = fs.readFileSync(record, "utf8");
  } catch {
    return `"decommissioned" needs ${shown}, the record of its deployed offboarding: first merge and deploy status "offboarding" (README, "Offboarding a Träger")`;
  }
  let parsed: ReturnType<typeof offboardingRecordSchema.safeParse>;
  try {
    parsed = offboardingRecordSchema.safeParse(JSON.parse(text));
  } catch {
    return `"decommissioned" needs ${shown} to be an offboarding record, but it is not JSON`;
  }
  if (!parsed.success || parsed.data.traeger !== traeger.id) return `"decommissioned" needs ${shown} to be ${traeger.id}'s offboarding record ({"traeger", "deployedAt", "commit"})`;
  const { date, longest } = retentionEnds(parsed.data.deployedAt, traeger.backup?.retention);
  const day = today.toISOString().slice(0, 10);
  if (day < date) return `is refused until ${date}: the offboarding was deployed on ${parsed.data.deployedAt} and its longest retention, ${longest}, runs until then`;
  return undefined;
}
