/**
 * RDP properties of every host pool, hardened by default (docs/vdi.md): no drive, USB, camera, COM
 * or LPT (printer port) redirection; printers and smart cards (signature cards in the Standesamt)
 * stay available; clipboard as declared. Entra-joined hosts get single sign-on with Entra ID.
 */
export function rdpProperties(options: { readonly clipboard: boolean; readonly entraJoined: boolean }): string {
  const properties = [
    "drivestoredirect:s:",
    "usbdevicestoredirect:s:",
    "camerastoredirect:s:",
    "redirectcomports:i:0",
    "redirectprinters:i:1",
    "redirectsmartcards:i:1",
    `redirectclipboard:i:${options.clipboard ? 1 : 0}`,
    "audiomode:i:0",
    ...(options.entraJoined ? ["targetisaadjoined:i:1", "enablerdsaadauth:i:1"] : []),
  ];
  return `${properties.join(";")};`;
}
