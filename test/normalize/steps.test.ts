import { describe, expect, it } from "vitest";
import { normalizeText } from "../../src/normalize/index.js";
import { cleanCharacters, printedOutcomes } from "../../src/normalize/steps.js";

describe("cleanCharacters", () => {
  // origin: for each output character (and the end), its offset in the input
  it.each([
    ["a\r\nb\rc", "a\nb\nc", [0, 1, 3, 4, 5, 6]],
    ["\r  indented after CR", "\nindented after CR", [0, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]],
    ["line end  \r\nnext", "line end\nnext", [0, 1, 2, 3, 4, 5, 6, 7, 10, 12, 13, 14, 15, 16]],
    ["two  spaces", "two spaces", [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11]],
    ["tab\there", "tab here", [0, 1, 2, 3, 4, 5, 6, 7, 8]],
    ["a \u00A0 b", "a b", [0, 1, 4, 5]],
    ["  lead", "lead", [2, 3, 4, 5, 6]],
    ["trail \n", "trail\n", [0, 1, 2, 3, 4, 6, 7]],
    ["\f  page", "\fpage", [0, 3, 4, 5, 6, 7]],
    ["\uFB01ne \u201Cquotes\u201D", 'fine "quotes"', [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]],
    ["soft\u00ADhyphen", "softhyphen", [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11]],
    ["x\u200B y", "x y", [0, 2, 3, 4]],
    [" ", "", [1]],
  ])("%j → %j", (input, text, origin) => {
    const cleaned = cleanCharacters(input);
    expect(cleaned?.text).toBe(text);
    expect([...cleaned!.origin]).toEqual(origin);
  });

  it("returns null when there is nothing to clean", () => {
    expect(cleanCharacters("plain text, one space\nper gap")).toBeNull();
  });
});

describe("normalizeText", () => {
  it.each([
    // an outcome printed before its item goes after it
    ["DETERMINATIONS:\nUpheld: Acupuncture x 6\nReasoning: none.", "DETERMINATIONS:\nAcupuncture x 6: Upheld\nReasoning: none.\n"],
    // of a form's two boxes only the ticked word is kept
    ["D1. Item: Removal of hardware\n    Determination:  [X] Upheld    [ ] Overturned\nRationale: none.", "D1. Item: Removal of hardware\nDetermination: Upheld\nRationale: none.\n"],
    ["Outcome: \u2610 Upheld \u2612 Overturned\nRationale: none.", "Outcome: Overturned\nRationale: none.\n"],
    ["REVIEW OUTCOME:\n[ ] Upheld (Agree)\n[X] Overturned (Disagree)\nRationale: none.", "REVIEW OUTCOME:\nOverturned\nRationale: none.\n"],
    // a determination quoted in an e-mail reply loses its quote marks; a remark quoted in a few lines keeps them
    [
      `Subject: IMR Final Determination\n${["one", "two", "three", "four", "five"].map((n) => `> line ${n}\n>\n`).join("")}> > DECISION DATE: 03/11/2015`,
      `Subject: IMR Final Determination\n${["one", "two", "three", "four", "five"].map((n) => `line ${n}\n`).join("")}DECISION DATE: 03/11/2015\n`,
    ],
    ["Thanks.\n> See the letter.\n> Regards", "Thanks.\n> See the letter.\n> Regards\n"],
    // a table of fields and values: each field gets its colon, a wrapped value loses its empty field cell; a table of
    // items and their outcomes, and its heading row, stay as they are
    [
      "Field          | Value\n---------------+--------\nCase Number    | CM17-0198342\nDate of Injury | 10/03/2014\nAttestation    | No affiliation with the\n               | claims administrator",
      "Field | Value\nCase Number: CM17-0198342\nDate of Injury: 10/03/2014\nAttestation: No affiliation with the\nclaims administrator\n",
    ],
    ["Item | Decision\nTramadol ER 150mg #30 | Upheld\nHome health aide | Upheld\nAquatic therapy | Overturned", "Item | Decision\nTramadol ER 150mg #30 | Upheld\nHome health aide | Upheld\nAquatic therapy | Overturned\n"],
    // a table of items, UR's actions and the outcomes, with no outer pipes and a rule under its heading
    [
      "Requested service | UR action | IMR decision\n------------------+-----------+-------------\nCyclobenzaprine 7.5 mg #60 | Non-certified | Upheld\nPhysical therapy, 8 sessions | Non-certified | Overturned",
      "Cyclobenzaprine 7.5 mg #60: Upheld\nPhysical therapy, 8 sessions: Overturned\n",
    ],
    // a rule under a heading or across a table is no text
    ["REASONS\n=======\nItem | Decision\n-----+---------\nTENS unit | Upheld", "REASONS\nItem | Decision\nTENS unit | Upheld\n"],
    // pdf-parse's own page separator is page furniture like "Page 2 of 3"
    ["First page ends here\n\n-- 1 of 2 --\n\fSecond page goes on", "First page ends here\nSecond page goes on\n"],
    // the publisher's name alone at the top of each later page is a running header, even in a three-page letter
    [
      "HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent the file\nto a reviewer who\n\fMAXIMUS Federal Services\nread it and\n\fMAXIMUS Federal Services\nwrote back",
      "HOW THE IMR FINAL DETERMINATION WAS MADE\nMAXIMUS Federal Services sent the file\nto a reviewer who\nread it and\nwrote back\n",
    ],
    // a running header that opens with the labelled case number, whatever follows it
    [
      "Notice of Independent Medical Review Determination\nMAXIMUS Case Number: CM13-0049217\nThe reviewer read\n\fMAXIMUS Case Number: CM13-0049217   Dated: 11/22/2013\nthe whole file",
      "Notice of Independent Medical Review Determination\nMAXIMUS Case Number: CM13-0049217\nThe reviewer read\nthe whole file\n",
    ],
    // the case number printed on page 1 and again at the top of a two-page letter's second page
    [
      "Case Number: CM15-0093317\nThe reviewer read the whole file under fluoroscopic\n\fFinal Determination Letter for IMR Case Number CM15-0093317\nguidance: Upheld",
      "Case Number: CM15-0093317\nThe reviewer read the whole file under fluoroscopic\nguidance: Upheld\n",
    ],
    // without page breaks, a line after a page number that repeats the case number printed before is a running header
    [
      "Case Number: CM15-0087214\nThe members do not document\nPage 1 of 3\nMedical Professional Review – IMR Case Number CM15-0087214\nthat it has failed.",
      "Case Number: CM15-0087214\nThe members do not document\nthat it has failed.\n",
    ],
    // without page breaks, a line after most page numbers is a running header, but not a label that a page happens to begin with
    [
      "Case Number: CM15-0087214\nThe members\nPage 1 of 3\nMedical Professional Review\nGuidelines Relied Upon:\ndo not document\nPage 2 of 3\nMedical Professional Review\nGuidelines Relied Upon:\nthat it has failed.",
      "Case Number: CM15-0087214\nThe members\nGuidelines Relied Upon:\ndo not document\nGuidelines Relied Upon:\nthat it has failed.\n",
    ],
    ["Case Number: CM15-0087214\nThe members\nPage 1 of 3\nGuidelines Relied Upon:\nACOEM\nPage 2 of 3\nGuidelines Relied Upon:\nODG", "Case Number: CM15-0087214\nThe members\nGuidelines Relied Upon:\nACOEM\nGuidelines Relied Upon:\nODG\n"],
    // a title line with a case number just after a page number, though printed only there
    ["The patch is considered for\nPage 1 of 2\nIMR Final Determination - Case CM15-0087391\nlocalized pain only.", "The patch is considered for\nlocalized pain only.\n"],
    // a fax banner atop each page of three, numbering its pages its own way, is a running header (on the first page
    // it is no running header yet, just a line before the letter)
    [
      ["one", "two", "three"].map((page, i) => `12/17/2013 08:41 FROM: MAXIMUS IMR TO: 15105550142 P. ${i + 1}/3\n${["a", "b", "c", "d", "e", "f", "g"].map((line) => `page ${page} line ${line}\n`).join("")}`).join("\f"),
      `12/17/2013 08:41 FROM: MAXIMUS IMR TO: 15105550142 P. 1/3\n${["one", "two", "three"].flatMap((page) => ["a", "b", "c", "d", "e", "f", "g"].map((line) => `page ${page} line ${line}\n`)).join("")}`,
    ],
    // and atop two pages only, when the text has more pages than the fax had
    [
      ["one", "two", "three", "four", "five", "six", "seven"].map((page, i) => `${i === 2 || i === 5 ? `08/24/2015 09:12 FAX 9166054290 MAXIMUS FEDERAL SVCS P.00${i === 2 ? 2 : 3}/004\n` : ""}${["a", "b", "c", "d", "e", "f", "g"].map((line) => `page ${page} line ${line}\n`).join("")}`).join("\f"),
      ["one", "two", "three", "four", "five", "six", "seven"].flatMap((page) => ["a", "b", "c", "d", "e", "f", "g"].map((line) => `page ${page} line ${line}\n`)).join(""),
    ],
    // a form's own header at a page's edge, numbering its page among other words, even once
    ["PART C\nThe worker fell.\n\fDWC Form IMR-FD (Rev. 01/2020) Page 2 of 2\nHe was treated.", "PART C\nThe worker fell.\nHe was treated.\n"],
    // a footer's case number, printed alone later in the text (a footer line broken in two), is furniture
    [
      "The history follows.\nCM15-0203317      Page 1 of 3\nNorco 10/325mg\nCM15-0203317\nPage 2 of 3\n#90 is not medically necessary.",
      "The history follows.\nNorco 10/325mg\n#90 is not medically necessary.\n",
    ],
    // but a header-table row with a date at a later page's top stays, though it repeats the case number
    [
      "Case Number: CM13-0084431\nThe letter goes on\n\fIMR Application Received: 12/9/2013 MAXIMUS Case Number: CM13-0084431\nDear Ms. Roe:",
      "Case Number: CM13-0084431\nThe letter goes on\nIMR Application Received: 12/9/2013 MAXIMUS Case Number: CM13-0084431\nDear Ms. Roe:\n",
    ],
    // a word broken after a common first syllable is joined, not kept hyphenated ("in-jury", "re-quest")
    ["an industrial in-\njury to the neck", "an industrial injury to the neck\n"],
    ["the re-\nquest for therapy", "the request for therapy\n"],
    ["a non-\nMTUS guideline", "a non-MTUS guideline\n"],
    // a prefix-like first half before a bare ending is one word broken
    ["left low-\ner extremity radiculopathy", "left lower extremity radiculopathy\n"],
    ["a low-\nback strain", "a low-back strain\n"],
    // a date or a range broken after its hyphen keeps the hyphen
    ["a review dated 10-\n14-2016 denied it", "a review dated 10-14-2016 denied it\n"],
    ["Page(s): 63-\n66.", "Page(s): 63-66.\n"],
    ["instrumented fusion L4-\nS1, iliac crest bone graft", "instrumented fusion L4-S1, iliac crest bone graft\n"],
    // an outcome in a table's column gets the colon it has in running text, before the column's gap is lost
    ["1. Zolpidem 10mg #30          Upheld\nThe case summary follows.", "1. Zolpidem 10mg #30: Upheld\nThe case summary follows.\n"],
    // a case number alone over or under a page number is a running header, even where no header printed it before
    ["is not medically necessary.\nCM17-0187049\nPage 1 of 2\nNeurontin 300 mg #90: Upheld", "is not medically necessary.\nNeurontin 300 mg #90: Upheld\n"],
    ["MRI is more sensi-\nPage 1 of 3\nCM15-0177402\ntive than CT.", "MRI is more sensitive than CT.\n"],
  ])("%j", (raw, text) => {
    expect(normalizeText(raw).text).toBe(text);
  });
});

describe("printedOutcomes", () => {
  it("moves an outcome printed before its item after it, mapped back to where it was printed", () => {
    const raw = "Items:\nUpheld: Acupuncture x 6\nNext";
    const moved = printedOutcomes(raw)!;
    expect(moved.text).toBe("Items:\nAcupuncture x 6: Upheld\nNext");
    const word = moved.text.indexOf("Upheld");
    expect(raw.slice(moved.origin[word]!, moved.origin[word + 5]! + 1)).toBe("Upheld");
  });
});
