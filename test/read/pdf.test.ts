import { readFileSync, readdirSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";
import { afterAll, describe, expect, it, vi } from "vitest";
import { closePdfReaders, readPdf, type PdfReadResult } from "../../src/read/pdf.js";

// before pdfjs loads: its legacy build's core-js swaps some of these for slow JavaScript versions
const nativePush = Array.prototype.push;
const nativeJsonParse = JSON.parse;

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url)));
const realDir = new URL("../../samples/real/", import.meta.url);
const real = (name: string) => new Uint8Array(readFileSync(new URL(name, realDir)));

/** Page counts of the published determinations, as `qpdf --show-npages` reports them. */
const REAL_PAGE_COUNTS: Record<string, number> = {
  "CM16-0213037": 2, "CM16-0229336": 2, "CM16-0231884": 2, "CM16-0234202": 2, "CM16-0236134": 2,
  "CM16-0237844": 2, "CM16-0239190": 2, "CM16-0240434": 2, "CM16-0242302": 2, "CM16-0244053": 2,
  "CM16-0245796": 2, "CM16-0247274": 4, "CM16-0247802": 4, "CM16-0248698": 10, "CM16-0249726": 2,
  "CM17-0001749": 3, "CM17-0002551": 2, "CM17-0003591": 2, "CM17-0004039": 2, "CM17-0005177": 2,
  "CM17-0005589": 2, "CM17-0006634": 4, "CM17-0007151": 2, "CM17-0008177": 2, "CM17-0008577": 2,
  "CM17-0009574": 2, "CM17-0009996": 2, "CM17-0010365": 2, "CM17-0011543": 2, "CM17-0012582": 3,
  "CM17-0013240": 2, "CM17-0013754": 2, "CM17-0014800": 2, "CM17-0015348": 2, "CM17-0016311": 3,
  "CM17-0017693": 2, "CM17-0018485": 2, "CM17-0019218": 2, "CM17-0020728": 2,
};

function expectPages(result: PdfReadResult): string[] {
  if (!result.ok) throw new Error(`expected pages, got ${result.code}: ${result.message}`);
  return result.pages;
}

afterAll(async () => {
  await closePdfReaders();
});

describe("readPdf on the fixtures", () => {
  it.each<[string, number, string]>([
    ["determination.pdf", 2, "IMR ISSUES, DECISIONS AND RATIONALES"],
    ["really-pdf.txt", 2, "MEDICAL PROFESSIONAL REVIEW"],
    // an owner password alone restricts nothing pdfjs enforces: it opens like any viewer would
    ["owner-password-only.pdf", 2, "IMR ISSUES, DECISIONS AND RATIONALES"],
  ])("%s reads as %i pages of text", async (name, pageCount, marker) => {
    const pages = expectPages(await readPdf(fixture(name)));
    expect(pages).toHaveLength(pageCount);
    expect(pages.join("\f")).toContain(marker);
  });

  it.each<[string, string, RegExp]>([
    ["encrypted.pdf", "encrypted-pdf", /password.*decrypt/],
    ["truncated.pdf", "unreadable-pdf", /truncated or corrupt/],
    ["starts-like-pdf.txt", "unreadable-pdf", /starts like a PDF/],
    ["image-only.pdf", "no-text-layer", /scanned image.*OCR/],
    // detectKind never sends these to readPdf, but readPdf must not trip over them either
    ["empty.pdf", "unreadable-pdf", /could not be read/],
    ["random-bytes.pdf", "unreadable-pdf", /could not be read/],
  ])("%s fails with %s", async (name, code, message) => {
    const result = await readPdf(fixture(name));
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it("leaves the caller's bytes alone (pdfjs detaches what it is given)", async () => {
    const bytes = fixture("determination.pdf");
    const before = Buffer.from(bytes);
    await readPdf(bytes);
    expect(bytes.byteLength).toBe(before.length);
    expect(Buffer.from(bytes).equals(before)).toBe(true);
  });
});

describe("readPdf on the calling thread (reader: inline)", () => {
  it("reads every fixture and published determination as the reader threads do", async () => {
    const names = ["determination.pdf", "really-pdf.txt", "owner-password-only.pdf", "encrypted.pdf", "truncated.pdf", "starts-like-pdf.txt", "image-only.pdf", "empty.pdf", "random-bytes.pdf"];
    const inputs = [...names.map(fixture), ...readdirSync(realDir).filter((name) => name.endsWith(".pdf")).slice(0, 8).map(real)];
    for (const bytes of inputs) {
      const threaded = await readPdf(bytes);
      expect(await readPdf(bytes, { reader: "inline" })).toEqual(threaded);
    }
  });
});

describe("readPdf and the built-ins", () => {
  it("leaves Array.prototype.push and JSON.parse native once pdfjs is loaded, keeping what core-js adds", async () => {
    expectPages(await readPdf(fixture("determination.pdf"), { reader: "inline" }));
    expect(Array.prototype.push).toBe(nativePush);
    expect(JSON.parse).toBe(nativeJsonParse);
    expect(typeof (Uint8Array.prototype as { toHex?: unknown }).toHex).toBe("function");
  });
});

describe("readPdf on published determinations", () => {
  const files = readdirSync(realDir).filter((name) => name.endsWith(".pdf"));

  it("has a known page count for every sample", () => {
    expect(files.map((name) => name.replace(/\.pdf$/, "")).sort()).toEqual(Object.keys(REAL_PAGE_COUNTS).sort());
  });

  it.each(files)("%s: one text per page, in order", async (name) => {
    const caseNumber = name.replace(/\.pdf$/, "");
    const pages = expectPages(await readPdf(real(name)));
    expect(pages).toHaveLength(REAL_PAGE_COUNTS[caseNumber]!);
    expect(pages[0]).toMatch(new RegExp(`^Case Number:\\s*${caseNumber}`));
    expect(pages.every((page) => page.trim() !== "")).toBe(true);
    expect(pages.join("\f")).toContain("IMR ISSUES, DECISIONS AND RATIONALES");
  });
});

describe("readPdf time limit", () => {
  const sample = () => real("CM16-0248698.pdf");

  it("gives up after timeoutMs, and the next document reads normally", async () => {
    const expected = expectPages(await readPdf(sample()));
    const result = await readPdf(sample(), { timeoutMs: 1 });
    expect(result).toMatchObject({ ok: false, code: "timeout" });
    if (!result.ok) expect(result.message).toMatch(/longer than 1 ms.*--timeout/);
    expect(expectPages(await readPdf(sample()))).toEqual(expected);
  });

  it("a timeout does not disturb documents read at the same time", async () => {
    const [slow, a, b] = await Promise.all([
      readPdf(sample(), { timeoutMs: 1 }),
      readPdf(real("CM16-0213037.pdf")),
      readPdf(fixture("determination.pdf")),
    ]);
    expect(slow).toMatchObject({ ok: false, code: "timeout" });
    expect(expectPages(a)).toHaveLength(2);
    expect(expectPages(b)).toHaveLength(2);
  });

  it("stops a document that keeps the parser busy, instead of waiting for it", async () => {
    // 60 KB on disk, a 25 MB content stream: pdfjs needs ~7 s for it on a laptop core. Parsed
    // on the calling thread (pdfjs's default in Node), the timer could only fire when pdfjs
    // happened to yield, and the abandoned parse went on hogging the thread afterwards.
    const bomb = await contentBomb(1_000_000);
    const started = performance.now();
    const result = await readPdf(bomb, { timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result).toMatchObject({ ok: false, code: "timeout" });
    expect(elapsed).toBeLessThan(1_000);
    expect(expectPages(await readPdf(fixture("determination.pdf")))).toHaveLength(2);
  });
});

describe("readPdf cleans up", () => {
  it("calls pdf-parse's destroy() once per document, whatever the outcome", async () => {
    await readPdf(fixture("determination.pdf")); // loads pdf-parse, with its DOMMatrix stand-in
    const { PDFParse } = await import("pdf-parse");
    const destroy = vi.spyOn(PDFParse.prototype, "destroy");
    try {
      const outcomes = [
        await readPdf(fixture("determination.pdf")),
        await readPdf(fixture("encrypted.pdf")),
        await readPdf(fixture("truncated.pdf")),
        await readPdf(fixture("image-only.pdf")),
        await readPdf(real("CM16-0248698.pdf"), { timeoutMs: 1 }),
      ];
      expect(outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.code))).toEqual(["ok", "encrypted-pdf", "unreadable-pdf", "no-text-layer", "timeout"]);
      expect(destroy).toHaveBeenCalledTimes(outcomes.length);
    } finally {
      destroy.mockRestore();
    }
  });

  it("a run of failures leaves the reader working", async () => {
    for (const name of ["encrypted.pdf", "truncated.pdf", "random-bytes.pdf", "starts-like-pdf.txt"]) await readPdf(fixture(name));
    expect(expectPages(await readPdf(fixture("determination.pdf")))).toHaveLength(2);
  });
});

/** A one-page PDF whose single, highly compressible content stream shows `lines` lines of text. */
async function contentBomb(lines: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage([612, 792]);
  const font = doc.embedStandardFont(StandardFonts.Helvetica);
  const fontName = page.node.newFontDictionary("F", font.ref);
  const content = `BT /${fontName.asString().slice(1)} 10 Tf 72 700 Td ${"(Lorem ipsum) Tj 0 -1 Td ".repeat(lines)}ET`;
  const stream = doc.context.stream(deflateSync(content, { level: 9 }), { Filter: "FlateDecode" });
  page.node.set(PDFName.of("Contents"), doc.context.register(stream));
  return doc.save({ useObjectStreams: false });
}
