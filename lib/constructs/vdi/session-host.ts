import { NetworkInterface } from "@cdktf/provider-azurerm/lib/network-interface";
import { VirtualMachineExtension } from "@cdktf/provider-azurerm/lib/virtual-machine-extension";
import { WindowsVirtualMachine } from "@cdktf/provider-azurerm/lib/windows-virtual-machine";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { sessionHostComputerName, sessionHostPartName, sessionHostVmName } from "../../naming";
import type { PoolModel, TraegerModel } from "../../verbund";
import type { SessionHostJoinSettings } from "../directory-tenant";
import { LOCAL_ADMIN_USERNAME, INTUNE_MDM_APP_ID } from "../facts";

/**
 * The AVD agent configuration Microsoft publishes for adding session hosts (DSC). Pinned: a new
 * version is a deliberate change, and the agent updates itself after registration.
 */
export const AVD_AGENT_CONFIGURATION_URL = "https://wvdportalstorageblob.blob.core.windows.net/galleryartifacts/Configuration_1.0.02790.438.zip";


/** Properties of one session host. */
export interface SessionHostProps {
  readonly traeger: TraegerModel;
  readonly pool: PoolModel;
  /** Number of the host within its pool (0–999): part of its names, never reused for another host. */
  readonly index: number;
  readonly resourceGroupName: string;
  /** Region of the session hosts (the Verbund's primary, German region). */
  readonly location: string;
  readonly subnetId: string;
  readonly hostPoolName: string;
  /** The host pool's current registration token. */
  readonly registrationToken: string;
  readonly join: SessionHostJoinSettings;
  readonly adminPassword: string;
}

/**
 * One AVD session host: a NIC in the session-host subnet (no public IP), a Windows VM with Trusted
 * Launch (secure boot, vTPM) and encryption at host in an availability zone, joined to Entra ID or
 * the Träger's AD OU, and registered with its host pool by the AVD agent.
 */
export class SessionHost extends Construct {
  readonly virtualMachine: WindowsVirtualMachine;
  readonly computerName: string;
  readonly vmName: string;

  constructor(scope: Construct, id: string, props: SessionHostProps) {
    super(scope, id);
    const { traeger, pool, index } = props;
    const tags = { ...traeger.tags, "avd-host-pool": props.hostPoolName };
    this.vmName = sessionHostVmName(traeger.id, pool.name, index);
    this.computerName = sessionHostComputerName(traeger.id, pool.name, index);

    const nic = new NetworkInterface(this, "nic", {
      name: sessionHostPartName("nic", this.vmName),
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      ipConfiguration: [{ name: "internal", subnetId: props.subnetId, privateIpAddressAllocation: "Dynamic" }],
      acceleratedNetworkingEnabled: true,
      tags,
    });
    this.virtualMachine = new WindowsVirtualMachine(this, "vm", {
      name: this.vmName,
      computerName: this.computerName,
      resourceGroupName: props.resourceGroupName,
      location: props.location,
      // Spread over the region's three availability zones.
      zone: String((index % 3) + 1),
      size: pool.vmSize,
      adminUsername: LOCAL_ADMIN_USERNAME,
      adminPassword: props.adminPassword,
      networkInterfaceIds: [nic.id],
      licenseType: "Windows_Client",
      secureBootEnabled: true,
      vtpmEnabled: true,
      encryptionAtHostEnabled: true,
      identity: { type: "SystemAssigned" },
      osDisk: { name: sessionHostPartName("osdisk", this.vmName), caching: "ReadWrite", storageAccountType: "Premium_LRS" },
      sourceImageReference: { publisher: pool.image.publisher, offer: pool.image.offer, sku: pool.image.sku, version: pool.image.version },
      bootDiagnostics: {},
      tags,
    });

    // Extension settings are plain JSON, never a template: a backslash inside jsonencode() would be an
    // HCL escape sequence ("Configuration.ps1\AddSessionHost" broke every stack with desktops).
    const join =
      props.join.mode === "entra"
        ? new VirtualMachineExtension(this, "join-entra", {
            name: "AADLoginForWindows",
            virtualMachineId: this.virtualMachine.id,
            publisher: "Microsoft.Azure.ActiveDirectory",
            type: "AADLoginForWindows",
            typeHandlerVersion: "2.0",
            autoUpgradeMinorVersion: true,
            // Enrols the host in Intune, which delivers FSLogix, cloud Kerberos and LAPS (docs/vdi.md).
            settings: JSON.stringify({ mdmId: INTUNE_MDM_APP_ID }),
            tags,
          })
        : new VirtualMachineExtension(this, "join-ad", {
            name: "JoinDomain",
            virtualMachineId: this.virtualMachine.id,
            publisher: "Microsoft.Compute",
            type: "JsonADDomainExtension",
            typeHandlerVersion: "1.3",
            autoUpgradeMinorVersion: true,
            // Options 3 = join the domain and create the computer account, in the Träger's own OU.
            settings: JSON.stringify({ Name: props.join.domain, OUPath: props.join.ouPath, User: props.join.username, Restart: "true", Options: "3" }),
            // The platform reads the protected settings ({"Password": …}) from the hub Key Vault itself:
            // the password never passes through Terraform, its state or its plans.
            protectedSettingsFromKeyVault: { secretUrl: keyVaultSecretUrl(props.join.passwordSecret.keyVaultId, props.join.passwordSecret.secretName), sourceVaultId: props.join.passwordSecret.keyVaultId },
            tags,
          });

    new VirtualMachineExtension(this, "avd-agent", {
      name: "AddSessionHost",
      virtualMachineId: this.virtualMachine.id,
      publisher: "Microsoft.Powershell",
      type: "DSC",
      typeHandlerVersion: "2.73",
      autoUpgradeMinorVersion: true,
      settings: JSON.stringify({
        modulesUrl: AVD_AGENT_CONFIGURATION_URL,
        configurationFunction: "Configuration.ps1\\AddSessionHost",
        properties: { HostPoolName: props.hostPoolName, aadJoin: props.join.mode === "entra", UseAgentDownloadEndpoint: true },
      }),
      protectedSettings: Fn.jsonencode({ properties: { registrationInfoToken: props.registrationToken } }),
      dependsOn: [join],
      // The token is only read at first registration; its rotation must not redeploy the agent.
      lifecycle: { ignoreChanges: ["protected_settings"] },
      tags,
    });
  }
}

/** The versionless URL of a secret in the Key Vault with the given resource id (Azure public cloud). */
export function keyVaultSecretUrl(keyVaultId: string, secretName: string): string {
  const vaultName = keyVaultId.split("/").pop() ?? "";
  return `https://${vaultName}.vault.azure.net/secrets/${secretName}`;
}
