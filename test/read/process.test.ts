import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { processDocument, sha256 } from "../../src/core/process.js";
import { closePdfReaders } from "../../src/read/pdf.js";
import { failureSchema, isFailure, type FailureCode } from "../../src/record/schema.js";

const fixture = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url)));

/** Failures decided while reading the input, before any extraction. */
const INPUT_FAILURES: FailureCode[] = ["empty", "unreadable", "unreadable-pdf", "encrypted-pdf", "no-text-layer", "timeout", "too-large"];

afterAll(async () => {
  await closePdfReaders();
});

describe("processDocument on unreadable inputs", () => {
  it.each<[string, FailureCode]>([
    ["empty.pdf", "empty"],
    ["random-bytes.pdf", "unreadable"],
    ["truncated.pdf", "unreadable-pdf"],
    ["starts-like-pdf.txt", "unreadable-pdf"],
    ["encrypted.pdf", "encrypted-pdf"],
    ["image-only.pdf", "no-text-layer"],
  ])("%s → %s", async (name, code) => {
    const bytes = fixture(name);
    const path = `fixtures/${name}`;
    const result = await processDocument(bytes, path);
    expect(failureSchema.parse(result)).toEqual({ source: { path, sha256: sha256(bytes) }, error: { code, message: expect.any(String) } });
  });

  it("a PDF that overruns the time limit → timeout", async () => {
    const bytes = new Uint8Array(readFileSync(new URL("../../samples/real/CM16-0248698.pdf", import.meta.url)));
    const result = await processDocument(bytes, "CM16-0248698.pdf", { pdfTimeoutMs: 1 });
    expect(result).toMatchObject({ source: { path: "CM16-0248698.pdf", sha256: sha256(bytes) }, error: { code: "timeout" } });
  });
});

describe("processDocument gets past reading for good inputs, whatever their name", () => {
  it.each(["determination.pdf", "really-pdf.txt", "owner-password-only.pdf", "really-text.pdf", "utf16le-bom.txt"])("%s", async (name) => {
    const bytes = fixture(name);
    const result = await processDocument(bytes, name);
    expect(result.source).toEqual({ path: name, sha256: sha256(bytes) });
    if (isFailure(result)) expect(INPUT_FAILURES).not.toContain(result.error.code);
  });
});
