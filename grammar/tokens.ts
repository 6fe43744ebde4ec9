/**
 * The vocabulary of IMR determinations (layouts A–D of LAYOUTS.md).
 *
 * The lexer reads normalised text: one line per line, single spaces, no
 * blank lines. Headings and labels are recognised only at the start of a
 * line, header-table labels anywhere (a PDF puts several on one line), and an
 * outcome word only at the end of a line. Words of multi-word labels may be
 * split by a line break ("Application\nReceived:").
 */
import type { CustomPatternMatcherFunc, TokenType } from "chevrotain";
import { createToken, Lexer } from "./chevrotain.js";

/** Between the words of a label: a space, or the line break a PDF put there. */
const WORD_BREAK = "[ \\n]";

/**
 * A phrase as a regex source: words joined by a space or a line break,
 * punctuation literal. Headings are typed: a doubled letter may be single
 * ("SUMARY", "PROFESIONAL") and "ie" may be "ei" ("REVEIWED").
 */
function phrase(text: string): string {
  return text
    .split(" ")
    .map((word) =>
      word
        .replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
        .replace(/([A-Za-z])\1/g, "$1$1?")
        .replace(/ie/gi, "(?:ie|ei)"),
    )
    .join(WORD_BREAK);
}

function anyOf(...sources: string[]): string {
  return `(?:${sources.join("|")})`;
}

/** Matches `source` only where a line starts. */
function atLineStart(source: string): CustomPatternMatcherFunc {
  const sticky = new RegExp(source, "iy");
  return (text, offset) => {
    if (offset > 0 && text.charCodeAt(offset - 1) !== 10) return null;
    sticky.lastIndex = offset;
    return sticky.exec(text);
  };
}

const END_OF_LINE = "(?=\\n|$)";

/**
 * The characters a token's match can start with, for Chevrotain's
 * first-character optimisation: the lexer then tries, at each offset, only
 * the tokens that can start there (a custom pattern without this hint turns
 * the optimisation off for the whole lexer). Letters in both cases: every
 * pattern here ignores case.
 */
function startChars(chars: string): string[] {
  return [...new Set([...chars.toUpperCase(), ...chars.toLowerCase()])];
}

function lineStartToken(name: string, startsWith: string, source: string, categories: TokenType[] = []): TokenType {
  return createToken({ name, pattern: atLineStart(source), start_chars_hint: startChars(startsWith), line_breaks: true, categories });
}

/**
 * A letter scanning can misread, and what it may come out as: "lMR",
 * "CLlNICAL", "RATI0NALES", "Adrninistrator", "SUMMARV".
 */
const MISREAD: Record<string, string> = { i: "[il1|]", l: "[il1|]", o: "[o0]", m: "(?:m|rn)", y: "[yv]" };

/**
 * A regex source whose literal letters also match their common misreadings
 * (`MISREAD`), for letters that were printed, scanned and read back; classes,
 * escapes and group syntax are left as they are. Every pattern here ignores case.
 */
export function misreadable(source: string): string {
  let out = "";
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === "\\") {
      out += source.slice(i, i + 2);
      i++;
    } else if (c === "[") {
      const close = classEnd(source, i);
      out += source.slice(i, close + 1);
      i = close;
    } else if (c === "(" && source[i + 1] === "?") {
      const syntax = /^\(\?(?:[:=!]|<[=!])/.exec(source.slice(i))![0];
      out += syntax;
      i += syntax.length - 1;
    } else if (c === "{") {
      const close = source.indexOf("}", i);
      out += source.slice(i, close + 1);
      i = close;
    } else if ((c === "r" || c === "R") && /n/i.test(source[i + 1] ?? "")) {
      // and the other way: "turned" read as "tumed"
      out += "(?:rn|m)";
      i++;
    } else {
      out += MISREAD[c.toLowerCase()] ?? c;
    }
  }
  return out;
}

function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === "\\") i++;
    else if (source[i] === "]") return i;
  }
  return source.length - 1;
}

/** The start characters a misread letter may begin with as well. */
function misreadStarts(chars: string): string {
  let out = chars;
  if (/[IL]/i.test(chars)) out += "IiLl1|";
  if (/O/i.test(chars)) out += "0";
  if (/M/i.test(chars)) out += "r";
  return out;
}

/** A line-start token (a heading, a label, letter furniture) that also reads its words as a scan may have misread them. */
function scannedLineStartToken(name: string, startsWith: string, source: string, categories: TokenType[] = []): TokenType {
  return lineStartToken(name, misreadStarts(startsWith), misreadable(source), categories);
}

// ---- categories -------------------------------------------------------------

/** A heading that opens a section of the document. */
export const SectionHeading = createToken({ name: "SectionHeading", pattern: Lexer.NA });
/** A label that opens one labelled part of a decision (guidelines, rationale). */
export const PartLabel = createToken({ name: "PartLabel", pattern: Lexer.NA });
/** A label of the header table or the notice letter's case block. */
export const HeaderLabel = createToken({ name: "HeaderLabel", pattern: Lexer.NA });
/** A label that starts a line of the reviewer's credentials. */
export const CredentialLabel = createToken({ name: "CredentialLabel", pattern: Lexer.NA });
/** Letter furniture: salutation, closing, cc list, notice title. */
export const LetterFurniture = createToken({ name: "LetterFurniture", pattern: Lexer.NA });

// ---- section headings --------------------------------------------------------

export const HowMadeHeading = scannedLineStartToken(
  "HowMadeHeading",
  "H",
  // "HOW THE IMR FINAL DETERMINATION WAS MADE", "HOW THE FINAL DETERMINATION WAS MADE", "HOW WE MADE THE IMR FINAL DETERMINATION"
  `${anyOf(
    `HOW${WORD_BREAK}THE${WORD_BREAK}(?:IMR${WORD_BREAK})?FINAL${WORD_BREAK}${phrase("DETERMINATION WAS MADE")}`,
    `HOW${WORD_BREAK}WE${WORD_BREAK}MADE${WORD_BREAK}THE${WORD_BREAK}(?:IMR${WORD_BREAK})?FINAL${WORD_BREAK}${phrase("DETERMINATION")}`,
  )}:?${END_OF_LINE}`,
  [SectionHeading],
);
export const DocumentsReviewedHeading = scannedLineStartToken(
  "DocumentsReviewedHeading",
  "D",
  `${phrase("DOCUMENTS REVIEWED")}(?:${WORD_BREAK}FOR${WORD_BREAK}(?:(?:THE|THIS)${WORD_BREAK})?${phrase("DETERMINATION")})?:?${END_OF_LINE}`,
  [SectionHeading],
);
export const CaseSummaryHeading = scannedLineStartToken(
  "CaseSummaryHeading",
  "CES",
  // "CLINICAL CASE SUMMARY", "Expert Reviewer's Clinical Case Summary", "CLINICAL SUMMARY", "SUMMARY OF RECORDS"
  // (the less usual wordings only as a line of their own: "Clinical Summary: The patient ..." opens a UR letter's paragraph)
  anyOf(
    `${anyOf(phrase("CLINICAL CASE SUMMARY"), phrase("EXPERT REVIEWER CASE SUMMARY"), phrase("CASE SUMMARY"))}(?::|${END_OF_LINE})`,
    `${anyOf(
      phrase("CLINICAL SUMMARY"),
      `EXPERT${WORD_BREAK}REVIEWER'?S${WORD_BREAK}(?:CLINICAL${WORD_BREAK})?CASE${WORD_BREAK}SUMMARY`,
      `SUMMARY${WORD_BREAK}OF${WORD_BREAK}(?:THE${WORD_BREAK})?(?:(?:MEDICAL${WORD_BREAK})?RECORDS|(?:CLINICAL${WORD_BREAK})?CASE)`,
      // "CLINICAL SUMMARY OF THE CASE", "CASE SUMMARY PREPARED BY THE EXPERT REVIEWER"
      `(?:CLINICAL${WORD_BREAK})?(?:CASE${WORD_BREAK})?SUMMARY(?:${WORD_BREAK}OF${WORD_BREAK}THE${WORD_BREAK}CASE|${WORD_BREAK}PREPARED${WORD_BREAK}BY${WORD_BREAK}THE${WORD_BREAK}EXPERT${WORD_BREAK}REVIEWER)`,
    )}:?${END_OF_LINE}`,
  ),
  [SectionHeading],
);
export const IssuesHeading = scannedLineStartToken(
  "IssuesHeading",
  "ID",
  // "IMR ISSUES, DECISIONS AND RATIONALES", "IMR DECISION(S) AND RATIONALE(S)", "IMR ISSUE(S), DECISION(S) AND RATIONALE(S)",
  // "Decisions and Rationales", "IMR ISSUES AND DECISIONS", "DISPUTED ITEMS/SERVICES", "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE"
  `${anyOf(
    `(?:(?:IMR|${phrase("INDEPENDENT MEDICAL REVIEW")})${WORD_BREAK})?(?:ISSUES?(?:\\(S\\))?,?${WORD_BREAK}(?:AND${WORD_BREAK})?)?DECISIONS?(?:\\(S\\))?,?${WORD_BREAK}AND${WORD_BREAK}RATIONALES?(?:\\(S\\))?`,
    `IMR${WORD_BREAK}ISSUES?(?:\\(S\\))?${WORD_BREAK}AND${WORD_BREAK}DECISIONS?(?:\\(S\\))?`,
    `DISPUTED${WORD_BREAK}(?:ITEMS?|SERVICES?|TREATMENTS?)(?:(?:\\/|${WORD_BREAK}AND${WORD_BREAK})(?:SERVICES?|TREATMENTS?))?(?::?${WORD_BREAK}DECISIONS?${WORD_BREAK}AND${WORD_BREAK}RATIONALES?)?`,
  )}:?${END_OF_LINE}`,
  [SectionHeading],
);
export const DisputeHeading = scannedLineStartToken("DisputeHeading", "I", `${phrase("ISSUE")}(?:S|\\(S\\))?${WORD_BREAK}(?:AT|IN)${WORD_BREAK}${phrase("DISPUTE")}:?`, [SectionHeading]);
export const ProfessionalGuidelinesHeading = scannedLineStartToken(
  "ProfessionalGuidelinesHeading",
  "MGC",
  anyOf(
    `MEDICAL${WORD_BREAK}TREATMENT${WORD_BREAK}GUIDELINE(?:\\(S\\)|S)?${WORD_BREAK}RELIED${WORD_BREAK}UPON${WORD_BREAK}BY${WORD_BREAK}(?:THE${WORD_BREAK})?${phrase("PROFESSIONAL REVIEWER")}(?:${WORD_BREAK}AND${WORD_BREAK}WHY)?:?`,
    // "GUIDELINES APPLIED BY THE REVIEWER AND REASON FOR THEIR SELECTION:", a heading on a line of its own
    `(?:(?:MEDICAL|CLINICAL)${WORD_BREAK}(?:TREATMENT${WORD_BREAK})?)?GUIDELINE(?:\\(S\\)|S)?${WORD_BREAK}(?:RELIED${WORD_BREAK}UPON|APPLIED|USED)${WORD_BREAK}BY${WORD_BREAK}THE${WORD_BREAK}(?:PROFESSIONAL${WORD_BREAK}|MEDICAL${WORD_BREAK})?REVIEWER,?(?:${WORD_BREAK}[A-Z]+){0,6}:?${END_OF_LINE}`,
  ),
  [SectionHeading],
);
export const ProfessionalRationaleHeading = scannedLineStartToken(
  "ProfessionalRationaleHeading",
  "R",
  anyOf(
    `RATIONALE${WORD_BREAK}FOR${WORD_BREAK}WHY${WORD_BREAK}THE${WORD_BREAK}REQUESTED${WORD_BREAK}[^:]{0,80}?${phrase("NECESSARY")}:?`,
    // "RATIONALE FOR THE DETERMINATION ON EACH ISSUE:" (not a 2013 letter's "Rationale for the Determination:" label)
    `RATIONALE${WORD_BREAK}FOR${WORD_BREAK}THE${WORD_BREAK}DETERMINATIONS?${WORD_BREAK}ON${WORD_BREAK}EACH${WORD_BREAK}(?:ISSUE|ITEM|REQUEST)S?:?${END_OF_LINE}`,
  ),
  [SectionHeading],
);
export const QualificationsHeading = scannedLineStartToken(
  "QualificationsHeading",
  "MQ",
  `(?:${phrase("MEDICAL REVIEWER QUALIFICATIONS")}|${phrase("QUALIFICATIONS OF THE MEDICAL REVIEWER")}):?`,
  [SectionHeading],
);
export const ClosingHeading = scannedLineStartToken(
  "ClosingHeading",
  "SRVY/[E",
  // a typist's initials alone on a line ("/jw") close a 2013 letter's last rationale as its sign-off does, and so does a signature
  `(?:(?:Sincerely(?: yours)?|Respectfully(?: submitted| yours)?|Very truly yours|Yours (?:truly|sincerely)),?|\\/[A-Za-z]{2,4}|\\[(?:signature|signed)[^\\]\\n]*\\]|\\/s\\/[^\\n]*|Electronically signed\\b[^\\n]*)${END_OF_LINE}`,
  [SectionHeading],
);

// ---- labels that open a part of a decision --------------------------------------
// Templated, but typed in places: a dropped letter ("Adminstrator", "Decison") or a space before the colon still opens the part.

/** "Relevant Guideline(s) Relied Upon by the " / "Medical Treatment Guideline(s) Relied Upon by the ": 2013 letters use both for either party. */
const RELIED_UPON_BY = `(?:Relevant|Medical${WORD_BREAK}Treatment)${WORD_BREAK}Guideline(?:\\(s\\)|s)?${WORD_BREAK}(?:Relied${WORD_BREAK}Upon|Used|Cited)${WORD_BREAK}by${WORD_BREAK}the${WORD_BREAK}`;
/** The IMR's reviewer as the letters name them: "Expert Reviewer", "Physician Reviewer". */
const THE_REVIEWER = `(?:Expert|Physician)${WORD_BREAK}Reviewer`;

// Labels in other words name who relied on what: a party and a word of reliance, in either order, a few words in all
// ("Basis of UR decision:", "What Utilization Review relied on:", "Standards applied by the reviewer:").
/** A word of a label, scanned ones too ("Decisi0n"). */
const LABEL_WORD = "[\\w()'|]+";
// (on one line: a label in other words is short, and a heading above a line that opens with a label is none of it)
const FEW_WORDS = `(?:${LABEL_WORD} ){0,3}?`;
const MORE_WORDS = `(?: ${LABEL_WORD}){0,3}`;
const RELIANCE = `(?:basis|relied${WORD_BREAK}(?:up)?on|guidelines?|guideline\\(s\\)|standards?|criteria|cited|referenced|used|applied)`;
const WHAT_RELIED = `(?:basis|guidelines?|guideline\\(s\\)|standards?|criteria|medical${WORD_BREAK}evidence)`;
const UR_PARTY = `(?:claims${WORD_BREAK}admini?strator(?:'s)?|UR(?:'s)?|utili[sz]ation${WORD_BREAK}review(?:'s)?)`;
const IMR_REVIEWER = `(?:(?:(?:expert|IMR|independent|physician)${WORD_BREAK})?(?:reviewer(?:'s)?|review)|IMR)`;
/**
 * A label naming a party and what it relied on: "<party> ... <reliance> ... :", "<what> ... by/of/in/on the <party> ... :"
 * or "<what> the <party> <reliance>:" ("Guideline(s) the reviewer relied on:").
 */
function relianceLabel(party: string): string {
  return anyOf(
    `(?:What${WORD_BREAK})?(?:the${WORD_BREAK})?${party}${WORD_BREAK}${FEW_WORDS}${RELIANCE}${MORE_WORDS} ?:`,
    `${WHAT_RELIED}${WORD_BREAK}${FEW_WORDS}(?:by|of|in|on|at|from)${WORD_BREAK}(?:the${WORD_BREAK})?${party}${MORE_WORDS} ?:`,
    `${WHAT_RELIED}${WORD_BREAK}(?:that${WORD_BREAK})?(?:the${WORD_BREAK})?${party}${WORD_BREAK}${RELIANCE} ?:`,
  );
}

export const ClaimsAdministratorGuidelineLabel = scannedLineStartToken(
  "ClaimsAdministratorGuidelineLabel",
  "CRMGUWBSTE",
  // "Adminstrator" typed; "Adrninistrator" scanned is read by `misreadable`
  anyOf(`${RELIED_UPON_BY}Claims${WORD_BREAK}Admini?strator ?:`, relianceLabel(UR_PARTY)),
  [PartLabel],
);
export const ReviewerGuidelineLabel = scannedLineStartToken(
  "ReviewerGuidelineLabel",
  "MRGTEIPWBSC",
  anyOf(
    // "MAXIMUS guideline:", "MAXIMUS Federal Services guideline:"
    `MAXIMUS(?:${WORD_BREAK}Federal${WORD_BREAK}Services(?:,? Inc\\.?)?)?${WORD_BREAK}guidelines? ?:`,
    `${RELIED_UPON_BY}${THE_REVIEWER} ?:`,
    relianceLabel(IMR_REVIEWER),
  ),
  [PartLabel],
);
export const DecisionRationaleLabel = scannedLineStartToken(
  "DecisionRationaleLabel",
  "DRTEPWACMIB",
  anyOf(
    `Decisi?on${WORD_BREAK}rationale ?:`,
    // "Rationale for the Decision:", "Reasoning of the reviewer:", "Why this decision was made:", "Clinical rationale:"
    `Rationale(?:${WORD_BREAK}for${WORD_BREAK}the${WORD_BREAK}Decisi?on)? ?:`,
    `(?:(?:Clinical|Medical|Decision|IMR|The reviewer's|Reviewer's) )?(?:Rationale|Reasoning|Reasons?|Why|Explanation|Analysis|Discussion)${MORE_WORDS}${MORE_WORDS} ?:`,
    `(?:(?:Medical|Clinical) )?basis ?:`,
    // "Reviewer comments:", "Expert reviewer's comments:"
    `(?:(?:expert|IMR|physician)${WORD_BREAK})?reviewer(?:'s)?${WORD_BREAK}comments? ?:`,
    `Basis (?:for|of) (?:the|this|our) (?:determination|decision|finding)s? ?:`,
    // "The Expert Reviewer's decision rationale:"
    `(?:The${WORD_BREAK})?${THE_REVIEWER}'s${WORD_BREAK}(?:decisi?on${WORD_BREAK})?rationale ?:`,
  ),
  [PartLabel],
);
/**
 * The label of an item's outcome: layout D's "Determination: UPHELD" under the disputed issue, and the outcome's line
 * under an item's name in other templates ("IMR Decision:", "Determination –", "Summary of Decision: Overturned",
 * "Result:", "Outcome for this item:").
 */
const DETERMINATION_LABEL_SOURCE =
  "(?:(?:IMR |Our )?(?:Determination|Decision|Result)|Final Decision|Summary of (?:the )?Decision|Finding|Result of (?:the )?review|Outcome(?: for this (?:item|request))?|Answer)(?::| [–—-])";
export const DeterminationLabel = scannedLineStartToken("DeterminationLabel", "IDSFORAU", DETERMINATION_LABEL_SOURCE);

// ---- reviewer credentials -------------------------------------------------------

export const CredentialsIntro = scannedLineStartToken("CredentialsIntro", "T", `${phrase("The Expert Reviewer has the following credentials")}:?`);
export const LicensureLabel = scannedLineStartToken(
  "LicensureLabel",
  "SL",
  anyOf(
    `State\\(s\\)${WORD_BREAK}of${WORD_BREAK}Licensure:`,
    "States? of Licensure:",
    "Licensure:",
    "Licensed in:",
    // "License(s):", "Licensing State(s):", "State(s) of License:"
    "Licen[sc]es?(?:\\(s\\))?:",
    "Licensing States?(?:\\(s\\))?:",
    "State licen[sc]es?(?:\\(s\\))?:",
    "States?(?:\\(s\\))? of Licen[sc]e:",
  ),
  [CredentialLabel],
);
export const SpecialtyLabel = scannedLineStartToken(
  "SpecialtyLabel",
  "CBS",
  anyOf(
    `Certification\\(s\\) ?\\/ ?Specialt(?:y|ies):`,
    "(?:Board )?Certifications? ?\\/ ?Specialt(?:y|ies):",
    "Board Certifications?(?:\\(s\\))?:",
    "Specialt(?:y|ies):",
  ),
  [CredentialLabel],
);
export const SubspecialtyLabel = scannedLineStartToken("SubspecialtyLabel", "S", "Sub-?specialt(?:y|ies)(?: certifications?)?:", [CredentialLabel]);

// ---- header table / case block -----------------------------------------------------

function headerToken(name: string, startsWith: string, source: string): TokenType {
  // anywhere on a line, but only where a word starts
  const sticky = new RegExp(misreadable(source), "iy");
  const matcher: CustomPatternMatcherFunc = (text, offset) => {
    const before = offset > 0 ? text.charCodeAt(offset - 1) : 10;
    if (before !== 10 && before !== 32) return null;
    sticky.lastIndex = offset;
    return sticky.exec(text);
  };
  return createToken({ name, pattern: matcher, start_chars_hint: startChars(startsWith), line_breaks: true, categories: [HeaderLabel] });
}

export const HEADER_LABEL_SOURCES = {
  CaseNumberLabel: `(?:(?:IMR|MAXIMUS)[ \\n])?Case[ \\n](?:Number|No\\.?):`,
  DateAssignedLabel: `(?:Date[ \\n]Assigned(?:[ \\n]to[ \\n](?:the[ \\n])?(?:(?:expert|IMR)[ \\n])?Reviewer)?|Assigned(?:[ \\n](?:On|Date))?|Date[ \\n]of[ \\n]Assignment|Assignment[ \\n]Date):`,
  InjuryDateLabel: `(?:Date[ \\n]of[ \\n]Injury|Injury[ \\n]Date):`,
  DecisionDateLabel: `(?:(?:Final[ \\n])?(?:Decision|Determination)[ \\n]Date|Date[ \\n]of[ \\n](?:(?:this|the)[ \\n])?(?:final[ \\n])?(?:Decision|Determination)|Decided[ \\n]On|Notice[ \\n]Date):`,
  UrDecisionDateLabel: `(?:UR[ \\n]Denial[ \\n]Date|Date[ \\n]of[ \\n](?:UR|Utili[sz]ation[ \\n]Review)[ \\n]Decision|UR[ \\n](?:Decision|Determination)[ \\n]Date)(?:s|\\(s\\))?(?:[ \\n]in[ \\n]dispute)?:`,
  PriorityLabel: `Priority:`,
  ApplicationReceivedLabel: `(?:(?:Date[ \\n])?(?:IMR[ \\n])?Application(?:[ \\n]for[ \\n]IMR)?[ \\n](?:(?:Received|Submitted)(?:[ \\n]Date)?|Date)|Date[ \\n]of[ \\n](?:IMR[ \\n])?Application(?:[ \\n](?:Received|Submitted))?):`,
  DatedLabel: `Dated:`,
  EmployeeLabel: `Employee:`,
  ClaimNumberLabel: `Claim[ \\n](?:Number|No\\.?):`,
} as const;

export type HeaderLabelName = keyof typeof HEADER_LABEL_SOURCES;

/** The letters each header label can start with. */
const HEADER_LABEL_STARTS: Record<HeaderLabelName, string> = {
  CaseNumberLabel: "IMC",
  DateAssignedLabel: "DA",
  InjuryDateLabel: "DI",
  DecisionDateLabel: "DFN",
  UrDecisionDateLabel: "UD",
  PriorityLabel: "P",
  ApplicationReceivedLabel: "IAD",
  DatedLabel: "D",
  EmployeeLabel: "E",
  ClaimNumberLabel: "C",
};

export const headerLabelTokens = Object.fromEntries(
  Object.entries(HEADER_LABEL_SOURCES).map(([name, source]) => [name, headerToken(name, misreadStarts(HEADER_LABEL_STARTS[name as HeaderLabelName]), source)]),
) as Record<HeaderLabelName, TokenType>;

// ---- letter furniture ------------------------------------------------------------------

export const NoticeTitle = scannedLineStartToken("NoticeTitle", "N", `${phrase("Notice of Independent Medical Review Determination")}${END_OF_LINE}`, [LetterFurniture]);
export const FinalDeterminationLabel = scannedLineStartToken("FinalDeterminationLabel", "F", "Final Determination:", [LetterFurniture]);
export const Salutation = scannedLineStartToken("Salutation", "D", "Dear\\b", [LetterFurniture]);
export const CcLabel = scannedLineStartToken("CcLabel", "C", "cc:", [LetterFurniture]);

// ---- line content -------------------------------------------------------------------------

/** "1.", "2)", "3.1", "(c)", "B.", "Item 3:", "Disputed Item 4:": the marker opening a numbered or lettered line (or "Issue 2 of 3" alone on it). */
export const NUMBERED_MARKER_SOURCE = "(?:(?:Disputed )?(?:Item|Issue|Request|Service|Question) ?#? ?\\d{1,2}[.:)]?|\\(?\\d{1,2}[.)]|\\d{1,2}\\.\\d{1,2}\\.?|\\([a-h]\\)|[A-H]\\.)";
export const NumberedMarker = lineStartToken(
  "NumberedMarker",
  "DIRSQ(0123456789ABCEFGH",
  `(?:(?:Disputed )?(?:Item|Issue|Request|Service|Question) \\d{1,2} of \\d{1,2}(?=\\n|$)|${NUMBERED_MARKER_SOURCE}(?= ))`,
);
/**
 * "- ", "• " or "o " (a second-level bullet as Word exports it) opening a list line, or a bullet of another font: Symbol's
 * and Wingdings' (private use, as Word exports them), squares, circles, arrows.
 */
const BULLETS = "-•*o\uF0B7\uF0A7\uF0D8\uF0FC\u25AA\u25A0\u25CF\u25E6\u2023\u2043\u27A2\u25BA";
export const BulletMarker = lineStartToken("BulletMarker", BULLETS, `[${BULLETS}](?= )`);

/**
 * Whether the line after the one ending at `lineEnd` goes on with its
 * sentence, starting in a lower-case word: an outcome word before that
 * break is prose ("... the prior IMR listed it as Facet blocks: Upheld /
 * because no block had been done"), not an outcome.
 */
function sentenceRunsOn(text: string, lineEnd: number): boolean {
  // a word, not a lone letter: "o " opens a list line
  return isLowerCase(text.charCodeAt(lineEnd + 1)) && isLowerCase(text.charCodeAt(lineEnd + 2));
}

function isLowerCase(code: number): boolean {
  return code >= 97 && code <= 122;
}

/**
 * Whether an outcome word's match (from its separator, if any) is prose: its
 * sentence runs on to the next line, or the word, not capitalised, ends a
 * sentence ("... the Utilization Review decision is / overturned.").
 */
function isProse(text: string, match: RegExpExecArray): boolean {
  const end = match.index + match[0].length;
  if (sentenceRunsOn(text, end)) return true;
  // (the word opens the match after its separator; a finding before it, "not medically necessary (UR decision upheld)", is no prose)
  const word = /[A-Za-z0-9]/.exec(match[0]);
  const lowerCase = word !== null && (word[0] === "u" || word[0] === "o");
  return lowerCase && /[.)y]$/i.test(match[0]);
}

/** An outcome word closing a line: "...: Upheld", "... - Overturned", "Determination: UPHELD", or the word alone. */
const OUTCOME_WORDS = `(?:${misreadable("UPHELD")}|${misreadable("OVERTURNED")})`;
/**
 * What may follow the word: a period, what it means ("Overturned – medically necessary", "Upheld (not medically
 * necessary)"), or what follows from it ("overturned; certified", "Overturned, service approved").
 */
const OUTCOME_GLOSS = `(?:\\.|[ ]?[-–—,(][ ]?(?:not[ \\n])?medically[ \\n]necessary\\)?\\.?|[;,][ ](?:(?:the[ ])?(?:service|request|treatment)[ ](?:is[ ])?)?(?:certified|approved|authorized)\\.?)?`;
const OUTCOME_WORD = `${OUTCOME_WORDS}${OUTCOME_GLOSS}(?=\\n|$)`;
/** The finding, then the outcome in parentheses: "— not medically necessary (UR decision upheld)". */
const NECESSITY_THEN_OUTCOME = `(?:not[ \\n])?medically[ \\n]necessary[ \\n]?\\((?:the[ \\n])?(?:(?:UR|utili[sz]ation[ \\n]review|claims[ \\n]administrator'?s?)[ \\n])?(?:decision|determination|denial)[ \\n]${OUTCOME_WORDS}\\)\\.?(?=\\n|$)`;
/** The finding noted before whose decision the word is about: "Not medically necessary; ", "Medically necessary, ". */
const NECESSITY_NOTE = `(?:(?:not[ \\n])?medically[ \\n]necessary[;,][ \\n])?`;
/** Whose decision the word is about, before it: "X: UR denial upheld", "X: Not medically necessary; denial upheld". */
const DENIAL_BEFORE = `(?:${NECESSITY_NOTE}(?:the[ \\n])?(?:(?:UR|utili[sz]ation[ \\n]review|claims[ \\n]administrator'?s?)[ \\n])?(?:denial|decision|determination|non-?certification)[ \\n](?:(?:is|was|has[ \\n]been)[ \\n])?)?`;
/**
 * A sentence deciding the item its line opens with: "The denial of X is upheld.", "The UR non-certification of X was
 * overturned." (the lookbehind reaches back to the line's start; the lookahead before it keeps a search from trying it
 * at every place).
 */
const DENIAL_OF_ITEM = `(?=(?:is|was|has been) )(?<=(?:^|\\n)(?:the )?(?:(?:UR|utili[sz]ation review) )?(?:denial|non-?certification) (?:of|for) [^\\n]{3,200} )(?:is|was|has been) (?:hereby )?`;
/** Other words for the outcomes, in a sentence after a determination's label: "affirmed", "sustained"; "reversed", "set aside". */
const OUTCOME_SYNONYMS = "(?:affirmed|sustained|reversed|set aside)";
/** Whether an outcome's text upholds the denial ("Upheld", "UPHOLD", "affirmed", "sustained", "the denial stands"); otherwise it overturns it. */
const UPHOLDING = /uph|affirm|sustain|stands/i;
export function upholds(outcome: string): boolean {
  return UPHOLDING.test(outcome);
}
/** The denial's fate in other words, after an item and a separator: "X: the denial is reversed.", "X: the denial stands." */
const DENIAL_FATE_WORDS = `(?:the[ ])?(?:(?:UR|utili[sz]ation[ ]review)[ ])?(?:denial|non-?certification)[ ](?:stands|(?:is|was)[ ]${OUTCOME_SYNONYMS})\\.?`;
/** Between an item and its outcome: a colon or a dash, a table's column rule ("X | Upheld") or dot leaders ("X ...... Upheld"); or the outcome in parentheses ("X (Upheld)"); or the denial's fate after a colon. */
const OUTCOME_AFTER_SEPARATOR = `(?:(?:(?: ?[:\\-–—|] ?| ?\\.{3,} ?)${DENIAL_BEFORE}|${DENIAL_OF_ITEM})(?:${OUTCOME_WORD}|${NECESSITY_THEN_OUTCOME})| ?\\(${OUTCOME_WORDS}\\)\\.?(?=\\n|$)|: ${DENIAL_FATE_WORDS}(?=\\n|$))`;
const OUTCOME_WITH_SEPARATOR = new RegExp(OUTCOME_AFTER_SEPARATOR, "iy");
/**
 * The word alone on its line, maybe in a note of whose decision it is ("Medically necessary; denial overturned", "UR
 * denial upheld"), but not in a sentence ("The UR decision is upheld." closes a rationale).
 */
const OUTCOME_BARE = new RegExp(
  `(?:${NECESSITY_NOTE}(?:(?:UR|utili[sz]ation[ \\n]review)[ \\n])?denial[ \\n])?${OUTCOME_WORD}`,
  "iy",
);
/**
 * The outcome as a sentence after a determination's label: "The UR determination is upheld.", "The request is
 * overturned.", "No. The denial is upheld." (an answer's), "The non-certification is REVERSED, and the service is
 * authorized.", "UR denial set aside; service approved".
 */
const OUTCOME_SENTENCE = new RegExp(
  `(?:(?:yes|no)[.,;] )?(?:the )?(?:(?:UR|utili[sz]ation review|IMR|claims administrator'?s?) )?(?:determination|decision|denial|non-?certification|request)(?: (?:for|of) [^.\\n]{1,80}?)? (?:(?:is|was|has been) (?:hereby |therefore |thus )?)?(?:${OUTCOME_WORDS}|${OUTCOME_SYNONYMS})(?:[;,]?(?: and)? (?:the )?(?:service|request|treatment|item) (?:is |was |shall be )?(?:authorized|approved|certified))?\\.?(?=\\n|$)`,
  "iy",
);
/** A determination's label, alone before the outcome on its line. */
const DETERMINATION_LABEL_BEFORE = new RegExp(`^${DETERMINATION_LABEL_SOURCE} $`, "i");
/** The word after a determination's label, and a sentence after it: "Outcome for this item: Overturned. The UR denial is reversed." */
const OUTCOME_THEN_SENTENCE = new RegExp(`${OUTCOME_WORDS}\\.(?= |\\n|$)`, "iy");

/** A custom token pattern's match: the text from `offset` to `end`. */
function matchOf(text: string, offset: number, end: number): RegExpExecArray {
  const match = [text.slice(offset, end)] as unknown as RegExpExecArray;
  match.index = offset;
  return match;
}

/** The word and the sentence after it, to the end of its line and over the lines it runs on to (in lower case). */
function outcomeThenSentence(text: string, offset: number): RegExpExecArray | null {
  OUTCOME_THEN_SENTENCE.lastIndex = offset;
  if (OUTCOME_THEN_SENTENCE.exec(text) === null) return null;
  let end = text.indexOf("\n", offset);
  if (end < 0) end = text.length;
  while (end < text.length && !/[.!?]$/.test(text.slice(end - 1, end)) && sentenceRunsOn(text, end)) {
    const next = text.indexOf("\n", end + 1);
    end = next < 0 ? text.length : next;
  }
  return matchOf(text, offset, end);
}
/** The outcome as the verb after a determination's label: "Determination – UPHOLD". */
const OUTCOME_VERB = new RegExp(`(?:${misreadable("UPHOLD")}|${misreadable("OVERTURN")})\\.?(?=\\n|$)`, "iy");
/** How a label ends before its value: a colon, or a determination's dash. */
const LABEL_ENDS = new Set([58, 0x2013, 0x2014, 45]);
export const Outcome = createToken({
  name: "Outcome",
  pattern: (text, offset) => {
    OUTCOME_WITH_SEPARATOR.lastIndex = offset;
    let match = OUTCOME_WITH_SEPARATOR.exec(text);
    if (!match) {
      // the bare word only alone on its line or right after a label's colon (or a determination's dash)
      const before = offset > 0 ? text.charCodeAt(offset - 1) : 10;
      const afterColon = before === 32 && LABEL_ENDS.has(text.charCodeAt(offset - 2));
      if (before !== 10 && !afterColon) return null;
      OUTCOME_BARE.lastIndex = offset;
      match = OUTCOME_BARE.exec(text);
      // "Decision: The UR determination is upheld.", "Determination – UPHOLD"
      if (!match && afterColon && DETERMINATION_LABEL_BEFORE.test(text.slice(text.lastIndexOf("\n", offset) + 1, offset))) {
        OUTCOME_VERB.lastIndex = offset;
        OUTCOME_SENTENCE.lastIndex = offset;
        match = OUTCOME_VERB.exec(text) ?? OUTCOME_SENTENCE.exec(text) ?? outcomeThenSentence(text, offset);
      }
    }
    return match && !isProse(text, match) ? match : null;
  },
  // the outcome sentence after a label starts "The", "UR", "Utilization", "IMR", "Claims", "Determination", "Decision", "Denial", "Non-certification", "Request"
  // ("is upheld" after "The denial of X")
  start_chars_hint: [" ", ":", "-", "–", "—", "|", ".", "(", ...startChars(misreadStarts("UO")), ...startChars("TICDNRWHMY")],
  line_breaks: false,
});

/** A line that is nothing but a header value: a date, a case number, a priority, a redaction. */
export const LoneValue = lineStartToken(
  "LoneValue",
  "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ[",
  `(?:\\d{1,2}[/-]\\d{1,2}[/-]\\d{2,4}|[A-Z]{2}\\d{2}-\\d{4,8}|Standard|Expedited|Urgent|Regular|\\[redacted\\])${END_OF_LINE}`,
);

/**
 * Where running text must stop: a line end, a header label after a space, an
 * outcome at the line's end. (Labels as printed: one misread mid-line is not
 * looked for, as that would cost every line with a colon a slower search.) The space before a label is matched rather than
 * looked behind for, which halves the cost of this search; a label right at
 * the text's start never comes up, as the header label tokens, tried first,
 * take it.
 */
const TEXT_STOP = new RegExp(`\\n|[ \\n](?=${Object.values(HEADER_LABEL_SOURCES).join("|")})|${OUTCOME_AFTER_SEPARATOR}`, "gi");

/**
 * How far a header label reaches: no label source has a repetition, so none
 * matches more characters than its source has. A label that starts on a line
 * has its colon less than this far past the line's end.
 */
const LABEL_REACH = Math.max(
  ...Object.values(HEADER_LABEL_SOURCES).map((source) => {
    if (/[*+{]/.test(source)) throw new Error(`header label ${source} repeats: LABEL_REACH no longer bounds it`);
    return source.length;
  }),
);

/** The first colon at or after an offset, remembered: the lexer asks with rising offsets of one text. */
const colonSearch = { text: "", from: 0, at: -1 };

/** Lets go of the text the colon search remembers (a document can be large): `tokenize` calls it when done. */
export function forgetColonSearch(): void {
  colonSearch.text = "";
}

function nextColon(text: string, offset: number): number {
  const cached = colonSearch;
  if (cached.text !== text || offset < cached.from || (cached.at >= 0 && offset > cached.at)) {
    cached.text = text;
    cached.from = offset;
    cached.at = text.indexOf(":", offset);
  }
  return cached.at < 0 ? Infinity : cached.at;
}

/** A line's end that may close an outcome: the word (both end in "d"), before a period or parenthesis if any. */
const OUTCOME_AT_END = new RegExp(`${OUTCOME_WORDS}$`, "i");
/** The word and what follows from it, closing a line: "overturned; certified", "Overturned, service approved". */
const OUTCOME_THEN_ACTION_AT_END = new RegExp(`${OUTCOME_WORDS}[;,] (?:(?:the )?(?:service|request|treatment) (?:is )?)?(?:certified|approved|authorized)$`, "i");
/** The denial's fate closing a line: "...: the denial is reversed". */
const DENIAL_FATE_AT_END = new RegExp(`: ${DENIAL_FATE_WORDS}$`, "i");
/** The word before its gloss: "Overturned – ", "Upheld (not ". */
const OUTCOME_BEFORE_GLOSS = new RegExp(`${OUTCOME_WORDS}[ ]?[-–—,(][ ]?(?:not )?$`, "i");

/**
 * Whether the line ending at `lineEnd` ends with an outcome word, with its period or parenthesis, or with its gloss
 * ("– medically necessary", or wrapped after "medically"). Most lines end otherwise, and are told so from their last
 * characters alone.
 */
function endsWithOutcomeWord(text: string, lineEnd: number): boolean {
  let end = lineEnd;
  let last = text.charCodeAt(end - 1) | 0x20;
  if (last === 0x2e) last = text.charCodeAt(--end - 1) | 0x20;
  if (last === 0x29) last = text.charCodeAt(--end - 1) | 0x20;
  // "... Upheld", "... overturned; certified", "...: the denial is reversed", "...: the denial stands"
  if (last === 100 || last === 115 || last === 101) {
    const tail = text.slice(Math.max(0, end - 48), end);
    if (last === 100 && (OUTCOME_AT_END.test(tail.slice(-12)) || OUTCOME_THEN_ACTION_AT_END.test(tail))) return true;
    return (tail.includes("enial") || tail.includes("ertification")) && DENIAL_FATE_AT_END.test(tail);
  }
  if (last !== 121) return false;
  // "... – medically necessary", "... – medically" (wrapped)
  const tail = text.slice(Math.max(0, end - 20), end).toLowerCase();
  const gloss = tail.lastIndexOf("medically");
  if (gloss < 0) return false;
  const at = end - tail.length + gloss;
  return OUTCOME_BEFORE_GLOSS.test(text.slice(Math.max(0, at - 18), at));
}

/**
 * Where the running text starting at `offset` ends. Most lines hold no colon
 * near them and end in no outcome word, so neither a label nor an outcome can
 * stop them before their end, found without the stop search.
 */
function textEnd(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  const lineEnd = newline < 0 ? text.length : newline;
  if (nextColon(text, offset) >= lineEnd + LABEL_REACH && !endsWithOutcomeWord(text, lineEnd)) return lineEnd;
  TEXT_STOP.lastIndex = offset;
  let stop = TEXT_STOP.exec(text);
  // an outcome word in prose (see `isProse`) is text; a label or a line end stops in one character
  while (stop !== null && stop[0].length > 1 && isProse(text, stop)) {
    TEXT_STOP.lastIndex = stop.index + 1;
    stop = TEXT_STOP.exec(text);
  }
  // a space matched only as the one before a label: the text runs up to the label
  return stop === null ? text.length : stop[0] === " " ? stop.index + 1 : stop.index;
}

export const Text = createToken({
  name: "Text",
  pattern: (text, offset) => {
    const end = textEnd(text, offset);
    return end <= offset ? null : matchOf(text, offset, end);
  },
  // running text can start with any character
  start_chars_hint: Array.from({ length: 0x10000 }, (_, code) => code),
  line_breaks: false,
});

export const Newline = createToken({ name: "Newline", pattern: /\n/, line_breaks: true });
export const Space = createToken({ name: "Space", pattern: / +/, group: Lexer.SKIPPED });

/** Lexer order: line-start headings and labels first, then header labels, outcome, markers, values, text. */
export const allTokens: TokenType[] = [
  SectionHeading,
  PartLabel,
  HeaderLabel,
  CredentialLabel,
  LetterFurniture,
  Newline,
  Space,
  HowMadeHeading,
  DocumentsReviewedHeading,
  IssuesHeading,
  CaseSummaryHeading,
  DisputeHeading,
  ProfessionalGuidelinesHeading,
  ProfessionalRationaleHeading,
  QualificationsHeading,
  ClosingHeading,
  ClaimsAdministratorGuidelineLabel,
  ReviewerGuidelineLabel,
  DecisionRationaleLabel,
  DeterminationLabel,
  CredentialsIntro,
  LicensureLabel,
  SubspecialtyLabel,
  SpecialtyLabel,
  NoticeTitle,
  FinalDeterminationLabel,
  Salutation,
  CcLabel,
  ...Object.values(headerLabelTokens),
  // "- Overturned" alone on a line is an outcome, not a list bullet
  Outcome,
  NumberedMarker,
  BulletMarker,
  LoneValue,
  Text,
];
