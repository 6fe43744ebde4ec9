/**
 * `imr check` on real samples: the report names the source lines a person
 * would look at for the injury date, a diagnosis and each outcome.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/check.js";

const SAMPLES = join(import.meta.dirname, "../../samples");

async function report(file: string): Promise<string[]> {
  let out = "";
  const code = await run(["--no-color", join(SAMPLES, file)], { write: (text: string) => (out += text), isTTY: false });
  expect(code).toBe(0);
  return out.split("\n");
}

/** The source rows shown under a field's heading row. */
function sourceRows(lines: string[], heading: RegExp, nth = 0): string[] {
  const at = lines.map((l, i) => (heading.test(l) ? i : -1)).filter((i) => i >= 0)[nth];
  expect(at, `no row for ${heading}`).toBeDefined();
  const rows: string[] = [];
  for (const line of lines.slice(at! + 1)) {
    if (!/^ {4}p\.\d+ l\./.test(line)) break;
    rows.push(line.trim());
  }
  return rows;
}

describe("imr check on the seed (text, blank line after every line)", () => {
  it("shows the injury date on lines 37-39, split over the line break", async () => {
    const lines = await report("text/seed-0001.txt");
    expect(sourceRows(lines, /^ {2}injuryDate +"2013-02-26"/)).toEqual([
      "p.1 l.37 │ The injured worker is a 45 year old female, who sustained an industrial injury on [[February 26,]]",
      "p.1 l.38 │",
      "p.1 l.39 │ [[2013]]. She has reported low back pain and coccyx pain. The diagnoses have included possible",
    ].map((row) => expect.stringMatching(new RegExp(`^${escape(row).replace(/ /g, " +")}\\s*$`))));
  });

  it("shows a diagnosis and the outcome on their lines", async () => {
    const lines = await report("text/seed-0001.txt");
    expect(sourceRows(lines, /^ {2}diagnoses\[1\] /)[0]).toMatch(/^p\.1 l\.41 │ .*\[\[possible left lumbar facet pain L4-5 and L5-S1\]\]/);
    expect(sourceRows(lines, /^ {2}outcome +"upheld"/)[0]).toMatch(/^p\.1 l\.71 │ X-rays: AP\/lat\/flex\/ext\[\[: +Upheld\]\]/);
  });
});

describe("imr check on a real two-decision PDF", () => {
  it("names page and line of the injury date, a diagnosis and each outcome", async () => {
    const lines = await report("real/CM16-0213037.pdf");
    expect(sourceRows(lines, /^ {2}injuryDate +"2016-10-13"/)[0]).toMatch(/^p\.1 l\.2 │ Date Assigned: +11\/09\/2016 +Date of Injury: +\[\[10\/13\/2016\]\]/);
    expect(sourceRows(lines, /^ {2}diagnoses\[0\] +"right shoulder contusion"/)[0]).toMatch(/^p\.1 l\.23 │ .*diagnoses of \[\[right shoulder contusion\]\], neck strain/);
    expect(sourceRows(lines, /^ {2}outcome +"upheld"/, 0)[0]).toMatch(/^p\.2 l\. ?2 │ MRI of the right shoulder without contrast\[\[: Upheld\]\]/);
    expect(sourceRows(lines, /^ {2}outcome +"upheld"/, 1)[0]).toMatch(/^p\.2 l\.16 │ MRI of the cervical spine without contrast\[\[: Upheld\]\]/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
