/**
 * Noise of the kind PDF text extraction adds, applied to a clean document so
 * tests can check that extraction does not depend on where lines happen to
 * break. Deterministic: the same seed gives the same noise.
 */
export interface Noise {
  crlf?: boolean;
  blankLineAfterEveryLine?: boolean;
  trailingSpaces?: boolean;
  /** Insert a page break with footer and running header every N lines (mid-paragraph). */
  pageBreakEvery?: number;
  /** Share of long lines broken once more at a space. */
  breakLines?: number;
  /** Share of line ends where the next word is split with a hyphen. */
  splitWords?: number;
  /** Headings in Title Case instead of capitals. */
  titleCaseHeadings?: boolean;
  /** The outcome word moved to a line of its own. */
  outcomeOnOwnLine?: boolean;
  seed?: number;
  /** The document's own case number, for the running header; by default the first in the text, which may be another case's ("a prior IMR (CM16-...)"). */
  caseNumber?: string | null;
}

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1_000_000) / 1_000_000;
  };
}

/** A letter's own page number or running case number, or a footer that holds a page number: no PDF carries a word's first half onto it. */
const PAGE_FURNITURE = /^\s*(?:CM\d{2}-\d{7}\s*)?(?:Page \d+ of \d+)?\s*(?:CM\d{2}-\d{7})?\s*$|\bPage \d+ of \d+\b/i;

export function perturb(text: string, noise: Noise): string {
  const rand = random(noise.seed ?? 7);
  let lines = text.replace(/\r\n?/g, "\n").split("\n");
  const caseNumber = (noise.caseNumber === undefined ? /\bCM\d{2}-\d{7}\b/.exec(text)?.[0] : noise.caseNumber) ?? "MAXIMUS Federal Services";

  if (noise.titleCaseHeadings) {
    lines = lines.map((l) => (/^[A-Z][A-Z ,()/']{8,}:?\s*$/.test(l.trim()) ? l.toLowerCase().replace(/\b[a-z]/g, (c) => c.toUpperCase()) : l));
  }
  if (noise.outcomeOnOwnLine) {
    lines = lines.flatMap((l) => {
      const m = /^(.*\S):\s*(Upheld|Overturned)\s*$/.exec(l);
      return m && !/^\d+\./.test(l) ? [`${m[1]}:`, m[2]!] : [l];
    });
  }
  if (noise.breakLines) {
    const share = noise.breakLines;
    const breakLine = (l: string): string[] => {
      // a running header (the line a page starts with) is laid out alike on every page, so it breaks alike or not at all;
      // nor a table's row (columns apart by runs of spaces, or two "Label: value" pairs): text pulled out of a PDF keeps a row on its line
      if (l.length < 50 || rand() >= share || l.includes("\f") || /\S {3,}\S/.test(l) || (l.match(/[A-Za-z)]: /g)?.length ?? 0) >= 2) return [l];
      // never break a label off its line start: break in the second half
      const spaces = [...l.matchAll(/ /g)].map((m) => m.index!).filter((i) => i > l.length / 2 && i < l.length - 8);
      if (spaces.length === 0) return [l];
      const at = spaces[Math.floor(rand() * spaces.length)]!;
      return [l.slice(0, at), l.slice(at + 1)];
    };
    // a line printed again (a header table repeated on a later page) is laid out alike, so it breaks alike
    const broken = new Map<string, string[]>();
    lines = lines.flatMap((l) => {
      let pieces = broken.get(l);
      if (!pieces) broken.set(l, (pieces = breakLine(l)));
      return pieces;
    });
  }
  if (noise.splitWords) {
    for (let i = 0; i + 1 < lines.length; i++) {
      const next = lines[i + 1]!;
      const word = /^([a-z]{4,})(\s|$)/.exec(next);
      // a line that already ends in a hyphen ("relax-/ants") is not split again: "relax- an-/ts" is no PDF's;
      // nor is a word carried onto a page's running header
      if (!word || rand() >= noise.splitWords || lines[i]!.trim() === "" || lines[i]!.trimEnd().endsWith("-") || lines[i]!.includes("\f") || PAGE_FURNITURE.test(lines[i]!)) continue;
      // where typesetting hyphenates: after a vowel, before a consonant and a vowel ("poste-rior", not "post-erior")
      const cuts = [...word[1]!.matchAll(/(?<=[aeiouy])(?=[^aeiouy][aeiouy])/g)].map((m) => m.index!).filter((i) => i >= 2 && i <= word[1]!.length - 2);
      if (cuts.length === 0) continue;
      const cut = cuts[Math.floor(rand() * cuts.length)]!;
      lines[i] = `${lines[i]} ${word[1]!.slice(0, cut)}-`;
      lines[i + 1] = next.slice(cut);
    }
  }
  if (noise.pageBreakEvery) {
    const pages = Math.ceil(lines.length / noise.pageBreakEvery);
    const out: string[] = [];
    lines.forEach((l, i) => {
      out.push(l);
      if ((i + 1) % noise.pageBreakEvery! === 0 && i + 1 < lines.length) {
        const page = (i + 1) / noise.pageBreakEvery!;
        out.push(`Page ${page} of ${pages}`, `\f${caseNumber}`);
      }
    });
    lines = out;
  }
  if (noise.trailingSpaces) lines = lines.map((l) => (rand() < 0.5 ? `${l}   ` : l));
  if (noise.blankLineAfterEveryLine) lines = lines.flatMap((l) => [l, " "]);
  const joined = lines.join("\n");
  return noise.crlf ? joined.replace(/\n/g, "\r\n") : joined;
}
