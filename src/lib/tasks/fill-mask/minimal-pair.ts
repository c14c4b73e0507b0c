// A fill-mask minimal pair (pure): two texts with the same blank that differ in one word, filled side by
// side. Which words differ (compared word by word, the blank kept in both), and how each filler's
// probability moves from the first text to the second: the fillers of either top list, each with its
// probability in both where the other run listed it too.
import type { Filler, MaskFillers } from './fillers.ts';

/** The words that differ between the two texts, in order; the same count when a word was edited. */
export interface WordChange {
  /** The word's index among the first text's words (where the edit starts). */
  index: number;
  from: string;
  to: string;
}

const words = (text: string) =>
  text
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');

/**
 * The edit between two texts, word by word: the common start and end are skipped and what is left is the
 * change (one word for a true minimal pair; an inserted or removed word has an empty side).
 */
export function wordChange(first: string, second: string): WordChange | null {
  const a = words(first);
  const b = words(second);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  if (start === a.length && start === b.length) return null;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { index: start, from: a.slice(start, endA).join(' '), to: b.slice(start, endB).join(' ') };
}

/** How many words an edit spans on its longer side (1 for a minimal pair). */
export function changedWordCount(change: WordChange): number {
  return Math.max(words(change.from).length, words(change.to).length);
}

/** Why a pair cannot be compared (a sentence), or null. */
export function pairProblem(first: string, second: string, maskToken: string): string | null {
  const blanks = (text: string) => text.split(maskToken).length - 1;
  if (second.trim() === '') return 'Type the second sentence: the first with one word changed.';
  if (blanks(second) === 0) return `The second sentence needs the blank too: write ${maskToken} in it.`;
  if (blanks(first) !== blanks(second))
    return `The two sentences have ${blanks(first)} and ${blanks(second)} blanks: give both the same blanks.`;
  if (wordChange(first, second) === null) return 'The two sentences are the same: change one word.';
  return null;
}

/** One filler of the pair: its probability in each text (null where that run did not list it). */
export interface PairFiller {
  text: string;
  token: string;
  first: number | null;
  second: number | null;
  /** second − first, where both are known. */
  change: number | null;
}

export interface BlankComparison {
  rows: PairFiller[];
  /** The top filler of each text, as it reads. */
  topFirst: string | null;
  topSecond: string | null;
  /** The lowest probability each run listed: a filler it did not list is below it. */
  floorFirst: number;
  floorSecond: number;
}

/**
 * The fillers of one blank in both texts: the first `shown` of the first text in its order, then those of
 * the second's first `shown` that are not among them, in theirs. Each filler's probabilities are looked
 * up in both runs' full lists (a run asks for more fillers than it shows), matched by token id.
 */
export function compareBlank(first: MaskFillers, second: MaskFillers, shown = 5): BlankComparison {
  const inFirst = new Map(first.fillers.map((filler) => [filler.id, filler]));
  const inSecond = new Map(second.fillers.map((filler) => [filler.id, filler]));
  const row = (filler: Filler): PairFiller => {
    const a = inFirst.get(filler.id);
    const b = inSecond.get(filler.id);
    return {
      text: filler.text,
      token: filler.token,
      first: a?.probability ?? null,
      second: b?.probability ?? null,
      change: a && b ? b.probability - a.probability : null,
    };
  };
  const firstShown = first.fillers.slice(0, shown);
  const listed = new Set(firstShown.map((filler) => filler.id));
  const rows = [
    ...firstShown.map(row),
    ...second.fillers
      .slice(0, shown)
      .filter((filler) => !listed.has(filler.id))
      .map(row),
  ];
  const floor = (fillers: readonly Filler[]) => fillers.at(-1)?.probability ?? 0;
  return {
    rows,
    topFirst: first.fillers[0]?.text ?? null,
    topSecond: second.fillers[0]?.text ?? null,
    floorFirst: floor(first.fillers),
    floorSecond: floor(second.fillers),
  };
}
