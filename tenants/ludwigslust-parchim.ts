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
});
