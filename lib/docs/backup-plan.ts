import { BACKUP_LIMITS } from "../declaration";
import { backupPolicyName, profileShareName, recoveryServicesVaultName, resourceGroupName, sessionHostVmName, storageAccountName } from "../naming";
import { RETENTION_ANCHORS, SCHEDULE_TIME_ZONE, type TraegerModel, type VerbundModel } from "../verbund";
import { fileShareSnapshotDays } from "../verbund/file-share-snapshots";

import { germanDate, germanDuration, germanNumber, longestRetention } from "./german";

const IMMUTABILITY_TEXT = {
  locked: "**gesperrt**: Sicherungen können vor Ablauf ihrer Aufbewahrungsfrist weder verändert noch gelöscht werden, und niemand kann die Unveränderlichkeit wieder ausschalten.",
  unlocked: "**aktiv, aber nicht gesperrt** (Warnung bei jeder Synthese): Sicherungen können vor Ablauf ihrer Aufbewahrungsfrist weder verändert noch gelöscht werden, ein Administrator könnte die Unveränderlichkeit aber ausschalten. Sie wird gesperrt, sobald Wiederherstellungen erprobt sind.",
  disabled: "**ausgeschaltet** (Warnung bei jeder Synthese): Sicherungen können überschrieben oder gelöscht werden. Das entspricht nicht CON.3.A14.",
} as const;

/** The protected items of a Träger, as Markdown lines: what the VDI construct hands to the vault. */
function protectedItems(traeger: TraegerModel, verbund: VerbundModel): string[] {
  if (traeger.pools.length === 0) {
    return [
      "Noch nichts: Der Träger hat keine virtuellen Desktops. Sobald Desktops vereinbart sind, kommen ihre",
      "FSLogix-Profilfreigaben unter die Richtlinie für Dateifreigaben und persönliche Desktops unter die VM-Richtlinie.",
    ];
  }
  const account = storageAccountName(verbund.shortName, traeger.id, "profiles");
  const rows = ["| Objekt | Art | Richtlinie |", "|---|---|---|"];
  for (const pool of traeger.pools) {
    rows.push(`| \`${account}/${profileShareName(pool.name)}\` | FSLogix-Profile des Pools ${pool.name} (${germanNumber(pool.users)} Nutzer) | \`${backupPolicyName(traeger.id, "fileshare")}\` |`);
  }
  for (const pool of traeger.pools.filter((p) => p.type === "personal")) {
    const first = sessionHostVmName(traeger.id, pool.name, 0);
    const last = sessionHostVmName(traeger.id, pool.name, pool.sessionHostCount - 1);
    rows.push(`| \`${first}\` … \`${last}\` (${pool.sessionHostCount}) | persönliche Desktops des Pools ${pool.name} | \`${backupPolicyName(traeger.id, "vm")}\` |`);
  }
  return [
    ...rows,
    "",
    "Gemeinsam genutzte Sitzungshosts enthalten keine Nutzerdaten (die Profile liegen auf den Freigaben); sie werden aus dem Image neu aufgebaut, nicht wiederhergestellt.",
    `Die Dateifreigaben werden in den Tresor gesichert (Vault-Sicherung, Stufe \`vault-standard\`): Ihre Wiederherstellungspunkte werden nach`,
    `\`${recoveryServicesVaultName(traeger.id)}\` kopiert und erhalten dessen georedundante zweite Kopie in ${verbund.regions.paired}, seine Unveränderlichkeit und sein vorläufiges Löschen.`,
    `Freigabe-Snapshots bleiben zusätzlich ${germanDuration(fileShareSnapshotDays(traeger.backup.retention.fileShare.daily), "day")} im Speicherkonto selbst (Premium, zonenredundant in ${verbund.regions.primary})`,
    "für schnelle Wiederherstellungen; sie verlassen dieses Konto nie. Speicherkonto und Freigaben tragen `prevent_destroy`, und",
    "Azure Backup setzt eine Löschsperre auf das Konto.",
  ];
}

/** Path of a Träger's generated backup plan, relative to the project root. */
export function backupPlanPath(traegerId: string): string {
  return `docs/backup/${traegerId}.md`;
}

/**
 * The Träger's backup plan (Datensicherungsplan, BSI IT-Grundschutz CON.3.A4), in German, generated
 * from the model that builds its stack: what is backed up, where, how often, how long (Aufbewahrung),
 * the RPO, immutability and who must approve weakening it, the restore order (Wiederherstellung), and
 * what offboarding keeps.
 */
export function renderBackupPlan(traeger: TraegerModel, verbund: VerbundModel): string {
  const { retention, time, immutability } = traeger.backup;
  const vault = recoveryServicesVaultName(traeger.id);
  const a = RETENTION_ANCHORS;
  const longest = longestRetention(traeger);
  const lines = [
    `# Datensicherungsplan – ${traeger.name}`,
    "",
    `Datensicherungsplan nach BSI IT-Grundschutz CON.3.A4 für den Träger \`${traeger.id}\` (Schlüssel ${traeger.key}), Träger seit ${germanDate(traeger.joined)}.`,
    `Erzeugt mit \`npm run docs\` aus \`${traeger.sourceFile}\` und \`${verbund.sourceFile}\`; bitte nicht von Hand ändern. [Trägerblatt](../traeger/${traeger.id}.md)`,
    "",
    `![Aufbewahrung und Offboarding – ${traeger.name}](../img/zeitleiste-${traeger.id}.svg)`,
    "",
    "## Wo die Sicherungen liegen (CON.3.A9, CON.3.A12)",
    "",
    "| | |",
    "|---|---|",
    `| Recovery-Services-Tresor | \`${vault}\` in der Ressourcengruppe \`${resourceGroupName(traeger.id, "backup")}\` |`,
    `| Erste Kopie | ${verbund.regions.primary} (Deutschland) |`,
    `| Zweite Kopie | ${verbund.regions.paired} (Deutschland): georedundanter Speicher, regionsübergreifende Wiederherstellung eingeschaltet |`,
    "| Netzzugang | öffentlicher Netzzugang ausgeschaltet |",
    "| Löschen | vorläufiges Löschen (Soft Delete) an; Terraform `prevent_destroy` am Tresor: kein Plan kann ihn löschen |",
    "",
    "## Unveränderlichkeit und wer sie abschwächen darf (CON.3.A14)",
    "",
    `- Unveränderlichkeit: ${IMMUTABILITY_TEXT[immutability]}`,
    ...(traeger.backup.mutableReason ? [`- Begründung für veränderbare Sicherungen: ${traeger.backup.mutableReason}`] : []),
    `- Mehrbenutzer-Autorisierung: Der Tresor ist an den Resource Guard des Verbunds \`${verbund.backup.resourceGuardId}\` gebunden.`,
    "  Vorläufiges Löschen oder Unveränderlichkeit ausschalten, Aufbewahrung verkürzen, den Schutz beenden oder den Guard",
    "  entfernen braucht eine zweite Person: Die Eigentümerin des Guards (Informationssicherheitsbeauftragte der KSM) muss zustimmen.",
    `- Jede Änderung an Aufbewahrung oder Unveränderlichkeit ist ein Pull Request auf \`${traeger.sourceFile}\` und wird vor dem Anwenden geprüft.`,
    "",
    "## Zeitplan, Aufbewahrung und Wiederherstellungspunktziel (CON.3.A4, CON.3.A6)",
    "",
    `Die Datensicherung läuft täglich um ${time} Uhr (${SCHEDULE_TIME_ZONE}, deutsche Ortszeit). Ein Wiederherstellungspunkt je Tag`,
    "ergibt ein Wiederherstellungspunktziel (RPO) von 24 Stunden für jedes System unten.",
    "",
    "| System | Richtlinie | täglich | wöchentlich | monatlich | jährlich | RPO |",
    "|---|---|---|---|---|---|---|",
    `| Sitzungshosts mit Nutzerdaten (persönliche Desktops) | \`${backupPolicyName(traeger.id, "vm")}\` (erweitert, V2) | ${germanDuration(retention.vm.daily, "day")} | ${germanDuration(retention.vm.weekly, "week")} | ${germanDuration(retention.vm.monthly, "month")} | ${germanDuration(retention.vm.yearly, "year")} | 24 h |`,
    `| Dateifreigaben (FSLogix-Profile, Datenfreigaben) | \`${backupPolicyName(traeger.id, "fileshare")}\` (im Tresor) | ${germanDuration(retention.fileShare.daily, "day")} | – | – | – | 24 h |`,
    "",
    `Wöchentliche Punkte sind die Sicherungen am ${WEEKDAY_DE[a.weekday] ?? a.weekday}, monatliche die am ${WEEK_DE[a.week] ?? a.week} ${WEEKDAY_DE[a.weekday] ?? a.weekday} eines Monats, jährliche die am`,
    `${WEEK_DE[a.week] ?? a.week} ${WEEKDAY_DE[a.weekday] ?? a.weekday} im ${MONTH_DE[a.month] ?? a.month}. VM-Snapshots bleiben zusätzlich 7 Tage für die sofortige Wiederherstellung.`,
    `Azure erlaubt für VMs eine tägliche Aufbewahrung von ${germanNumber(BACKUP_LIMITS.vmDaily.min)} bis ${germanNumber(BACKUP_LIMITS.vmDaily.max)} Tagen und für Dateifreigaben höchstens ${germanNumber(BACKUP_LIMITS.fileShareDaily.max)} Tage.`,
    "",
    "## Was gesichert wird",
    "",
    ...protectedItems(traeger, verbund),
    "",
    "## Reihenfolge der Wiederherstellung (CON.3.A4)",
    "",
    `1. **Netz**: \`npx cdktf deploy ${traeger.id}\` legt das Netz \`vnet-${traeger.id}\`, seine Sicherheitsgruppen, Routen und die Hub-Anbindung neu an (keine Daten).`,
    "2. **Identitäten**: Dasselbe Deployment legt Verwaltungseinheit und Gruppen neu an; Benutzerkonten kommen aus der",
    "   Identitätswiederherstellung des Verbunds (Papierkorb von Entra ID, 30 Tage).",
    `3. **Profile**: Die FSLogix-Profilfreigaben werden aus den Wiederherstellungspunkten in \`${vault}\` wiederhergestellt (am ursprünglichen Ort`,
    `   oder in eine andere Freigabe; aus ${verbund.regions.paired} per regionsübergreifender Wiederherstellung, wenn ${verbund.regions.primary} nicht verfügbar ist).`,
    `   Die Freigabe-Snapshots der letzten ${germanDuration(fileShareSnapshotDays(traeger.backup.retention.fileShare.daily), "day")} lassen sich schneller wiederherstellen, liegen aber nur in ${verbund.regions.primary}.`,
    "4. **Desktops**: Gemeinsam genutzte Sitzungshosts baut das Deployment aus dem Image neu auf; persönliche Desktops",
    "   werden aus ihren VM-Wiederherstellungspunkten wiederhergestellt.",
    "",
    "## Wiederherstellungstests (CON.3.A15)",
    "",
    "Mindestens einmal im Quartal wird eine Profilfreigabe und, wo der Träger persönliche Desktops hat, ein Desktop",
    "an einem abgetrennten Ort wiederhergestellt, geprüft, dass sich ein Nutzer mit dem wiederhergestellten Profil anmelden",
    "kann, und das Ergebnis protokolliert. Sicherungsaufträge und Berichte gehen an den zentralen Log-Analytics-Arbeitsbereich des Verbunds.",
    "",
    "## Offboarding: was bleibt",
    "",
    `Verlässt der Träger den Verbund, wird zuerst sein Status auf „offboarding“ gesetzt: Desktops, Zugänge und die Hub-Anbindung`,
    `entfallen, der Tresor, die Profilspeicher und alle Sicherungen bleiben geschützt. Die letzten Sicherungen werden bis zu`,
    `${germanDuration(longest.count, longest.unit)} aufbewahrt; erst danach werden die Ressourcen von Hand und im Vier-Augen-Prinzip zurückgebaut,`,
    "nachdem dem Träger übergeben wurde, was ihm zusteht.",
    ...(traeger.status === "offboarding" ? ["", "**Dieser Träger ist im Offboarding.** Es laufen keine Desktops mehr; die Datensicherung der verbliebenen Daten läuft weiter."] : []),
    "",
  ];
  return lines.join("\n");
}

const WEEKDAY_DE: Readonly<Record<string, string>> = { Monday: "Montag", Tuesday: "Dienstag", Wednesday: "Mittwoch", Thursday: "Donnerstag", Friday: "Freitag", Saturday: "Samstag", Sunday: "Sonntag" };
const WEEK_DE: Readonly<Record<string, string>> = { First: "ersten", Second: "zweiten", Third: "dritten", Fourth: "vierten", Last: "letzten" };
const MONTH_DE: Readonly<Record<string, string>> = {
  January: "Januar",
  February: "Februar",
  March: "März",
  April: "April",
  May: "Mai",
  June: "Juni",
  July: "Juli",
  August: "August",
  September: "September",
  October: "Oktober",
  November: "November",
  December: "Dezember",
};
