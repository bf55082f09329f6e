import { defineVerbund } from "./lib/declaration";

/**
 * The KSM Verbund itself: the Entra tenant, the hub every Träger spoke peers with, the address pool
 * Träger are carved from, regions, and where Terraform keeps each Träger's state.
 * Ids of the form 00000000-0000-0000-0000-… are placeholders: every synth warns until they are real.
 */
export default defineVerbund({
  name: "Kommunalservice Mecklenburg AöR",
  // Mecklenburg-Vorpommern: every AGS and key of a Träger starts with 13.
  landKey: "13",
  // KSM was founded in 2013; no Träger joined before.
  founded: 2013,
  shortName: "ksm",
  entraTenantId: "00000000-0000-0000-0000-000000000001",
  regions: {
    primary: "germanywestcentral",
    paired: "germanynorth",
    // Azure Virtual Desktop has no German location for its service objects; session hosts stay in Germany.
    avd: "westeurope",
  },
  addressPool: "10.64.0.0/12",
  hub: {
    subscriptionId: "00000000-0000-0000-0000-000000000002",
    resourceGroupName: "rg-ksm-hub-network",
    virtualNetworkName: "vnet-ksm-hub",
    addressSpace: "10.60.0.0/22",
    firewallPrivateIp: "10.60.0.4",
    // The hub firewall is the spokes' DNS proxy.
    dnsServers: ["10.60.0.4"],
    // What spokes exchange traffic with, by subnet: NSGs allow each only its ports (lib/verbund/hub-access.ts).
    subnets: {
      firewall: "10.60.0.0/26",
      bastion: "10.60.0.64/26",
      runners: "10.60.1.0/26",
      domainControllers: "10.60.1.64/27",
    },
  },
  directory: {
    // The KSM platform team owns the Träger groups without directory roles, so that none is ownerless.
    // Users or service principals only, never a group; admins and helpdesk groups get no owner.
    groupOwners: [{ objectId: "00000000-0000-0000-0000-000000000011", type: "User" }],
    // KSM platform operators: Owner on every Träger's resource groups.
    platformOperatorsGroupObjectId: "00000000-0000-0000-0000-000000000012",
    // Join account for Träger whose session hosts join the Verbund's Active Directory (join mode "ad").
    adJoin: {
      username: "svc-domainjoin@ksm.local",
      keyVaultId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ksm-hub-identity/providers/Microsoft.KeyVault/vaults/kv-ksm-hub-identity",
      passwordSecretName: "domainjoin-password",
      // Domain facts for AD DS authentication of FSLogix profile shares (placeholders until known).
      domainGuid: "00000000-0000-0000-0000-000000000021",
      domainSid: "S-1-5-21-1000000001-1000000002-1000000003",
      forestName: "ksm.local",
      netbiosDomainName: "KSM",
      // Every Träger's session hosts join exactly OU=<id>,OU=Traeger,DC=ksm,DC=local.
      traegerOuPath: "OU=Traeger,DC=ksm,DC=local",
    },
  },
  backup: {
    // Multi-user authorization: weakening a Träger vault needs approval through this guard,
    // owned by the security officer in a subscription the platform team cannot change.
    resourceGuardId: "/subscriptions/00000000-0000-0000-0000-000000000003/resourceGroups/rg-ksm-security/providers/Microsoft.DataProtection/resourceGuards/guard-ksm-backup",
  },
  privateDns: {
    fileZoneId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ksm-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.file.core.windows.net",
    vaultZoneId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ksm-hub-dns/providers/Microsoft.Network/privateDnsZones/privatelink.vaultcore.azure.net",
  },
  monitoring: {
    logAnalyticsWorkspaceId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ksm-hub-monitoring/providers/Microsoft.OperationalInsights/workspaces/log-ksm-central",
    // Backup alerts of every Träger vault (action group e-mail receiver; groups cannot receive e-mail).
    platformTeamEmail: "plattform@ksm.example",
  },
  // The only Marketplace images session hosts may use: Windows 11 Enterprise multi-session 24H2, with
  // and without Microsoft 365 apps.
  sessionHostImages: [
    { publisher: "MicrosoftWindowsDesktop", offer: "office-365", sku: "win11-24h2-avd-m365" },
    { publisher: "MicrosoftWindowsDesktop", offer: "windows-11", sku: "win11-24h2-avd" },
  ],
  stateBackend: {
    subscriptionId: "00000000-0000-0000-0000-000000000002",
    resourceGroupName: "rg-ksm-terraform-state",
    storageAccountName: "stksmtfstate",
    containerName: "tfstate",
    // Hub subnet of the state account's private endpoint (runners and workstations reach state through the hub).
    privateEndpointSubnetId: "/subscriptions/00000000-0000-0000-0000-000000000002/resourceGroups/rg-ksm-hub-network/providers/Microsoft.Network/virtualNetworks/vnet-ksm-hub/subnets/snet-privateendpoints",
  },
  identities: {
    // The deploy identity's object id: the platform stack's output deploy_identity.principal_id (docs/adoption.md).
    deployPrincipalId: "00000000-0000-0000-0000-000000000031",
    // Every Träger subscription lives in this management group; the identities' rights are granted there.
    traegerManagementGroupId: "mg-ksm-traeger",
    // Offboarded Träger whose retention has run out: their subscriptions move here, where policy denies everything.
    decommissionedManagementGroupId: "mg-ksm-decommissioned",
  },
  // Subscription vending (README, "Subscriptions"): where vended Träger subscriptions are billed, and
  // the default budget: base + per desktop user, rounded up to 100 (whole units of the billing currency).
  vending: {
    billingScopeId: "/providers/Microsoft.Billing/billingAccounts/00000000-0000-0000-0000-000000000041:00000000-0000-0000-0000-000000000042_2019-05-31/billingProfiles/KSM0-0000-BG7-TGB/invoiceSections/KSM0-0000-PJA-TGB",
    budget: { base: 400, perDesktopUser: 45 },
  },
  // The repository whose GitHub environments may sign in as the plan and deploy identities.
  github: { repository: "kommunalservice-mv/ksm-verbund-infra" },
});
