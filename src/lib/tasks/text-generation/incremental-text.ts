// The text each new token adds, decoded from the last few tokens only: decoding the whole text again at
// every step (what the loop did) grows with the text and was part of Glassbox's per-token cost against
// transformers.js (docs/benchmark.md). As transformers' TextStreamer does: decode a window that starts at
// the last clean boundary, with and without the new token; the difference is the token's text. A token that
// ends inside a character (a byte-level piece of “é” or of an emoji) adds nothing until the token that
// completes it, which adds the whole character, so the streamed texts always join into whole characters.
// Decoders that change text across tokens (a SentencePiece leading space, cleaned-up spaces before
// punctuation) see the same window with and without the token, so the difference is what they add.

const REPLACEMENT = '\uFFFD';

export class IncrementalText {
  private readonly ids: number[];
  /** The window's start: a token boundary where the text so far ends on a whole character. */
  private prefixOffset = 0;
  /** Tokens before this one are in `text`; those after it are held back (an unfinished character). */
  private readOffset: number;
  private prefixText: string;
  /** The text of the tokens so far (held-back tokens not yet in it). */
  text: string;

  /**
   * decode: the tokenizer's decode; tokenText: one token's text as decode gives it, from a cache (the
   * window before the new token is most often one token: no tokenizer call for it).
   */
  constructor(
    private readonly decode: (ids: readonly number[]) => string,
    initial: readonly number[] = [],
    private readonly tokenText: (id: number) => string = (id) => decode([id]),
  ) {
    this.ids = [...initial];
    this.readOffset = this.ids.length;
    this.text = this.ids.length === 0 ? '' : decode(this.ids);
    this.prefixText = this.text;
  }

  /** Adds a token; returns the text it adds ('' while it ends inside a character). */
  push(id: number): string {
    this.ids.push(id);
    const window = this.decode(this.ids.slice(this.prefixOffset));
    if (window.length <= this.prefixText.length || window.endsWith(REPLACEMENT)) return '';
    const added = window.slice(this.prefixText.length);
    this.prefixOffset = this.readOffset;
    this.readOffset = this.ids.length;
    this.prefixText =
      this.readOffset - this.prefixOffset === 1
        ? this.tokenText(this.ids[this.prefixOffset]!)
        : this.decode(this.ids.slice(this.prefixOffset, this.readOffset));
    this.text += added;
    return added;
  }

  /** The text of the held-back tokens, as it decodes now (with its replacement character), added to text. */
  flush(): string {
    if (this.readOffset === this.ids.length) return '';
    const added = this.decode(this.ids.slice(this.prefixOffset)).slice(this.prefixText.length);
    this.prefixOffset = this.readOffset = this.ids.length;
    this.prefixText = '';
    this.text += added;
    return added;
  }
}
