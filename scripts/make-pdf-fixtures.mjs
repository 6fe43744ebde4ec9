#!/usr/bin/env node
/**
 * Writes the input-reading fixtures of test/fixtures/pdf/ from the samples.
 *
 *   node scripts/make-pdf-fixtures.mjs
 *
 * Everything is made with pdf-lib (a devDependency) or plain bytes, except the
 * two encrypted PDFs: pdf-lib cannot encrypt, so they come from qpdf
 * (`apt-get install qpdf`). Without qpdf the committed encrypted fixtures are
 * kept as they are. qpdf salts its keys at random, so re-running it changes
 * those two files' bytes but not what they test.
 *
 * The fixtures are committed; tests never run this script.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import { PDFDocument, rgb } from "pdf-lib";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "test", "fixtures", "pdf");
const sample = (...parts) => join(root, "samples", ...parts);
mkdirSync(out, { recursive: true });

function write(name, bytes) {
  writeFileSync(join(out, name), bytes);
  console.log(`${name}\t${bytes.length} bytes`);
}

// A real determination with a text layer (4 KB, 2 pages).
copyFileSync(sample("pdf", "dev-0010.pdf"), join(out, "determination.pdf"));
console.log("determination.pdf\tcopy of samples/pdf/dev-0010.pdf");

// Named .txt, holds a PDF: content decides.
copyFileSync(sample("pdf", "dev-0025.pdf"), join(out, "really-pdf.txt"));
console.log("really-pdf.txt\tcopy of samples/pdf/dev-0025.pdf");

// Named .pdf, holds the text export of a determination.
const determinationText = readFileSync(sample("text", "dev-0010.txt"));
write("really-text.pdf", determinationText);

// The same text as Windows "Unicode" (UTF-16LE with BOM); its NULs must not make it binary.
write("utf16le-bom.txt", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(determinationText.toString("utf8"), "utf16le")]));

// A published determination cut off after 4 KB: header and the first objects, no xref, no %%EOF.
write("truncated.pdf", readFileSync(sample("real", "CM16-0213037.pdf")).subarray(0, 4096));

// Starts with a PDF header, but the rest is prose.
write("starts-like-pdf.txt", Buffer.from(`%PDF-1.7\n${determinationText.toString("utf8").slice(0, 600)}`));

// Pseudo-random bytes (fixed seed), NULs included, under a .pdf name.
{
  const bytes = new Uint8Array(2048);
  let state = 0x2545f491;
  for (let i = 0; i < bytes.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  bytes[100] = 0; // at least one NUL, whatever the generator does
  write("random-bytes.pdf", bytes);
}

write("empty.pdf", new Uint8Array(0));

// A "scan": one page holding an image and a drawn frame, and no text at all.
{
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([612, 792]);
  const image = await doc.embedPng(scanPng(96, 128));
  page.drawImage(image, { x: 36, y: 36, width: 540, height: 720 });
  page.drawRectangle({ x: 30, y: 30, width: 552, height: 732, borderColor: rgb(0, 0, 0), borderWidth: 1 });
  write("image-only.pdf", await doc.save({ useObjectStreams: false }));
}

// Password-protected (AES-256, user password "secret"), and protected by an
// owner password only (empty user password: opens without asking, as in any viewer).
try {
  const source = join(out, "determination.pdf");
  const qpdf = (args, name) => {
    const target = join(out, name);
    rmSync(target, { force: true });
    execFileSync("qpdf", [...args, "--", source, target], { stdio: ["ignore", "ignore", "inherit"] });
    console.log(`${name}\tqpdf ${args.join(" ")}`);
  };
  qpdf(["--encrypt", "secret", "owner-secret", "256"], "encrypted.pdf");
  qpdf(["--encrypt", "", "owner-secret", "256"], "owner-password-only.pdf");
} catch (error) {
  if (error.code !== "ENOENT") throw error;
  console.warn("qpdf not found: encrypted.pdf and owner-password-only.pdf left as committed");
}

/** A grey, speckled 8-bit greyscale PNG, like a low-resolution scan of a page. */
function scanPng(width, height) {
  const raw = Buffer.alloc((width + 1) * height);
  let state = 7;
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      const ink = (y % 8 < 2 && x > 8 && x < width - 8) || state % 29 === 0;
      raw[y * (width + 1) + 1 + x] = ink ? 40 : 235;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", header),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

function pngChunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
