import { defineTraeger } from "../lib/declaration";

// Founder of KSM (2013); only the year is documented.
export default defineTraeger({
  id: "ludwigslust-parchim",
  name: "Landkreis Ludwigslust-Parchim",
  kind: "landkreis",
  key: "13076",
  joined: "2013-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000101",
  network: { addressSpace: "10.64.0.0/18" },
  directory: {
    // Specialist applications of the Kreisverwaltung still authenticate against the Verbund's AD.
    join: { mode: "ad", domain: "ksm.local", ouPath: "OU=ludwigslust-parchim,OU=Traeger,DC=ksm,DC=local" },
  },
  backup: {
    // The Kreisverwaltung's document management keeps five weeks of daily points and two months of profile versions.
    retention: { vm: { daily: 35 }, fileShare: { daily: 60 } },
    time: "22:30",
  },
  vdi: {
    // The Kreisverwaltung's desk staff on pooled desktops; the building authority works later hours.
    pools: [
      { name: "verwaltung", users: 480, sessionsPerHost: 12, vmSize: "Standard_D16as_v5" },
      { name: "bauamt", users: 60, sessionsPerHost: 6, vmSize: "Standard_E8as_v5", officeHours: { start: "06:30", end: "20:00" } },
    ],
  },
});
