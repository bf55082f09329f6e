import { defineTraeger } from "../lib/declaration";

// Signed 18 December 2019, effective 1 January 2020. Seat: Gemeinde Stralendorf.
// AGS without a note were not checked against a second source (see the Verbund reference).
export default defineTraeger({
  id: "stralendorf",
  name: "Amt Stralendorf",
  kind: "amt",
  key: "130765665",
  joined: "2020-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000108",
  network: { addressSpace: "10.64.208.0/20" },
  members: [
    { name: "Dümmer", ags: "13076036" },
    { name: "Holthusen", ags: "13076063" },
    { name: "Klein Rogahn", ags: "13076071" },
    { name: "Pampow", ags: "13076107" }, // checked
    { name: "Schossin", ags: "13076121" },
    { name: "Stralendorf", ags: "13076130" }, // checked
    { name: "Warsow", ags: "13076147" },
    { name: "Wittenförden", ags: "13076154" },
    { name: "Zülow", ags: "13076163" },
  ],
  vdi: {
    // Sizing hint: 40–70 named users.
    pools: [{ name: "verwaltung", users: 55, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
