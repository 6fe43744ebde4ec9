/**
 * Text with a map back to an earlier text.
 *
 * Every normalisation step is a pure function `(MappedText) → MappedText`.
 * `origin[i]` is the offset, in the step's *input*, of the character that
 * became output character `i`; `origin[text.length]` maps the end. Composing
 * the maps of all steps gives, for any offset in the normalised text, the
 * offset in the original extracted text, and from there page and line.
 */
export interface MappedText {
  readonly text: string;
  /** length `text.length + 1`: offsets into the text this one was derived from. */
  readonly origin: Int32Array;
}

export function identity(text: string): MappedText {
  const origin = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) origin[i] = i;
  return { text, origin };
}

/**
 * Accumulates an output text from slices of an input text and inserted strings,
 * recording where each output character came from.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private origin: Int32Array;
  private length = 0;

  constructor(private readonly input: string) {
    this.origin = new Int32Array(input.length + 16);
  }

  private reserve(extra: number): void {
    if (this.length + extra + 1 <= this.origin.length) return;
    const grown = new Int32Array(Math.max(this.origin.length * 2, this.length + extra + 1));
    grown.set(this.origin.subarray(0, this.length));
    this.origin = grown;
  }

  /** Copies `input[start, end)` unchanged. */
  copy(start: number, end: number): void {
    if (end <= start) return;
    this.reserve(end - start);
    this.parts.push(this.input.slice(start, end));
    for (let i = start; i < end; i++) this.origin[this.length++] = i;
  }

  /** Inserts `text`, every character of which maps to `input` offset `at`. */
  insert(text: string, at: number): void {
    if (text.length === 0) return;
    this.reserve(text.length);
    this.parts.push(text);
    for (let i = 0; i < text.length; i++) this.origin[this.length++] = at;
  }

  /** Replaces `input[start, end)` with `text`, spreading the map over the original range. */
  replace(start: number, end: number, text: string): void {
    if (text.length === 0) return;
    this.reserve(text.length);
    this.parts.push(text);
    const span = Math.max(end - start, 1);
    for (let i = 0; i < text.length; i++) {
      this.origin[this.length++] = start + Math.min(Math.floor((i * span) / text.length), span - 1);
    }
  }

  finish(endOrigin = this.input.length): MappedText {
    const origin = new Int32Array(this.length + 1);
    origin.set(this.origin.subarray(0, this.length));
    origin[this.length] = endOrigin;
    return { text: this.parts.join(""), origin };
  }
}

/** Maps the output of `later` (derived from `earlier.text`) straight back to `earlier`'s origin. */
export function compose(earlier: MappedText, later: MappedText): MappedText {
  const origin = new Int32Array(later.origin.length);
  for (let i = 0; i < origin.length; i++) origin[i] = earlier.origin[later.origin[i]!]!;
  return { text: later.text, origin };
}

/**
 * A step that rewrites every match of `pattern` with `replacement(match)`;
 * `null` when nothing matched, so the caller can skip an identity map.
 */
export function replaceMatches(
  input: string,
  pattern: RegExp,
  replacement: (match: RegExpExecArray) => string,
): MappedText | null {
  if (!pattern.global) throw new Error("replaceMatches needs a global pattern");
  pattern.lastIndex = 0;
  if (!pattern.test(input)) return null;
  const builder = new TextBuilder(input);
  let last = 0;
  pattern.lastIndex = 0;
  for (let match = pattern.exec(input); match; match = pattern.exec(input)) {
    if (match[0].length === 0) {
      pattern.lastIndex++;
      continue;
    }
    builder.copy(last, match.index);
    builder.replace(match.index, match.index + match[0].length, replacement(match));
    last = match.index + match[0].length;
  }
  builder.copy(last, input.length);
  return builder.finish();
}
