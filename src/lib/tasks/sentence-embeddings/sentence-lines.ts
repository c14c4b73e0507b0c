// The embeddings view's text box → sentences: one per line, blank lines dropped, each clipped. Thousands
// are fine (the worker embeds them in batches, with progress and Stop); beyond MAX_SENTENCES the rest are
// dropped, and the view says how many.

export const MAX_SENTENCES = 20_000;
/** Characters kept of one line: far more than any encoder reads (it truncates at its token limit). */
export const MAX_LINE_CHARS = 2_000;

export interface SentenceLines {
  sentences: string[];
  /** Lines beyond MAX_SENTENCES, left out. */
  dropped: number;
  /** Lines cut at MAX_LINE_CHARS. */
  clipped: number;
}

export function splitSentences(text: string): SentenceLines {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const kept = lines.slice(0, MAX_SENTENCES);
  return {
    sentences: kept.map((line) => line.slice(0, MAX_LINE_CHARS)),
    dropped: lines.length - kept.length,
    clipped: kept.filter((line) => line.length > MAX_LINE_CHARS).length,
  };
}
