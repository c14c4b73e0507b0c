// Where each token of a text came from: character offsets (start, end) into the text and the word it is
// part of, as Hugging Face's fast tokenizers report them (return_offsets_mapping, token_to_word). The
// tokenizer package Glassbox uses (@huggingface/tokenizers) gives tokens without offsets, so they are
// recovered here by finding each token's text in the original, left to right, on a copy of the text that
// is lower-cased and stripped of accents character by character (so its indices are the original's).
// Words follow BERT's pre-tokenizer: runs of letters and digits, each punctuation mark a word of its own.

export interface TokenSpan {
  /** Offsets into the text, end exclusive; null for a special token or one that could not be placed. */
  start: number | null;
  end: number | null;
}

export interface WordSpan {
  start: number;
  end: number;
}

/** The prefixes tokenizers put on a token's text: WordPiece continuation, SentencePiece and byte-level space. */
const TOKEN_MARKS = /^(##|▁|Ġ)+/u;

function isPunctuation(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  // BERT counts every non-alphanumeric ASCII printable character as punctuation, plus Unicode's P*.
  if ((code >= 33 && code <= 47) || (code >= 58 && code <= 64) || (code >= 91 && code <= 96)) return true;
  if (code >= 123 && code <= 126) return true;
  return /\p{P}/u.test(char);
}

function isCjk(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (
    (code >= 0x4e00 && code <= 0x9fff) ||
    (code >= 0x3400 && code <= 0x4dbf) ||
    (code >= 0x20000 && code <= 0x2a6df) ||
    (code >= 0xf900 && code <= 0xfaff)
  );
}

/** BERT's words: whitespace separates, and each punctuation mark or CJK character is a word alone. */
export function bertWords(text: string): WordSpan[] {
  const words: WordSpan[] = [];
  let start: number | null = null;
  let index = 0;
  for (const char of text) {
    const end = index + char.length;
    // eslint-disable-next-line no-control-regex -- control characters are dropped by BERT's normaliser
    const separator = /\s/u.test(char) || /[\u0000-\u001f\u007f-\u009f]/u.test(char);
    const alone = !separator && (isPunctuation(char) || isCjk(char));
    if ((separator || alone) && start !== null) {
      words.push({ start, end: index });
      start = null;
    }
    if (alone) words.push({ start: index, end });
    else if (!separator && start === null) start = index;
    index = end;
  }
  if (start !== null) words.push({ start, end: text.length });
  return words;
}

/** The text folded for matching: lower case, accents removed, one UTF-16 unit for one (same indices). */
function foldForMatching(text: string): string {
  let folded = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text[i] ?? '';
    const stripped = unit
      .normalize('NFD')
      .replace(/\p{Mn}/gu, '')
      .toLowerCase();
    folded += stripped.length === 1 ? stripped : unit.toLowerCase().length === 1 ? unit.toLowerCase() : unit;
  }
  return folded;
}

function foldToken(token: string): string {
  return foldForMatching(token.replace(TOKEN_MARKS, ''));
}

/**
 * Offsets of tokens in text. special[i] marks [CLS], [SEP], [PAD] (no offsets). A token whose text is not
 * found ([UNK], a byte-level piece) spans the gap up to the next token that is found, without its spaces.
 */
export function alignTokens(
  text: string,
  tokens: readonly string[],
  special: readonly boolean[],
  unknownToken: string | null = '[UNK]',
): TokenSpan[] {
  const folded = foldForMatching(text);
  const spans: TokenSpan[] = tokens.map(() => ({ start: null, end: null }));
  const unplaced: number[] = [];
  let cursor = 0;
  const placeGap = (until: number): void => {
    if (unplaced.length === 0) return;
    let start = cursor;
    let end = until;
    while (start < end && /\s/u.test(text[start] ?? '')) start++;
    while (end > start && /\s/u.test(text[end - 1] ?? '')) end--;
    // Several tokens in one gap: the first takes the gap, the others sit at its end (empty spans).
    unplaced.forEach((position, k) => {
      spans[position] = k === 0 ? { start, end } : { start: end, end };
    });
    unplaced.length = 0;
  };
  tokens.forEach((token, i) => {
    if (special[i] === true) return;
    const needle = token === unknownToken ? '' : foldToken(token);
    const found = needle === '' ? -1 : folded.indexOf(needle, cursor);
    if (found === -1) {
      unplaced.push(i);
      return;
    }
    placeGap(found);
    spans[i] = { start: found, end: found + needle.length };
    cursor = found + needle.length;
  });
  placeGap(text.length);
  return spans;
}

/** The index of the word (bertWords) each span starts in; null for a span without offsets. */
export function wordIndices(spans: readonly TokenSpan[], words: readonly WordSpan[]): Array<number | null> {
  return spans.map((span) => {
    if (span.start === null) return null;
    const start = span.start;
    const index = words.findIndex((word) => start >= word.start && start < word.end);
    if (index !== -1) return index;
    // An empty span at a word's end (one of several unplaced tokens) belongs to that word.
    const before = words.findIndex((word) => start === word.end);
    return before === -1 ? null : before;
  });
}
