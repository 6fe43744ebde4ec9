/**
 * The parser: tokens to a concrete syntax tree of sections, labelled parts
 * and lines. Unknown lines are ordinary `line`s, so nothing stops the parse;
 * error recovery covers the rest.
 *
 *   document     := (section | labelledPart | line)*
 *   section      := SectionHeading lineTail (labelledPart | line)*
 *   labelledPart := PartLabel lineTail continuation*
 *   line         := (NumberedMarker | BulletMarker)? lineLabel? lineTail
 *   lineTail     := (Text | LoneValue | HeaderLabel)* Outcome? Newline
 *
 * The lexer's input always ends with a line break (normalisation sees to it).
 *
 * A labelled part (a guideline, a rationale) runs on over plain lines until a
 * line that opens something else: a label, a numbered item, or an outcome.
 */
import type { IOrAlt, IToken, TokenType } from "chevrotain";
import { CstParser, EOF } from "./chevrotain.js";
import {
  allTokens,
  BulletMarker,
  CredentialLabel,
  CredentialsIntro,
  DeterminationLabel,
  HeaderLabel,
  LetterFurniture,
  LoneValue,
  misreadable,
  Newline,
  NumberedMarker,
  Outcome,
  PartLabel,
  SectionHeading,
  Text,
} from "./tokens.js";

class DeterminationParser extends CstParser {
  // Each OR's alternatives, made on a rule's first run and kept: built inline, the
  // arrays and closures were made again on every run, a fifth of what the parser allocated
  private documentItems?: IOrAlt<unknown>[];
  private sectionItems?: IOrAlt<unknown>[];
  private markers?: IOrAlt<unknown>[];
  private lineLabels?: IOrAlt<unknown>[];
  private tailItems?: IOrAlt<unknown>[];

  constructor() {
    // node locations let the visitor order children without walking their subtrees
    super(allTokens, { recoveryEnabled: true, maxLookahead: 2, nodeLocationTracking: "onlyOffset" });
    this.performSelfAnalysis();
  }

  document = this.RULE("document", () => {
    this.MANY(() => {
      this.OR(
        (this.documentItems ??= [
          { ALT: () => this.SUBRULE(this.section) },
          { ALT: () => this.SUBRULE(this.labelledPart) },
          { ALT: () => this.SUBRULE(this.line) },
        ]),
      );
    });
  });

  section = this.RULE("section", () => {
    this.CONSUME(SectionHeading);
    this.SUBRULE(this.lineTail);
    this.MANY(() => {
      this.OR((this.sectionItems ??= [{ ALT: () => this.SUBRULE(this.labelledPart) }, { ALT: () => this.SUBRULE(this.line) }]));
    });
  });

  labelledPart = this.RULE("labelledPart", () => {
    this.partStart = this.CONSUME(PartLabel).startOffset;
    this.SUBRULE(this.lineTail);
    this.MANY({
      GATE: () => this.continuesPart(),
      DEF: () => this.SUBRULE(this.line),
    });
  });

  line = this.RULE("line", () => {
    this.OPTION(() => {
      this.OR((this.markers ??= [{ ALT: () => this.CONSUME(NumberedMarker) }, { ALT: () => this.CONSUME(BulletMarker) }]));
    });
    this.OPTION2(() => {
      this.OR2(
        (this.lineLabels ??= [
          { ALT: () => this.CONSUME(DeterminationLabel) },
          { ALT: () => this.CONSUME(CredentialLabel) },
          { ALT: () => this.CONSUME(CredentialsIntro) },
          { ALT: () => this.CONSUME(LetterFurniture) },
        ]),
      );
    });
    this.SUBRULE(this.lineTail);
  });

  lineTail = this.RULE("lineTail", () => {
    this.MANY(() => {
      this.OR(
        (this.tailItems ??= [
          { ALT: () => this.CONSUME(Text) },
          { ALT: () => this.CONSUME(LoneValue) },
          { ALT: () => this.CONSUME(HeaderLabel) },
        ]),
      );
    });
    this.OPTION(() => this.CONSUME(Outcome));
    this.CONSUME(Newline);
  });

  /** The text being parsed, for lookahead that needs to see the line before. */
  sourceText = "";
  /** Where the labelled part being parsed starts in `sourceText`. */
  private partStart = 0;

  /**
   * A plain line of running text, not one that opens an item or carries an
   * outcome. A line starting "3. ..." or "- ..." continues the part when the
   * line before it stopped mid-sentence ("Section(s):\n3. Opioids ...",
   * "Low Back\n- Lumbar & Thoracic"), or when it is an entry of a list in
   * the part ("criteria: ... met.\n2) Initially unresponsive to ...").
   */
  private continuesPart(): boolean {
    const firstToken = this.LA(1);
    const first = firstToken.tokenType;
    if (first === NumberedMarker || first === BulletMarker) {
      // "Item 2:", "Issue 3 of 4": an item's own marker, never a list's (a bullet "o " is a list's)
      if (first === NumberedMarker && /^[a-z]/i.test(firstToken.image) && !/^\(?[a-h][.)]/i.test(firstToken.image)) return false;
      const before = this.sourceText.slice(Math.max(0, firstToken.startOffset - 2), firstToken.startOffset);
      if (!before.endsWith("\n")) return false;
      if (/[.!?"')]\n$/.test(before) && !this.listEntry(firstToken.startOffset + firstToken.image.length)) return false;
    } else if (first === Text) {
      if (this.LA(2).tokenType === Newline && this.unknownHeading(firstToken.startOffset, firstToken.image)) return false;
    } else if (first !== LoneValue) {
      return false;
    }
    for (let i = 2; ; i++) {
      const type: TokenType = this.LA(i).tokenType;
      if (type === Newline || type === EOF) return true;
      if (type === Outcome) return first === NumberedMarker && this.nextListEntry(firstToken);
    }
  }

  /**
   * Whether a numbered line is the next entry of a list that began inside the
   * part: the last numbered line since the part's label bears the number
   * before it, in the same form ("2." then "3."). Such a line is the list's
   * even when it ends in an outcome word ("3. 03/05/2015 IMR decision on the
   * purchase request: Upheld"); an item's own number does not follow the
   * last entry of a list in the rationale before it.
   */
  private nextListEntry(marker: IToken): boolean {
    const own = /^(\(?)(\d{1,2})([.)])$/.exec(marker.image);
    if (!own || own[2] === "1") return false;
    let last: RegExpExecArray | null = null;
    const entries = /\n(\(?)(\d{1,2})([.)]) /g;
    entries.lastIndex = this.partStart;
    for (let entry = entries.exec(this.sourceText); entry !== null && entry.index < marker.startOffset - 1; entry = entries.exec(this.sourceText)) last = entry;
    return last !== null && last[1] === own[1] && last[3] === own[3] && Number(last[2]) === Number(own[2]) - 1;
  }

  /**
   * Whether a line of text alone is a heading the grammar does not know
   * ("REVIEWER CREDENTIALS", "CONCLUSION:"): short, in capitals, after a
   * finished sentence on a line written in lower case too. In a letter
   * printed all in capitals no line is taken for one.
   */
  private unknownHeading(at: number, line: string): boolean {
    if (!UNKNOWN_HEADING.test(line) || RATIONALE_SUBHEADING.test(line)) return false;
    const lineBefore = this.sourceText.slice(this.sourceText.lastIndexOf("\n", at - 2) + 1, at - 1);
    return /[.!?]["')]?$/.test(lineBefore) && /[a-z]/.test(lineBefore);
  }

  /**
   * Whether a marked line after a finished sentence (`at`: where its text
   * starts, after the marker) is an entry of a list inside the part rather
   * than the next item: not the head of an item ("2. MRI of the knee:", even
   * wrapped before its colon), and
   * not a 2013 letter's item sentence ("2. Physical therapy is not medically
   * necessary and appropriate.").
   */
  private listEntry(at: number): boolean {
    const lineEnd = this.sourceText.indexOf("\n", at);
    if (/:\s*$/.test(this.sourceText.slice(at, lineEnd < 0 ? undefined : lineEnd))) return false;
    const ahead = this.sourceText.slice(at, at + 400);
    const sentenceEnd = ahead.search(/[.!?](?:\s|$)/);
    const sentence = sentenceEnd < 0 ? ahead : ahead.slice(0, sentenceEnd);
    // a head wrapped before its colon ("3) Regarding the request for Lidoderm" / "5% patch #30:") is a head too
    return !ITEM_SENTENCE.test(sentence) && !ITEM_QUESTION.test(ahead.slice(0, sentenceEnd + 1).trim()) && !/:[^\S\n]*\n/.test(sentence);
  }
}

/** A heading's shape: capitals, a few words, maybe a colon. */
const UNKNOWN_HEADING = /^[A-Z][A-Z&/,' -]{3,48}[A-Z]:?$/;
/** What a rationale's own parts are headed, which go on in it: "CONCLUSION:", "Analysis". */
const RATIONALE_SUBHEADING = /^(?:(?:the )?(?:conclusions?|analysis|discussion|summary|recommendations?|findings|assessment|reasoning|rationale|guidelines?|criteria|medical necessity|determination|decision|history)\b)/i;

/** How a 2013 letter states an item's decision, after the item: "is (not) medically necessary"; the group holds the "not". */
export const ITEM_DECISION_SOURCE = misreadable("(?:is|are)\\s+(not\\s+)?medically\\s+(?:necessary|appropriate)");
const ITEM_SENTENCE = new RegExp(`\\b${ITEM_DECISION_SOURCE}\\b`, "i");
/** An item asked about instead: "Is X medically necessary and appropriate?"; the group holds X. */
export const ITEM_QUESTION = /^(?:Is|Are|Was|Were)\s+(.{3,200}?)\s+(?:medically\s+necessary|a\s+medical\s+necessity)(?:\s+and\s+appropriate)?\?$/i;

/** One parser instance, reused: setting `input` resets it. */
export const determinationParser = new DeterminationParser();

export function parseTokens(tokens: IToken[], text: string) {
  determinationParser.sourceText = text;
  determinationParser.input = tokens;
  const cst = determinationParser.document();
  return { cst, errors: determinationParser.errors };
}
