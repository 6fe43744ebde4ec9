/**
 * Helpers over the parsed tree: the lines of a document in order, and a
 * region's text with line breaks read as spaces (same length, so offsets hold).
 */
import type { DocumentTree, LineNode, PartNode, SectionNode } from "../../grammar/index.js";

export interface Region {
  /** The region's text, line breaks turned to spaces. */
  text: string;
  /** Offset of `text[0]` in the normalised text. */
  base: number;
}

/** The normalised text with its line breaks read as spaces: what every region is cut from, made once per document. */
export function flatten(normalized: string): string {
  return normalized.replace(/\n/g, " ");
}

/** `[start, end)` of the document, from its `flatten`ed text. */
export function region(flat: string, start: number, end: number): Region {
  return { text: flat.slice(start, end), base: start };
}

export function linesOf(items: Array<LineNode | PartNode>): LineNode[] {
  // a loop, not flatMap: this runs over every section, and flatMap's array per item showed in profiles
  const lines: LineNode[] = [];
  for (const item of items) {
    if (item.type === "part") lines.push(...item.lines);
    else lines.push(item);
  }
  return lines;
}

export function allLines(tree: DocumentTree): LineNode[] {
  const lines = linesOf(tree.preamble);
  for (const section of tree.sections) lines.push(section.headingLine, ...linesOf(section.body));
  return lines;
}

export function sectionsOf(tree: DocumentTree, ...headings: string[]): SectionNode[] {
  return tree.sections.filter((section) => headings.includes(section.heading));
}

/** Whether `lineContent` has anything for the line (without joining its text). */
export function hasContent(line: LineNode): boolean {
  return line.segments.length > 0;
}

/** The text of a line after its marker and label, before its outcome. */
export function lineContent(line: LineNode): { text: string; start: number; end: number } | null {
  if (!hasContent(line)) return null;
  const segments = line.segments;
  const start = segments[0]!.start;
  const end = segments[segments.length - 1]!.end;
  return { text: segments.map((s) => s.text).join(" "), start, end };
}
