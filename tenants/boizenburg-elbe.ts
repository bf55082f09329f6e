import { defineTraeger } from "../lib/declaration";

// Signed 18 December 2019, effective 1 January 2020.
export default defineTraeger({
  id: "boizenburg-elbe",
  name: "Stadt Boizenburg/Elbe",
  kind: "amtsfreie-stadt",
  key: "13076014",
  joined: "2020-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000107",
  network: { addressSpace: "10.64.192.0/20" },
  vdi: {
    // Sizing hint: 50–80 named users.
    pools: [{ name: "verwaltung", users: 65, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
