// Turns the text box into the batch the model sees: one non-blank line per sequence, with hard caps so a
// pasted book cannot freeze the tokenizer or exhaust memory.

/** More lines than this are not run; the UI says how many were dropped. */
export const MAX_LINES = 64;
/** Characters kept per line before tokenizing; the model keeps far fewer tokens anyway. */
export const MAX_CHARS_PER_LINE = 10_000;

export interface InputLine {
  text: string;
  /** True when the line was cut at MAX_CHARS_PER_LINE before tokenizing. */
  clipped: boolean;
}

export interface InputBatch {
  lines: InputLine[];
  /** Non-blank lines beyond MAX_LINES that were left out. */
  droppedLines: number;
}

export function splitInputLines(text: string): InputBatch {
  const nonBlank = text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const lines = nonBlank.slice(0, MAX_LINES).map((line) => {
    // Slice by code points so an emoji's surrogate pair is never cut in half.
    const codePoints = Array.from(line);
    return codePoints.length > MAX_CHARS_PER_LINE
      ? { text: codePoints.slice(0, MAX_CHARS_PER_LINE).join(''), clipped: true }
      : { text: line, clipped: false };
  });
  return { lines, droppedLines: Math.max(0, nonBlank.length - MAX_LINES) };
}
