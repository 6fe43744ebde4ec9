/**
 * Bytes of a text file to a string: UTF-16 (by byte-order mark, or by the
 * NUL-every-other-byte pattern that mostly-ASCII UTF-16 has), else UTF-8
 * (with or without BOM), else Windows-1252 when the bytes are not UTF-8.
 *
 * UTF-16 is supported because Windows "Unicode" text exports (Notepad, Word's
 * "Unicode Text") are UTF-16LE with a BOM; without decoding them here their
 * NUL bytes would make the file look binary.
 */
export type Utf16Encoding = "utf-16le" | "utf-16be";

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
const utf8Lenient = new TextDecoder("utf-8", { ignoreBOM: false });
const latin1 = new TextDecoder("latin1");
const utf16 = { "utf-16le": new TextDecoder("utf-16le"), "utf-16be": new TextDecoder("utf-16be") } as const;

/** Bytes looked at to recognise BOM-less UTF-16. */
const SNIFF_BYTES = 4096;
/** Share of the high (resp. low) bytes of code units that must be NUL / non-NUL for BOM-less UTF-16. */
const UTF16_NUL_SHARE = 0.9;

/**
 * Tells whether `bytes` are UTF-16 text, and which byte order.
 *
 * A BOM decides it (except FF FE 00 00, which is the UTF-32LE BOM and is not
 * treated as UTF-16). Without a BOM, only text that is mostly ASCII is
 * recognised: nearly every code unit then has one NUL byte on the same side.
 */
export function sniffUtf16(bytes: Uint8Array): Utf16Encoding | null {
  if (bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes[2] === 0 && bytes[3] === 0 ? null : "utf-16le";
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return "utf-16be";
  }
  const units = Math.floor(Math.min(bytes.length, SNIFF_BYTES) / 2);
  // a few code units prove nothing; two bytes of binary match by chance
  if (units < 8) return null;
  let evenNul = 0;
  let oddNul = 0;
  const rare = units * (1 - UTF16_NUL_SHARE);
  const common = units * UTF16_NUL_SHARE;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) evenNul++;
    if (bytes[2 * i + 1] === 0) oddNul++;
    // neither side can still reach its share of NULs: not UTF-16 (ordinary text gets here after a tenth of the sample)
    if (i + 1 - evenNul > rare && i + 1 - oddNul > rare) return null;
  }
  if (oddNul >= common && evenNul <= rare) return "utf-16le";
  if (evenNul >= common && oddNul <= rare) return "utf-16be";
  return null;
}

/**
 * Decodes a text file's bytes. Never throws: bytes that are neither UTF-16
 * nor UTF-8 are read as Windows-1252, which maps every byte to a character.
 * A byte-order mark is dropped.
 */
export function decodeText(bytes: Uint8Array): string {
  const wide = sniffUtf16(bytes);
  if (wide) return utf16[wide].decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    // a UTF-8 BOM, or UTF-8 that is only cut off mid-character at the end,
    // says the file is UTF-8; Windows-1252 would garble all its accents
    if (hasUtf8Bom(bytes) || isUtf8ButForTail(bytes)) return utf8Lenient.decode(bytes);
    return decodeWindows1252(bytes);
  }
}

/**
 * Windows-1252 differs from Latin-1 only in 0x80-0x9F (curly quotes, dashes,
 * the euro sign...). Node 20's `TextDecoder("windows-1252")` decodes those as
 * Latin-1 C1 controls, so they are mapped here; on a Node that gets it right
 * the mapping finds nothing to do.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

const WINDOWS_1252_C1 = [
  "\u20ac", "\u0081", "\u201a", "\u0192", "\u201e", "\u2026", "\u2020", "\u2021",
  "\u02c6", "\u2030", "\u0160", "\u2039", "\u0152", "\u008d", "\u017d", "\u008f",
  "\u0090", "\u2018", "\u2019", "\u201c", "\u201d", "\u2022", "\u2013", "\u2014",
  "\u02dc", "\u2122", "\u0161", "\u203a", "\u0153", "\u009d", "\u017e", "\u0178",
];

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** True when the bytes are valid UTF-8 once an incomplete last character is dropped. */
function isUtf8ButForTail(bytes: Uint8Array): boolean {
  let start = bytes.length - 1;
  // step back over up to three continuation bytes (10xxxxxx) to the lead byte
  while (start > 0 && bytes.length - start < 4 && (bytes[start]! & 0xc0) === 0x80) start--;
  if (start < 0 || bytes[start]! < 0xc0) return false;
  try {
    utf8.decode(bytes.subarray(0, start));
    return true;
  } catch {
    return false;
  }
}
