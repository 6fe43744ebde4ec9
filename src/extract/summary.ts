/**
 * Facts from the narrative: patient age and sex, diagnoses, Utilization Review
 * decision dates, the IMR application date and the injury date.
 */
import { DATE_SOURCE, findDates, type DateContext, type FoundDate } from "./dates.js";
import type { Region } from "./region.js";
import type { ListEntry } from "./reviewer.js";

export interface Found<T> {
  value: T;
  start: number;
  end: number;
}

const TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const TEENS = ["sixteen", "seventeen", "eighteen", "nineteen"];
/** An adult's age in words: "sixty-one", "forty", "nineteen". */
const AGE_WORDS = `(?:${TENS.join("|")})(?:[- ](?:${UNITS.join("|")}))?|${TEENS.join("|")}`;

/** An age as printed, in digits or in words. */
function ageValue(printed: string): number {
  if (/^\d+$/.test(printed)) return Number(printed);
  const [tens, units] = printed.toLowerCase().split(/[- ]/);
  const teen = TEENS.indexOf(tens!);
  if (teen >= 0) return 16 + teen;
  return (TENS.indexOf(tens!) + 2) * 10 + (units ? UNITS.indexOf(units) + 1 : 0);
}

/** "a sixty-one-year-old woman" */
const AGE_IN_WORDS = new RegExp(`\\b(${AGE_WORDS})[- ](?:year|yr)s?[- ]old\\b`, "gi");

const AGE_PATTERNS = [
  /\b(\d{1,3})[- ](?:year|yr)s?[- ]old\b/gi,
  /\b(\d{1,3}) ?(?:y\/o|y\.o\.?|yo)(?![a-z])/gi,
  /\b(\d{1,3}) years? of age\b/gi,
  /\baged? (\d{1,3})\b/gi,
  AGE_IN_WORDS,
];

/** People a letter may describe besides the patient: relatives, carers, co-workers, clinicians. */
const OTHER_PERSON =
  "(?:sons?|daughters?|child(?:ren)?|kids?|grand(?:son|daughter|child(?:ren)?|mother|father)s?|husband|wife|spouse|partner|boyfriend|girlfriend|fianc[eé]e?|mother|father|parents?|brothers?|sisters?|siblings?|nurses?|aides?|caregivers?|co-?workers?|colleagues?|neighbou?rs?|friends?|supervisors?|employers?|physicians?|doctors?|surgeons?|therapists?|practitioners?|attorneys?|drivers?|passengers?)";
/** What follows a description of someone else: "a 15 year old son", "a male nurse". */
const OTHER_PERSON_AFTER = new RegExp(`^[\\s-]*(?:(?:retired|young|older|adult|teenage|infant)[\\s-]+)?${OTHER_PERSON}\\b`, "i");
/**
 * What comes before one: "his 15 year old", "her husband, a 40 year old", "a neighbor, a 72-year-old"
 * (not "This warehouse supervisor, a 49 year old man": the patient's own job); "at age 41" is an age at some past event.
 */
const OTHER_PERSON_BEFORE = new RegExp(
  `(?:\\b(?:his|her|their|whose)\\s+|\\b(?:his|her|their|whose|a|an)\\s+(?:[\\w-]+\\s+)?${OTHER_PERSON}(?:,|\\s+(?:is|was))?\\s+(?:an?|the)\\s+(?:[\\w-]+\\s+){0,4}|\\bat (?:the )?)$`,
  "i",
);

/** Whether the words around `text[start, end)` describe someone other than the patient. */
function describesSomeoneElse(text: string, start: number, end: number): boolean {
  // the words before, from a word's start ("This" cut to "his" would read as a possessive)
  const from = Math.max(0, start - 40);
  const before = from > 0 ? text.slice(from, start).replace(/^\S*\s/, "") : text.slice(0, start);
  return OTHER_PERSON_AFTER.test(text.slice(end, end + 40)) || OTHER_PERSON_BEFORE.test(before);
}

export function findAge(r: Region): Found<number> | null {
  let best: Found<number> | null = null;
  for (const pattern of AGE_PATTERNS) {
    // an age in words is looked for only when there is none in digits
    if (best && pattern === AGE_IN_WORDS) break;
    for (const match of r.text.matchAll(pattern)) {
      const age = ageValue(match[1]!);
      if (age < 1 || age > 120 || describesSomeoneElse(r.text, match.index!, match.index! + match[0].length)) continue;
      const start = r.base + match.index! + match[0].indexOf(match[1]!);
      if (!best || start < best.start) best = { value: age, start, end: start + match[1]!.length };
      break;
    }
  }
  return best;
}

const SEX_WORDS = /\b(female|woman|lady|male|man|gentleman)\b/gi;

/** Sex from the first sex word, looked for first in the sentence stating the age. */
export function findSex(r: Region, near: number | null): Found<"female" | "male"> | null {
  const search = (from: number, to: number) => {
    const slice = r.text.slice(from, to);
    let match: RegExpMatchArray | undefined;
    for (const candidate of slice.matchAll(SEX_WORDS)) {
      if (describesSomeoneElse(slice, candidate.index!, candidate.index! + candidate[0].length)) continue;
      match = candidate;
      break;
    }
    if (!match) return null;
    const word = match[1]!.toLowerCase();
    const value = word === "female" || word === "woman" || word === "lady" ? ("female" as const) : ("male" as const);
    const start = r.base + from + match.index!;
    return { value, start, end: start + match[0].length };
  };
  if (near !== null) {
    const at = near - r.base;
    const sentenceStart = Math.max(0, r.text.lastIndexOf(". ", at) + 1);
    const sentenceEnd = r.text.indexOf(". ", at);
    const found = search(sentenceStart, sentenceEnd < 0 ? r.text.length : sentenceEnd);
    if (found) return found;
  }
  return search(0, r.text.length);
}

// ---- Utilization Review decision dates ------------------------------------------------

/** A mention of Utilization Review (or "Utilisation", or the slip "Utilzation"); "Utilization Review (UR)" is one mention. */
const UR = "(?:utili?[sz]ation reviews?|UR|the claims administrator)(?: \\(UR\\))?";
const UR_DECIDED = "(?:non-?certif(?:ied|ication)|non-?cert(?:'?d)?\\b|not certif(?:ied|y)|(?:did not|failed to|declined to) (?:certify|approve|authorize)|not (?:approved|authorized)|modif(?:ied|ication)|reduced|denied|denial|partially certified|determined\\b[^.]*?\\bnot (?:medically )?(?:necessary|indicated)|found\\b[^.]*?\\bnot (?:medically )?necessary|deemed\\b[^.]*?\\bnot (?:medically )?necessary|not (?:medically )?necessary|adverse)";

/** "... by Utilization Review on 9/18/2013": how the sentences of the third pattern below end. */
const BY_UR_ON_DATE = ` by (?:the )?${UR}(?: (?:determination|decision))?,? (?:on|dated) (${DATE_SOURCE})`;
/** "... were non-certified by utilization review": a decision said to be UR's, with its date elsewhere in the sentence. */
const DECIDED_BY_UR = `${UR_DECIDED} by (?:the )?${UR}\\b`;
/** "... on 02/24/2015 by Utilization Review": the same with the date first. */
const ON_DATE_BY_UR = ` (?:on|dated) (${DATE_SOURCE}),? by (?:the )?${UR}\\b`;

interface UrDatePattern {
  /** Global, searched through the region; sticky when `atMention`. */
  pattern: RegExp;
  /** Part of every match, cheaper to look for and rarer: without it in the text, `pattern` is not run. */
  needs?: RegExp;
  /**
   * Every match starts where a mention of UR does (`UR_MENTION`): the sticky
   * pattern is tried only at those places, which a single search finds for
   * all such patterns (see `matchesAt`).
   */
  atMention?: true;
  /** For a global pattern: whether a match stands where the pattern means it (see `atClauseStart`, `acceptedMatches`). */
  accept?: (text: string, match: RegExpExecArray) => boolean;
}

const UR_MENTION = new RegExp(`\\b${UR}`, "gi");

/** A pattern that starts with `UR_MENTION`, made sticky. */
function startingAtMention(source: string): UrDatePattern {
  return { pattern: new RegExp(source, "iy"), atMention: true };
}

/**
 * One date, or several joined in one clause ("03/03/2015, and again on
 * reconsideration on 03/24/2015"): every date in it is one the sentence's UR
 * decided on.
 */
const DATE_LIST = `${DATE_SOURCE}(?:,? (?:and |or )?(?:[a-z]+ ){0,4}?(?:on )?${DATE_SOURCE})*`;
/**
 * Dates joined by commas or "and" only ("05/06/2015 and 05/20/2015"): what
 * follows "UR dated", where no UR after the dates bounds the list.
 */
const DATE_SERIES = `${DATE_SOURCE}(?:(?:,? and (?:on )?|, | & )${DATE_SOURCE})*`;
/** What stands between such dates and the UR that decided: "…, Utilization Review non-certified …", "… an earlier (a separate, a second) Utilization Review modified …". */
const THEN_UR_DECIDED = `,? (?:(?:the|a|an|another) (?:[\\w-]+ )?)?(?:claims administrator'?s? )?${UR}\\b[^.;]{0,160}?${UR_DECIDED}`;

/**
 * "On <date>, UR ..." opens a sentence or a clause ("..., and on 7/3/2013 the
 * UR physician ..."); after another word the date is that word's ("a
 * peer-to-peer attempt on 04/13/2015, the UR physician denied ..."). And when
 * what follows the date is UR's decision being acted on ("the UR denial was
 * appealed"), the date is the later act's.
 */
function atClauseStart(text: string, match: RegExpExecArray): boolean {
  const before = text.slice(Math.max(0, match.index - 8), match.index);
  const opens = text[match.index] === "O" || /(?:^|[,;:(]\s*|\b(?:and|then|but)\s+)$/.test(before);
  return opens && !ACTED_ON.test(text.slice(match.index, match.index + match[0].length + 60));
}

/** A match that opens its sentence, or an entry of a list ("- 03-08-2016: Utilization Review non-certified ..."). */
function atSentenceStart(text: string, match: RegExpExecArray): boolean {
  return /(?:^|[.!?]["')]?\s+|\n|(?:^|\s)(?:[-•*–]|\d{1,2}[.)])\s+)$/.test(text.slice(Math.max(0, match.index - 5), match.index));
}

const ACTED_ON = new RegExp(`${UR} (?:denial|decision|determination|non-?certification|modification) (?:was|is|has been|had been) (?:appealed|challenged|disputed|reviewed|upheld|overturned|reversed)`, "i");

/**
 * "UR non-certified the request for a repeat MRI and modified the Norco to #45
 * on June 17, 2015": the decision, its object, then its date, with no comma
 * between; not a date that belongs to the request ("requested on", "dated")
 * or to another event ("after a peer-to-peer discussion ... on 10/25/2013").
 */
const UR_DECIDED_OBJECT_ON = `\\b${UR}(?: physician| reviewer| doctor)?\\b[^.;,]{0,40}?${UR_DECIDED}\\b(?:(?!\\b(?:after|before|following|during|since|until|when|while|with)\\b)[^.;,]){0,140}?(?<!requested|prescribed|performed|recommended|seen|evaluated|examined|submitted|dated|visit),? on (${DATE_SERIES})`;

const UR_DATE_PATTERNS: UrDatePattern[] = [
  // "On 12/8/2014, Utilization Review non-certified ...", "On 3/3/2015, and again on 3/24/2015, UR denied ..."
  { pattern: new RegExp(`\\bOn (${DATE_LIST})${THEN_UR_DECIDED}`, "gi"), accept: atClauseStart },
  // "In a decision dated July 14, 2015, Utilization Review non-certified ..."
  // "In a determination which was issued on April 21, 2015, the UR physician recommended non-certification"
  { pattern: new RegExp(`\\b(?:determination|decision|letter|report),? (?:dated|of|(?:(?:which|that) was )?(?:issued|rendered|made) on) (${DATE_LIST})${THEN_UR_DECIDED}`, "gi") },
  // "Utilization Review on 5-1-2015 non-certified", "A prior UR on 3-12-2015 modified", "UR decision dated 9/6/2013",
  // "Utilization Review, in a decision dated 7/14/2015, non-certified"
  // "A second UR, dated 07/02/2014, modified", "The utilization review dated 05/06/2015 and 05/20/2015 non-certified"
  // "the utilization review non-certification of 6/26/2013", "A previous Utilization Review, with a decision date of 10-25-2016, ..."
  startingAtMention(
    `\\b${UR}(?:'s)?(?: (?:determination|decision|review|letter|report|non-?certification|denial|modification)|,? in (?:a|an|its|the|their) (?:[\\w-]+ )?(?:determination|decision|review|letter|report)|,? with (?:a|an) (?:decision |determination |review )?date)?,? (?:dated|on|of) (${DATE_SERIES})`,
  ),
  // "UR 9/1/15 non-cert'd", "MRI C-spine: UR 12/30/14 denied"
  startingAtMention(`\\bUR (${DATE_SOURCE}),? (?:[\\w'-]+ ){0,3}?${UR_DECIDED}`),
  // "Utilization Review declined to certify all three in a decision dated 12/10/15"
  startingAtMention(`\\b${UR}(?: physician| reviewer)?\\b[^.;]{0,40}?${UR_DECIDED}\\b[^.;]{0,100}?\\bin (?:a|an|its|the) (?:decision|determination|letter|report|review)(?:,? dated| of| issued on| rendered on)? (${DATE_SERIES})`),
  // "A prior review dated 09/20/2016 non-certified zolpidem"
  { pattern: new RegExp(`\\b(?:prior|previous|earlier|initial|original|second) review,? (?:dated|of|on) (${DATE_SERIES})`, "gi"), needs: / review,? (?:dated|of|on) [\w.]*\d/i },
  // "November 18, 2016 Utilization Review modified ...": a date opening the sentence, UR its subject
  {
    // within its own sentence or list entry: not on into the next "- <date>: ..." line
    pattern: new RegExp(`\\b(${DATE_SOURCE})(?:,| ?[:–-])? (?:the )?${UR}\\b(?:(?! (?:[-•*–]|\\d{1,2}[.)]) )[^.]){0,160}?${UR_DECIDED}`, "gi"),
    needs: new RegExp(`\\d(?:,| ?[:–-])? (?:the )?${UR}\\b`, "i"),
    accept: atSentenceStart,
  },
  // "Utilization review partially certified 8 of the 12 requested visits on 06/26/2014"
  startingAtMention(UR_DECIDED_OBJECT_ON),
  // "deemed not medically necessary in a 5/22/2013 UR report"
  {
    pattern: new RegExp(`\\b(?:a|an|the) (${DATE_SOURCE}) ${UR} (?:report|decision|determination|letter|review)\\b`, "gi"),
    needs: new RegExp(`\\d ${UR} (?:report|decision|determination|letter|review)\\b`, "i"),
  },
  // "was non-certified by Utilization Review on 9/18/2013": starting on any decision word, the costliest pattern by far, and rarely matched
  { pattern: new RegExp(`${UR_DECIDED}[^.]{0,60}?${BY_UR_ON_DATE}`, "gi"), needs: new RegExp(BY_UR_ON_DATE, "i") },
  // "was modified to #45 on 02/24/2015 by Utilization Review": the date before "by UR"
  { pattern: new RegExp(`${UR_DECIDED}[^.]{0,60}?${ON_DATE_BY_UR}`, "gi"), needs: new RegExp(`\\d,? by (?:the )?${UR}\\b`, "i") },
  // "On 02-16-2017 the request for a CT scan was non-certified by utilization review" (and no date after it)
  {
    pattern: new RegExp(`\\bOn (${DATE_LIST}),? [^.]{0,200}?${DECIDED_BY_UR}(?!,? (?:on|dated) ${DATE_SOURCE})`, "gi"),
    needs: new RegExp(` by (?:the )?${UR}\\b`, "i"),
    accept: atClauseStart,
  },
  // "the original utilization review (1-19-17) denied ...", "A prior UR decision (12/3/15) modified",
  // "utilization review (Dr. [redacted], orthopedic surgeon, 04/24/2014) modified"
  {
    ...startingAtMention(`\\b${UR}(?: (?:decision|determination|review|report|letter))? \\((?:[^()]{0,80}?, )?(${DATE_SOURCE})\\)`),
    needs: new RegExp(`(?: \\(|, )(${DATE_SOURCE})\\)`, "i"),
  },
  // "In a Utilization Review dated 10/28/2014, ... non-certified" / "the UR dated ..."
  startingAtMention(`\\b(?:utilization review|UR) (?:determination |decision |letter )?(?:dated|of) (${DATE_SOURCE})`),
];

/** A UR decision as a participle: "was modified", "were non-certified". */
const PASSIVE_DECIDED = "(?:non-?certified|modified|denied|partially certified)";

const PASSIVE_UR_DATE = new RegExp(
  `\\b(?:was|were|had been|has been) (?:(?:then|later|subsequently|again|also) )?${PASSIVE_DECIDED}\\b(?:(?! by )[^.;,]){0,60}? on (${DATE_SERIES})`,
  "gi",
);

/**
 * "Six sessions were certified by Utilization Review on 8/2/2013, and a request for 12 more was modified to 6 on
 * 9/20/2013": a decision in the passive, with no one named, after UR was named in the same sentence. Looked for
 * only from each mention of UR to its sentence's end.
 */
function passiveUrDates(text: string, mentions: readonly number[]): Array<{ dates: string; at: number }> {
  const found: Array<{ dates: string; at: number }> = [];
  let searched = -1;
  for (const mention of mentions) {
    if (mention < searched) continue;
    const sentenceEnd = text.indexOf(". ", mention);
    const end = sentenceEnd < 0 ? text.length : sentenceEnd;
    const sentence = text.slice(mention, end);
    for (const match of sentence.matchAll(PASSIVE_UR_DATE)) found.push({ dates: match[1]!, at: mention + match.index! + match[0].lastIndexOf(match[1]!) });
    searched = end;
  }
  return found;
}

/**
 * "UR decisions: • 08/05/2014 – clonazepam modified from #60 to #30 • 11/25/2014 –
 * zolpidem non-certified • 11/25/2014 – medication management certified": a list
 * under a heading that names UR, each entry a date and what UR did with a
 * request on it; an entry whose decision is a denial or a modification counts.
 */
const UR_LIST_HEADING = new RegExp(`\\b${UR}(?: [A-Za-z]+){0,3}:\\s+(?=(?:[-•*–]\\s+|\\d{1,2}[.)]\\s+)?${DATE_SOURCE})`, "iy");
const UR_LIST_ENTRY = new RegExp(`\\s*(?:[-•*–]\\s+|\\d{1,2}[.)]\\s+)?(${DATE_SERIES})\\s*(?:[:–-]|,)\\s`, "iy");
const UR_DECIDED_IN_ENTRY = new RegExp(`\\b${UR_DECIDED}`, "i");

function urListDates(text: string, mentions: readonly number[]): Array<{ dates: string; at: number }> {
  const found: Array<{ dates: string; at: number }> = [];
  for (const heading of matchesAt(text, UR_LIST_HEADING, mentions)) {
    let cursor = heading.index + heading[0].length;
    for (;;) {
      UR_LIST_ENTRY.lastIndex = cursor;
      const entry = UR_LIST_ENTRY.exec(text);
      if (entry === null) break;
      const textStart = entry.index + entry[0].length;
      const end = entryEnd(text, textStart);
      if (UR_DECIDED_IN_ENTRY.test(text.slice(textStart, end))) found.push({ dates: entry[1]!, at: entry.index + entry[0].indexOf(entry[1]!) });
      if (text.startsWith(". ", end)) break;
      cursor = end;
    }
  }
  return found;
}

/** Where a list entry's text ends: at the next entry's marker, or at the end of a sentence. */
function entryEnd(text: string, from: number): number {
  const rest = text.slice(from, from + 240);
  const next = rest.search(NEXT_ENTRY);
  return from + (next < 0 ? rest.length : next);
}

const NEXT_ENTRY = new RegExp(`\\. |\\s(?:[-•*–]|\\d{1,2}[.)])\\s+${DATE_SOURCE}`, "i");

const UR_DECIDED_ANYWHERE = new RegExp(UR_DECIDED, "i");
const UR_APPROVAL_ONLY = /\b(?:certified|approved|authorized)\b/i;

export function findUrDates(r: Region, context: DateContext): FoundDate[] {
  const found: FoundDate[] = [];
  let mentions: number[] | undefined;
  for (const { pattern, needs, atMention, accept } of UR_DATE_PATTERNS) {
    if (needs && !needs.test(r.text)) continue;
    const matches = atMention ? matchesAt(r.text, pattern, (mentions ??= mentionStarts(r.text))) : acceptedMatches(r.text, pattern, accept);
    for (const match of matches) {
      const clause = clauseAround(r.text, match.index!, match.index! + match[0].length);
      if (!UR_DECIDED_ANYWHERE.test(clause) && !/\b(?:determination|decision)\b/i.test(match[0])) continue;
      if (UR_APPROVAL_ONLY.test(clause) && !UR_DECIDED_ANYWHERE.test(clause)) continue;
      const dateText = match[1]!;
      addDates(found, findDates(dateText, context, r.base + match.index! + match[0].indexOf(dateText)));
    }
  }
  if (r.text.includes(":")) {
    for (const { dates, at } of urListDates(r.text, (mentions ??= mentionStarts(r.text)))) addDates(found, findDates(dates, context, r.base + at));
  }
  for (const { dates, at } of passiveUrDates(r.text, (mentions ??= mentionStarts(r.text)))) addDates(found, findDates(dates, context, r.base + at));
  return found.sort((a, b) => a.start - b.start);
}

/** Adds the dates not found already (by where they stand) to `found`. */
function addDates(found: FoundDate[], dates: FoundDate[]): void {
  for (const date of dates) if (!found.some((f) => f.start === date.start)) found.push(date);
}

/** The matches of a global pattern that `accept` takes; after one it refuses, the search goes on from the next character, not past the match. */
function acceptedMatches(text: string, pattern: RegExp, accept: UrDatePattern["accept"]): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (accept && !accept(text, match)) pattern.lastIndex = match.index + 1;
    else matches.push(match);
  }
  return matches;
}

/** Where UR is mentioned in `text`. Mentions cannot overlap (none starts inside another), so one search finds them all. */
function mentionStarts(text: string): number[] {
  const starts: number[] = [];
  for (const match of text.matchAll(UR_MENTION)) starts.push(match.index!);
  return starts;
}

/**
 * The matches a search of the whole text would give, in order and without
 * overlaps, for a pattern whose every match starts at one of `starts`
 * (ascending): the sticky pattern is tried at each start past the last match.
 */
function matchesAt(text: string, sticky: RegExp, starts: readonly number[]): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  let next = 0;
  for (const start of starts) {
    if (start < next) continue;
    sticky.lastIndex = start;
    const match = sticky.exec(text);
    if (match === null) continue;
    matches.push(match);
    next = start + match[0].length;
  }
  return matches;
}

/**
 * The clause holding `text[from, to)`: its sentence, cut at "; " and at ", and"
 * or ", but" outside it, so that "certified by UR on 8/2/2013, and a request
 * ... was modified" does not lend the second clause's decision to the first.
 */
function clauseAround(text: string, from: number, to: number): string {
  const sentenceStart = text.lastIndexOf(". ", from) + 1;
  const sentenceEnd = text.indexOf(". ", to);
  const sentence = text.slice(sentenceStart, sentenceEnd < 0 ? text.length : sentenceEnd + 1);
  let start = 0;
  let end = sentence.length;
  for (const cut of sentence.matchAll(CLAUSE_BREAK)) {
    const at = sentenceStart + cut.index!;
    if (at + cut[0].length <= from) start = cut.index! + cut[0].length;
    else if (at >= to) {
      end = cut.index!;
      break;
    }
  }
  return sentence.slice(start, end);
}

const CLAUSE_BREAK = /; |, (?:and|but|while|whereas) /g;

// ---- application and injury dates ---------------------------------------------------

/** How a date can begin: a digit, "the 3rd", or a month's name before a digit; cheaper to test than a whole date. */
const DATE_START = "(?:\\d|the \\d|[A-Z][a-z]{2,8}\\.? \\d)";

const APPLICATION_PATTERNS = [
  // (not "assigned to a reviewer on <date>, and the application for IMR was received on <date>": the date of something else)
  new RegExp(`\\bOn (${DATE_SOURCE}),? (?:(?!,? ?and the application)[^.]){0,80}?application for (?:an )?(?:Independent Medical Review|IMR)`, "gi"),
  // "... was then submitted on the injured worker's behalf on 07/06/2015"
  // (not "filed on 9/6/2013 disputing the UR denial dated 8/30/2013": "on" then a date is the date)
  new RegExp(`(?:application|request) for (?:an )?(?:Independent Medical Review|IMR)[^.]{0,80}? (?:was )?(?:submitted|received|filed|signed|dated)(?: (?:by|on|for) (?!${DATE_START})[^.]{0,60}?)? (?:on )?(${DATE_SOURCE})`, "gi"),
  // "MAXIMUS received the IMR application on 08/07/2016"
  new RegExp(`\\b(?:MAXIMUS|the IMR organization|the Division)\\b[^.]{0,30}? received (?:the|an) (?:IMR |Independent Medical Review )?application\\b[^.]{0,40}? on (${DATE_SOURCE})`, "gi"),
  // "Independent Medical Review was requested by the attorney, with the application received on 05/08/2015"
  new RegExp(`\\b(?:IMR|Independent Medical Review)\\b[^.]{0,120}?\\b(?:the|an) application (?:(?:which|that) )?(?:was )?(?:received|submitted|filed|dated) (?:on )?(${DATE_SOURCE})`, "gi"),
  // "IMR app rec'd 10/5/15", "- 05-19-2016: application for Independent Medical Review submitted"
  new RegExp(`\\bIMR app(?:lication)?\\.? (?:rec'?d|received|submitted|filed) (?:on )?(${DATE_SOURCE})`, "gi"),
  new RegExp(`(${DATE_SOURCE}) ?[:–-] (?:an? )?(?:IMR )?application for (?:an )?(?:Independent Medical Review|IMR)`, "gi"),
  // "The IMR application was filed on ...", "An Independent Medical Review application, signed by ..., was received by the DWC on ..."
  new RegExp(`\\b(?:IMR|Independent Medical Review) application\\b[^.]{0,80}? (?:was )?(?:submitted|received|filed|dated)(?: by [^.]{0,60}?)? (?:on )?(${DATE_SOURCE})`, "gi"),
  // "The injured worker submitted an application for Independent Medical Review on 04/06/2015", "applied for / requested / filed for IMR on ..."
  new RegExp(
    `\\b(?:(?:submitted|filed|signed|completed|sent)(?: an?| the| his| her| their)?(?: IMR)? application for (?:an )?|(?:applied for|requested|filed for) (?:an )?)(?:Independent Medical Review|IMR)\\b[^.]{0,40}? (?:on|dated) (${DATE_SOURCE})`,
    "gi",
  ),
];

export function findApplicationDate(r: Region, context: DateContext): FoundDate | null {
  for (const pattern of APPLICATION_PATTERNS) {
    for (const match of r.text.matchAll(pattern)) {
      const dateText = match[1]!;
      const at = match.index! + match[0].indexOf(dateText);
      const [date] = findDates(dateText, context, r.base + at);
      if (date) return date;
    }
  }
  return null;
}

/** "A Notice of Assignment and Request for Information was provided to the above parties on 9/23/2013": the 2013 letter's assignment date. */
const ASSIGNMENT_PATTERNS = [
  new RegExp(`\\bNotice of Assignment\\b[^.]{0,80}? (?:was |were )?(?:provided|sent|mailed|issued|given)\\b[^.]{0,60}? on (${DATE_SOURCE})`, "i"),
  // "the case was assigned to an expert reviewer on 7/31/14", "IMR case CM16-0087412, assigned for review on",
  // "assigned to the expert reviewer 11/20/13" (apart from the pattern above, each search starts from a literal word of its own)
  new RegExp(
    `\\bassigned (?<=\\b(?:(?:case|file|matter|review) (?:was |which was )?|CM\\d{2}-\\d{7},? (?:which was )?|; )assigned )(?:to (?:an? |the )?[^.,;]{0,40}? )?(?:for review )?(?:on )?(${DATE_SOURCE})`,
    "i",
  ),
];

export function findAssignedDate(r: Region, context: DateContext): FoundDate | null {
  for (const pattern of ASSIGNMENT_PATTERNS) {
    const found = firstDateOf(pattern, r, context);
    if (found) return found;
  }
  return null;
}

/** "MAXIMUS ... issues this determination on 9/8/14", "This determination is issued on ...", "The following determination, dated ...": the letter's date, told. */
const DECISION_PATTERN = new RegExp(
  `\\bissu(?:es|ed) (?:this|the|its) (?:final )?determination (?:on )?(${DATE_SOURCE})|\\b(?:this|the)(?: following| final)* determination,? (?:(?:is|was) (?:issued|made|rendered) (?:on )?|dated )(${DATE_SOURCE})`,
  "i",
);

export function findDecisionDate(r: Region, context: DateContext): FoundDate | null {
  return firstDateOf(DECISION_PATTERN, r, context);
}

/** The date of the first match of `pattern` (its first group that took part). */
function firstDateOf(pattern: RegExp, r: Region, context: DateContext): FoundDate | null {
  const match = pattern.exec(r.text);
  const dateText = match?.slice(1).find((group) => group !== undefined);
  if (!match || !dateText) return null;
  return findDates(dateText, context, r.base + match.index + match[0].lastIndexOf(dateText))[0] ?? null;
}

const INJURY_PATTERN = new RegExp(
  `\\b(?:sustained|suffered|reported|incurred)? ?(?:an? )?(?:industrial |work[- ]related |occupational )?(?:injury|injuries)(?: to [^.]{0,60}?)? (?:on|of) (${DATE_SOURCE})|\\b(?:date of injury|DOI)(?: of| was| is|:)? (${DATE_SOURCE})|\\b(?:injured|hurt) (?:(?:his|her|their|the) [^.,;]{0,40}? |while (?:employed|working) [^.,;]{0,60}? )?(?:at work |on the job )?on (${DATE_SOURCE})|\\b(?:industrial|occupational|work[- ]related) claim (?:from|of|on|dated) (${DATE_SOURCE})`,
  "gi",
);

export function findInjuryDate(r: Region, context: DateContext): FoundDate | null {
  for (const match of r.text.matchAll(INJURY_PATTERN)) {
    const dateText = match[1] ?? match[2] ?? match[3] ?? match[4]!;
    const at = match.index! + match[0].lastIndexOf(dateText);
    const [date] = findDates(dateText, context, r.base + at);
    if (date) return date;
  }
  return null;
}

// ---- diagnoses ------------------------------------------------------------------------

const DIAGNOSIS_INTROS = [
  /\bdiagnos[ie]s\b[^.;:]{0,140}?\b(?:to include|include[sd]?|included|consist(?:ed|s)? of)\b\s*:?/gi,
  // "The diagnoses rendered by the treating podiatrist are:"
  /\bdiagnos[ie]s\b[^.;:]{0,80}?\b(?:are|were)\s*:/gi,
  // a note's "Impression:", "Assessment (pain management, 1/20/2015):"
  /\b(?:impressions?|assessments?)\b(?: \([^)]{0,60}\))?\s*:/gi,
  // "Dx:", "Dx incl", "Current dx -", "Diagnosed w/"
  /\bdx\b\.?\s*(?::|-|–|incl(?:ude[sd]?)?\.?)/gi,
  /\bdiagnosed w\//gi,
  // "The conditions for which she is being treated are ..."
  /\bconditions? for which (?:he|she|they|the \w+(?: \w+)?) (?:is|are|was|were|has been|have been) (?:being )?treated (?:are|include[sd]?|were)\b\s*:?/gi,
  /\bdiagnostic impressions?\b[^.;:]{0,80}?\b(?:are|were|include[sd]?)\b\s*:?/gi,
  // "Diagnoses, per the orthopedic surgeon's note of 10/14/2014: ..."
  /\bdiagnos[ie]s,? (?:per|according to|from|in|on) [^.:;]{0,80}:/gi,
  /\bdiagnosed (?:as having|as|with)\b\s*:?/gi,
  /\bdiagnos[ie]s (?:are|were|is|was)\b(?: (?:documented|noted|listed|given|recorded) as)?(?: as follows)?\s*:?/gi,
  /\bdiagnos[ie]s of(?: for)?\b/gi,
  /\bdiagnos[ie]s\s*:/gi,
  /\b(?:being treated|undergoing treatments?) for(?: the diagnos[ie]s of)?\b/gi,
  // not "has been treated for the left knee with physical therapy": a body part, not a diagnosis
  /\b(?:has|have) been treated for\b(?! (?:the|his|her|their)\b)/gi,
];

/**
 * "Her daughter, who was diagnosed with asthma", "Her mother has been diagnosed with", "Her father, age 69, was
 * diagnosed with", "His wife, who worked at the same body shop, was diagnosed with", "a coworker on the same line
 * had been diagnosed with": someone else's diagnosis.
 */
const DIAGNOSED_SOMEONE_ELSE = new RegExp(
  `\\b${OTHER_PERSON}(?:\\s+(?:on|at|in|from|of)\\s+[^,.;]{1,30}?)?(?:,[^,.;]{1,40},)?(?:,\\s*who|\\s+(?:who|was|is|has|had|have))\\b[^.;]{0,50}$`,
  "i",
);
/** How far before a diagnosis's introduction someone else may be named. */
const SOMEONE_ELSE_REACH = 90;

/** Diagnoses from every introducing phrase of the case summary, or a "Diagnoses:" list. */
export function findDiagnoses(r: Region, listLines: ListEntry[]): ListEntry[] {
  if (listLines.length > 0) return listLines;
  const intros: Array<{ start: number; end: number }> = [];
  for (const pattern of DIAGNOSIS_INTROS) {
    for (const m of r.text.matchAll(pattern)) intros.push({ start: m.index!, end: m.index! + m[0].length });
  }
  intros.sort((a, b) => a.start - b.start || b.end - a.end);
  const found: ListEntry[] = [];
  const seen = new Set<string>();
  let covered = -1;
  for (const intro of intros) {
    if (intro.start < covered) continue;
    if (DIAGNOSED_SOMEONE_ELSE.test(r.text.slice(Math.max(0, intro.start - SOMEONE_ELSE_REACH), intro.start))) continue;
    const end = clauseEnd(r.text, intro.end, listEnd(r.text, intro.end));
    covered = end;
    for (const part of splitDiagnoses(r.text.slice(intro.end, end))) {
      const key = part.text.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ text: part.text, start: r.base + intro.end + part.start, end: r.base + intro.end + part.end });
    }
  }
  return found;
}

/**
 * A clause the sentence runs on into after its diagnoses, about something
 * else: ", which have kept her from work", ", for which she has been seeing
 * an orthopedist", ", and he has been taking ...", " and given naproxen".
 */
const RUN_ON_CLAUSE =
  /,\s+(?:(?:for|of|after|in) which|which|who|whom|whose|since|although|though|but|while|whereupon|and (?:she|he|they|has|had|have|was|is)\b)\b|,?\s+and (?:was |were |then )?(?:given|treated|prescribed|started|placed|referred|sent|released|returned|advised|instructed|provided|discharged|fitted|casted|splinted)\b/i;

/** Where the diagnoses between `from` and `end` stop: before a clause about something else, if one comes. */
function clauseEnd(text: string, from: number, end: number): number {
  const clause = RUN_ON_CLAUSE.exec(text.slice(from, end));
  return clause ? from + clause.index : end;
}

/**
 * Where the diagnoses after an introduction end: the sentence's end, or,
 * for an inline numbered list whose entries end in periods ("1) Cervical
 * radiculopathy. 2) Depression."), the end of its last entry.
 */
function listEnd(text: string, from: number): number {
  const first = /^\s*\(?\d{1,2}[.)]\s/.exec(text.slice(from, from + 8));
  if (!first) return sentenceEnd(text, from);
  for (let at = from + first[0].length; ; ) {
    const end = sentenceEnd(text, at);
    // a list marker's own period ("... syndrome 3. R trigger thumb"), or an entry's before the next marker (". 2) ...")
    const markerPeriod = /(?:^|\s)\(?\d{1,2}$/.test(text.slice(Math.max(from, end - 4), end));
    const beforeMarker = /^\.\s+\(?\d{1,2}[.)]\s/.test(text.slice(end, end + 8));
    if (end >= text.length || (!markerPeriod && !beforeMarker)) return end;
    at = end + 1;
  }
}

/** The end of the sentence starting at `from`: a period followed by a space and a capital (or "s/p"), or the end. */
function sentenceEnd(text: string, from: number): number {
  // terse notes open sentences with "s/p", "h/o", "w/": lower case, but a sentence all the same
  const pattern = /\.(?=["')\]]?\s+(?:[A-Z]|\d+\)|[a-z]\/[a-z]?\b|$)|[A-Z][a-z])|\.["')\]]?$/g;
  pattern.lastIndex = from;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const before = text.slice(Math.max(from, match.index - 4), match.index);
    if (/\b(?:Dr|Mr|Ms|Mrs|St|vs|approx|No)$/i.test(before)) continue;
    return match.index;
  }
  return text.length;
}

interface Part {
  text: string;
  start: number;
  end: number;
}

const QUALIFIER =
  /^(?:status post\b.*\d|single episode|recurrent|moderate|mild|severe|unspecified|subsequent encounter|initial encounter|sequela|secondary to|with\b|without\b|right worse than left|left worse than right|worse on the|(?:(?:at|from|involving) (?:the )?(?:levels? )?)?[CLTS]\d(?:-[CLTS]?\d+)?(?:\s*(?:,|and)\s*[CLTS]\d(?:-[CLTS]?\d+)?)*$|[\w/]+-(?:induced|related|associated|mediated|dependent|resistant)$|\d{1,2}\/\d|[\w-]+ region(?: \(.*\))?(?: with(?:out)? .*)?$|in remission|not elsewhere classified|not otherwise specified|NOS$|current injury|not specified as\b|(?:by|per) (?:history|report)$|suspected$|(?:other|multiple|unspecified) sites?$|site unspecified$|(?:accidental|intentional|unintentional|undetermined)\b|(?:non-?)?industrial$|\()/i;
/** A grade, stage or type, with a name before it or not: "grade III", "Eaton stage III", "type 2". */
const STAGE_QUALIFIER = /^(?:[\w-]+\s+){0,2}(?:grade|stage|type|class|degree|level)\s+(?:[IVX]+|\d+)[A-Ca-c]?$/i;
/** The course of a condition: "resolved", "partially resolved", "well controlled", "improving". */
const COURSE_QUALIFIER =
  /^(?:(?:partially|mostly|largely|now|currently|clinically|well|poorly|not)\s+)?(?:displaced|non-?displaced|comminuted|closed|open|multi-?level|diffuse|focal|resolved|resolving|improved|improving|healed|healing|stable|stabilized|worsening|worsened|controlled|uncontrolled|persistent|intermittent|residual|episodic|chronic|acute|subacute|intractable|refractory|uncomplicated|complicated)$/i;
/**
 * Where a condition is, and nothing else: a side followed only by words for
 * sides, parts of the limbs and spinal levels ("bilateral lower extremities",
 * "left knee", "left greater than right", "left L5", "right-sided"). A phrase with any
 * other word ("left knee internal derangement") may be a diagnosis of its own.
 */
const LOCATION_QUALIFIER =
  /^(?:right|left|bilateral|both)(?:-sided)?(?:\s+(?:and|or|right|left|bilateral|upper|lower|eyes?|ears?|greater|worse|more|than|symptomatic|affected|involved|side|sided|sides|extremity|extremities|limbs?|arms?|forearms?|legs?|knees?|shoulders?|wrists?|hands?|ankles?|feet|foot|hips?|elbows?|thumbs?|fingers?|toes?|digits?|index|middle|ring|little|small|great|[CLTS]\d(?:-[CLTS]?\d)?))*$/i;

/** Which part of a structure: "posterior horn", "medial aspect", "distal third". */
const PART_QUALIFIER =
  /^(?:anterior|posterior|medial|lateral|superior|inferior|proximal|distal|volar|dorsal|palmar|plantar)(?:\s+(?:and|anterior|posterior|medial|lateral|superior|inferior|proximal|distal|volar|dorsal|horns?|aspects?|poles?|roots?|segments?|compartments?|third|portion|side|surface|border|femoral|tibial|humeral|condyles?|epicondyles?|plateau|malleolus|ligaments?|ligamentous|tendons?|complex|capsule|labrum))*$/i;

/** A measurement of the condition: "Obesity, BMI 34", "asthma, FEV1 68%". */
const MEASURE_QUALIFIER = /^(?:BMI|body mass index|FEV1|FVC|H(?:b|gb)?A1c|A1c|EF|ejection fraction)\s*(?:of\s*|=\s*|:\s*)?\d+(?:\.\d+)?\s*%?$/i;

/** One adjective alone, which names no condition: "osteoarthritis, tricompartmental", "radiculopathy, cervical". */
const LONE_ADJECTIVE = /^[a-z]+(?:al|ar)$/i;

const SEVERITY_THEN_DIAGNOSIS = /^(?:mild|moderate|severe)\s+(?:\S+\s+){1,}\S+/i;

/** A comma part that qualifies the diagnosis before it rather than naming another. */
function isQualifier(part: string): boolean {
  // "mild left carpal tunnel syndrome" names a diagnosis of its own; "moderate to severe", "mild per EDS" qualify
  if (SEVERITY_THEN_DIAGNOSIS.test(part) && DIAGNOSIS_HEAD.test(lastWord(part.split(/\s+and\s+/)[0]!))) return false;
  if (QUALIFIER.test(part)) return true;
  // the list's last part may still hold the sentence's period, and a qualifier its code ("chronic (309.81)")
  const bare = withoutTail(part);
  if (bare !== part && QUALIFIER.test(bare)) return true;
  return STAGE_QUALIFIER.test(bare) || COURSE_QUALIFIER.test(bare) || LOCATION_QUALIFIER.test(bare) || PART_QUALIFIER.test(bare) || MEASURE_QUALIFIER.test(bare) || LONE_ADJECTIVE.test(bare);
}

const PREPOSITION = /\b(?:of|with|in|at|to|affecting|associated|between|both|from|on)\b/i;

/**
 * Splits a list of diagnoses on semicolons, commas, numbering and a final
 * "and", keeping together what shares one head noun ("neck and back pain",
 * "lumbar, hip, and neck strain"), a diagnosis with its own qualifier
 * ("carpal tunnel syndrome, moderate to severe") and parenthesised asides.
 */
export function splitDiagnoses(text: string): Part[] {
  const numbered = /(?:^|\s)\(?\d{1,2}[.)]\s/.test(text);
  const result: Part[] = [];
  if (numbered || /;/.test(text)) {
    // numbering and semicolons separate entries; commas inside one are qualifiers or a list of their own
    const groups = splitOutsideParens(text, numbered ? /\s*(?:;|,)?\s*(?:and\s+)?\(?\d{1,2}[.)]\s+|\s*;\s*/g : /\s*;\s*/g);
    for (const group of groups) {
      // "status post rotator cuff repair, subacromial decompression and distal clavicle excision": one entry, whatever it lists
      if (/^\s*(?:and\s+)?(?:status post|s\/p)\b/i.test(group.text)) {
        result.push(group);
        continue;
      }
      const inner = splitOutsideParens(group.text, /\s*,\s*(?:and\s+)?/g).map((p) => ({ text: p.text, start: group.start + p.start, end: group.start + p.end }));
      const parts = mergeQualifiers(inner, text, true);
      parts.forEach((part, i) => result.push(...splitOnAnd(part, parts.length > 1 && i === parts.length - 1)));
    }
  } else {
    const parts = mergeQualifiers(splitOutsideParens(text, /\s*,\s*(?:and\s+)?/g), text, false);
    parts.forEach((part, i) => result.push(...splitOnAnd(part, parts.length > 1 && i === parts.length - 1)));
  }
  return result.map((p) => trimPart(p, text)).filter((p) => p.text.length > 1 && !ASIDE.test(p.text));
}

/** A comma part that names no diagnosis: "diagnosed with, among other conditions, ...". */
const ASIDE = /^(?:among (?:others|other (?:conditions|things|diagnoses))|in addition|as well|in part|inter alia)$/i;

function splitOutsideParens(text: string, separators: RegExp): Part[] {
  const parts: Part[] = [];
  const masked = text.includes("(") ? maskInsideParens(text) : text;
  let last = 0;
  separators.lastIndex = 0;
  for (let m = separators.exec(masked); m; m = separators.exec(masked)) {
    if (m[0].length === 0) {
      separators.lastIndex++;
      continue;
    }
    if (m.index > last) parts.push({ text: text.slice(last, m.index), start: last, end: m.index });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), start: last, end: text.length });
  return parts;
}

/** A list number in parentheses, "(2) ": a marker, not an aside. */
const PAREN_MARKER = /\(\d{1,2}\)(?=\s)/y;

/**
 * `text` with every character inside parentheses (not the opening ones) as
 * "_", so separators there are not seen; same length. A list number in
 * parentheses ("(2) ") is left as it is, so that it still separates entries.
 */
function maskInsideParens(text: string): string {
  let masked = "";
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "(" && depth === 0) {
      PAREN_MARKER.lastIndex = i;
      if (PAREN_MARKER.test(text)) {
        masked += text.slice(i, PAREN_MARKER.lastIndex);
        i = PAREN_MARKER.lastIndex - 1;
        continue;
      }
    }
    if (c === "(") depth++;
    if (c === ")") depth = Math.max(0, depth - 1);
    masked += depth > 0 && c !== "(" ? "_" : c;
  }
  return masked;
}

/**
 * Comma parts that qualify the one before, or a run of bare modifiers sharing
 * the last part's head noun. `oneEntry`: the parts are one entry of a
 * semicolon or numbered list, not a list of their own.
 */
function mergeQualifiers(parts: Part[], text: string, oneEntry: boolean): Part[] {
  const modifiersThenHead = parts.length >= 2 && parts.slice(0, -1).every((p) => MODIFIER.test(p.text.trim()));
  if (modifiersThenHead) {
    return [{ text: text.slice(parts[0]!.start, parts[parts.length - 1]!.end), start: parts[0]!.start, end: parts[parts.length - 1]!.end }];
  }
  const merged: Part[] = [];
  for (const part of parts) {
    const previous = merged[merged.length - 1];
    const trimmed = part.text.trim();
    // "strain of muscle, fascia, and tendon of lower back" ("... at neck level"): the nouns after "of" are one list
    const continuesOfList = previous && /\bof \w+(?:, \w+)*$/i.test(text.slice(previous.start, previous.end).trim()) && /^\w+(?:$| (?:of|at|in)\b|\s+and\s+\w+(?:$| (?:of|at|in)\b))/i.test(trimmed);
    const afterAnd = previous && /\band\b/i.test(text.slice(previous.end, part.start));
    // inside one entry of a semicolon or numbered list, ", status post repair" is the entry's own history
    const history = oneEntry && /^(?:status post|s\/p)\b/i.test(trimmed);
    // "primary osteoarthritis, left knee and strain of medial collateral ligament of left knee": the before's qualifier, then the last diagnosis
    // (a qualifier of two words or more: "cervical and thoracic myofascial pain", "C5-6 and C6-7 disc protrusion" share a head)
    const qualifierThenLast = previous && !afterAnd && !continuesOfList ? lastOfList(part, 2) : null;
    if (previous && (continuesOfList || (!afterAnd && (history || qualifierThenLast !== null || isQualifier(trimmed))))) {
      const last = continuesOfList ? null : (qualifierThenLast ?? lastOfList(part));
      const end = last ? last.qualifierEnd : part.end;
      merged[merged.length - 1] = { text: text.slice(previous.start, end), start: previous.start, end };
      if (last) merged.push(last.rest);
    } else {
      merged.push(part);
    }
  }
  return merged;
}

/**
 * "initial encounter and reactive airways dysfunction syndrome": a qualifier
 * of the diagnosis before, then the list's last diagnosis after "and". With
 * `minQualifierWords` above 1 (a part not a qualifier as a whole), a single
 * word or a spinal level before "and" shares the head after it instead
 * ("cervical and thoracic myofascial pain", "C5-6 and C6-7 disc protrusion").
 */
function lastOfList(part: Part, minQualifierWords = 1): { qualifierEnd: number; rest: Part } | null {
  for (const match of part.text.matchAll(/\s+and\s+/gi)) {
    const left = part.text.slice(0, match.index!).trim();
    const right = part.text.slice(match.index! + match[0].length);
    if (minQualifierWords > 1 && (left.split(/\s+/).length < minQualifierWords || /^[CLTS]\d/i.test(left))) continue;
    if (!isQualifier(left) || !(DIAGNOSIS_HEAD.test(lastWord(right)) || DIAGNOSIS_HEAD.test(headWord(right)))) continue;
    return { qualifierEnd: part.start + match.index!, rest: { text: right, start: part.start + match.index! + match[0].length, end: part.end } };
  }
  return null;
}

/** A phrase without its closing punctuation and a closing parenthesised aside or code ("chronic (309.81)."). */
function withoutTail(phrase: string): string {
  return phrase.replace(/[.;:,]+$/, "").replace(/\s*\([^()]*\)$/, "");
}

/** A phrase's last word, without a closing parenthesised aside or punctuation. */
function lastWord(phrase: string): string {
  return withoutTail(phrase.trim()).split(/[\s/]+/).pop() ?? "";
}

/** A phrase's head word: its last, or the last before an "of" or "at" phrase ("contusion of right foot", "strain of ... ligament of left knee"). */
function headWord(phrase: string): string {
  const of = /\s(?:of|at)\s/i.exec(phrase);
  return of ? lastWord(phrase.slice(0, of.index)) : lastWord(phrase);
}

/** The last word of a phrase that can stand alone as a diagnosis ("... syndrome", "hypertension"). */
const DIAGNOSIS_HEAD =
  /(?:itis|osis|pathy|algia|emia|ism|syndrome|disorder|disease|tear|tears|fracture|strain|sprain|pain|injury|injuries|contusion|depression|anxiety|insomnia|hypertension|mellitus|obesity|tachycardia|stenosis|herniation|protrusion|lesion|dysfunction|deficit|headache|headaches|impingement|instability|laceration|dislocation|neuralgia|spasm|spasms|paresthesias?|sciatica|effusion|bursitis|dermatitis|infection|lumbago|status|nonunion|malunion|loss|tinnitus|vertigo|apnea|hernia|cyst|neuroma|contracture|deformity|weakness|numbness)$/i;

/**
 * "A and B" is two diagnoses when A can stand alone as one; otherwise A is a
 * modifier sharing B's head noun ("neck and back pain", "right foot and right
 * shoulder pain") or B continues A ("facet pain L4-5 and L5-S1").
 */
function splitOnAnd(part: Part, isLastOfList: boolean): Part[] {
  if (/^(?:status post|s\/p)\b/i.test(part.text.trim())) return [part];
  const comma = part.text.indexOf(",");
  if (comma >= 0) {
    // "lumbar facet arthropathy and major depressive disorder, single episode, moderate": two diagnoses before the
    // commas, the qualifiers after them the last one's; but "myalgia and myositis, unspecified", "depression and
    // anxiety, secondary to chronic pain": one word each, one diagnosis qualified as a whole
    const before = splitOnAnd({ text: part.text.slice(0, comma), start: part.start, end: part.start + comma }, false);
    if (before.length === 1 || before.some((piece) => !/\S\s+\S/.test(piece.text.trim()))) return [part];
    const last = before[before.length - 1]!;
    return [...before.slice(0, -1), { text: part.text.slice(last.start - part.start), start: last.start, end: part.end }];
  }
  const missingComma = splitAtMissingComma(part);
  if (missingComma) return [missingComma[0], ...splitOnAnd(missingComma[1], isLastOfList)];
  for (const match of part.text.matchAll(/\s+and\s+/gi)) {
    // "sprain and strain" names one condition, like "sprain/strain"
    if (/\b(?:sprain|strain)$/i.test(part.text.slice(0, match.index!)) && /^(?:sprain|strain)\b/i.test(part.text.slice(match.index! + match[0].length))) continue;
    const left = part.text.slice(0, match.index!).trim();
    const right = part.text.slice(match.index! + match[0].length).trim();
    // "pain of the cervical and upper thoracic region": a bare modifier before "and" shares the head noun after it
    const finalConjunction = isLastOfList && !MODIFIER.test(left) && !BARE_ADJECTIVE.test(lastWord(left));
    if (!DIAGNOSIS_HEAD.test(lastWord(left)) && !finalConjunction) continue;
    // "adjustment disorder with mixed anxiety and depressed mood": inside a "with" phrase, "and" joins what the phrase names
    if (/\bwith\b/i.test(left) && !DIAGNOSIS_HEAD.test(lastWord(right))) continue;
    // "pain in both knees and ankles" shares its head; "tendinitis of both shoulders and myofascial pain syndrome" does not
    if (/^(?:[CLTS]\d|\d)/.test(right) || (/\bboth\b/i.test(left) && !(/\s/.test(right) && DIAGNOSIS_HEAD.test(lastWord(right))))) continue;
    const leftStart = part.start + part.text.indexOf(left);
    const rightStart = part.start + match.index! + match[0].length;
    const rightPart = { text: part.text.slice(match.index! + match[0].length), start: rightStart, end: part.end };
    return [{ text: left, start: leftStart, end: leftStart + left.length }, ...splitOnAnd(rightPart, false)];
  }
  return [part];
}

/**
 * "right shoulder strain right elbow contusion": a diagnosis that ends in its
 * head noun, then a new one that starts with a side and has a head noun of its
 * own, with the comma between them lost. ("tenosynovitis right wrist" is one.)
 */
function splitAtMissingComma(part: Part): [Part, Part] | null {
  for (const match of part.text.matchAll(/(\S+) (?=(?:right|left|bilateral) )/gi)) {
    if (!DIAGNOSIS_HEAD.test(match[1]!)) continue;
    const cut = match.index! + match[0].length;
    const rest = part.text.slice(cut);
    const restHead = rest.split(/\s+and\s+/)[0]!.split(/\s+/).pop() ?? "";
    if (!DIAGNOSIS_HEAD.test(restHead)) continue;
    const leftText = part.text.slice(0, cut).trimEnd();
    return [
      { text: leftText, start: part.start, end: part.start + leftText.length },
      { text: rest, start: part.start + cut, end: part.end },
    ];
  }
  return null;
}

/** An adjective that cannot end a diagnosis, so its phrase goes on after "and": "of the cervical and upper thoracic region". */
const BARE_ADJECTIVE = /^(?:right|left|bilateral|upper|lower|mid|[a-z]+(?:al|ar))$/i;

/** A left side that only modifies the head noun after "and" ("right and left shoulder sprain"). */
const MODIFIER = /^(?:right|left|bilateral|upper|lower|neck|back|lumbar|cervical|thoracic|hip|knee|shoulder|wrist|ankle|foot|elbow|hand|arm|leg|mild|moderate|severe|acute|chronic|[a-z]+al)$/i;

function trimPart(part: Part, text: string): Part {
  let start = part.start;
  let end = part.end;
  const isJunk = (c: string | undefined) => c !== undefined && /[\s.,;:\-–•*"]/.test(c);
  while (start < end && isJunk(text[start])) start++;
  while (end > start && isJunk(text[end - 1])) end--;
  let value = text.slice(start, end);
  const lead = /^(?:and|or|including|include|of|the diagnoses of|diagnoses of|an?|the)\s+/i.exec(value);
  if (lead) {
    start += lead[0].length;
    value = text.slice(start, end);
  }
  // "diagnosed with CRPS by the Budapest criteria on 06-14-2016": how and when, not what; a procedure's date stays ("s/p ORIF on 2/20/2016")
  const how = value.includes(" criteria") || / on (?:the )?\d|\bon [A-Z][a-z]{2,8}\.? \d/.test(value) ? HOW_DIAGNOSED.exec(value) : null;
  if (how && how.index > 0 && !/\b(?:status post|s\/p)\b/i.test(value)) {
    end = start + how.index;
    value = text.slice(start, end);
  }
  return { text: value, start, end };
}

const HOW_DIAGNOSED = new RegExp(`(?:\\s+(?:by|per|using|according to) (?:the )?[\\w' -]{1,40}? criteria(?:\\s+(?:on|in) ${DATE_SOURCE})?|\\s+on ${DATE_SOURCE})$`, "i");
