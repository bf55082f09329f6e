import { defineTraeger } from "../lib/declaration";

// Runs the administration of Amt Neustadt-Glewe (130765660). Träger since 2018; only the year is documented.
export default defineTraeger({
  id: "neustadt-glewe",
  name: "Stadt Neustadt-Glewe",
  kind: "amtsangehoerige-stadt",
  key: "13076105",
  joined: "2018-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000104",
  network: { addressSpace: "10.64.144.0/20" },
  vdi: {
    // About 6 desk staff per 1,000 of 6,900 inhabitants.
    pools: [{ name: "verwaltung", users: 40, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
