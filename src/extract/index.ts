/**
 * `extractRecord`: normalised text to a validated record or a coded failure.
 * The grammar finds the sections; one extractor per section reads the fields.
 */
import { parseSections, type DocumentTree, type LineNode } from "../../grammar/index.js";
import type { NormalizedText } from "../normalize/index.js";
import { recordSchema, SCHEMA_VERSION, type DeterminationRecord, type Failure, type Layout, type Result, type Source } from "../record/schema.js";
import { dateContext, findDates } from "./dates.js";
import { extractDecisions } from "./decisions.js";
import { readHeader, type HeaderValue } from "./header.js";
import { ProvenanceCollector } from "./provenance.js";
import { allLines, flatten, lineContent, linesOf, region, sectionsOf, type Region } from "./region.js";
import { extractReviewer, type ListEntry } from "./reviewer.js";
import { findAge, findApplicationDate, findAssignedDate, findDecisionDate, findDiagnoses, findInjuryDate, findSex, findUrDates, splitDiagnoses } from "./summary.js";
import { checkConsistency } from "../check/consistency.js";
import { MAXIMUS_CASE_NUMBER } from "../record/case-number.js";

const CASE_NUMBER_ANYWHERE = new RegExp(`\\b(${MAXIMUS_CASE_NUMBER})\\b`, "i");
/** The same, global: every case number a text prints, with `matchAll` (never `exec`, whose `lastIndex` would carry over to the next document). */
const EVERY_CASE_NUMBER = new RegExp(CASE_NUMBER_ANYWHERE.source, "gi");
/** "a prior IMR (CM16-0112938)", "in an earlier case, CM15-...": another case's number. */
const ANOTHER_CASE_BEFORE = /\b(?:prior|previous|earlier|another|separate|other)\b[^.]{0,30}$/i;

export function extractRecord(normalized: NormalizedText, source: Source): Result {
  const { text } = normalized;
  const { tree, parseErrors } = parseSections(text);
  const lines = allLines(tree);
  const layout = guessLayout(tree, lines);
  const sectionNames = tree.sections.map((s) => s.heading);
  const fail = (code: Failure["error"]["code"], message: string): Failure => ({
    source,
    error: { code, message, details: { layout, sections: sectionNames } },
  });
  const notADetermination = () =>
    fail(
      "not-a-determination",
      "This does not look like an IMR final determination: none of its headings (\"HOW THE IMR FINAL DETERMINATION WAS MADE\", \"IMR ISSUES, DECISIONS AND RATIONALES\", \"Notice of Independent Medical Review Determination\", \"MEDICAL PROFESSIONAL REVIEW\") were found, nor an Independent Medical Review's items decided Upheld or Overturned. Check that the file is a determination letter.",
    );
  // a letter laid out otherwise is one if it decides items, as an IMR, for one case
  if (layout === "unknown" && !mayBeDetermination(text)) return notADetermination();

  const context = dateContext(text);
  const prov = new ProvenanceCollector();

  // ---- header --------------------------------------------------------------------------------
  const header = readHeader(lines);
  const headerValue = (...labels: HeaderValue["label"][]) => labels.map((l) => header.find((h) => h.label === l)).find(Boolean) ?? null;
  const headerDate = (field: string, ...labels: HeaderValue["label"][]): string | null => {
    const value = headerValue(...labels);
    if (!value) return null;
    const [date] = findDates(value.text, context, value.start);
    if (!date) return null;
    prov.add(field, date.start, date.end);
    return date.iso;
  };

  let caseNumber: string | null = null;
  const caseValue = headerValue("CaseNumberLabel");
  if (caseValue) {
    caseNumber = caseValue.text.toUpperCase();
    prov.add("caseNumber", caseValue.start, caseValue.end);
  } else {
    const anywhere = [...text.matchAll(EVERY_CASE_NUMBER)].find((m) => !ANOTHER_CASE_BEFORE.test(text.slice(Math.max(0, m.index! - 40), m.index!)));
    if (anywhere) {
      caseNumber = anywhere[1]!.toUpperCase();
      const start = anywhere.index! + anywhere[0].indexOf(anywhere[1]!);
      prov.add("caseNumber", start, start + anywhere[1]!.length);
    } else {
      for (const line of normalized.furniture) {
        const m = CASE_NUMBER_ANYWHERE.exec(line.text);
        if (!m) continue;
        caseNumber = m[1]!.toUpperCase();
        const start = line.rawStart + Math.max(normalized.source.raw.slice(line.rawStart, line.rawEnd).indexOf(m[1]!), 0);
        prov.addRaw("caseNumber", 0, start, start + m[1]!.length);
        break;
      }
    }
  }

  let assignedDate = headerDate("assignedDate", "DateAssignedLabel");
  let decisionDate = headerDate("decisionDate", "DecisionDateLabel", "DatedLabel");
  let injuryDate = headerDate("injuryDate", "InjuryDateLabel");
  let applicationReceivedDate = headerDate("applicationReceivedDate", "ApplicationReceivedLabel");

  // ---- narrative regions -------------------------------------------------------------------------
  const summarySections = sectionsOf(tree, "CaseSummaryHeading");
  const flat = flatten(text);
  const narrative = region(flat, 0, flat.length);
  const summary: Region = summarySections.length > 0 ? regionOf(flat, summarySections) : narrative;

  if (!injuryDate) {
    const found = findInjuryDate(summary, context) ?? findInjuryDate(narrative, context);
    if (found) {
      injuryDate = found.iso;
      prov.add("injuryDate", found.start, found.end);
    }
  }
  if (!assignedDate) {
    const found = findAssignedDate(narrative, context);
    if (found) {
      assignedDate = found.iso;
      prov.add("assignedDate", found.start, found.end);
    }
  }
  if (!decisionDate) {
    const found = findDecisionDate(narrative, context);
    if (found) {
      decisionDate = found.iso;
      prov.add("decisionDate", found.start, found.end);
    }
  }
  if (!applicationReceivedDate) {
    const found = findApplicationDate(summary, context) ?? findApplicationDate(narrative, context);
    if (found) {
      applicationReceivedDate = found.iso;
      prov.add("applicationReceivedDate", found.start, found.end);
    }
  }

  // ---- UR decision dates: header and narrative -------------------------------------------------------
  const urDates = new Map<string, { start: number; end: number }>();
  for (const value of header.filter((h) => h.label === "UrDecisionDateLabel")) {
    for (const date of findDates(value.text, context, value.start)) if (!urDates.has(date.iso)) urDates.set(date.iso, date);
  }
  const urRegions = [summary, ...regionsOutside(flat, tree, summarySections)];
  for (const r of urRegions) {
    for (const date of findUrDates(r, context)) if (!urDates.has(date.iso)) urDates.set(date.iso, date);
  }
  const urDecisionDates = [...urDates.keys()].sort();
  urDecisionDates.forEach((iso, i) => {
    const span = urDates.get(iso)!;
    prov.add(`urDecisionDates[${i}]`, span.start, span.end);
  });

  // ---- patient ------------------------------------------------------------------------------------------
  const ageInSummary = findAge(summary);
  const age = ageInSummary ?? (summarySections.length > 0 ? findAge(narrative) : null);
  if (age) prov.add("patient.age", age.start, age.end);
  // where the summary section does not tell the age, the sentence that does may tell the sex
  const sex = findSex(summary, ageInSummary?.start ?? null) ?? (age && !ageInSummary ? findSex(narrative, age.start) : null);
  if (sex) prov.add("patient.sex", sex.start, sex.end);

  // ---- reviewer -----------------------------------------------------------------------------------------
  const credentialSections = sectionsOf(tree, "HowMadeHeading", "QualificationsHeading");
  const reviewer = extractReviewer(lines, credentialSections.length > 0 ? [regionOf(flat, credentialSections), narrative] : [narrative]);
  reviewer.licensure.forEach((e, i) => prov.add(`reviewer.licensure[${i}]`, e.start, e.end));
  reviewer.specialties.forEach((e, i) => prov.add(`reviewer.specialties[${i}]`, e.start, e.end));

  // ---- diagnoses ------------------------------------------------------------------------------------------
  const diagnoses = findDiagnoses(summary, diagnosisList(text, tree));
  diagnoses.forEach((d, i) => prov.add(`diagnoses[${i}]`, d.start, d.end));

  // ---- decisions ----------------------------------------------------------------------------------------------
  const decisions = extractDecisions(text, tree);
  // ... and explains them: a document that only quotes a determination's outcomes (an appeal board's decision) gives no reasons
  if (layout === "unknown" && !decisions.some((d) => d.rationale || d.claimsAdministratorGuideline || d.reviewerGuideline)) return notADetermination();
  if (decisions.length === 0) {
    return fail(
      "no-decisions",
      `The document looks like an IMR determination (${layout}) but no disputed item with its decision was recognised${parseErrors.length > 0 ? ` (${parseErrors.length} parse errors)` : ""}; it may be truncated before its decisions section. Run "imr check" on it to see what was found.`,
    );
  }
  decisions.forEach((d, i) => {
    prov.add(`decisions[${i}].item`, d.item.start, d.item.end);
    prov.add(`decisions[${i}].outcome`, d.outcome.start, d.outcome.end);
    if (d.medicallyNecessary) prov.add(`decisions[${i}].medicallyNecessary`, d.medicallyNecessary.start, d.medicallyNecessary.end);
    if (d.claimsAdministratorGuideline) prov.add(`decisions[${i}].claimsAdministratorGuideline`, d.claimsAdministratorGuideline.start, d.claimsAdministratorGuideline.end);
    if (d.reviewerGuideline) prov.add(`decisions[${i}].reviewerGuideline`, d.reviewerGuideline.start, d.reviewerGuideline.end);
    if (d.rationale) prov.add(`decisions[${i}].rationale`, d.rationale.start, d.rationale.end);
  });

  const record: DeterminationRecord = {
    schemaVersion: SCHEMA_VERSION,
    source,
    layout,
    caseNumber,
    injuryDate,
    assignedDate,
    decisionDate,
    applicationReceivedDate,
    urDecisionDates,
    patient: { age: age?.value ?? null, sex: sex?.value ?? null },
    reviewer: { licensure: reviewer.licensure.map((e) => e.text), specialties: reviewer.specialties.map((e) => e.text) },
    diagnoses: diagnoses.map((d) => d.text),
    decisions: decisions.map((d) => ({
      item: d.item.text,
      outcome: d.outcome.value,
      medicallyNecessary: d.medicallyNecessary?.value ?? null,
      claimsAdministratorGuideline: d.claimsAdministratorGuideline?.text ?? null,
      reviewerGuideline: d.reviewerGuideline?.text ?? null,
      rationale: d.rationale?.text ?? null,
    })),
    warnings: [],
    provenance: prov.toProvenance(normalized),
  };
  record.warnings = checkConsistency(record);
  const parsed = recordSchema.safeParse(record);
  if (!parsed.success) {
    return fail("invalid-record", `The extracted record does not satisfy the schema (${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}); please report this document.`);
  }
  return parsed.data;
}

/**
 * Whether a document in none of the known layouts may still be a
 * determination: it speaks of an Independent Medical Review and names at most
 * two cases (its own and another it mentions), not a listing of many.
 */
function mayBeDetermination(text: string): boolean {
  if (!/\b(?:Independent Medical Review|IMR)\b/i.test(text)) return false;
  const cases = new Set<string>();
  for (const match of text.matchAll(EVERY_CASE_NUMBER)) cases.add(match[1]!.toUpperCase());
  return cases.size <= 2;
}

function guessLayout(tree: DocumentTree, lines: LineNode[]): Layout {
  const headings = new Set(tree.sections.map((s) => s.heading));
  const labels = new Set(lines.map((l) => l.label?.name).filter(Boolean));
  if (headings.has("DisputeHeading") || headings.has("ProfessionalRationaleHeading") || headings.has("QualificationsHeading")) return "professional-review";
  if (labels.has("NoticeTitle") || (headings.has("IssuesHeading") && !tree.sections.some((s) => s.body.some((n) => n.type === "line" && n.outcome)) && labels.has("FinalDeterminationLabel"))) return "notice-letter";
  if (labels.has("CredentialsIntro") || labels.has("LicensureLabel")) return "credentials-block";
  if (headings.has("HowMadeHeading") || headings.has("IssuesHeading")) return "header-prose";
  return "unknown";
}

function regionOf(flat: string, sections: { start: number; end: number }[]): Region {
  const start = Math.min(...sections.map((s) => s.start));
  const end = Math.max(...sections.map((s) => s.end));
  return region(flat, start, end);
}

/** The text outside the case summary, where UR decisions are also told: letter body, documents reviewed, rationales ("the 10/02/2014 UR decision: non-certified"). */
function regionsOutside(flat: string, tree: DocumentTree, summaries: { start: number; end: number }[]): Region[] {
  if (summaries.length === 0) return [];
  const out: Region[] = [];
  const preambleEnd = tree.sections[0]?.start ?? flat.length;
  out.push(region(flat, 0, preambleEnd));
  for (const section of tree.sections) {
    if (summaries.includes(section)) continue;
    // most sections tell of no UR decision: a quick look spares them the whole search
    if (section.heading === "DocumentsReviewedHeading" || UR_DECIDED_HINT.test(flat.slice(section.start, section.end))) out.push(region(flat, section.start, section.end));
  }
  return out;
}

/** UR named beside a word of its deciding against a request: where a UR decision may be told. */
const UR_DECIDED_HINT = /\b(?:UR|utili[sz]ation review)\b[^.]{0,120}?\b(?:non-?cert|denied|denial|modif|not (?:certif|approv|authori))|\b(?:non-?cert\w*|denied|modified)\b[^.]{0,60}?\b(?:UR|utili[sz]ation review)\b/i;

/** "Working diagnoses:", "She is undergoing treatment for:", "Diagnosed with:", "Current dx:", "Assessment (pain management):". */
const DIAGNOSIS_LIST_INTRO = /\b(?:diagnos[ie]s\b[^.]{0,40}|diagnosed (?:with|as)|(?:being treated|undergoing treatments?) for|dx\b[^.]{0,20}|(?:impressions?|assessments?)(?: \([^)]{0,60}\))?):$/i;

type Span = { start: number; end: number };

/**
 * Bulleted or numbered lines: each marked line is one entry; an unmarked line
 * continues it when it starts in lower case, or when the line before broke
 * off after a comma or a joining word ("disc disease," / "C5-6, C6-7").
 */
function markedItems(lines: LineNode[]): Span[] {
  const items: Span[] = [];
  let previous = "";
  for (const line of lines) {
    const content = lineContent(line);
    if (!content) break;
    const last = items[items.length - 1];
    if (line.marker) items.push({ start: content.start, end: content.end });
    else if (last && (/^[a-z0-9(]/.test(content.text) || /(?:[,&/]|\b(?:and|or|of|with|to))$/i.test(previous))) last.end = content.end;
    else break;
    previous = content.text;
  }
  return items;
}

/**
 * A line of an unmarked list: short, starting with a capital or a digit,
 * holding no sentence break and not ending in a comma. A line of running
 * prose is longer (it was wrapped at the page width), starts in lower case,
 * or, when short, runs on: it ends in a comma or the next line goes on in
 * lower case.
 */
const UNMARKED_ENTRY = /^[A-Z0-9](?:(?!\. ).){0,69}(?<!,)$/;

/** One entry a line, without bullets: at least two such lines, or none (the prose reading takes over). */
function unmarkedItems(lines: LineNode[]): Span[] {
  const items: Span[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const content = lineContent(line);
    if (!content || line.marker || !UNMARKED_ENTRY.test(content.text)) break;
    const next = lines[i + 1] && lineContent(lines[i + 1]!);
    if (next && /^[a-z]/.test(next.text)) break;
    items.push({ start: content.start, end: content.end });
  }
  return items.length >= 2 ? items : [];
}

/** An unmarked line ending "diagnoses:", or ending the phrase the line before began ("The current diagnoses" / "are:"). */
function introducesDiagnosisList(line: LineNode, before: LineNode | undefined): boolean {
  // most lines do not end in a colon; that is seen before their text is joined
  const last = line.segments[line.segments.length - 1];
  if (line.marker || !last?.text.endsWith(":")) return false;
  const own = lineContent(line)!.text;
  if (DIAGNOSIS_LIST_INTRO.test(own)) return true;
  const previous = before && !before.marker ? lineContent(before) : null;
  return previous !== null && DIAGNOSIS_LIST_INTRO.test(`${previous.text} ${own}`);
}

const INLINE_MARKER = /\s\(?\d{1,2}[.)](?:\s|$)/;

/** "DIAGNOSES", "Working Diagnoses": a heading of its own over a marked list. */
const DIAGNOSIS_HEADING = /^(?:(?:current|working|final|primary|treating) )?diagnos[ie]s$/i;

/** A line that is only `DIAGNOSIS_HEADING`, with a marked line after it. */
function headsDiagnosisList(line: LineNode, next: LineNode | undefined): boolean {
  const only = line.segments.length === 1 && !line.marker && !line.label && !line.outcome ? line.segments[0]! : null;
  return only !== null && only.text.length <= 24 && next?.marker != null && DIAGNOSIS_HEADING.test(only.text.trim());
}

/**
 * A "Diagnoses:" list: a line introducing it (or a heading of its own over marked lines), then bulleted or numbered
 * lines, or short plain lines one entry each; in a section, or in the text before any (a report with no headings the
 * grammar knows).
 */
function diagnosisList(text: string, tree: DocumentTree): ListEntry[] {
  for (const body of [...tree.sections.map((section) => section.body), tree.preamble]) {
    const lines = linesOf(body);
    const at = lines.findIndex((line, i) => introducesDiagnosisList(line, lines[i - 1]) || headsDiagnosisList(line, lines[i + 1]));
    if (at < 0) continue;
    const following = lines.slice(at + 1);
    const items = following[0]?.marker ? markedItems(following) : unmarkedItems(following);
    // "Dx:" / "1. R carpal" / "tunnel syndrome 2. s/p R CTR 3. ...": a list run inline, which the prose reading takes
    if (items.some((item) => INLINE_MARKER.test(text.slice(item.start, item.end)))) return [];
    const entries: ListEntry[] = [];
    for (const item of items) {
      const itemText = text.slice(item.start, item.end).replace(/\n/g, " ");
      for (const part of splitDiagnoses(itemText)) {
        entries.push({ text: part.text, start: item.start + part.start, end: item.start + part.end });
      }
    }
    if (entries.length > 0) return entries;
  }
  return [];
}

