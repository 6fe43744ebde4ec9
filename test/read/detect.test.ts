import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { detectKind, findPdfHeader, type InputKind } from "../../src/read/detect.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url)));
const ascii = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
const bytes = (...parts: Array<number[] | string | Uint8Array>) =>
  new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "utf8") : Buffer.from(part)))));
const prose = "Case Number: CM14-0087215  Date Assigned: 07/21/2014\nDate of Injury: 10/04/2010\n";

describe("detectKind on the fixtures: content decides, not the name", () => {
  it.each<[string, InputKind]>([
    ["determination.pdf", "pdf"],
    ["really-pdf.txt", "pdf"],
    ["really-text.pdf", "text"],
    ["utf16le-bom.txt", "text"],
    ["truncated.pdf", "pdf"],
    ["encrypted.pdf", "pdf"],
    ["owner-password-only.pdf", "pdf"],
    ["image-only.pdf", "pdf"],
    ["starts-like-pdf.txt", "pdf"],
    ["random-bytes.pdf", "binary"],
    ["empty.pdf", "empty"],
  ])("%s is %s", (name, kind) => {
    expect(detectKind(fixture(name))).toBe(kind);
  });
});

describe("detectKind edge cases", () => {
  const realPdf = fixture("determination.pdf");
  it.each<[string, InputKind, Uint8Array]>([
    ["no bytes", "empty", new Uint8Array(0)],
    ["white space only", "empty", ascii(" \r\n\t\f \n")],
    ["more than 8 KB of white space", "empty", ascii(" ".repeat(20_000))],
    ["a lone UTF-8 BOM", "empty", bytes([0xef, 0xbb, 0xbf])],
    ["a UTF-8 BOM and white space", "empty", bytes([0xef, 0xbb, 0xbf], "\n \n")],
    ["a lone UTF-16 BOM", "empty", bytes([0xff, 0xfe])],
    ["UTF-16LE white space", "empty", bytes([0xff, 0xfe], Buffer.from("  \r\n", "utf16le"))],
    ["ASCII text", "text", ascii(prose)],
    ["UTF-8 text with BOM", "text", bytes([0xef, 0xbb, 0xbf], `${prose}Señora Müller`)],
    ["Windows-1252 text", "text", ascii(`${prose}Se\xf1ora M\xfcller \x93quoted\x94`)],
    ["text with form feeds between pages", "text", ascii(`${prose}\f${prose}`)],
    ["UTF-16LE text with BOM", "text", bytes([0xff, 0xfe], Buffer.from(prose, "utf16le"))],
    ["UTF-16BE text with BOM", "text", bytes([0xfe, 0xff], Buffer.from(prose, "utf16le").swap16())],
    ["UTF-16LE text without BOM", "text", bytes(Buffer.from(prose, "utf16le"))],
    ["UTF-16BE text without BOM", "text", bytes(Buffer.from(prose, "utf16le").swap16())],
    ["UTF-32LE text (BOM FF FE 00 00), not supported", "binary", bytes([0xff, 0xfe, 0, 0], utf32le(prose))],
    ["text with a NUL", "binary", ascii(`${prose}\0${prose}`)],
    ["text full of control characters", "binary", ascii(`${prose}\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f`)],
    ["prose that mentions %PDF- near its top", "text", ascii(`Attached was a file starting with %PDF-1.4, which ${prose}`)],
    ["a PDF after junk within the first 1024 bytes", "pdf", bytes(ascii("From: scanner@example.org\r\n\r\n"), realPdf)],
    ["a PDF header after 1024 bytes of junk (pdfjs would not find it either)", "binary", bytes(ascii("x".repeat(1100)), realPdf)],
    ["a PDF header alone", "pdf", ascii("%PDF-1.7\n")],
    ["a PNG image", "binary", bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])],
  ])("%s → %s", (_label, kind, input) => {
    expect(detectKind(input)).toBe(kind);
  });

  it("finds the PDF header offset", () => {
    expect(findPdfHeader(ascii("%PDF-1.4"))).toBe(0);
    expect(findPdfHeader(ascii("junk\n%PDF-1.4"))).toBe(5);
    expect(findPdfHeader(ascii("%PDF"))).toBe(-1);
  });
});

function utf32le(text: string): Buffer {
  const out = Buffer.alloc(text.length * 4);
  for (let i = 0; i < text.length; i++) out.writeUInt32LE(text.charCodeAt(i), i * 4);
  return out;
}
