/**
 * `parseSections`: normalised text to the document's tree. The only file that
 * wires lexer, parser and visitor together.
 */
import type { ILexingError, IRecognitionException } from "chevrotain";
import { tokenize } from "./lexer.js";
import { parseTokens } from "./parser.js";

export { ITEM_DECISION_SOURCE, ITEM_QUESTION } from "./parser.js";
export { NUMBERED_MARKER_SOURCE } from "./tokens.js";
import { toDocumentTree, type DocumentTree } from "./visitor.js";

export interface ParsedSections {
  tree: DocumentTree;
  lexErrors: ILexingError[];
  parseErrors: IRecognitionException[];
}

export function parseSections(text: string): ParsedSections {
  const input = text.endsWith("\n") ? text : `${text}\n`;
  const { tokens, errors: lexErrors } = tokenize(input);
  const { cst, errors: parseErrors } = parseTokens(tokens, input);
  return { tree: toDocumentTree(cst), lexErrors, parseErrors };
}

export type { DocumentTree, LineNode, PartNode, SectionNode, Span, TextSegment } from "./visitor.js";
