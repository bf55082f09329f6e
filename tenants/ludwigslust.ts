import { defineTraeger } from "../lib/declaration";

// Träger since 2016; only the year is documented.
export default defineTraeger({
  id: "ludwigslust",
  name: "Stadt Ludwigslust",
  kind: "amtsfreie-stadt",
  key: "13076090",
  joined: "2016-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000103",
  network: { addressSpace: "10.64.128.0/20" },
  vdi: {
    // 83 workstations at about 12,300 inhabitants; finance (H&H proDoppik) works on personal desktops.
    pools: [
      { name: "verwaltung", users: 75, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" },
      { name: "finanzen", type: "personal", users: 8, sessionsPerHost: 1, vmSize: "Standard_D4as_v5", clipboard: true },
    ],
  },
});
