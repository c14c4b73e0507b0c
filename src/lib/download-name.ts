// Download names every system saves as a plain file.

/**
 * Names Windows keeps for devices, whatever the extension ("nul.txt" too): a file saved under one opens
 * the device instead. COM0 and LPT0 are included, as recent Windows reserves them too.
 */
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

/** A download name Windows will save as a file: a device name gets a leading underscore. */
export function notADeviceName(fileName: string): string {
  return WINDOWS_DEVICE.test(fileName) ? `_${fileName}` : fileName;
}
