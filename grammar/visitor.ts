/**
 * The CST visitor: the parser's tree to the document's sections, labelled
 * parts and lines, each with half-open spans into the normalised text.
 */
import type { CstNode, IToken } from "chevrotain";
import { determinationParser } from "./parser.js";
import { tokenSpan } from "./lexer.js";
import { upholds } from "./tokens.js";

export interface Span {
  start: number;
  end: number;
}

export interface TextSegment extends Span {
  /** "text" for running text, "value" for a lone header value, or the header label's token name. */
  kind: string;
  text: string;
}

export interface LineNode extends Span {
  type: "line";
  marker: ({ kind: "number"; value: number } & Span) | ({ kind: "bullet" } & Span) | null;
  /** A label that opens the line (credentials, "Determination:", letter furniture). */
  label: ({ name: string } & Span) | null;
  segments: TextSegment[];
  outcome: ({ value: "upheld" | "overturned" } & Span) | null;
}

export interface PartNode extends Span {
  type: "part";
  /** ClaimsAdministratorGuidelineLabel | ReviewerGuidelineLabel | DecisionRationaleLabel */
  label: string;
  labelSpan: Span;
  /** The label's own line (its tail) and the lines it runs on over. */
  lines: LineNode[];
}

export interface SectionNode extends Span {
  heading: string;
  headingSpan: Span;
  headingLine: LineNode;
  body: Array<LineNode | PartNode>;
}

export interface DocumentTree {
  /** What comes before the first section heading: the header table, the letterhead. */
  preamble: Array<LineNode | PartNode>;
  sections: SectionNode[];
}

type Children = Record<string, Array<CstNode | IToken> | undefined>;

const BaseVisitor = determinationParser.getBaseCstVisitorConstructorWithDefaults();

class TreeVisitor extends BaseVisitor {
  constructor() {
    super();
    this.validateVisitor();
  }

  document(children: Children): DocumentTree {
    const preamble: Array<LineNode | PartNode> = [];
    const sections: SectionNode[] = [];
    for (const node of ordered(children, ["section", "labelledPart", "line"])) {
      const cst = node as CstNode;
      if (cst.name === "section") sections.push(this.visit(cst));
      else if (sections.length === 0) preamble.push(this.visit(cst));
      else sections[sections.length - 1]!.body.push(this.visit(cst));
    }
    return { preamble, sections };
  }

  section(children: Children): SectionNode {
    const heading = children.SectionHeading![0] as IToken;
    const headingLine: LineNode = this.visit(children.lineTail![0] as CstNode);
    const body = ordered(children, ["labelledPart", "line"]).map((node) => this.visit(node as CstNode));
    const headingSpan = tokenSpan(heading);
    const last = body[body.length - 1];
    return {
      heading: heading.tokenType.name,
      headingSpan,
      headingLine,
      body,
      start: headingSpan.start,
      end: last ? last.end : headingLine.end,
    };
  }

  labelledPart(children: Children): PartNode {
    const label = children.PartLabel![0] as IToken;
    const first: LineNode = this.visit(children.lineTail![0] as CstNode);
    const rest: LineNode[] = (children.line ?? []).map((node) => this.visit(node as CstNode));
    const labelSpan = tokenSpan(label);
    const lines = [first, ...rest];
    return { type: "part", label: label.tokenType.name, labelSpan, lines, start: labelSpan.start, end: lines[lines.length - 1]!.end };
  }

  line(children: Children): LineNode {
    const tail: LineNode = this.visit(children.lineTail![0] as CstNode);
    const markerToken = (children.NumberedMarker?.[0] ?? children.BulletMarker?.[0]) as IToken | undefined;
    const labelToken = (children.DeterminationLabel?.[0] ??
      children.CredentialLabel?.[0] ??
      children.CredentialsIntro?.[0] ??
      children.LetterFurniture?.[0]) as IToken | undefined;
    let start = tail.start;
    if (labelToken) {
      tail.label = { name: labelToken.tokenType.name, ...tokenSpan(labelToken) };
      start = labelToken.startOffset;
    }
    if (markerToken) {
      const span = tokenSpan(markerToken);
      tail.marker =
        markerToken.tokenType.name === "NumberedMarker"
          ? { kind: "number", value: Number.parseInt(/\d+/.exec(markerToken.image)?.[0] ?? "0", 10), ...span }
          : { kind: "bullet", ...span };
      start = markerToken.startOffset;
    }
    tail.start = Math.min(start, tail.start);
    return tail;
  }

  lineTail(children: Children): LineNode {
    const segments: TextSegment[] = [];
    for (const token of ordered(children, ["Text", "LoneValue", "HeaderLabel"]) as IToken[]) {
      const kind = token.tokenType.name === "Text" ? "text" : token.tokenType.name === "LoneValue" ? "value" : token.tokenType.name;
      segments.push(trimmedSegment(kind, token));
    }
    const outcomeToken = children.Outcome?.[0] as IToken | undefined;
    const newline = children.Newline?.[0] as IToken | undefined;
    const outcome = outcomeToken
      ? { value: upholds(outcomeToken.image) ? ("upheld" as const) : ("overturned" as const), ...tokenSpan(outcomeToken) }
      : null;
    const first = segments[0]?.start ?? outcome?.start ?? newline?.startOffset ?? 0;
    const end = newline && !newline.isInsertedInRecovery ? newline.startOffset : (outcome?.end ?? segments[segments.length - 1]?.end ?? first);
    return { type: "line", marker: null, label: null, segments, outcome, start: first, end };
  }
}

function trimmedSegment(kind: string, token: IToken): TextSegment {
  const { start } = tokenSpan(token);
  const leading = token.image.length - token.image.trimStart().length;
  const text = token.image.trim();
  return { kind, text, start: start + leading, end: start + leading + text.length };
}

/** The children of the named kinds, in document order (not to be changed: it may be the CST's own list). */
function ordered(children: Children, names: string[]): ReadonlyArray<CstNode | IToken> {
  // the parser lists each kind in document order, so one kind alone needs no merging (most lines hold only text)
  let only: Array<CstNode | IToken> | undefined;
  let kinds = 0;
  for (const name of names) {
    const list = children[name];
    if (list !== undefined && list.length > 0) {
      kinds++;
      only = list;
    }
  }
  if (kinds <= 1) return only ?? [];
  const all: Array<CstNode | IToken> = [];
  for (const name of names) for (const child of children[name] ?? []) all.push(child);
  return all.sort((a, b) => offsetOf(a) - offsetOf(b));
}

function offsetOf(node: CstNode | IToken): number {
  if ("image" in node) return node.startOffset;
  return node.location?.startOffset ?? firstTokenOffset(node);
}

function firstTokenOffset(node: CstNode): number {
  let best = Number.POSITIVE_INFINITY;
  for (const list of Object.values(node.children)) {
    for (const child of list ?? []) best = Math.min(best, offsetOf(child as CstNode | IToken));
  }
  return best;
}

const treeVisitor = new TreeVisitor();

export function toDocumentTree(cst: CstNode): DocumentTree {
  return treeVisitor.visit(cst) as DocumentTree;
}
