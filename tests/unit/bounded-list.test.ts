import { describe, expect, it } from 'vitest';
import { boundedList } from '../../src/lib/bounded-list.ts';

describe('boundedList', () => {
  it('keeps a short list whole and cuts a long one to its first items and a count', () => {
    expect(boundedList([1, 2, 3], 3)).toEqual({ shown: [1, 2, 3], more: 0 });
    const long = Array.from({ length: 99_000 }, (_, i) => i);
    const bounded = boundedList(long, 50);
    expect(bounded.shown).toEqual(long.slice(0, 50));
    expect(bounded.more).toBe(98_950);
  });
});
