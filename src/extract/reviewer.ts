/**
 * The expert reviewer's licensure and specialties: the credentials block
 * ("State(s) of Licensure: ...", "Certification(s)/Specialty: ..."), layout D's
 * qualification lines, or prose ("Board Certified in A, has a subspecialty in
 * B and is licensed to practice in C").
 */
import type { LineNode } from "../../grammar/index.js";
import { lineContent, type Region } from "./region.js";

export interface ListEntry {
  text: string;
  start: number;
  end: number;
}

export interface ReviewerFindings {
  licensure: ListEntry[];
  specialties: ListEntry[];
}

/**
 * Board specialty names that hold "and" and stay one entry, whether printed
 * with "and" or "&" ("Physical Medicine & Rehabilitation").
 */
const JOINED_SPECIALTIES = [
  "physical medicine and rehabilitation",
  "obstetrics and gynecology",
  "allergy and immunology",
  "psychiatry and neurology",
  "hospice and palliative medicine",
  "colon and rectal surgery",
  "head and neck surgery",
  "plastic and reconstructive surgery",
  "hand and upper extremity surgery",
  "foot and ankle surgery",
  "thoracic and cardiac surgery",
  "nuclear medicine and radiology",
  "pulmonary and critical care medicine",
  "sleep and pain medicine",
  "public health and general preventive medicine",
  "child and adolescent psychiatry",
  "undersea and hyperbaric medicine",
  "oral and maxillofacial surgery",
  "vascular and interventional radiology",
  "neuromusculoskeletal medicine and osteopathic manipulative medicine",
  "marriage and family therapy",
];

/** One of `JOINED_SPECIALTIES` at the start of a text, with either joining word. */
const JOINED_AT_START = new RegExp(`^(?:${JOINED_SPECIALTIES.map((name) => name.replaceAll(" and ", "\\s*(?:and|&)\\s*")).join("|")})\\b`, "i");

/** How long the joined specialty name at the start of `text` is, or 0. */
function joinedNameLength(text: string): number {
  return JOINED_AT_START.exec(text)?.[0].length ?? 0;
}

export function extractReviewer(lines: LineNode[], prose: Region[]): ReviewerFindings {
  const licensure: ListEntry[] = [];
  const specialties: ListEntry[] = [];
  lines.forEach((line, i) => {
    const name = line.label?.name;
    if (!name) return;
    const content = credentialContent(lines, i);
    if (!content) return;
    for (const piece of credentialPieces(name, content)) {
      if (piece.name === "LicensureLabel") licensure.push(...splitList(piece, splitStates));
      else if (piece.name === "SpecialtyLabel" || piece.name === "SubspecialtyLabel") specialties.push(...splitList(piece, splitSpecialties));
    }
  });
  if (licensure.length === 0 || specialties.length === 0) {
    for (const r of prose) {
      const found = fromProse(r);
      if (licensure.length === 0) licensure.push(...found.licensure);
      if (specialties.length === 0) specialties.push(...found.specialties);
      if (licensure.length > 0 && specialties.length > 0) break;
    }
  }
  return { licensure: unique(licensure.map(stateName)), specialties: unique(specialties) };
}

/** Another credential's label after a value on the same line: "California; Board Certification: ...", "Internal Medicine. Licensed in: ...". */
const INLINE_CREDENTIAL_LABEL =
  /[;.|]\s+((?:Board )?Certifications?(?:\(s\))?|Specialt(?:y|ies)|Sub-?specialt(?:y|ies)|Licensed in|Licensure|Licen[sc]es?(?:\(s\))?|Licensing States?(?:\(s\))?|States?(?:\(s\))? of Licensure)\s*:\s*/gi;

/** A credential line's value, cut where another credential's label follows on it, each piece with its own label's name. */
function credentialPieces(name: string, content: ListEntry): Array<ListEntry & { name: string }> {
  const pieces: Array<ListEntry & { name: string }> = [];
  let current = { name, from: 0 };
  for (const match of content.text.matchAll(INLINE_CREDENTIAL_LABEL)) {
    pieces.push(piece(content, current.name, current.from, match.index!));
    current = { name: /licen/i.test(match[1]!) ? "LicensureLabel" : /sub/i.test(match[1]!) ? "SubspecialtyLabel" : "SpecialtyLabel", from: match.index! + match[0].length };
  }
  pieces.push(piece(content, current.name, current.from, content.text.length));
  return pieces;
}

function piece(content: ListEntry, name: string, from: number, to: number): ListEntry & { name: string } {
  const text = content.text.slice(from, to);
  return { name, text, start: content.start + from, end: content.start + to };
}

/**
 * A credential line's value with the lines it wraps onto ("Physical Medicine &" /
 * "Rehabilitation"): short plain lines that follow without a label or marker.
 */
function credentialContent(lines: LineNode[], at: number): { text: string; start: number; end: number } | null {
  let first = lineContent(lines[at]!);
  // the label alone on its line, the value on the next ("Certification(s)/Specialty:" / "Occupational Medicine")
  if (!first && at + 1 < lines.length && isPlainLine(lines[at + 1]!)) first = lineContent(lines[++at]!);
  if (!first) return null;
  let { text, end } = first;
  for (let i = at + 1; i < lines.length; i++) {
    const next = lines[i]!;
    const content = lineContent(next);
    if (!isPlainLine(next) || !content) break;
    if (content.text.length > 60 || /[.:]$/.test(content.text) || next.segments.some((s) => s.kind !== "text")) break;
    // a name runs on after "&", "and" or a comma, or in title case ("Rehabilitation"); a sentence after it does not,
    // nor a heading in capitals after a name that is not ("DIAGNOSES")
    if (!/(?:[&,/-]|\band)$/i.test(text) && !isTitleCase(content.text)) break;
    if (/[a-z]/.test(text) && !/[a-z]/.test(content.text) && /[A-Z]{4}/.test(content.text)) break;
    text = `${text} ${content.text}`;
    end = content.end;
  }
  return { text, start: first.start, end };
}

/** A line with no label, list marker or outcome of its own. */
function isPlainLine(line: LineNode): boolean {
  return !line.label && !line.marker && !line.outcome;
}

/** Every word of four letters or more capitalised: "Preventive Medicine", not "The reviewer has been in practice". */
function isTitleCase(text: string): boolean {
  return text.split(/\s+/).every((word) => word.length < 4 || /^[^a-z]/.test(word));
}

const BOARD_CERTIFIED =
  /\b(?:Board[ -]Certified (?:in|by the American Board of)|board certification in|certified by the American Board of [A-Z][\w ]*? in) (.+?)(?=,? (?:and )?(?:has|holds|with|who|is|and is|he|she|an? sub-?specialty|completed|trained)\b|, the\b|[.;]|$)/gi;
/**
 * "has a subspecialty in Pain Medicine", "with subspecialty certification in ...", "with a specialty in Clinical Psychology",
 * "has subspecialties in A and B", "is fellowship trained in Spine Surgery", "completed a fellowship in Hand Surgery".
 */
const SUBSPECIALTY = /\b(?:(?:sub-?)?special(?:ty|ties)(?: certifications?)?|fellowship(?:[ -]trained| training)?) in (.+?)(?=,? (?:and )?(?:is|has|holds|who)\b|[.;]|$)/gi;
const LICENSED =
  /\b(?:licensed to practi[cs]e(?: medicine)? in|hold(?:s|ing)? (?:an? )?(?:(?:active|current|valid|unrestricted) )*licen[sc]es? (?:to practi[cs]e )?in) (.+?)(?=[.;]|,? (?:and )?(?:has|is|with|who|He|She|The)\b|$)/gi;
/** "holds a California license": states before the word. */
const STATE_LICENSE = /\bholds? (?:an? )?(?:(?:active|current|valid|unrestricted) )*((?:[A-Z][a-z]+)(?: (?:[A-Z][a-z]+|and|&))*?) licen[sc]es?\b/g;
/** "is licensed in California and Nevada", or "is Licensed in Psychology and is licensed to practice in California": states, or a field. */
const LICENSED_IN_FIELD = /\b(?:is )?licensed in ((?:[A-Z][a-z]+)(?: (?:[A-Z][a-z]+|and|&))*?)(?=,| and (?:is|has|holds|with)\b|[.;])/gi;

function fromProse(r: Region): ReviewerFindings {
  const specialties: ListEntry[] = [];
  const licensure: ListEntry[] = [];
  /** Each match's first group, where it starts in the document. */
  const values = function* (pattern: RegExp) {
    for (const match of r.text.matchAll(pattern)) {
      const text = match[1]!;
      yield { text, start: r.base + match.index! + match[0].indexOf(text) };
    }
  };
  const take = (pattern: RegExp, split: (text: string) => string[], into: ListEntry[]) => {
    for (const { text, start } of values(pattern)) into.push(...splitList({ text, start, end: start + text.length }, split));
  };
  take(BOARD_CERTIFIED, splitSpecialties, specialties);
  for (const { text, start } of values(LICENSED_IN_FIELD)) {
    // "licensed in California and Nevada": states; "Licensed in Psychology": a field; "Licensed in California" at a
    // line's end, the next line's words after it (the text is flat): the states it opens with
    const states = statesIn(text, start) ?? leadingStates(text, start);
    if (states) licensure.push(...states);
    else if (text.length <= MAX_FIELD) specialties.push({ text, start, end: start + text.length });
  }
  take(SUBSPECIALTY, splitSpecialties, specialties);
  take(LICENSED, splitStates, licensure);
  for (const { text, start } of values(STATE_LICENSE)) licensure.push(...(statesIn(text, start) ?? []));
  return { licensure, specialties };
}

/** A field of licensure is a few words ("Psychology", "Marriage and Family Therapy"), not a run of text. */
const MAX_FIELD = 40;

/** The states a text opens with ("California and Arizona In active practice ..."), or null. */
function leadingStates(text: string, start: number): ListEntry[] | null {
  const match = LEADING_STATES.exec(text);
  return match ? statesIn(match[0], start) : null;
}

/** The states `text` names, when it names nothing else ("California and Nevada"); null otherwise. */
function statesIn(text: string, start: number): ListEntry[] | null {
  const states = splitList({ text, start }, splitStates);
  return states.every((state) => US_STATES.has(state.text.toLowerCase()) || isStateCode(state.text)) ? states : null;
}

/** A state's postal code as printed, in capitals ("in" or "or" in a sentence is no state). */
function isStateCode(text: string): boolean {
  return text.length === 2 && Object.hasOwn(US_STATE_BY_CODE, text);
}

/** A licensure entry as the record gives it: a state's name, for its postal code too. */
function stateName(entry: ListEntry): ListEntry {
  return isStateCode(entry.text) ? { ...entry, text: US_STATE_BY_CODE[entry.text]! } : entry;
}

/** The states and their postal codes ("licensed in CA"), which the record gives as the state's name. */
const US_STATE_BY_CODE: Record<string, string> = {
  AL: "Alabama",
  AK: "Alaska",
  AZ: "Arizona",
  AR: "Arkansas",
  CA: "California",
  CO: "Colorado",
  CT: "Connecticut",
  DE: "Delaware",
  DC: "District of Columbia",
  FL: "Florida",
  GA: "Georgia",
  HI: "Hawaii",
  ID: "Idaho",
  IL: "Illinois",
  IN: "Indiana",
  IA: "Iowa",
  KS: "Kansas",
  KY: "Kentucky",
  LA: "Louisiana",
  ME: "Maine",
  MD: "Maryland",
  MA: "Massachusetts",
  MI: "Michigan",
  MN: "Minnesota",
  MS: "Mississippi",
  MO: "Missouri",
  MT: "Montana",
  NE: "Nebraska",
  NV: "Nevada",
  NH: "New Hampshire",
  NJ: "New Jersey",
  NM: "New Mexico",
  NY: "New York",
  NC: "North Carolina",
  ND: "North Dakota",
  OH: "Ohio",
  OK: "Oklahoma",
  OR: "Oregon",
  PA: "Pennsylvania",
  RI: "Rhode Island",
  SC: "South Carolina",
  SD: "South Dakota",
  TN: "Tennessee",
  TX: "Texas",
  UT: "Utah",
  VT: "Vermont",
  VA: "Virginia",
  WA: "Washington",
  WV: "West Virginia",
  WI: "Wisconsin",
  WY: "Wyoming",
};
const US_STATE_NAMES = Object.values(US_STATE_BY_CODE).map((name) => name.toLowerCase());
const US_STATES = new Set(US_STATE_NAMES);
/** Any state's name, the longer first ("West Virginia" before "Virginia"). */
const STATE_SOURCE = [...US_STATE_NAMES].sort((a, b) => b.length - a.length).join("|");
const LEADING_STATES = new RegExp(`^(?:${STATE_SOURCE})(?:,? (?:and )?(?:${STATE_SOURCE}))*\\b`, "i");

function splitList(content: { text: string; start: number; end?: number }, split: (text: string) => string[]): ListEntry[] {
  const entries: ListEntry[] = [];
  let cursor = 0;
  for (const part of split(content.text)) {
    const at = content.text.indexOf(part, cursor);
    const start = content.start + Math.max(at, 0);
    entries.push({ text: part, start, end: start + part.length });
    if (at >= 0) cursor = at + part.length;
  }
  return entries;
}

function splitStates(text: string): string[] {
  return text
    .split(/\s*(?:,|;|\band\b|&)\s*/i)
    .map(clean)
    .filter((s) => s.length > 1);
}

function splitSpecialties(text: string): string[] {
  const parts: string[] = [];
  // "Orthopedic Surgery/Sports Medicine": a slash between names of two words or more parts them too
  for (const piece of text.split(/\s*[,;]\s*|(?<=\S\s+\S+)\s*\/\s*(?=\S+\s+\S)/)) {
    const cleaned = clean(piece.replace(/^and\s+/i, ""));
    if (!cleaned) continue;
    // "A and B" where both are specialties is two entries, unless a known joined name
    let rest = cleaned;
    for (;;) {
      const joined = joinedNameLength(rest);
      if (joined > 0) {
        parts.push(rest.slice(0, joined));
        rest = rest.slice(joined).replace(/^\s*(?:and|&)\s*/i, "");
        if (!rest) break;
        continue;
      }
      const split = /^(.+?)\s+(?:and|&)\s+(.+)$/i.exec(rest);
      if (!split) {
        parts.push(rest);
        break;
      }
      if (joinedNameLength(split[2]!) > 0 || /^[A-Z]/.test(split[2]!)) {
        parts.push(split[1]!);
        rest = split[2]!;
      } else {
        parts.push(rest);
        break;
      }
    }
  }
  return parts.map(clean).filter(Boolean);
}

function clean(text: string): string {
  return text.trim().replace(/^(?:the|in)\s+/i, "").replace(/[.,;:]+$/, "").trim();
}

function unique(entries: ListEntry[]): ListEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = e.text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
