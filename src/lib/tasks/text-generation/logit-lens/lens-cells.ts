// What the logit-lens grid shows in a cell: the layer's top tokens at that position as text, and how a
// token's text is made visible (a leading space is the difference between " the" and "the").
import { clipText, visibleText } from '../../../visible-text.ts';
import type { LensCandidate } from './lens-top-k.ts';

export interface LensToken {
  /** The token's text as the tokenizer decodes it (untrusted: rendered as text, never as markup). */
  tokenText: string;
  probability: number;
}

/** One cell: its top token first, then the runners-up (up to 5 in all). */
export interface LensCell extends LensToken {
  alternatives: LensToken[];
}

/** cells[layer][position] of the worker's answer → the grid's cells, with each id decoded to text. */
export function lensCellsFrom(
  cells: readonly (readonly (readonly LensCandidate[])[])[],
  tokenText: (id: number) => string,
): LensCell[][] {
  return cells.map((row) =>
    row.map((candidates) => {
      const tokens = candidates.map((c) => ({ tokenText: tokenText(c.id), probability: c.probability }));
      const [top = { tokenText: '', probability: Number.NaN }, ...alternatives] = tokens;
      return { ...top, alternatives };
    }),
  );
}

/** A token as the grid prints it: spaces as "·", invisible characters as stand-ins, long ones clipped. */
export function shownToken(text: string, maxChars = 12): string {
  if (text === '') return '∅';
  return clipText(visibleText(text).replace(/ /g, '·'), maxChars);
}

/** A probability as a short percentage: "34%", "0.2%", "<0.1%". */
export function shownProbability(p: number): string {
  if (!Number.isFinite(p)) return '—';
  const percent = p * 100;
  if (percent >= 10) return `${Math.round(percent)}%`;
  if (percent >= 0.1) return `${percent.toFixed(1)}%`;
  return '<0.1%';
}
