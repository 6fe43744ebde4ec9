import { describe, expect, it } from "vitest";
import { decodeText, sniffUtf16 } from "../../src/read/text.js";

const prose = "Case Number: CM14-0087215\nDate of Injury: 10/04/2010\nThe reviewer is Board Certified.";
const b = (...parts: Array<number[] | Buffer>) => new Uint8Array(Buffer.concat(parts.map((part) => Buffer.from(part))));

describe("decodeText", () => {
  it.each<[string, Uint8Array, string]>([
    ["UTF-8", b(Buffer.from("Señora Müller – “quoted”", "utf8")), "Señora Müller – “quoted”"],
    ["UTF-8 with BOM (BOM dropped)", b([0xef, 0xbb, 0xbf], Buffer.from("Müller", "utf8")), "Müller"],
    ["Windows-1252 (not UTF-8)", b(Buffer.from("Se\xf1ora \x93quoted\x94 \x96 M\xfcller", "latin1")), "Señora “quoted” – Müller"],
    ["UTF-16LE with BOM (BOM dropped)", b([0xff, 0xfe], Buffer.from(`${prose} – Müller`, "utf16le")), `${prose} – Müller`],
    ["UTF-16BE with BOM (BOM dropped)", b([0xfe, 0xff], Buffer.from(`${prose} – Müller`, "utf16le").swap16()), `${prose} – Müller`],
    ["UTF-16LE without BOM", b(Buffer.from(prose, "utf16le")), prose],
    ["UTF-8 cut off inside its last character", b(Buffer.from("Müller ü", "utf8").subarray(0, -1)), "Müller \ufffd"],
    ["UTF-8 BOM, then a stray invalid byte", b([0xef, 0xbb, 0xbf], Buffer.from("Müller ", "utf8"), [0xff]), "Müller \ufffd"],
  ])("%s", (_label, input, expected) => {
    expect(decodeText(input)).toBe(expected);
  });
});

describe("sniffUtf16", () => {
  it.each<[string, Uint8Array, ReturnType<typeof sniffUtf16>]>([
    ["UTF-16LE BOM", b([0xff, 0xfe, 0x41, 0]), "utf-16le"],
    ["UTF-16BE BOM", b([0xfe, 0xff, 0, 0x41]), "utf-16be"],
    ["UTF-32LE BOM is not UTF-16", b([0xff, 0xfe, 0, 0, 0x41, 0, 0, 0]), null],
    ["ASCII", b(Buffer.from(prose, "latin1")), null],
    ["too short to tell without BOM", b(Buffer.from("Hi", "utf16le")), null],
    ["binary with scattered NULs", b([1, 0, 0, 7, 0, 0, 9, 9, 0, 1, 2, 0, 0, 0, 5, 5, 6, 0]), null],
  ])("%s", (_label, input, expected) => {
    expect(sniffUtf16(input)).toBe(expected);
  });
});
