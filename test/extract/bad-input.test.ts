/** Inputs that are not records: each a failure with a stable code, never a throw. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { processDocument } from "../../src/core/process.js";
import { isFailure } from "../../src/record/schema.js";

const seed = readFileSync(join(import.meta.dirname, "../../samples/text/seed-0001.txt"), "utf8");

const PROGRESS_REPORT = `PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT (PR-2)
Patient: [redacted]   Date of Injury: 03/12/2014
Subjective: The patient reports low back pain rated 6/10, worse with bending.
Objective: Tenderness over the lumbar paraspinals. Range of motion is limited.
Diagnoses: lumbar sprain/strain.
Plan: Continue home exercise program. Request physical therapy 2x4. Follow up in 4 weeks.
`;

const random = new Uint8Array(4096);
for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;

describe("bad input", () => {
  it.each([
    ["empty file", new Uint8Array(), "empty"],
    ["white space only", new TextEncoder().encode("  \n\n\t \r\n"), "empty"],
    ["random bytes with NULs", random, "unreadable"],
    ["a progress report, not a determination", new TextEncoder().encode(PROGRESS_REPORT), "not-a-determination"],
    ["a determination cut off before its decisions", new TextEncoder().encode(seed.slice(0, seed.indexOf("IMR ISSUES"))), "no-decisions"],
    ["a .pdf name on a file that starts like a PDF but is not one", new TextEncoder().encode("%PDF-1.4\nthis is not really a pdf\n"), "unreadable-pdf"],
  ])("%s → %s", async (_name, bytes, code) => {
    const result = await processDocument(bytes, "bad.pdf");
    expect(isFailure(result)).toBe(true);
    if (!isFailure(result)) return;
    expect(result.error.code).toBe(code);
    expect(result.error.message.length).toBeGreaterThan(20);
    expect(result.source.path).toBe("bad.pdf");
    expect(result.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a file over the size limit without reading it", async () => {
    const result = await processDocument(new Uint8Array(2048).fill(65), "big.txt", { maxBytes: 1024 });
    expect(isFailure(result) && result.error.code).toBe("too-large");
  });
});
