import { defineTraeger } from "../lib/declaration";

// Signed 18 December 2019, effective 1 January 2020. Seat: Stadt Zarrentin am Schaalsee.
export default defineTraeger({
  id: "zarrentin",
  name: "Amt Zarrentin",
  kind: "amt",
  key: "130765667",
  joined: "2020-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000109",
  network: { addressSpace: "10.64.224.0/20" },
  members: [
    { name: "Gallin", ags: "13076039" }, // checked
    { name: "Kogel", ags: "13076073" }, // checked
    { name: "Lüttow-Valluhn", ags: "13076092" },
    { name: "Vellahn", ags: "13076142" }, // checked
    { name: "Zarrentin am Schaalsee", ags: "13076159" }, // checked
  ],
  vdi: {
    // Sizing hint: 30–50 named users.
    pools: [{ name: "verwaltung", users: 40, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
