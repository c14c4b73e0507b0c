// A hand-made logit lens for the grid's harness and its e2e test: 4 layers × 8 positions where the answer
// forms layer by layer, with hostile token texts (markup, a right-to-left override, a line break, spaces)
// that must show as text. Deterministic, so the test can rebuild exactly what the page shows.
import type { LensCell } from '../../src/lib/tasks/text-generation/logit-lens/lens-cells.ts';

export const LENS_TOKENS = [
  'In',
  ' the',
  ' beginning',
  '<img src=x onerror="window.__lensInjected=1">',
  '\u202Eevil',
  '\n',
  ' God',
  ' created',
];

const GUESSES = [' the', ' of', ' and', ' God', '<b>bold</b>', ' earth', ' was', ' heaven'];

/** cells[layer][position]: the top guess's probability grows with depth, the runners-up share the rest. */
export function lensSample(layers = 4): LensCell[][] {
  return Array.from({ length: layers }, (_, layer) =>
    LENS_TOKENS.map((_, position) => {
      const top = 0.1 + (0.8 * (layer + 1)) / layers - position * 0.01;
      const rest = (1 - top) / 5;
      // Early layers guess something else; the last one settles on the position's answer.
      const guess = (k: number) => GUESSES[(position + (layers - 1 - layer) * 3 + k) % GUESSES.length] ?? '';
      return {
        tokenText: guess(0),
        probability: top,
        alternatives: [1, 2, 3, 4].map((k) => ({ tokenText: guess(k), probability: rest * (1 - k * 0.1) })),
      };
    }),
  );
}
