import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { CustomPatternMatcherFunc } from "chevrotain";
import { describe, expect, it } from "vitest";
import { allTokens } from "../../grammar/tokens.js";
import { normalizeText } from "../../src/normalize/index.js";

const SAMPLES = join(import.meta.dirname, "..", "..", "samples", "text");
const texts = readdirSync(SAMPLES)
  .filter((name) => name.endsWith(".txt"))
  .map((name) => normalizeText(readFileSync(join(SAMPLES, name), "utf8")).text);

// The lexer tries at each offset only the tokens whose hint holds the character there:
// a hint that missed a character a token can start with would silently drop that token.
describe("start_chars_hint", () => {
  const hinted = allTokens.filter((token) => typeof token.PATTERN === "function");
  it.each(hinted.map((token) => [token.name, token] as const))("%s matches only where its hint allows", (_, token) => {
    const hint = new Set((token.START_CHARS_HINT ?? []).map((c) => (typeof c === "string" ? c.charCodeAt(0) : c)));
    const pattern = token.PATTERN as CustomPatternMatcherFunc;
    const outside: string[] = [];
    for (const text of texts) {
      for (let offset = 0; offset < text.length; offset++) {
        if (hint.has(text.charCodeAt(offset))) continue;
        const match = pattern(text, offset, [], {});
        if (match) outside.push(match[0]);
      }
    }
    expect(outside).toEqual([]);
  });
});
