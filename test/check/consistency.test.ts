import { describe, expect, it } from "vitest";
import { checkConsistency, CONSISTENCY_CODES, type ConsistencyInput } from "../../src/check/consistency.js";
import type { Decision } from "../../src/record/schema.js";

const DECISION: Decision = {
  item: "MRI of the lumbar spine",
  outcome: "upheld",
  medicallyNecessary: false,
  claimsAdministratorGuideline: "MTUS ACOEM Chapter 12.",
  reviewerGuideline: "MTUS ACOEM Chapter 12, Special Studies.",
  rationale: "There are no red flags. The MRI is not medically necessary.",
};

/** A consistent header-prose record; rows change one thing each. */
function input(overrides: Partial<ConsistencyInput> = {}): ConsistencyInput {
  return {
    layout: "header-prose",
    caseNumber: "CM15-0012345",
    injuryDate: "2012-08-14",
    assignedDate: "2015-03-19",
    decisionDate: "2015-04-23",
    applicationReceivedDate: "2015-03-13",
    urDecisionDates: ["2015-02-20"],
    decisions: [DECISION],
    ...overrides,
  };
}

const decision = (change: Partial<Decision>): Partial<ConsistencyInput> => ({ decisions: [{ ...DECISION, ...change }] });

describe("checkConsistency", () => {
  it("finds nothing wrong with a consistent record", () => {
    expect(checkConsistency(input())).toEqual([]);
  });

  it.each<[string, Partial<ConsistencyInput>, [string, string | null][]]>([
    // outcome against the rationale's conclusion
    ["upheld, yet the rationale says medically necessary", decision({ outcome: "upheld", medicallyNecessary: true }), [["outcome-contradicts-rationale", "decisions[0].outcome"]]],
    ["overturned, yet the rationale says not medically necessary", decision({ outcome: "overturned", medicallyNecessary: false }), [["outcome-contradicts-rationale", "decisions[0].outcome"]]],
    ["overturned and medically necessary agree", decision({ outcome: "overturned", medicallyNecessary: true }), []],
    ["a rationale without a conclusion contradicts nothing", decision({ outcome: "overturned", medicallyNecessary: null }), []],
    // rationale and guidelines
    ["no rationale", decision({ rationale: null }), [["missing-rationale", "decisions[0].rationale"]]],
    ["a blank rationale", decision({ rationale: "  " }), [["missing-rationale", "decisions[0].rationale"]]],
    ["no guideline at all", decision({ claimsAdministratorGuideline: null, reviewerGuideline: null }), [["missing-guideline", "decisions[0].reviewerGuideline"]]],
    ["only the reviewer's guideline is enough", decision({ claimsAdministratorGuideline: null }), []],
    ["only the claims administrator's guideline is enough", decision({ reviewerGuideline: null }), []],
    // date order
    ["injury after the decision", { injuryDate: "2016-01-01" }, [["dates-out-of-order", "injuryDate"], ["dates-out-of-order", "injuryDate"], ["dates-out-of-order", "urDecisionDates[0]"]]],
    ["application after the decision", { applicationReceivedDate: "2015-05-01", assignedDate: null }, [["dates-out-of-order", "applicationReceivedDate"]]],
    ["UR decision after the application", { urDecisionDates: ["2015-02-20", "2015-03-20"] }, [["dates-out-of-order", "urDecisionDates[1]"]]],
    ["UR decision on the day of the application is fine", { urDecisionDates: ["2015-03-13"] }, []],
    ["UR decision after the decision, no application date", { applicationReceivedDate: null, urDecisionDates: ["2015-05-01"] }, [["dates-out-of-order", "urDecisionDates[0]"]]],
    ["assigned before the application", { assignedDate: "2015-03-01" }, [["dates-out-of-order", "applicationReceivedDate"]]],
    ["decided before it was assigned", { assignedDate: "2015-04-30", decisionDate: "2015-04-23" }, [["dates-out-of-order", "assignedDate"]]],
    ["missing dates are not out of order", { assignedDate: null, decisionDate: null, applicationReceivedDate: null, urDecisionDates: [] }, [["missing-decision-date", "decisionDate"]]],
    // fields the layout prints
    ["no decision date in a header layout", { decisionDate: null }, [["missing-decision-date", "decisionDate"]]],
    ["no date in the 2013 letter's \"Dated:\"", { layout: "notice-letter", decisionDate: null, assignedDate: null }, [["missing-decision-date", "decisionDate"]]],
    ["layout A without its optional header table needs no decision date", { layout: "credentials-block", assignedDate: null, decisionDate: null, caseNumber: null }, []],
    ["layout A with a header table does", { layout: "credentials-block", decisionDate: null }, [["missing-decision-date", "decisionDate"]]],
    ["no case number in a header layout", { caseNumber: null }, [["missing-case-number", "caseNumber"]]],
    ["no injury date, whatever the layout", { layout: "credentials-block", injuryDate: null, assignedDate: null, decisionDate: null }, [["missing-injury-date", "injuryDate"]]],
    ["an unknown layout expects no header", { layout: "unknown", decisionDate: null, caseNumber: null }, []],
    // decisions
    ["the same item twice", { decisions: [DECISION, { ...DECISION, item: "MRI of the  LUMBAR spine" }] }, [["duplicate-decision", "decisions[1].item"]]],
  ])("%s", (_, overrides, expected) => {
    const warnings = checkConsistency(input(overrides));
    expect(warnings.map((w) => [w.code, w.field])).toEqual(expected);
  });

  it("writes messages a person can act on, naming the decision and the dates", () => {
    const [contradiction] = checkConsistency(input(decision({ outcome: "upheld", medicallyNecessary: true })));
    expect(contradiction!.message).toContain('Decision 1 ("MRI of the lumbar spine") is upheld');
    const [order] = checkConsistency(input({ assignedDate: "2015-04-30" }));
    expect(order!.message).toBe("The assigned date (2015-04-30) is after the decision date (2015-04-23); one of the two dates is probably misread.");
  });

  it("reports each decision's problems under its own index, after the record's", () => {
    const warnings = checkConsistency(input({ decisionDate: null, decisions: [DECISION, { ...DECISION, item: "Physical therapy", rationale: null }] }));
    expect(warnings.map((w) => w.field)).toEqual(["decisionDate", "decisions[1].rationale"]);
  });

  it("gives only the codes it declares", () => {
    const everything = checkConsistency(
      input({ injuryDate: null, caseNumber: null, decisionDate: null, decisions: [{ ...DECISION, medicallyNecessary: true, rationale: null, reviewerGuideline: null, claimsAdministratorGuideline: null }, DECISION] }),
    );
    for (const w of everything) expect(CONSISTENCY_CODES).toContain(w.code);
  });
});
