/**
 * `checkConsistency`: things about a finished record that are possible but
 * suspicious, reported as warnings for a person to check (`imr check` shows
 * them) rather than as failures. The extractor calls it on every record it
 * builds; it looks at the record alone, never at the text.
 */
import type { DeterminationRecord, Warning } from "../record/schema.js";

/** The parts of a record the checks read; a whole record will do. */
export type ConsistencyInput = Pick<
  DeterminationRecord,
  "layout" | "caseNumber" | "injuryDate" | "assignedDate" | "decisionDate" | "applicationReceivedDate" | "urDecisionDates" | "decisions"
>;

/** The warning codes `checkConsistency` can give. */
export const CONSISTENCY_CODES = [
  "outcome-contradicts-rationale",
  "missing-rationale",
  "missing-guideline",
  "dates-out-of-order",
  "missing-decision-date",
  "missing-case-number",
  "missing-injury-date",
  "duplicate-decision",
] as const;

export type ConsistencyCode = (typeof CONSISTENCY_CODES)[number];

/** Layouts whose header always states the case number and the decision date (LAYOUTS.md B and C). */
const HEADER_LAYOUTS: ReadonlySet<DeterminationRecord["layout"]> = new Set(["header-prose", "notice-letter"]);

/**
 * Checks a record for contradictions and gaps: an outcome its rationale
 * contradicts, a decision without rationale or without any guideline, dates
 * in an impossible order, and header fields missing where the layout prints
 * them. Returns the warnings in a stable order (record-level first, then
 * decision by decision); an empty array for a clean record.
 */
export function checkConsistency(record: ConsistencyInput): Warning[] {
  const items = record.decisions.map((decision) => normalizeItem(decision.item));
  return [...checkDates(record), ...checkHeader(record), ...record.decisions.flatMap((decision, i) => checkDecision(decision, i, items))];
}

function warning(code: ConsistencyCode, field: string | null, message: string): Warning {
  return { code, message, field };
}

/** `items`: every decision's item, normalised once for the duplicate check. */
function checkDecision(decision: ConsistencyInput["decisions"][number], i: number, items: string[]): Warning[] {
  const at = `decisions[${i}]`;
  const which = `Decision ${i + 1} ("${abbreviate(decision.item)}")`;
  const warnings: Warning[] = [];
  if (decision.outcome === "upheld" && decision.medicallyNecessary === true) {
    warnings.push(warning("outcome-contradicts-rationale", `${at}.outcome`, `${which} is upheld (not medically necessary), but its rationale concludes that it is medically necessary; check the outcome and the rationale's last sentence.`));
  } else if (decision.outcome === "overturned" && decision.medicallyNecessary === false) {
    warnings.push(warning("outcome-contradicts-rationale", `${at}.outcome`, `${which} is overturned (medically necessary), but its rationale concludes that it is not medically necessary; check the outcome and the rationale's last sentence.`));
  }
  if (decision.rationale === null || decision.rationale.trim() === "") {
    warnings.push(warning("missing-rationale", `${at}.rationale`, `${which} has no rationale; check whether its "Decision rationale" paragraph was found.`));
  }
  if (decision.claimsAdministratorGuideline === null && decision.reviewerGuideline === null) {
    warnings.push(warning("missing-guideline", `${at}.reviewerGuideline`, `${which} cites no guideline, neither the claims administrator's nor the reviewer's; check whether its guideline paragraphs were found.`));
  }
  const first = items.indexOf(items[i]!);
  if (first < i) {
    warnings.push(warning("duplicate-decision", `${at}.item`, `${which} repeats decision ${first + 1}; check whether one disputed item was read twice.`));
  }
  return warnings;
}

/**
 * The order every case follows: injury, then the UR decision(s), then the
 * IMR application, its assignment and the final decision. Equal dates are
 * fine; only a strict reversal is reported.
 */
function checkDates(record: ConsistencyInput): Warning[] {
  const warnings: Warning[] = [];
  /** Warns on `field` when the earlier event's date is after the later one's. */
  const expectOrder = (field: string, earlierName: string, earlier: string | null, laterName: string, later: string | null) => {
    if (earlier === null || later === null || earlier <= later) return;
    warnings.push(warning("dates-out-of-order", field, `The ${earlierName} (${earlier}) is after the ${laterName} (${later}); one of the two dates is probably misread.`));
  };
  const { injuryDate, assignedDate, decisionDate, applicationReceivedDate } = record;
  expectOrder("injuryDate", "injury date", injuryDate, "decision date", decisionDate);
  expectOrder("injuryDate", "injury date", injuryDate, "IMR application date", applicationReceivedDate);
  expectOrder("applicationReceivedDate", "IMR application date", applicationReceivedDate, "decision date", decisionDate);
  expectOrder("applicationReceivedDate", "IMR application date", applicationReceivedDate, "assigned date", assignedDate);
  expectOrder("assignedDate", "assigned date", assignedDate, "decision date", decisionDate);
  record.urDecisionDates.forEach((urDate, i) => {
    const field = `urDecisionDates[${i}]`;
    expectOrder(field, "UR decision date", urDate, "IMR application date", applicationReceivedDate);
    // With an application date the chain above already bounds the decision date.
    if (applicationReceivedDate === null) expectOrder(field, "UR decision date", urDate, "decision date", decisionDate);
    expectOrder(field, "injury date", injuryDate, "UR decision date", urDate);
  });
  return warnings;
}

/** Header fields that a layout prints but the record lacks: a sign the header was misread. */
function checkHeader(record: ConsistencyInput): Warning[] {
  const warnings: Warning[] = [];
  if (record.injuryDate === null) {
    warnings.push(warning("missing-injury-date", "injuryDate", "No date of injury was found; every determination states one, in the header or the case summary."));
  }
  // Layout A prints the header table only sometimes; an assigned date shows it is there.
  const hasHeader = HEADER_LAYOUTS.has(record.layout) || (record.layout === "credentials-block" && record.assignedDate !== null);
  if (!hasHeader) return warnings;
  if (record.decisionDate === null) {
    warnings.push(warning("missing-decision-date", "decisionDate", `No decision date was found, though this layout (${record.layout}) prints one in its header ("Decision Date" or "Dated:").`));
  }
  if (record.caseNumber === null) {
    warnings.push(warning("missing-case-number", "caseNumber", `No case number was found, though this layout (${record.layout}) prints one in its header.`));
  }
  return warnings;
}

function normalizeItem(item: string): string {
  return item.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

function abbreviate(text: string, max = 60): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
