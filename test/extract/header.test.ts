/** Header tables as PDF text lays them out: every arrangement gives the same dates. */
import { describe, expect, it } from "vitest";
import { processText } from "../../src/core/process.js";
import { isFailure } from "../../src/record/schema.js";

const BODY = `HOW THE IMR FINAL DETERMINATION WAS MADE
The Expert Reviewer has the following credentials:
State(s) of Licensure: California
Certification(s)/Specialty: Family Practice
CLINICAL CASE SUMMARY
The injured worker is a 48 year old male.
IMR ISSUES, DECISIONS AND RATIONALES
MRI of the right shoulder: Upheld
Decision rationale: The request is not medically necessary.
`;

const EXPECTED = {
  caseNumber: "CM16-0213037",
  assignedDate: "2016-11-09",
  injuryDate: "2016-10-13",
  decisionDate: "2016-12-09",
  urDecisionDates: ["2016-11-03"],
  applicationReceivedDate: "2016-11-02",
};

function header(text: string) {
  const result = processText(`${text}\n${BODY}`, { path: "h.txt", sha256: "0".repeat(64) });
  if (isFailure(result)) throw new Error(result.error.message);
  const { caseNumber, assignedDate, injuryDate, decisionDate, urDecisionDates, applicationReceivedDate } = result;
  return { caseNumber, assignedDate, injuryDate, decisionDate, urDecisionDates, applicationReceivedDate };
}

describe("header table layouts", () => {
  it.each([
    ["pairs, two per line", "Case Number: CM16-0213037 Date Assigned: 11/09/2016\nDate of Injury: 10/13/2016 Decision Date: 12/09/2016\nUR Denial Date: 11/03/2016 Priority: Standard\nApplication Received: 11/02/2016"],
    ["pairs in another order, tab separated", "Date Assigned:\t11/09/2016\tCase Number:\tCM16-0213037\nDecision Date:\t12/09/2016\tDate of Injury:\t10/13/2016\nPriority:\tStandard\tUR Denial Date:\t11/03/2016\nApplication Received:\t11/02/2016"],
    ["a label wrapped over two lines", "Case Number: CM16-0213037\nDate Assigned: 11/09/2016 Date of Injury: 10/13/2016\nDecision Date: 12/09/2016 UR Denial Date: 11/03/2016\nPriority: Standard Application\nReceived:\n11/02/2016"],
    ["labels, then values one per line", "Case Number:\nDate Assigned:\nDate of Injury:\nDecision Date:\nUR Denial Date:\nPriority:\nApplication Received:\nCM16-0213037\n11/09/2016\n10/13/2016\n12/09/2016\n11/03/2016\nStandard\n11/02/2016"],
    ["labels, then rows of values", "Case Number:\nDate Assigned:\nDate of Injury:\nDecision Date:\nUR Denial Date:\nPriority:\nApplication\nReceived:\nCM16-0213037 11/09/2016 10/13/2016\n12/09/2016 11/03/2016 Standard\n11/02/2016"],
    ["labels in other words", "Case Number: CM16-0213037 Assigned On: 11/09/2016\nInjury Date: 10/13/2016 Date of Determination: 12/09/2016\nUR Denial Date: 11/03/2016\nApplication Received: 11/02/2016"],
    ["labels of other revisions", "Case Number: CM16-0213037\nDate Assigned to Reviewer: 11/09/2016\nDate of Injury: 10/13/2016 Notice Date: 12/09/2016\nDate of Utilization Review Decision: 11/03/2016\nApplication for IMR Received: 11/02/2016"],
    ["labels in other words, dot leaders", "Case Number: CM16-0213037\nDate of Assignment..... 11/09/2016\nInjury Date........ 10/13/2016\nDecided On........ 12/09/2016\nUR Denial Date: 11/03/2016\nApplication Received: 11/02/2016"],
    ["the application as 'Date of IMR Application'", "Case Number: CM16-0213037 Date Assigned: 11/09/2016\nDate of Injury: 10/13/2016 Decision Date: 12/09/2016\nDate of UR Decision: 11/03/2016\nDate of IMR Application: 11/02/2016"],
    ["short years", "Case Number: CM16-0213037 Date Assigned: 11/9/16\nDate of Injury: 10/13/16 Decision Date: 12/9/16\nUR Denial Date: 11/3/16\nIMR Application Received: 11/2/16"],
    ["dot leaders instead of colons", "Case Number................. CM16-0213037\nDate Assigned............... 11/09/2016\nDate of Injury.............. 10/13/2016\nDecision Date............... 12/09/2016\nUR Denial Date.............. 11/03/2016\nPriority.................... Standard\nApplication Received........ 11/02/2016"],
    ["a form's fields, coded", "PART A. CASE IDENTIFICATION\nA1. IMR case number: CM16-0213037\nA2. Date of injury: 10/13/2016\nA3. Date of utilization review decision(s) in dispute: 11/03/2016\nA4. Date IMR application received: 11/02/2016\nA5. Date assigned to expert reviewer: 11/09/2016\nA6. Date of final determination: 12/09/2016"],
    ["a case system's table of fields", "Field | Value\nCase Number | CM16-0213037\nDate of Injury | 10/13/2016\nUR Determination Date | 11/03/2016\nIMR Application Received | 11/02/2016\nDate Assigned | 11/09/2016\nDecision Date | 12/09/2016"],
    ["dashes instead of colons", "IMR Case Number - CM16-0213037\nDate Assigned - 11/09/2016\nInjury Date - 10/13/2016\nDecision Date \u2013 12/09/2016\nUR Denial Date - 11/03/2016\nApplication Received - 11/02/2016\nPriority - Standard"],
    ["dashes and colons in two columns", "Case Number :  CM16-0213037      Date Assigned -  11/09/2016\nDate of Injury: 10/13/2016      Decision Date :  12/09/2016\nPriority :  Standard             UR Denial Date -  11/03/2016\nApplication Received -  11/02/2016"],
    ["rows of labels without colons over rows of values", "Case Number          Date Assigned      Date of Injury     Decision Date\nCM16-0213037         11/09/2016         10/13/2016         12/09/2016\nUR Denial Date       Priority           Application Received\n11/03/2016           Standard           11/02/2016"],
    ["an employee and claim number row before the dates", "Employee          Claim Number          Case Number\n[redacted]        [redacted]            CM16-0213037\nDate Assigned     Date of Injury        Decision Date\n11/09/2016        10/13/2016            12/09/2016\nUR Denial Date    Application Received\n11/03/2016        11/02/2016"],
    ["wrapped like running text, a value opening a line before the next label", "Case Number: CM16-0213037 Date Assigned:\n11/09/2016 Date of\nInjury: 10/13/2016 Decision Date: 12/09/2016 UR Denial\nDate: 11/03/2016 Priority: Standard Application\nReceived: 11/02/2016"],
  ])("%s", (_name, text) => {
    expect(header(text)).toEqual(EXPECTED);
  });

  it.each([
    ["two dates after 'Date of UR Decision(s):'", "Case Number: CM16-0213037\nDate of UR Decision(s): 10/20/2016, 11/03/2016 Priority: Standard"],
    ["the second date wrapped onto the next line", "Case Number: CM16-0213037\nUR Denial Date:\t10/20/2016,\tPriority:\tStandard\n\t11/03/2016"],
  ])("several UR decisions: %s", (_name, text) => {
    expect(header(text).urDecisionDates).toEqual(["2016-10-20", "2016-11-03"]);
  });

  it("takes the header table printed again on a later page for furniture, not text", () => {
    const table = "Case Number: CM16-0213037 Date Assigned: 11/09/2016\nDate of Injury: 10/13/2016 Decision Date: 12/09/2016\nUR Denial Date: 11/03/2016 Priority: Standard\nApplication Received: 11/02/2016";
    const result = processText(`${table}\n${BODY.replace("Decision rationale: The request", `Decision rationale: The MRI is not indicated.\n\f${table}\nThe request`)}`, { path: "h.txt", sha256: "0".repeat(64) });
    if (isFailure(result)) throw new Error(result.error.message);
    expect(result.decisions[0]?.rationale).toBe("The MRI is not indicated. The request is not medically necessary.");
  });

  it("reads a header table that opens the second page, after a cover sheet", () => {
    const cover = "FAX TRANSMITTAL\nDate: 12/12/2016\nPages: 4 including cover\nAttached is the IMR final determination.\n\f";
    expect(header(`${cover}Case Number: CM16-0213037 Date Assigned: 11/09/2016\nDate of Injury: 10/13/2016 Decision Date: 12/09/2016\nUR Denial Date: 11/03/2016 Priority: Standard\nApplication Received: 11/02/2016`)).toEqual(EXPECTED);
  });

  it("leaves a label without a value empty rather than taking a later date", () => {
    const found = header("Case Number: CM16-0213037 Date Assigned: 11/09/2016\nDate of Injury: 10/13/2016 Decision Date: 12/09/2016\nUR Denial Date: Priority: Standard\nApplication Received: 11/02/2016");
    expect(found.urDecisionDates).toEqual([]);
  });
});

describe("a case number with no header label", () => {
  it.each([
    ["printed alone at the top", "CM16-0213037\nThe injured worker filed for review.", "CM16-0213037"],
    ["another case's, in prose: not this one's", "A prior IMR (CM16-0112938) dated 06/20/2016 upheld a denial.", null],
    ["another case's, then this one's in a footer line", "A prior IMR (CM16-0112938) upheld a denial.\nCM16-0213037 Page 1 of 2", "CM16-0213037"],
  ])("%s", (_name, text, expected) => {
    expect(header(text).caseNumber).toBe(expected);
  });
});

describe("documents read one after another", () => {
  it("read each case number as if alone: no search state carries over", () => {
    const footerOnly = "The injured worker filed for review.\f\nCM16-0111111 Page 2 of 2";
    const atTop = "CM16-0213037\nThe injured worker filed for review.";
    const alone = header(atTop).caseNumber;
    expect([header(footerOnly).caseNumber, header(atTop).caseNumber, header(footerOnly).caseNumber, header(atTop).caseNumber]).toEqual([
      "CM16-0111111",
      alone,
      "CM16-0111111",
      alone,
    ]);
    expect(alone).toBe("CM16-0213037");
  });
});
