/** The Trägerblatt's section on the guardrails Azure enforces for every Träger (German). */
import { AZURE_POLICY_LIST } from "../policies/azure";
import type { VerbundModel } from "../verbund/model";

/** Lines of the section "Richtlinien in Azure": each assignment at the Träger management group, in short German. */
export function traegerPolicySection(model: VerbundModel): string[] {
  const traeger = AZURE_POLICY_LIST.filter((p) => p.scope === "traeger");
  const decommissioned = AZURE_POLICY_LIST.filter((p) => p.scope === "decommissioned");
  return [
    "## Richtlinien in Azure",
    "",
    `Das Abonnement liegt in der Verwaltungsgruppe \`${model.identities.traegerManagementGroupId}\`. Dort setzt Azure Policy diese Regeln durch, auch für Änderungen im Portal oder mit anderen Werkzeugen; dieselben Regeln prüft jede Synthese. Einzelheiten: [Richtlinien](../policies.md).`,
    "",
    "| Richtlinie | Zuweisung | Verstöße werden |",
    "|---|---|---|",
    ...traeger.map((p) => `| ${p.titleDe} | \`${p.key}\` | ${p.effect === "Deny" ? "abgelehnt" : p.effect === "Audit" ? "gemeldet" : p.effect} |`),
    "",
    `Nach dem Offboarding und dem Ende der längsten Aufbewahrung wird das Abonnement nicht gekündigt, sondern in die Verwaltungsgruppe \`${model.identities.decommissionedManagementGroupId}\` verschoben. Dort gilt zusätzlich: ${decommissioned.map((p) => p.titleDe).join("; ")}.`,
    "",
  ];
}
