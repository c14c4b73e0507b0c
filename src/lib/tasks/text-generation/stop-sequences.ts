// Stop sequences are text, not tokens: "\n\n" may arrive as one token, or as "\n" twice, or inside a
// token that also carries more text. So they are looked for in the decoded text of the whole generation.

export interface StopMatch {
  /** Where the stop sequence starts in the generated text: the text kept is text.slice(0, index). */
  index: number;
  sequence: string;
}

/** The earliest stop sequence in text (the first listed on a tie); null when none occurs. */
export function findStop(text: string, stops: readonly string[]): StopMatch | null {
  let best: StopMatch | null = null;
  for (const sequence of stops) {
    if (sequence === '') continue;
    const index = text.indexOf(sequence);
    if (index >= 0 && (best === null || index < best.index)) best = { index, sequence };
  }
  return best;
}

/**
 * How many characters at the end of text could be the start of a stop sequence that the next tokens
 * complete: a page that shows only text.slice(0, text.length - held) never shows a stop sequence's start
 * that is then cut off.
 */
export function heldBackLength(text: string, stops: readonly string[]): number {
  let held = 0;
  for (const sequence of stops) {
    for (let length = Math.min(sequence.length - 1, text.length); length > held; length--) {
      if (text.endsWith(sequence.slice(0, length))) {
        held = length;
        break;
      }
    }
  }
  return held;
}

/**
 * Stop sequences as a user types them in one field: one per line, with \n and \t written as escapes
 * ("\n\n" stops at a blank line). Empty lines are dropped.
 */
export function parseStopSequences(field: string): string[] {
  return field
    .split('\n')
    .map((line) => line.replace(/\\n/g, '\n').replace(/\\t/g, '\t'))
    .filter((line) => line !== '');
}
