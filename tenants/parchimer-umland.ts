import { defineTraeger } from "../lib/declaration";

// Seat in Parchim, which is not a member. Träger since 2019; only the year is documented.
// AGS without a note were not checked against a second source (see the Verbund reference).
export default defineTraeger({
  id: "parchimer-umland",
  name: "Amt Parchimer Umland",
  kind: "amt",
  key: "130765662",
  joined: "2019-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000106",
  network: { addressSpace: "10.64.176.0/20" },
  members: [
    { name: "Domsühl", ags: "13076035" },
    { name: "Groß Godems", ags: "13076056" },
    { name: "Karrenzin", ags: "13076068" },
    { name: "Lewitzrand", ags: "13076085" }, // checked
    { name: "Obere Warnow", ags: "13076164" },
    { name: "Rom", ags: "13076120" },
    { name: "Spornitz", ags: "13076126" },
    { name: "Stolpe", ags: "13076129" },
    { name: "Ziegendorf", ags: "13076160" },
    { name: "Zölkow", ags: "13076162" },
  ],
  vdi: {
    // Sizing hint: 25–45 named users.
    pools: [{ name: "verwaltung", users: 35, sessionsPerHost: 8, vmSize: "Standard_D8as_v5" }],
  },
});
