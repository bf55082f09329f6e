import { defineTraeger } from "../lib/declaration";

// Seat of Amt Grabow (130765657). Träger since 2019; only the year is documented.
export default defineTraeger({
  id: "grabow",
  name: "Stadt Grabow",
  kind: "amtsangehoerige-stadt",
  key: "13076050",
  joined: "2019-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000105",
  network: { addressSpace: "10.64.160.0/20" },
  vdi: {
    // About 6 desk staff per 1,000 of 5,600 inhabitants.
    pools: [{ name: "verwaltung", users: 35, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
