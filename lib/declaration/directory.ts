import { z } from "zod";
import { descriptionText } from "./text";

/** Standard security groups every Träger gets; extra groups may not reuse these names. */
export const STANDARD_GROUPS = ["users", "admins", "helpdesk", "vdi-users"] as const;
export type StandardGroup = (typeof STANDARD_GROUPS)[number];
/** Most extra groups a Träger may declare. */
export const MAX_EXTRA_GROUPS = 20;

const DNS_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

const adJoin = z.strictObject({
  mode: z.literal("ad"),
  /** The Verbund's Active Directory domain, e.g. "ksm.local". */
  domain: z.string().regex(DNS_NAME, { error: (iss) => `must be a DNS domain name like ksm.local (got ${JSON.stringify(iss.input)})` }),
  /** Distinguished name of the Träger's OU, e.g. "OU=<id>,OU=Traeger,DC=ksm,DC=local". */
  ouPath: z.string(),
});

const extraGroup = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,38}[a-z0-9]$/, { error: (iss) => `must be 2–40 lowercase letters, digits and "-", starting with a letter (got ${JSON.stringify(iss.input)})` }),
  description: descriptionText(),
});

/** The optional `directory` section: how session hosts join, and extra groups. */
export const directorySchema = z.strictObject({
  /** How session hosts join a directory. @default "entra" */
  join: z.union([z.literal("entra"), adJoin], { error: 'must be "entra" or { mode: "ad", domain, ouPath }' }).optional(),
  /** Groups beyond the standard ones (users, admins, helpdesk, vdi-users). @default none */
  groups: z.array(extraGroup).max(MAX_EXTRA_GROUPS, { error: `must declare at most ${MAX_EXTRA_GROUPS} extra groups` }).optional(),
});

/** Cross-field rules of the directory section (OU path, group names); reads raw input defensively. */
export function checkDirectory(raw: unknown, traegerId: string | undefined, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof raw !== "object" || raw === null) return;
  const { join, groups } = raw as { join?: unknown; groups?: unknown };
  if (typeof join === "object" && join !== null) {
    const { ouPath, domain } = join as { ouPath?: unknown; domain?: unknown };
    if (typeof ouPath === "string") {
      const problem = ouPathProblem(ouPath, traegerId, typeof domain === "string" && DNS_NAME.test(domain) ? domain : undefined);
      if (problem) ctx.addIssue({ code: "custom", path: ["directory", "join", "ouPath"], message: problem });
    }
  }
  if (Array.isArray(groups)) {
    const seen = new Map<string, number>();
    groups.forEach((group: unknown, index) => {
      const name = typeof group === "object" && group !== null ? (group as { name?: unknown }).name : undefined;
      if (typeof name !== "string") return;
      if ((STANDARD_GROUPS as readonly string[]).includes(name)) {
        ctx.addIssue({ code: "custom", path: ["directory", "groups", index, "name"], message: `"${name}" is a standard group every Träger already has (${STANDARD_GROUPS.join(", ")})` });
      }
      const first = seen.get(name);
      if (first !== undefined) ctx.addIssue({ code: "custom", path: ["directory", "groups", index, "name"], message: `"${name}" is declared twice (also groups[${first}])` });
      else seen.set(name, index);
    });
  }
}

/**
 * Why an OU path is unusable: it must be a distinguished name of OU components followed by the
 * domain's DC components, and contain the Träger's own OU (`OU=<id>`), so a Träger's session hosts
 * never land in another Träger's OU.
 */
export function ouPathProblem(ouPath: string, traegerId: string | undefined, domain: string | undefined): string | undefined {
  const parts = ouPath.split(",").map((part) => part.trim());
  const parsed = parts.map((part) => /^(OU|DC)=([^=,+"\\<>;#]+)$/i.exec(part));
  if (parts.length < 2 || parsed.some((m) => m === null)) {
    return `${JSON.stringify(ouPath)} is not a distinguished name of OU=… and DC=… components (e.g. "OU=${traegerId ?? "<id>"},OU=Traeger,DC=ksm,DC=local")`;
  }
  const kinds = parsed.map((m) => m![1]!.toUpperCase());
  const firstDc = kinds.indexOf("DC");
  if (firstDc <= 0 || kinds.slice(firstDc).some((k) => k !== "DC")) {
    return `${JSON.stringify(ouPath)} must list OU components first and DC components last`;
  }
  if (traegerId && !parsed.slice(0, firstDc).some((m) => m![2]!.trim().toLowerCase() === traegerId)) {
    return `${JSON.stringify(ouPath)} does not contain the Träger's own OU "OU=${traegerId}"`;
  }
  const dcs = parsed.slice(firstDc).map((m) => m![2]!.trim().toLowerCase()).join(".");
  if (domain && dcs !== domain.toLowerCase()) return `${JSON.stringify(ouPath)} lies in domain ${dcs}, not in ${domain}`;
  return undefined;
}

/** How a Träger's session hosts join a directory. */
export type JoinDeclaration = "entra" | { readonly mode: "ad"; readonly domain: string; readonly ouPath: string };

/** The optional `directory` section of a declaration. */
export interface DirectoryDeclaration {
  /** @default "entra" */
  readonly join?: JoinDeclaration;
  /** Groups beyond users, admins, helpdesk and vdi-users. @default none */
  readonly groups?: readonly { readonly name: string; readonly description: string }[];
}

