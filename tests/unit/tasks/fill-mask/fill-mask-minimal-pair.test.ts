import { describe, expect, it } from 'vitest';
import type { MaskFillers } from '../../../../src/lib/tasks/fill-mask/fillers.ts';
import {
  changedWordCount,
  compareBlank,
  pairProblem,
  wordChange,
} from '../../../../src/lib/tasks/fill-mask/minimal-pair.ts';

const blank = (fillers: Array<[number, string, number]>): MaskFillers => ({
  position: 3,
  fillers: fillers.map(([id, text, probability]) => ({ id, token: text, text, probability, logit: 0 })),
});

describe('wordChange', () => {
  it('finds the one word edited between two texts', () => {
    const change = wordChange('The [MASK] sat on the mat.', 'The [MASK] sat on the sofa.');
    expect(change).toEqual({ index: 5, from: 'mat.', to: 'sofa.' });
    expect(changedWordCount(change!)).toBe(1);
  });

  it('reports an inserted word with an empty side, and several words as one edit', () => {
    expect(wordChange('He [MASK] home.', 'He never [MASK] home.')).toEqual({
      index: 1,
      from: '',
      to: 'never',
    });
    const change = wordChange('a b c [MASK]', 'a x y [MASK]');
    expect(change).toEqual({ index: 1, from: 'b c', to: 'x y' });
    expect(changedWordCount(change!)).toBe(2);
  });

  it('is null for the same words (spacing aside)', () => {
    expect(wordChange('The  [MASK] sat.', 'The [MASK] sat. ')).toBeNull();
  });
});

describe('pairProblem', () => {
  const mask = '[MASK]';
  it('asks for a second text with the same blanks, and a change', () => {
    expect(pairProblem('The [MASK] sat.', '', mask)).toMatch(/^Type the second sentence/);
    expect(pairProblem('The [MASK] sat.', 'The cat sat.', mask)).toBe(
      'The second sentence needs the blank too: write [MASK] in it.',
    );
    expect(pairProblem('The [MASK] sat.', 'The [MASK] [MASK] sat.', mask)).toBe(
      'The two sentences have 1 and 2 blanks: give both the same blanks.',
    );
    expect(pairProblem('The [MASK] sat.', 'The [MASK] sat.', mask)).toBe(
      'The two sentences are the same: change one word.',
    );
    expect(pairProblem('The [MASK] sat.', 'The [MASK] ran.', mask)).toBeNull();
  });
});

describe('compareBlank', () => {
  it('lists the first text’s top fillers, then the second’s new ones, with both probabilities looked up in the full lists', () => {
    const first = blank([
      [1, 'earth', 0.5],
      [2, 'heavens', 0.2],
      [3, 'sea', 0.1],
      [4, 'land', 0.05],
    ]);
    const second = blank([
      [3, 'sea', 0.6],
      [5, 'waters', 0.2],
      [1, 'earth', 0.1],
    ]);
    const compared = compareBlank(first, second, 2);
    expect(compared.rows.map((row) => row.text)).toEqual(['earth', 'heavens', 'sea', 'waters']);
    expect(compared.rows[0]).toMatchObject({ first: 0.5, second: 0.1 });
    expect(compared.rows[0]?.change).toBeCloseTo(-0.4, 12);
    // heavens is not among the second's listed fillers: below its lowest, no change known.
    expect(compared.rows[1]).toMatchObject({ first: 0.2, second: null, change: null });
    // sea is listed by the first run beyond the shown two: its probability there is still known.
    expect(compared.rows[2]).toMatchObject({ first: 0.1, second: 0.6 });
    expect(compared.rows[2]?.change).toBeCloseTo(0.5, 12);
    expect(compared.rows[3]).toMatchObject({ first: null, second: 0.2, change: null });
    expect(compared).toMatchObject({
      topFirst: 'earth',
      topSecond: 'sea',
      floorFirst: 0.05,
      floorSecond: 0.1,
    });
  });
});
