import { defineTraeger } from "../lib/declaration";

// Founder of KSM (2013); only the year is documented. No vdi section: the city's workplaces are run by
// its own IT company SIS (Schweriner IT- und Servicegesellschaft), KSM's sister company.
export default defineTraeger({
  id: "schwerin",
  name: "Landeshauptstadt Schwerin",
  kind: "landeshauptstadt",
  key: "13004000",
  joined: "2013-01-01",
  subscriptionId: "00000000-0000-0000-0000-000000000102",
  network: { addressSpace: "10.64.64.0/18" },
  directory: {
    groups: [{ name: "standesamt", description: "Standesamt Schwerin: access to the civil registry application" }],
  },
});
