/**
 * Text with a map back to an earlier text.
 *
 * Every normalisation step is a pure function `(MappedText) → MappedText`.
 * `origin[i]` is the offset, in the original extracted text, of the character
 * that became output character `i`; `origin[text.length]` maps the end. A
 * step builds its map through its input's map, so the maps compose as the
 * steps run, with no pass of their own: any offset in the normalised text
 * leads to the extracted text, and from there to page and line.
 */
export interface MappedText {
  readonly text: string;
  /** length `text.length + 1`: offsets into the original extracted text. */
  readonly origin: Int32Array;
}

export function identity(text: string): MappedText {
  const origin = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) origin[i] = i;
  return { text, origin };
}

/**
 * Accumulates an output text from slices of an input text and inserted strings,
 * recording where each output character came from: its offset in `input`, or,
 * given `input`'s own map, the offset that map gives for it.
 */
export class TextBuilder {
  private readonly parts: string[] = [];
  private origin: Int32Array;
  private length = 0;

  constructor(
    private readonly input: string,
    private readonly inputOrigin: Int32Array | null = null,
  ) {
    this.origin = new Int32Array(input.length + 16);
  }

  private through(offset: number): number {
    return this.inputOrigin ? this.inputOrigin[offset]! : offset;
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
    if (this.inputOrigin) {
      this.origin.set(this.inputOrigin.subarray(start, end), this.length);
      this.length += end - start;
    } else {
      const origin = this.origin;
      let length = this.length;
      for (let i = start; i < end; i++) origin[length++] = i;
      this.length = length;
    }
  }

  /** Inserts `text`, every character of which maps to `input` offset `at`. */
  insert(text: string, at: number): void {
    if (text.length === 0) return;
    this.reserve(text.length);
    this.parts.push(text);
    const origin = this.through(at);
    for (let i = 0; i < text.length; i++) this.origin[this.length++] = origin;
  }

  /** Replaces `input[start, end)` with `text`, spreading the map over the original range. */
  replace(start: number, end: number, text: string): void {
    if (text.length === 0) return;
    this.reserve(text.length);
    this.parts.push(text);
    const span = Math.max(end - start, 1);
    for (let i = 0; i < text.length; i++) {
      this.origin[this.length++] = this.through(start + Math.min(Math.floor((i * span) / text.length), span - 1));
    }
  }

  /** The text and its map: a view of the builder's own map, not a copy. */
  finish(endOrigin = this.input.length): MappedText {
    // `reserve` always leaves room for this end entry
    this.origin[this.length] = this.through(endOrigin);
    return { text: this.parts.join(""), origin: this.origin.subarray(0, this.length + 1) };
  }
}

/**
 * Rewrites ranges of an input, left to right, copying what lies between them
 * unchanged; allocates nothing until the first rewrite, so a step with
 * nothing to do returns `null` and the caller skips an identity map.
 */
export class Rewriter {
  private builder: TextBuilder | null = null;
  private copied = 0;

  constructor(
    private readonly input: string,
    private readonly inputOrigin: Int32Array | null = null,
  ) {}

  /** Replaces `input[start, end)` (at or after the previous range) with `text`. */
  replace(start: number, end: number, text: string): void {
    this.builder ??= new TextBuilder(this.input, this.inputOrigin);
    this.builder.copy(this.copied, start);
    this.builder.replace(start, end, text);
    this.copied = end;
  }

  /** Inserts `text` at `at` (at or after the previous range), mapped to `input[from, to)`: words moved from elsewhere. */
  move(at: number, text: string, from: number, to: number): void {
    this.builder ??= new TextBuilder(this.input, this.inputOrigin);
    this.builder.copy(this.copied, at);
    this.builder.replace(from, to, text);
    this.copied = at;
  }

  finish(): MappedText | null {
    if (!this.builder) return null;
    this.builder.copy(this.copied, this.input.length);
    return this.builder.finish();
  }
}
