/**
 * Bytes of a text file to a string: UTF-8 (with or without BOM), or
 * Windows-1252 when the bytes are not valid UTF-8.
 */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const windows1252 = new TextDecoder("windows-1252");

export function decodeText(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    return windows1252.decode(bytes);
  }
}
