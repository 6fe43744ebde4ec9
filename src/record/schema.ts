/**
 * The determination record: the output contract of `shared/record-contract.md`
 * as a zod schema. Every record the pipeline emits is parsed by `recordSchema`
 * before it leaves the core, so the schema *is* the contract.
 *
 * Fields beyond the contract (layout, provenance, warnings) are additions the
 * contract allows; contract names and meanings never change without a
 * `schemaVersion` bump.
 */
import { z } from "zod";

export const SCHEMA_VERSION = "1" as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "ISO 8601 calendar date (YYYY-MM-DD)");

export const sourceSchema = z.object({
  path: z.string().describe("the input file's path as given or found (bulk runs: relative to the folder searched)"),
  sha256: z.string().regex(/^[0-9a-f]{64}$/).describe("hex SHA-256 of the input file's bytes"),
});

export const layoutSchema = z
  .enum(["credentials-block", "header-prose", "notice-letter", "professional-review", "unknown"])
  .describe("which of the known layouts the document follows (LAYOUTS.md A, B, C, D)");

export const provenanceSchema = z.object({
  field: z.string().describe('the record path this entry supports, e.g. "injuryDate" or "decisions[1].outcome"'),
  start: z.number().int().nonnegative().describe("0-based start offset into the normalised text"),
  end: z.number().int().nonnegative().describe("0-based exclusive end offset into the normalised text"),
  page: z.number().int().positive().describe("1-based page of the source (1 for text without form feeds)"),
  line: z.number().int().positive().describe("1-based first line of the match in the extracted source text"),
  endLine: z.number().int().positive().describe("1-based last line of the match in the extracted source text"),
  pageLine: z.number().int().positive().describe("1-based line of the match within its page"),
  text: z.string().describe("the matched text as it stands in the normalised text"),
});

export const warningSchema = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().nullable(),
});

export const decisionSchema = z.object({
  item: z.string().min(1),
  outcome: z.enum(["upheld", "overturned"]),
  medicallyNecessary: z.boolean().nullable(),
  claimsAdministratorGuideline: z.string().nullable(),
  reviewerGuideline: z.string().nullable(),
  rationale: z.string().nullable(),
});

export const recordSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  source: sourceSchema,
  layout: layoutSchema,
  caseNumber: z.string().regex(/^[A-Z0-9-]+$/).nullable(),
  injuryDate: isoDate.nullable(),
  assignedDate: isoDate.nullable(),
  decisionDate: isoDate.nullable(),
  applicationReceivedDate: isoDate.nullable(),
  urDecisionDates: z.array(isoDate),
  patient: z.object({
    age: z.number().int().min(0).max(130).nullable(),
    sex: z.enum(["female", "male"]).nullable(),
  }),
  reviewer: z.object({
    licensure: z.array(z.string().min(1)),
    specialties: z.array(z.string().min(1)),
  }),
  diagnoses: z.array(z.string().min(1)),
  decisions: z.array(decisionSchema).min(1),
  warnings: z.array(warningSchema),
  provenance: z.array(provenanceSchema),
});

export const FAILURE_CODES = [
  "empty",
  "unreadable",
  "unreadable-pdf",
  "encrypted-pdf",
  "no-text-layer",
  "too-large",
  "timeout",
  "worker-crash",
  "not-a-determination",
  "no-decisions",
  "invalid-record",
] as const;

export const failureCodeSchema = z.enum(FAILURE_CODES);

export const failureSchema = z.object({
  source: sourceSchema,
  error: z.object({
    code: failureCodeSchema,
    message: z.string().min(1),
    /** What the parser saw, for `imr check` on a failure: a layout guess and the sections found. */
    details: z
      .object({
        layout: layoutSchema.optional(),
        sections: z.array(z.string()).optional(),
      })
      .optional(),
  }),
});

export type DeterminationRecord = z.infer<typeof recordSchema>;
export type Decision = z.infer<typeof decisionSchema>;
export type Provenance = z.infer<typeof provenanceSchema>;
export type Warning = z.infer<typeof warningSchema>;
export type Layout = z.infer<typeof layoutSchema>;
export type Failure = z.infer<typeof failureSchema>;
export type FailureCode = z.infer<typeof failureCodeSchema>;
export type Source = z.infer<typeof sourceSchema>;
export type Outcome = Decision["outcome"];

/** A processed document is a record or a failure, never both. */
export type Result = DeterminationRecord | Failure;

export function isFailure(result: Result): result is Failure {
  return "error" in result;
}

/** The record's JSON Schema (draft 2020-12), as `imr schema` prints it. */
export function recordJsonSchema(): unknown {
  return z.toJSONSchema(recordSchema, { target: "draft-2020-12" });
}
