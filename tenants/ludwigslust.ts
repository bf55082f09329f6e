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
});
