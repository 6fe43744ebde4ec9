// Development aid: check that a change meant only for speed changes no output.
//
//   git worktree add /tmp/imr-base <rev> && (cd /tmp/imr-base && npm ci && npm run build)
//   npx tsx scripts/dev-same-output.ts /tmp/imr-base/dist
//
// Compares this tree's normalised text, offset map, furniture, tokens and
// whole record with the baseline build's, on the extracted text of every
// document under samples/ (text files and PDFs: the corpus, the probes and
// the OCR letters), eight perturbed variants of each, and random strings over
// the characters normalisation treats specially. Prints the first
// differences and exits 1 when there are any.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { tokenize } from "../grammar/lexer.js";
import { processText } from "../src/core/process.js";
import { normalizeText } from "../src/normalize/index.js";
import { closePdfReaders, readPdf } from "../src/read/pdf.js";
import { decodeText } from "../src/read/text.js";
import { perturb, type Noise } from "../test/support/perturb.js";

const baseDir = process.argv[2];
if (!baseDir) {
  console.error("usage: npx tsx scripts/dev-same-output.ts BASELINE_DIST_DIR");
  process.exit(2);
}
const baseline = async <T>(path: string): Promise<T> => (await import(pathToFileURL(resolve(baseDir, path)).href)) as T;
const base = {
  normalizeText: (await baseline<typeof import("../src/normalize/index.js")>("src/normalize/index.js")).normalizeText,
  tokenize: (await baseline<typeof import("../grammar/lexer.js")>("grammar/lexer.js")).tokenize,
  processText: (await baseline<typeof import("../src/core/process.js")>("src/core/process.js")).processText,
};

const texts = await corpus();
const source = { path: "x", sha256: "0".repeat(64) };
const normalized = (n: ReturnType<typeof normalizeText>) => JSON.stringify([n.text, [...n.origin], n.furniture]);
const tokens = (text: string, lex: typeof tokenize) => {
  const { tokens, errors } = lex(text);
  return JSON.stringify([tokens.map((t) => [t.tokenType.name, t.startOffset, t.image]), errors.length]);
};
const differences: string[] = [];
for (const text of texts) {
  const ours = normalizeText(text);
  const what =
    normalized(ours) !== normalized(base.normalizeText(text))
      ? "normalised text"
      : tokens(ours.text, tokenize) !== tokens(ours.text, base.tokenize)
        ? "tokens"
        : JSON.stringify(processText(text, source)) !== JSON.stringify(base.processText(text, source))
          ? "record"
          : null;
  if (what) differences.push(`${what}: ${JSON.stringify(text.slice(0, 120))}`);
}
console.log(`${texts.length} texts, ${differences.length} with a different output`);
for (const line of differences.slice(0, 10)) console.log(`  ${line}`);
process.exitCode = differences.length > 0 ? 1 : 0;

async function corpus(): Promise<string[]> {
  const extracted: string[] = [];
  for (const folder of ["samples/text", "samples/probe", "samples/ocr"]) {
    for (const name of readdirSync(folder).filter((n) => n.endsWith(".txt")).sort()) extracted.push(decodeText(readFileSync(join(folder, name))));
  }
  for (const folder of ["samples/pdf", "samples/real", "samples/probe", "samples/ocr"]) {
    for (const name of readdirSync(folder).filter((n) => n.endsWith(".pdf")).sort()) {
      const read = await readPdf(new Uint8Array(readFileSync(join(folder, name))), { reader: "inline" });
      if (read.ok) extracted.push(read.pages.join("\f"));
    }
  }
  await closePdfReaders();
  const noises: Noise[] = [
    { crlf: true },
    { blankLineAfterEveryLine: true, trailingSpaces: true },
    { pageBreakEvery: 20 },
    { pageBreakEvery: 35, crlf: true },
    { breakLines: 0.5, splitWords: 0.3 },
    { splitWords: 0.8 },
    { titleCaseHeadings: true, outcomeOnOwnLine: true },
    { crlf: true, blankLineAfterEveryLine: true, trailingSpaces: true, pageBreakEvery: 25, breakLines: 0.3, splitWords: 0.3 },
  ];
  const texts = [...extracted];
  extracted.forEach((text, i) => noises.forEach((noise, k) => texts.push(perturb(text, { ...noise, seed: i * 31 + k + 1 }))));
  // random strings: pieces of real text among the characters and phrases normalisation and the lexer treat specially
  const pieces = [" ", "  ", "\t", "\r", "\n", "\r\n", "\f", "\u00A0", "\u2007", "\u202F", "\uFB01", "\uFB03", "\u2019", "\u201C", "\u00AD", "\u200B", "\uFEFF", "\u2010", "-", "-\n", ".", ",", ":", "·", "•", "_", "a", "x", "Z", "1", "7", "\u2002", "\u3000", "\u00e9", "\u0100",
    "Page 1 of 3", "page 2/4", "CM16-0123456", "IMR Case Number: CM15-1234567", "Date\nof Injury: 1/2/2015", "medi-\ncally", "Non-\nMTUS", "ab-\nc", "No. 5", ": Upheld", " - Overturned\n"];
  let state = 12345;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) % 1e6) / 1e6;
  };
  for (let i = 0; i < 6000; i++) {
    let text = "";
    for (let j = 1 + Math.floor(random() * 60); j > 0; j--) {
      text += random() < 0.15 ? extracted[Math.floor(random() * extracted.length)]!.slice(Math.floor(random() * 3000)).slice(0, Math.floor(random() * 80)) : pieces[Math.floor(random() * pieces.length)];
    }
    texts.push(text);
  }
  return texts;
}
