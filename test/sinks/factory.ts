/**
 * Schema-valid records and failures built by hand, so the sink tests do not
 * depend on the extractor (which is being written separately).
 */
import { createHash } from "node:crypto";
import { failureSchema, recordSchema, type DeterminationRecord, type Failure } from "../../src/record/schema.js";

export function sha(seed: string): string {
  return createHash("sha256").update(seed).digest("hex");
}

const SPECIALTIES = ["Orthopedic Surgery", "Physical Medicine & Rehabilitation", "Pain Management", "Internal Medicine"];

/**
 * Record number `i`: varied dates, outcomes and list lengths, and text with
 * the characters CSV and SQL quoting must survive (quotes, commas, newlines).
 */
export function makeRecord(i: number, overrides: Partial<DeterminationRecord> = {}): DeterminationRecord {
  const year = 2014 + (i % 3);
  const decisionCount = 1 + (i % 3);
  const record: DeterminationRecord = {
    schemaVersion: "1",
    source: { path: `docs/case-${i}.txt`, sha256: sha(`case-${i}`) },
    layout: i % 2 === 0 ? "credentials-block" : "header-prose",
    caseNumber: `CM${String(year).slice(2)}-${String(100000 + i).padStart(7, "0")}`,
    injuryDate: `${year - 3}-0${1 + (i % 9)}-1${i % 10}`,
    assignedDate: `${year}-03-19`,
    decisionDate: `${year}-04-${String(10 + (i % 18)).padStart(2, "0")}`,
    applicationReceivedDate: i % 5 === 0 ? null : `${year}-03-13`,
    urDecisionDates: i % 4 === 0 ? [] : [`${year}-02-20`, ...(i % 3 === 0 ? [`${year}-02-27`] : [])],
    patient: { age: i % 7 === 0 ? null : 30 + (i % 40), sex: i % 6 === 0 ? null : i % 2 === 0 ? "female" : "male" },
    reviewer: { licensure: ["California", ...(i % 2 ? ["Nevada"] : [])], specialties: [SPECIALTIES[i % SPECIALTIES.length]!] },
    diagnoses: Array.from({ length: i % 4 }, (_, k) => `diagnosis ${k} of case ${i}, "quoted"`),
    decisions: Array.from({ length: decisionCount }, (_, k) => ({
      item: `Item ${k} for case ${i}: physical therapy 2 x 4, "right" shoulder`,
      outcome: (i + k) % 3 === 0 ? ("overturned" as const) : ("upheld" as const),
      medicallyNecessary: k === 2 ? null : (i + k) % 3 === 0,
      claimsAdministratorGuideline: k === 1 ? null : "MTUS ACOEM Chapter 9, pages 209-211.",
      reviewerGuideline: "MTUS Postsurgical Treatment Guidelines; ODG, Shoulder",
      rationale: k === 0 ? `The guidelines say:\n"up to 24 visits"; here, ${i} visits were had.\r\nNot necessary, it's 'clear'.` : null,
    })),
    warnings: i % 3 === 0 ? [{ code: "date-ambiguous", message: "two dates, chose the later", field: "decisionDate" }] : [],
    provenance: [{ field: "caseNumber", start: 10, end: 22, page: 1, line: 2, endLine: 2, pageLine: 2, text: "CM15-0048213" }],
    ...overrides,
  };
  return recordSchema.parse(record);
}

export function makeFailure(path: string, seed = path, code: Failure["error"]["code"] = "no-decisions"): Failure {
  return failureSchema.parse({
    source: { path, sha256: sha(seed) },
    error: { code, message: `No decision section was found in ${path}; check it is a final determination.`, details: { layout: "unknown", sections: ["header"] } },
  });
}
