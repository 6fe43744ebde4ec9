/**
 * The lexer: normalised text to tokens. Chevrotain's `endOffset` is
 * inclusive; this is the one place where spans become half-open `[start, end)`.
 */
import type { ILexingError, IToken } from "chevrotain";
import { Lexer } from "./chevrotain.js";
import { allTokens, forgetColonSearch } from "./tokens.js";

export const determinationLexer = new Lexer(allTokens, {
  // positions come from our own offset map, not Chevrotain's line tracking
  positionTracking: "onlyOffset",
  // every token gives its first characters, so the lexer tries only the tokens that can start at each offset
  ensureOptimizations: true,
});

export interface LexResult {
  tokens: IToken[];
  errors: ILexingError[];
}

export function tokenize(text: string): LexResult {
  try {
    const { tokens, errors } = determinationLexer.tokenize(text);
    return { tokens, errors };
  } finally {
    forgetColonSearch();
  }
}

/** The half-open span of a token. */
export function tokenSpan(token: IToken): { start: number; end: number } {
  return { start: token.startOffset, end: token.startOffset + token.image.length };
}
