/**
 * The disputed items and what was decided on each, for every layout:
 * A/B: "<item>: Upheld" lines, each followed by labelled guideline and rationale parts;
 * C:   numbered sentences "<item> is (not) medically necessary and appropriate", or numbered
 *      items ("1) Regarding the request for <item>:") decided by such sentences earlier in the letter;
 * D:   an "Issue at Dispute" list, then guideline and rationale sections per item.
 */
import { ITEM_DECISION_SOURCE, ITEM_QUESTION, NUMBERED_MARKER_SOURCE, type DocumentTree, type LineNode, type PartNode, type SectionNode } from "../../grammar/index.js";
import { hasContent, lineContent, linesOf } from "./region.js";

export interface Piece {
  text: string;
  start: number;
  end: number;
}

export interface DecisionDraft {
  item: Piece;
  outcome: { value: "upheld" | "overturned"; start: number; end: number };
  claimsAdministratorGuideline: Piece | null;
  reviewerGuideline: Piece | null;
  rationale: Piece | null;
  medicallyNecessary: { value: boolean; start: number; end: number } | null;
}

/** A part found in the text but not yet cut: its end may move when the next item claims its last lines. */
interface OpenPiece {
  start: number;
  end: number;
}

interface Draft {
  item: Piece;
  outcome: DecisionDraft["outcome"];
  claims: OpenPiece | null;
  reviewer: OpenPiece | null;
  rationale: OpenPiece | null;
}

const PART_FIELDS: Record<string, "claims" | "reviewer" | "rationale"> = {
  ClaimsAdministratorGuidelineLabel: "claims",
  ReviewerGuidelineLabel: "reviewer",
  DecisionRationaleLabel: "rationale",
};

export function extractDecisions(text: string, tree: DocumentTree): DecisionDraft[] {
  const sections = tree.sections;
  const dispute = sections.find((s) => s.heading === "DisputeHeading");
  if (dispute) {
    const drafts = professionalReviewDecisions(text, sections, dispute);
    if (drafts.length > 0) return drafts;
  }
  const outcomeSections = sections.filter((s) => s.body.some((item) => item.type === "line" && item.outcome));
  if (outcomeSections.length > 0) return outcomeLineDecisions(text, outcomeSections.map((section) => section.body));
  // no section heading the letter's way of heading them ("DISPUTED ITEMS/SERVICES"): the items are in the preamble, and
  // their reasons may follow in any section after it
  if (tree.preamble.some((item) => item.type === "line" && item.outcome)) return outcomeLineDecisions(text, [tree.preamble, ...sections.map((section) => section.body)]);
  const issues = sections.filter((s) => s.heading === "IssuesHeading");
  return numberedSentenceDecisions(text, issues, {
    announced: () => announcedDecisions(text, tree, issues),
    otherSections: () => sections.filter((s) => !issues.includes(s)),
    wholeOutcome: () => wholeLetterOutcome(tree),
  });
}

// ---- layouts A and B ----------------------------------------------------------------------

function outcomeLineDecisions(text: string, bodies: Array<SectionNode["body"]>): DecisionDraft[] {
  const drafts: Draft[] = [];
  let candidates: LineNode[] = [];
  let openPart: OpenPiece | null = null;
  /** The draft the parts that follow belong to: the last one found, or one whose reasons are headed by its name later on. */
  let current: Draft | undefined;
  /** The next item's numbered head, whose parts come before its outcome ("Disputed item 2: X", parts, "Outcome: Upheld"). */
  let pending: (Pick<Draft, "claims" | "reviewer" | "rationale"> & { head: Piece }) | null = null;
  /** Reasons with no label of their own, between an item's outcome and its first labelled part: its rationale if it has no other. */
  const unlabelled = new Map<Draft, OpenPiece>();
  /** Whether a labelled part came since the last outcome. */
  let partSinceOutcome = false;
  for (const body of bodies) {
    pending = null;
    for (const node of body) {
      if (node.type === "part") {
        const field = PART_FIELDS[node.label]!;
        const piece = partPiece(node);
        if (current && !pending && !partSinceOutcome) {
          const reasons = sentencesOf(candidates);
          if (reasons) unlabelled.set(current, reasons);
        }
        partSinceOutcome = true;
        if (pending) {
          if (pending[field] === null) pending[field] = piece;
          openPart = piece;
          candidates = node.lines.slice(1);
          continue;
        }
        // the next item's reasons, headed by its name on a line of its own, may follow the part's last sentence
        const next = current ? reasonsHeadIn(text, node, drafts, current) : null;
        if (next) piece.end = trimEnd(text, piece.start, markerStart(text, lineContent(next.line)!.start));
        if (current && current[field] === null) current[field] = piece;
        if (next) current = next.draft;
        openPart = piece;
        candidates = node.lines.slice(1);
        continue;
      }
      if (!node.outcome) {
        candidates.push(node);
        const content = lineContent(node);
        // (not while the items decided so far wait for their reasons: those come under heads of their own)
        if (node.marker?.kind === "number" && node.marker.value === drafts.length + 1 && content && drafts.every(hasParts)) {
          pending = { head: content, claims: null, reviewer: null, rationale: null };
        } else if (pending && content && !hasParts(pending)) {
          // the head wrapped onto the next line
          pending.head = { text: `${pending.head.text} ${content.text}`, start: pending.head.start, end: content.end };
        }
        // decisions listed first, their reasons after under each item's name ("III.2 Tramadol ER 150mg #30")
        if (current && content) current = drafts.find((d) => d !== current && !hasParts(d) && startsWithItem(text, node, d.item.text)) ?? current;
        continue;
      }
      // "Determination: Upheld" under the item's name, or "Determination:" there and the word below: the item ends before the label
      const lineBefore = candidates[candidates.length - 1];
      const label = node.label?.name === "DeterminationLabel" ? node.label : lineBefore?.label?.name === "DeterminationLabel" && !hasContent(lineBefore) ? lineBefore.label : null;
      // an outcome after its item's reasons: the item is the head before them, and the reasons its parts, which end
      // at the outcome's line
      const parts = pending?.rationale ? pending : null;
      let item: Piece;
      if (parts) {
        item = cleanItem(text, parts.head.start, parts.head.end);
        if (openPart) openPart.end = Math.min(openPart.end, trimEnd(text, openPart.start, lineStartOf(text, label?.start ?? node.outcome.start)));
      } else {
        const itemStart = findItemStart(text, candidates, node, drafts.length + 1);
        if (openPart && itemStart < openPart.end) openPart.end = trimEnd(text, openPart.start, markerStart(text, itemStart));
        const itemEnd = label && itemStart < label.start ? label.start : node.outcome.start;
        item = cleanItem(text, itemStart, labelledItemEnd(text, itemStart, itemEnd));
      }
      pending = null;
      drafts.push({
        item,
        outcome: { value: node.outcome.value, start: node.outcome.start, end: node.outcome.end },
        claims: parts?.claims ?? null,
        reviewer: parts?.reviewer ?? null,
        rationale: parts?.rationale ?? null,
      });
      current = drafts[drafts.length - 1];
      candidates = [];
      openPart = null;
      partSinceOutcome = false;
    }
  }
  for (const [draft, reasons] of unlabelled) if (draft.rationale === null) draft.rationale = reasons;
  return finishAll(text, drafts);
}

/** The span of plain lines that end a sentence (no label, marker or outcome among them), or null. */
function sentencesOf(lines: LineNode[]): OpenPiece | null {
  const content = lines.filter(hasContent);
  if (content.length === 0 || content.some((line) => line.label || line.marker || line.outcome)) return null;
  const first = lineContent(content[0]!)!;
  const last = lineContent(content[content.length - 1]!)!;
  return /[.!?]["')]?$/.test(last.text) ? { start: first.start, end: last.end } : null;
}

/** A line of a part, after a finished sentence, that opens with the name of an item whose reasons have not come yet. */
function reasonsHeadIn(text: string, part: PartNode, drafts: Draft[], current: Draft): { line: LineNode; draft: Draft } | null {
  const waiting = drafts.filter((d) => d !== current && !hasParts(d));
  if (waiting.length === 0) return null;
  for (let i = 1; i < part.lines.length; i++) {
    const line = part.lines[i]!;
    const before = lineContent(part.lines[i - 1]!);
    if (!lineContent(line) || !before || !/[.!?]["')]?$/.test(before.text)) continue;
    const draft = waiting.find((d) => startsWithItem(text, line, d.item.text));
    if (draft) return { line, draft };
  }
  return null;
}

/** Where the line holding `at` starts. */
function lineStartOf(text: string, at: number): number {
  return text.lastIndexOf("\n", at - 1) + 1;
}

/** Whether any of an item's parts (claims, the reviewer's findings, the rationale) has been found. */
function hasParts(draft: Pick<Draft, "claims" | "reviewer" | "rationale">): boolean {
  return draft.claims !== null || draft.reviewer !== null || draft.rationale !== null;
}

/** Where the line holding `at` starts, when only a list marker stands before `at` on it ("5. Temazepam ..."); else `at`. */
function markerStart(text: string, at: number): number {
  const lineStart = lineStartOf(text, at);
  return MARKER_ALONE.test(text.slice(lineStart, at)) ? lineStart : at;
}

/** A line's marker with nothing after it: "5. ", "- ", "Disputed Item 2: ". */
const MARKER_ALONE = new RegExp(`^\\s*(?:${NUMBERED_MARKER_SOURCE}|[-•*])\\s+$`, "i");

/** How far back an item's name may begin before its outcome: in characters, so that where its lines break does not matter. */
const ITEM_REACH = 330;

/** A line ending in an abbreviation's period ("etc.)", "1 p.o. b.i.d."), which closes no sentence. */
const ABBREVIATION_END = /(?:\b(?:etc|e\.g|i\.e|vs|approx|Dr|No)\.|(?:\b[a-z]\.){2,})["')]?$/i;

/** What follows a line's last sentence break. */
function lastSentenceOf(text: string): string {
  const breaks = [...text.matchAll(/[.!?]["')]?\s+/g)];
  const last = breaks[breaks.length - 1];
  return last ? text.slice(last.index! + last[0].length) : text;
}

/** Whether a line ending in a colon ends the items' introduction begun on the line before, which ran on into it. */
function endsWrappedIntro(before: string | null, line: string): boolean {
  return before !== null && !/[.:!?]["')]?$/.test(before) && ITEMS_INTRO.test(lastSentenceOf(`${before} ${line}`));
}

/** Whether a line leaves a parenthesis open ("Cyclobenzaprine 10mg #60 (1 p.o. b.i.d." / "for spasm)"): its sentence goes on. */
function opensParenthesis(line: string): boolean {
  const open = line.lastIndexOf("(");
  return open >= 0 && line.indexOf(")", open) < 0;
}

/** Words of the sentence that introduces the items, however it is worded: no item name holds them. */
const INTRO_WORDS = "\\b(?:disputed (?:items?|services?|treatments?|requests?)|final determination|items?\\/services?|(?:determinations?|decisions?) and (?:reasons|rationales?))\\b";

const INTRO_WORDS_ANYWHERE = new RegExp(INTRO_WORDS, "i");

/** That sentence, wrapped: "... the decisions on which the Final / Determination was based:". */
const ITEMS_INTRO = new RegExp(`${INTRO_WORDS}.*:$`, "i");

/** A rationale's conclusion that lost its period: no item name ends so. */
const CONCLUSION_END = /\b(?:is|are) (?:not )?(?:medical?ly (?:necessary|appropriate)|a medical necessity)(?: and appropriate)?$/i;

/**
 * A line ending in a colon, with no sentence break: the first part of an item
 * name wrapped after its colon, or its wrapped end ("the 03/11/2015 visit:");
 * not the line that introduces the items, however it is worded ("... set forth
 * below:", "below:", "the decisions on the disputed items/services that follow:").
 */
const ITEM_HEAD = new RegExp(`^(?!.*\\b(?:below|follows?|following|that follow|as follows):$)(?!.*${INTRO_WORDS})[A-Za-z0-9](?:(?![.!?] ).){0,98}:$`, "i");

/**
 * Where an item that ends on `outcomeLine` begins. Lines before it belong to
 * the item while the line before each does not close a sentence; the
 * partial-authorisation kind ("X was the original request. ... is: Upheld")
 * begins with the sentence that names the original request. `itemNumber`:
 * the item's place in the letter, which a line opening with that number starts.
 */
function findItemStart(text: string, candidates: LineNode[], outcomeLine: LineNode, itemNumber: number): number {
  const own = lineContent(outcomeLine)?.start ?? outcomeLine.outcome!.start;
  // a bare "Determination:" label before the item's lines ends what came before ("... the Final" / "Determination:");
  // right above an outcome alone on its line it is the outcome's own label
  let from = 0;
  const ownsItem = hasContent(outcomeLine);
  for (let i = candidates.length - (ownsItem ? 1 : 2); i >= 0; i--) {
    if (candidates[i]!.label?.name === "DeterminationLabel" && !hasContent(candidates[i]!)) {
      from = i + 1;
      break;
    }
  }
  const lines = candidates.slice(from).filter(hasContent);
  if (lines.length === 0) return own;
  // a numbered item starts on its own line, and so does one its line names as decided ("The denial of X is upheld");
  // a dash may only continue the line before ("cervical spine" / "- 2 x 4: Overturned")
  // (and a row of a table, "X | Upheld", whose cells do not wrap onto rows of their own)
  if (opensItem(text, outcomeLine.marker) || DECISION_ON.test(text.slice(own, own + 60)) || /\S \| /.test(text.slice(own, outcomeLine.outcome!.end))) return own;
  let start = own;
  let taken = 0;
  const ownText = lineContent(outcomeLine)?.text ?? "";
  for (let i = lines.length - 1; i >= 0; i--) {
    const content = lineContent(lines[i]!)!;
    if (own - content.start > ITEM_REACH) break;
    // a colon ends an introduction ("... set forth below:"), but not a short head of the item ("Associated surgical service:")
    const closesSentence =
      !opensParenthesis(content.text) &&
      ((/[.!?]["')]?$/.test(content.text) && !ABBREVIATION_END.test(content.text)) ||
        // (the colon's own sentence decides: "... IMR eligible. The original request, Associated surgical service:" is a head)
        (/:$/.test(content.text) && (!ITEM_HEAD.test(lastSentenceOf(content.text)) || endsWrappedIntro(i > 0 ? lineContent(lines[i - 1]!)!.text : null, content.text)))) ||
      CONCLUSION_END.test(content.text) ||
      // a heading of the letter's own ("ITEMS REVIEWED BY THE EXPERT") above an item written in lower case
      (/[a-z]/.test(ownText) && !/[a-z]/.test(content.text) && /[A-Z]{3}/.test(content.text)) ||
      // a heading that names the items ("Outcome Of Each Disputed Item"), or a row of the header table
      (!content.text.includes(":") && INTRO_WORDS_ANYWHERE.test(content.text)) ||
      lines[i]!.segments.some((segment) => segment.kind !== "text");
    // an outcome alone on its line belongs to the line before it, whatever that ends with
    if (closesSentence && !(ownText === "" && taken === 0)) break;
    start = content.start;
    taken++;
    // the item's own number opens its line ("(1) Home CPM device", not a count wrapped onto a line: "(6) for the shoulder"),
    // or its label does ("Service: X", "Requested treatment: X")
    const marker = lines[i]!.marker;
    if (marker?.kind === "number" ? marker.value === itemNumber : opensItem(text, marker)) break;
    if (ITEM_LABEL.test(content.text)) break;
  }
  // the partial-authorisation kind names "the original request" or its "IMR eligible" portion in its last sentence:
  // its first may lie before any line taken
  const partial = /\b(?:original\s+request|IMR\s+eligible)\b/i.test(text.slice(start, outcomeLine.outcome!.start));
  if (taken === 0 && !partial) return own;
  const regionStart = lineContent(lines[0]!)!.start;
  const before = text.slice(regionStart, own).replace(/\n/g, " ");
  // the last such sentence before the outcome; one in a rationale further back belongs to an earlier item
  let original = -1;
  for (const m of before.matchAll(/\bwas the original request\b/gi)) original = m.index!;
  if (original >= 0 && (partial || regionStart + original >= start) && regionStart + original > own - 600) {
    const head = before.slice(0, original);
    let sentenceStart = 0;
    for (const m of head.matchAll(/[.!?:]["')]?\s+(?=["(]?[A-Z0-9])/g)) {
      // "Associated surgical service: Cold therapy unit ... was the original request": the colon is the item's own
      if (head[m.index!] === ":" && ITEM_HEAD.test(head.slice(sentenceStart, m.index! + 1).trim())) continue;
      sentenceStart = m.index! + m[0].length;
    }
    return regionStart + sentenceStart;
  }
  return start;
}

/** Whether a line's marker opens an item on it: a number, or a bullet other than a dash (which may go on from the line before). */
function opensItem(text: string, marker: LineNode["marker"]): boolean {
  return marker !== null && (marker.kind === "number" || text[marker.start] !== "-");
}

function partPiece(part: PartNode): OpenPiece {
  const first = part.lines.find(hasContent);
  let last: LineNode | undefined;
  for (let i = part.lines.length - 1; i >= 0 && !last; i--) if (hasContent(part.lines[i]!)) last = part.lines[i];
  if (!first || !last) return { start: part.labelSpan.end, end: part.labelSpan.end };
  return { start: lineContent(first)!.start, end: lineContent(last)!.end };
}

// ---- layout C ----------------------------------------------------------------------------------

const NECESSITY_SENTENCE = new RegExp(`^(.*?)\\s+${ITEM_DECISION_SOURCE}`, "i");

/** What comes before the item in a sentence deciding it: "MAXIMUS Federal Services, Inc. has determined the request for", "Regarding the request for". */
const ITEM_LEAD = /^(?:.*?\bhas determined (?:that )?)?(?:regarding |re: )?(?:the (?:request for |requested )?)?/i;

interface ItemSentence {
  item: Piece;
  /** Null for an item head that states no decision ("1) Regarding the request for X:"). */
  outcome: DecisionDraft["outcome"] | null;
}

/** The item and decision of a numbered entry's text, from its first line to its last. */
function readItemSentence(text: string, start: number, end: number): ItemSentence | null {
  const sentence = text.slice(start, end).replace(/\n/g, " ");
  const match = NECESSITY_SENTENCE.exec(sentence);
  if (match) {
    const lead = ITEM_LEAD.exec(match[1]!)![0].length;
    const itemText = match[1]!.slice(lead).trim();
    const outcomeAt = start + match.index + match[0].length - "medically necessary".length;
    return {
      item: { text: itemText, start: start + lead, end: start + lead + itemText.length },
      outcome: { value: match[2] ? "upheld" : "overturned", start: start + match[1]!.length, end: Math.max(outcomeAt, start + match[0].length) },
    };
  }
  // an item head: "Regarding the request for 160 hours of a functional restoration program:",
  // or a question: "Is the request for X medically necessary and appropriate?"
  const head = /^(.{3,200}?):$/.exec(sentence.trim()) ?? ITEM_QUESTION.exec(sentence.trim());
  if (!head) return null;
  const offset = sentence.indexOf(head[1]!);
  const lead = ITEM_LEAD.exec(head[1]!)![0].length;
  const itemText = head[1]!.slice(lead).trim();
  return { item: { text: itemText, start: start + offset + lead, end: start + offset + lead + itemText.length }, outcome: null };
}

/**
 * Decisions a 2013 letter announces before its rationales, by number: "The
 * disputed items/services were decided as follows: 1) MAXIMUS Federal
 * Services, Inc. has determined the request for X is not medically necessary
 * and appropriate."
 */
function announcedDecisions(text: string, tree: DocumentTree, issues: SectionNode[]): Map<number, ItemSentence> {
  const lines = linesOf(tree.preamble);
  for (const section of tree.sections) if (!issues.includes(section)) lines.push(...linesOf(section.body));
  const announced = new Map<number, ItemSentence>();
  forEachNumberedEntry(text, lines, (number, start, end) => {
    const sentence = readItemSentence(text, start, end);
    if (sentence?.outcome && !announced.has(number)) announced.set(number, sentence);
  });
  return announced;
}

/** Calls `visit` with each entry of numbered lines 1, 2, 3... and the unnumbered lines that run on from it. */
function forEachNumberedEntry(text: string, lines: LineNode[], visit: (number: number, start: number, end: number) => void): void {
  let entry: LineNode[] = [];
  let number = 0;
  const close = () => {
    if (entry.length > 0) visit(number, lineContent(entry[0]!)!.start, lineContent(entry[entry.length - 1]!)!.end);
    entry = [];
  };
  for (const line of lines) {
    if (line.marker?.kind === "number") {
      close();
      number = line.marker.value;
      if (lineContent(line)) entry = [line];
    } else if (entry.length > 0 && lineContent(line) && !line.label) {
      entry.push(line);
    } else {
      close();
    }
  }
  close();
}

/** What the 2013 letter says elsewhere of its items, looked up only when a section's items need it. */
interface LetterContext {
  /** Each item's decision as the letter announced it before its rationales (by number). */
  announced: () => Map<number, ItemSentence>;
  /** The sections that are not the items'. */
  otherSections: () => SectionNode[];
  /** The one outcome the letter gives all its items, if it does. */
  wholeOutcome: () => DecisionDraft["outcome"] | null;
}

function numberedSentenceDecisions(text: string, sections: SectionNode[], letter: LetterContext): DecisionDraft[] {
  const drafts: Draft[] = [];
  /** The drafts whose outcome is their rationale's conclusion (by index). */
  const undecided = new Set<number>();
  let decidedEarlier: Map<number, ItemSentence> | undefined;
  for (const section of sections) {
    let itemLines: LineNode[] = [];
    let number = 0;
    const closeItem = () => {
      if (itemLines.length === 0) return;
      const sentence = readItemSentence(text, lineContent(itemLines[0]!)!.start, lineContent(itemLines[itemLines.length - 1]!)!.end);
      itemLines = [];
      if (!sentence) return;
      const outcome = sentence.outcome ?? (decidedEarlier ??= letter.announced()).get(number)?.outcome;
      // an item head no sentence decides: its rationale's conclusion does
      if (!outcome) undecided.add(drafts.length);
      drafts.push({ item: sentence.item, outcome: outcome ?? { value: "upheld", start: sentence.item.end, end: sentence.item.end }, claims: null, reviewer: null, rationale: null });
    };
    let expected = 1;
    for (const node of section.body) {
      if (node.type === "part") {
        closeItem();
        const current = drafts[drafts.length - 1];
        const field = PART_FIELDS[node.label]!;
        if (current && current[field] === null) current[field] = partPiece(node);
        continue;
      }
      if (node.marker?.kind === "number" && node.marker.value === expected) {
        closeItem();
        number = expected++;
        if (lineContent(node)) itemLines = [node];
      } else if (itemLines.length > 0 && lineContent(node)) {
        itemLines.push(node);
      }
    }
    closeItem();
  }
  if (drafts.length > 0 && !drafts.some(hasParts)) attachPartsUnderHeads(text, letter.otherSections(), drafts);
  return finishAll(text, drafts).flatMap((decision, i) => (undecided.has(i) ? decidedByConclusion(decision, letter.wholeOutcome) : [decision]));
}

/**
 * "Final Determination: UPHOLD. This means we decided that none of the disputed items/services are medically
 * necessary": one outcome for every item (not "UPHOLD IN PART"), where it stands.
 */
function wholeLetterOutcome(tree: DocumentTree): DecisionDraft["outcome"] | null {
  for (const line of [...linesOf(tree.preamble), ...tree.sections.flatMap((s) => linesOf(s.body))]) {
    if (line.label?.name !== "FinalDeterminationLabel") continue;
    const content = lineContent(line);
    const word = content && /^(?:(UPHOLD)|OVERTURN)(?:ED)?\b(?![^.\n]*\bIN PART\b)/i.exec(content.text);
    return word ? { value: word[1] ? "upheld" : "overturned", start: content.start, end: content.start + word[0].length } : null;
  }
  return null;
}

/**
 * The items' reasons under numbered heads of their own in another section ("1) Regarding the request for X:", then
 * its guidelines and rationale), where the section that decided the items gave none: each head names its item.
 */
function attachPartsUnderHeads(text: string, sections: SectionNode[], drafts: Draft[]): void {
  let current: Draft | undefined;
  let expected = 1;
  for (const section of sections) {
    for (const node of section.body) {
      if (node.type === "part") {
        const field = PART_FIELDS[node.label]!;
        if (current && current[field] === null) current[field] = partPiece(node);
      } else if (node.marker?.kind === "number" && node.marker.value === expected && lineContent(node) && startsWithItem(text, node, drafts[expected - 1]!.item.text)) {
        current = drafts[expected - 1];
        expected = Math.min(expected + 1, drafts.length);
      }
    }
  }
}

/**
 * An item whose outcome is what its rationale concludes: not medically necessary, the denial is upheld; none, the
 * outcome the letter gives all its items; neither, no decision.
 */
function decidedByConclusion(decision: DecisionDraft, wholeOutcome: () => DecisionDraft["outcome"] | null): DecisionDraft[] {
  const conclusion = decision.medicallyNecessary;
  if (!conclusion) {
    const whole = wholeOutcome();
    return whole ? [{ ...decision, outcome: whole }] : [];
  }
  return [{ ...decision, outcome: { value: conclusion.value ? "overturned" : "upheld", start: conclusion.start, end: conclusion.end } }];
}

// ---- layout D ---------------------------------------------------------------------------------------

function professionalReviewDecisions(text: string, sections: SectionNode[], dispute: SectionNode): DecisionDraft[] {
  const drafts: Draft[] = [];
  let pending: LineNode[] = [];
  for (const node of dispute.body) {
    if (node.type !== "line") continue;
    if (node.outcome && node.label?.name === "DeterminationLabel") {
      const lines = pending.filter((l) => lineContent(l));
      if (lines.length > 0) {
        const start = lineContent(lines[0]!)!.start;
        const end = lineContent(lines[lines.length - 1]!)!.end;
        drafts.push(newDraft(cleanItem(text, start, end), node.outcome));
      }
      pending = [];
    } else if (node.outcome) {
      // an outcome on a line of its own closes the item lines before it ("Determination:" then "Upheld" too);
      // "Knee walker rental - Determination: Overturned": the label is no part of the item
      const content = lineContent(node);
      const ownEnd = content ? withoutDeterminationTail(text, content.start, content.end) : 0;
      const own = content !== null && ownEnd > content.start;
      // a marked line of its own names its item; "- Determination: Upheld" alone continues the lines before
      const itemLines = node.marker && own ? [] : pending.filter((l) => l.label?.name !== "DeterminationLabel" && lineContent(l));
      const first = itemLines.length > 0 ? lineContent(itemLines[0]!)!.start : own ? content!.start : undefined;
      const last = itemLines.length > 0 ? lineContent(itemLines[itemLines.length - 1]!)! : null;
      const end = own ? ownEnd : last ? withoutDeterminationTail(text, last.start, last.end) : undefined;
      if (first !== undefined && end !== undefined && end > first) drafts.push(newDraft(cleanItem(text, first, end), node.outcome));
      pending = [];
    } else {
      // a marked line opens the next item, unless it holds only the label ("- Determination:", the word on the line below)
      const content = lineContent(node);
      if (node.marker && !(content && withoutDeterminationTail(text, content.start, content.end) === content.start)) pending = [];
      pending.push(node);
    }
  }
  assignSections(text, sections.filter((s) => s.heading === "ProfessionalGuidelinesHeading"), drafts, "reviewer");
  assignSections(text, sections.filter((s) => s.heading === "ProfessionalRationaleHeading"), drafts, "rationale");
  return finishAll(text, drafts);
}

/**
 * One guidelines or rationale section for all items, or, printed again under each item in turn, one per item: then
 * a section ends before the line that names the next item ("ISSUE 2: Acupuncture x 6"), which no heading ends.
 */
function assignSections(text: string, sections: SectionNode[], drafts: Draft[], field: "reviewer" | "rationale"): void {
  if (sections.length > 1 && sections.length === drafts.length) {
    sections.forEach((section, k) => {
      const lines = linesOf(section.body).filter(hasContent);
      const next = drafts[k + 1];
      const nextItem = next ? lines.findIndex((line, i) => i > 0 && startsWithItem(text, line, next.item.text)) : -1;
      assignBlocks(text, nextItem < 0 ? lines : lines.slice(0, nextItem), [drafts[k]!], field);
    });
  } else if (sections.length > 0) {
    assignBlocks(text, linesOf(sections[0]!.body).filter(hasContent), drafts, field);
  }
}

const DETERMINATION_TAIL = /\s*[-–]?\s*(?:IMR\s+)?Determination\s*:?\s*$/i;

/** Where `text[start, end)` ends without a closing " - Determination:". */
function withoutDeterminationTail(text: string, start: number, end: number): number {
  return start + text.slice(start, end).replace(DETERMINATION_TAIL, "").length;
}

function newDraft(item: Piece, outcome: NonNullable<LineNode["outcome"]>): Draft {
  return { item, outcome: { value: outcome.value, start: outcome.start, end: outcome.end }, claims: null, reviewer: null, rationale: null };
}

/**
 * A D-layout section holds one block per item ("1. <item>" then its text), or
 * one text for a single item; a single item's text may hold a numbered list
 * of its own ("criteria for meniscectomy:" then "1. Conservative care ...").
 */
function assignBlocks(text: string, lines: LineNode[], drafts: Draft[], field: "reviewer" | "rationale"): void {
  const starts = blockStarts(text, lines, drafts);
  if (starts.length === 0 || (drafts.length === 1 && starts[0]! > 0)) {
    // one text for a single item; for several, one guidelines block that serves them all
    if (lines.length > 0 && (drafts.length === 1 || field === "reviewer")) {
      for (const draft of drafts) draft[field] = { start: lineContent(lines[0]!)!.start, end: lineContent(lines[lines.length - 1]!)!.end };
    }
    return;
  }
  starts.forEach((from, k) => {
    const to = k + 1 < starts.length ? starts[k + 1]! : lines.length;
    const block = lines.slice(from, to);
    const number = block[0]!.marker?.kind === "number" ? block[0]!.marker.value : k + 1;
    const draft = drafts[number - 1] ?? drafts[k];
    if (!draft || draft[field] !== null) return;
    const blockStart = lineContent(block[0]!)!.start;
    const blockEnd = lineContent(block[block.length - 1]!)!.end;
    const blockText = text.slice(blockStart, blockEnd).replace(/\n/g, " ");
    const lead = ITEM_LEAD_IN.exec(blockText.slice(0, ITEM_LEAD_IN_REACH))?.[0].length ?? 0;
    const itemLength = matchingPrefix(blockText.slice(lead), draft.item.text);
    let start = blockStart + (itemLength > 0 ? lead + itemLength : 0);
    // a numbered block that opens with its text, not its item's name ("1) Official Disability Guidelines (ODG), ...")
    const firstLine = lineContent(block[0]!)!.text;
    const opensWithText = itemLength === 0 && block[0]!.marker !== null && !/:$/.test(firstLine) && (firstLine.length > 60 || (field === "reviewer" && GUIDELINE_SOURCE.test(firstLine)));
    if (itemLength === 0 && block.length > 1 && !opensWithText) {
      // the block's own words for its item end at the first line that ends in a colon, within two lines ("ORIF of ... with" / "intramedullary screw:")
      const wrappedHead = !block[0]!.marker && block.length > 2 && !firstLine.endsWith(":") && lineContent(block[1]!)!.text.endsWith(":");
      const headLines = wrappedHead ? 2 : 1;
      start = lineContent(block[headLines]!)!.start;
    }
    while (start < blockEnd && /[\s:.\-–]/.test(text[start]!)) start++;
    draft[field] = { start, end: blockEnd };
  });
}

/** How a guideline's citation begins: "Official Disability Guidelines (ODG), ...", "MTUS Chronic Pain ...", "Non-MTUS ...". */
const GUIDELINE_SOURCE = /^(?:(?:CA|California|Non-)\s*)?(?:MTUS|ODG|ACOEM|Official Disability|American|Chronic Pain Medical Treatment)/i;

/**
 * Indices of the lines that open the items' blocks: numbered lines 1, 2, 3...
 * (those that begin with their item's words, when each item has one: a list
 * inside a block restarts its own numbering), or, for unnumbered blocks, one
 * short head line ending in a colon per item ("Bone growth stimulator:").
 */
function blockStarts(text: string, lines: LineNode[], drafts: Draft[]): number[] {
  const named = sequentialItemLines(lines, (line, n) => drafts[n - 1] !== undefined && startsWithItem(text, line, drafts[n - 1]!.item.text));
  if (named.length === drafts.length) return named;
  // unnumbered blocks, each headed by its item's name
  const byName: number[] = [];
  lines.forEach((line, i) => {
    const next = drafts[byName.length];
    if (next && !line.marker && startsWithItem(text, line, next.item.text)) byName.push(i);
  });
  if (drafts.length > 1 && byName.length === drafts.length && byName[0] === 0) return byName;
  const numbered = sequentialItemLines(lines, () => true);
  if (numbered.length > 0 || drafts.length < 2) return numbered;
  const heads: number[] = [];
  lines.forEach((line, i) => {
    const own = lineContent(line)!.text;
    if (line.marker || !own.endsWith(":")) return;
    if (ITEM_HEAD.test(own) && !/^[a-z]/.test(own)) heads.push(i);
    // a head wrapped over two lines, the line before it closing a sentence
    else if (i > 0 && ITEM_HEAD.test(`${lineContent(lines[i - 1]!)!.text} ${own}`) && (i === 1 || /[.!?:]["')]?$/.test(lineContent(lines[i - 2]!)!.text))) heads.push(i - 1);
  });
  return heads.length === drafts.length && heads[0] === 0 ? heads : [];
}

/**
 * Indices of the lines that open numbered items 1, 2, 3... that `accept`
 * takes: a wrapped line that happens to start "99. This section ..." is
 * text, not item 99.
 */
function sequentialItemLines(lines: LineNode[], accept: (line: LineNode, n: number) => boolean): number[] {
  const starts: number[] = [];
  let expected = 1;
  lines.forEach((line, i) => {
    if (line.marker?.kind === "number" && line.marker.value === expected && accept(line, expected)) {
      starts.push(i);
      expected++;
    }
  });
  return starts;
}

/** Whether a line begins with the first three words of an item, after a lead of its own ("Re:", "For", "Request 2 -"). */
function startsWithItem(text: string, line: LineNode, item: string): boolean {
  const content = lineContent(line)!;
  const head = firstWords(item);
  const lead = ITEM_LEAD_IN.exec(text.slice(content.start, content.start + ITEM_LEAD_IN_REACH))?.[0].length ?? 0;
  const from = content.start + lead;
  // a cheap look first: the line must start with the item's first letters (of its first word, which `firstWords` strips of a comma: "MRI, ...")
  const firstWordEnd = head.indexOf(" ");
  const letters = Math.min(4, firstWordEnd < 0 ? head.length : firstWordEnd);
  if (text.slice(from, from + letters).toLowerCase() !== head.slice(0, letters)) return false;
  return firstWords(text.slice(from, Math.min(content.end, from + head.length + 40))) === head;
}

/** How a block's head may lead into its item's name: "Re: Oxycodone ...", "For Soma 350mg:", "Regarding the request for X:", a note's "[1] X", "Request 2 - X-rays:" (or its "- " once "Request 2" is read as the line's marker), "III.2 Tramadol". */
const ITEM_LEAD_IN = /^(?:(?:re|regarding|for|as to|concerning)\s*:?\s+(?:the\s+request\s+for\s+)?|\[\d{1,2}\]\s+|(?:issue|request|item)\s*#?\s*\d{1,2}\s*[:.)–-]\s*|[:.)–-]\s+|(?:[IVX]{1,4}\.\d{1,2}|\d{1,2}(?:\.\d{1,2})+)\.?\s+)/i;
/** How far into a line its lead into an item's name may reach ("Regarding the request for " is 26 characters). */
const ITEM_LEAD_IN_REACH = 32;

function firstWords(s: string): string {
  return s
    .toLowerCase()
    .split(/\s+/, 3)
    .map((word) => word.replace(/[:.,;]+$/, ""))
    .join(" ");
}

/** Length of the prefix of `text` that spells `item` (ignoring case and spacing), or 0. */
function matchingPrefix(text: string, item: string): number {
  const wanted = item.toLowerCase().replace(/\s+/g, "");
  let i = 0;
  let j = 0;
  while (i < text.length && j < wanted.length) {
    const c = text[i]!.toLowerCase();
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c !== wanted[j]) return 0;
    i++;
    j++;
  }
  return j === wanted.length ? i : 0;
}

// ---- shared -----------------------------------------------------------------------------------------

function cleanItem(text: string, start: number, end: number): Piece {
  let s = start;
  let e = end;
  while (s < e && /[\s"']/.test(text[s]!)) s++;
  // "Decision on X: Overturned": the item is X
  s += DECISION_ON.exec(text.slice(s, e))?.[0].length ?? 0;
  // (and a question's mark: "Question 1: Is the following service medically necessary: X?")
  while (e > s && /[\s:\-–?]/.test(text[e - 1]!)) e--;
  return { text: text.slice(s, e).replace(/\n/g, " "), start: s, end: e };
}

/**
 * Where an item named after its label ends: before the next line that opens with a label of its own ("Treatment
 * requested: X" / "Utilization review: Non-certified on 01/12/2015" / "IMR determination: Upheld").
 */
function labelledItemEnd(text: string, start: number, end: number): number {
  if (!ITEM_LABEL.test(text.slice(start, start + 40))) return end;
  const otherLabel = /\n[A-Z][\w()'/-]*(?: [\w()'/-]+){0,4}: /.exec(text.slice(start, end));
  return otherLabel ? start + otherLabel.index : end;
}

/** A line that names its item after a label: "Service: X", "Disputed item: X", "Disputed Item/Service: X", "Treatment requested: X". */
const ITEM_LABEL_SOURCE = "(?:(?:disputed|requested) )?(?:item|service|treatment|request)s?(?:\\/(?:item|service|treatment|request)s?)?(?: (?:requested|under review|in dispute|at issue))?(?: ?#? ?\\d{1,2})?: ";
const ITEM_LABEL = new RegExp(`^${ITEM_LABEL_SOURCE}`, "i");

/** What an item's line may say before the item: "Decision on", "Determination regarding", "Disputed item:", "The denial of", "Is the following service medically necessary:". */
const DECISION_ON = new RegExp(String.raw`^(?:(?:decision|determination|outcome|finding)s? (?:on|for|regarding|concerning) (?:the )?(?:request(?:ed)? (?:for )?)?|${ITEM_LABEL_SOURCE}|(?:question \d{1,2}: )?(?:is|are) the (?:following|requested) (?:item|service|treatment|request)s? medically necessary(?: and appropriate)?: |(?:the )?(?:(?:UR|utili[sz]ation review) )?(?:denial|non-?certification) (?:of|for) (?:the )?(?:request(?:ed)? (?:for )?)?)`, "i");

function trimEnd(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1]!)) e--;
  return e;
}

function finishAll(text: string, drafts: Draft[]): DecisionDraft[] {
  // each item's words, found once and only when a rationale needs them: most conclusions say "the request"
  const stems: Array<Set<string> | undefined> = [];
  const itemWords = (i: number) => (stems[i] ??= contentStems(drafts[i]!.item.text));
  return drafts.map((d, i) =>
    finish(text, d, () => itemWords(i), () => drafts.flatMap((_, j) => (j === i ? [] : [itemWords(j)]))),
  );
}

/** A draft cut into its pieces; `item`, `otherItems`: the words of its item and of the letter's others, which a rationale may mention. */
function finish(text: string, draft: Draft, item: () => Set<string>, otherItems: () => Set<string>[]): DecisionDraft {
  const piece = (open: OpenPiece | null): Piece | null => {
    if (!open) return null;
    const end = endBeforeClosing(text, open);
    if (end <= open.start) return null;
    return { text: text.slice(open.start, end).replace(/\n/g, " ").trim(), start: open.start, end };
  };
  const rationale = piece(draft.rationale);
  return {
    item: draft.item,
    outcome: draft.outcome,
    claimsAdministratorGuideline: guideline(piece(draft.claims)),
    reviewerGuideline: guideline(piece(draft.reviewer)),
    rationale,
    medicallyNecessary: rationale ? necessity(rationale, item, otherItems) : null,
  };
}

/**
 * The letter's closing statement on the determination itself, begun on a
 * line of its own after a sentence ends: "The Independent Medical Review
 * determination is deemed to be the determination of the Administrative
 * Director and is binding on all parties", "This decision is final",
 * "Any party may appeal ...", "If you disagree ...", "Effect of the
 * Decision: Pursuant to Labor Code ...". No rationale speaks so. The match
 * is the sentence's end before it (the statement is looked ahead at, so a
 * search tries it only where a sentence ends).
 */
const CLOSING_STATEMENT =
  /[.!?]["')]?\n(?=(?:This|The|Your)(?: (?:Independent Medical Review|IMR|final))*(?: organization'?s?)? (?:determination|decision)\b[^.]{0,100}?\b(?:is (?:final|deemed|binding)|binding on all parties|may (?:only )?be (?:appealed|reviewed))|(?:Any|A|Either|Each) party (?:may|can|who)\b|If you (?:disagree|have (?:any )?questions)\b|Effect of (?:the|this) (?:decision|determination)\b|Pursuant to (?:California )?Labor Code\b)/i;

/** Where a last part ends when the letter's closing statement, with no heading of its own, ran on into it. */
function endBeforeClosing(text: string, open: OpenPiece): number {
  const match = CLOSING_STATEMENT.exec(text.slice(open.start, open.end));
  return match === null ? open.end : trimEnd(text, open.start, open.start + match.index + match[0].length);
}

/** Only what follows the first "Decision based on" counts; without it, the whole statement. */
function guideline(piece: Piece | null): Piece | null {
  if (!piece) return null;
  const at = piece.text.search(/\bDecision based on\b/i);
  if (at < 0) return piece;
  const after = piece.text.slice(at).replace(/^Decision based on\s*/i, "");
  const offset = piece.text.length - after.length;
  return { text: after.trim(), start: piece.start + offset, end: piece.end };
}

/** A statement of (no) medical necessity; "medicaly", a common slip, reads as "medically". */
const NECESSITY =
  /\b(?:(?:is|are|was|were|be|been|remains?|deemed|considered|found)(?:,?\s+(?:therefore|thus|hence|also|likewise|similarly|equally|clearly|consequently|accordingly|still|currently),?)?\s+(not\s+)?(?:appropriate\s+and\s+)?(?:indicated\s+as\s+a\s+medical\s+necessity|(?:medical?ly\s+)?(?:necessary|indicated)(?:\s+and\s+appropriate)?|medical?ly\s+appropriate|a\s+medical\s+necessity)|(?:determined|found|deem(?:ed)?|considered|judged)\b[^.]{0,120}?\bto\s+(not\s+)?be\s+medical?ly\s+necessary|(not\s+)medical?ly\s+necessary|(not\s+|cannot\s+be\s+|can\s+not\s+be\s+)(?:supported|substantiated|established|warranted|recommended|considered|deemed|certified|found|regarded)\b[^.]{0,80}?\b(?:medical?ly\s+necessary|a\s+medical\s+necessity)|\b(none)\b[^.]{0,80}?\b(?:is|are)\s+medical?ly\s+necessary|\bmedical\s+necessity\b[^.]{0,120}?\b(?:has|have)\s+(not\s+)?been\s+(?:established|demonstrated|substantiated))\b/gi;

/** A condition right after a statement: "is not necessary if ...", "unless ...". */
const CONDITION_AFTER = /^,?\s+(?:if|unless|when|where|until)\b/i;

/** "may be medically necessary", "visits as determined to be medically necessary": what could be, not what the reviewer concludes. */
const MODAL_BEFORE = /\b(?:(?:may|might|could|would|should)(?:\s+not)?(?:\s+(?:be|have been))?|as|when|if|unless)\s+$/i;

/**
 * What the rationale concludes: its last statement of (no) medical necessity.
 * No statement holds a period, so each sentence can be searched alone with
 * the same result as a search of the whole: the search runs from the last
 * sentence back and stops at the first that has one, which is usually the
 * last. When that one is plainly about something else ("By contrast, a repeat
 * MRI ... is not medically necessary", "Of note, the 6 sessions authorized
 * before were found medically necessary"), an earlier statement that names
 * the item, in the reviewer's own voice, is the conclusion.
 */
function necessity(rationale: Piece, itemOf: () => Set<string>, othersOf: () => Set<string>[]): DecisionDraft["medicallyNecessary"] {
  const text = rationale.text;
  let last: { value: boolean; start: number; end: number } | null = null;
  for (let end = text.length; end > 0; ) {
    const from = text.lastIndexOf(".", end - 1) + 1;
    const sentence = text.slice(from, end);
    const statement = lastStatement(sentence);
    end = from - 1;
    if (!statement) continue;
    const start = rationale.start + from + statement.index!;
    const found = { value: !(statement[1] || statement[2] || statement[3] || statement[4] || statement[5] || statement[6]), start, end: start + statement[0].length };
    const before = sentence.slice(0, statement.index!);
    // the statement's own clause: "Since the arthroplasty has been found ..., the requested inpatient stay" is about the stay;
    // "none of the associated services are ..." holds its own subject
    const subject = statement[5] ? "" : lastClause(before);
    // "The UR reviewer stated that gabapentin was not medically necessary": someone else's view, reported;
    // "the first dorsal compartment release is medically necessary as discussed above": another item's
    if (REPORTED.test(before)) continue;
    // "The request is not medically necessary": about the item, nothing more to weigh
    const refersToItem = REFERS_TO_ITEM.test(subject);
    if (last === null && (refersToItem || !/[a-z]{3}/i.test(subject))) return found;
    const words = contentStems(subject);
    const item = itemOf();
    if (!refersToItem && namesAnotherItem(words, item, othersOf())) continue;
    if (last === null) {
      if (!aboutSomethingElse(words, item)) return found;
      last = found;
    } else if (sharesStem(words, item) && !OTHER_VOICE.test(subject)) {
      return found;
    }
  }
  return last;
}

/** Another party, then the verb or noun that reports what they said: "the treating physician stated that", "UR's opinion that". */
const REPORTED =
  /\b(?:UR|utili[sz]ation review(?:er)?|claims administrator|carrier|insurer|(?:treating|requesting|prescribing|referring|primary treating) (?:physician|provider|doctor|surgeon|therapist)|(?:the|his|her) (?:physician|provider|doctor|surgeon)|(?:prior|previous|UR) (?:reviewer|physician|doctor))(?:'s)?\b[^.]{0,60}?\b(?:stated|states|felt|feels|noted|notes|opined|opines|believes|believed|argued|argues|asserted|asserts|wrote|writes|indicated|indicates|reported|reports|determined|found|concluded|said|says|maintains|maintained|claims|claimed|statement|opinion|assertion|contention|belief|position|argument|rationale)\b/i;

/** A statement made by someone else, or about an earlier decision: UR's view, a prior request's fate. */
const OTHER_VOICE = /\b(?:UR|utili[sz]ation|reviewer|claims administrator|prior|previous|previously|earlier)\b/i;

/** Words that name no particular treatment: units, counts and the like, which any two requests may share. */
const GENERIC_WORDS = new Set(["the", "and", "for", "with", "per", "week", "weeks", "month", "months", "day", "days", "session", "sessions", "visit", "visits", "times", "additional", "left", "right", "bilateral", "purchase", "rental", "unit", "units", "not", "medically", "medical", "necessary", "necessity", "appropriate", "indicated", "since", "because", "which", "that", "this", "was", "were", "has", "have", "been", "are"]);
/** Words by which a sentence points back at the item under review. */
const REFERS_TO_ITEM = /\b(?:(?:the|this|that|these|such) (?:request|requested)|request for|it|this|these|they|such)\b/i;

/**
 * Whether the words of a statement's subject, one that does not point back at
 * the request, name something other than the item: words of their own, none
 * shared with the item (a shared stem of five letters counts).
 */
function aboutSomethingElse(words: Set<string>, item: Set<string>): boolean {
  return words.size > 0 && !sharesStem(words, item);
}

/** The last comma-, semicolon- or colon-separated part of `text` that holds a word. */
function lastClause(text: string): string {
  const parts = text.split(/[,;:]/);
  for (let i = parts.length - 1; i >= 0; i--) if (/[a-z]/i.test(parts[i]!)) return parts[i]!;
  return "";
}

/** Whether a statement's subject names another disputed item of the letter, and not this one. */
function namesAnotherItem(words: Set<string>, item: Set<string>, otherItems: Set<string>[]): boolean {
  if (otherItems.length === 0 || words.size === 0) return false;
  return !sharesStem(words, item) && otherItems.some((other) => sharesStem(words, other));
}

function sharesStem(words: Set<string>, itemWords: Set<string>): boolean {
  for (const word of words) if (itemWords.has(word)) return true;
  return false;
}

function contentStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const word of text.toLowerCase().split(/[^a-z]+/)) {
    if (word.length >= 3 && !GENERIC_WORDS.has(word)) stems.add(word.slice(0, 5));
  }
  return stems;
}

function lastStatement(sentence: string): RegExpExecArray | null {
  let last: RegExpExecArray | null = null;
  for (const match of sentence.matchAll(NECESSITY)) {
    if (/\b(?:indicated)\b/i.test(match[0]) && !/medical/i.test(match[0])) continue;
    if (MODAL_BEFORE.test(sentence.slice(Math.max(0, match.index! - 20), match.index!))) continue;
    // "... is not necessary if radiculopathy is already clinically obvious": a guideline's condition, not a conclusion
    if (CONDITION_AFTER.test(sentence.slice(match.index! + match[0].length, match.index! + match[0].length + 12))) continue;
    last = match;
  }
  return last;
}
