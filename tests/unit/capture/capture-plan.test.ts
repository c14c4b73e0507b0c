// The capture's memory budget: sizes from ORT metadata with symbolic dims resolved, chunks by scope.
import { describe, expect, it } from 'vitest';
import {
  estimateBytes,
  planChunks,
  resolveSymbols,
  UNKNOWN_SIZE_CHUNK,
  type PlannedValue,
} from '../../../src/lib/capture/capture-plan.ts';

describe('size estimates', () => {
  const symbols = resolveSymbols([{ name: 'ids', shape: ['batch', 'sequence'] }], { ids: [2, 7] });

  it('resolves symbolic dims from the feeds', () => {
    expect([...symbols]).toEqual([
      ['batch', 2],
      ['sequence', 7],
    ]);
    expect(estimateBytes({ dtype: 'float32', shape: ['batch', 'sequence', 64] }, symbols)).toBe(
      2 * 7 * 64 * 4,
    );
    expect(estimateBytes({ dtype: 'float16', shape: [3] }, symbols)).toBe(6);
    expect(estimateBytes({ dtype: 'int64', shape: [] }, symbols)).toBe(8);
  });

  it('is unknown for dims ORT could not name from the inputs, or unknown types', () => {
    expect(estimateBytes({ dtype: 'float32', shape: ['unk__3', 4] }, symbols)).toBeNull();
    expect(estimateBytes({ dtype: 'string', shape: [4] }, symbols)).toBeNull();
    expect(estimateBytes(undefined, symbols)).toBeNull();
  });
});

function value(name: string, scope: string, bytes: number | null): PlannedValue {
  return { name, scope: scope.split('/').filter(Boolean), bytes };
}

describe('planChunks', () => {
  const values = [
    value('e1', 'embed', 100),
    value('a1', 'enc/layer.0/attn', 300),
    value('a2', 'enc/layer.0/ffn', 300),
    value('b1', 'enc/layer.1/attn', 300),
    value('b2', 'enc/layer.1/ffn', 300),
    value('p', 'pool', 50),
  ];

  it('is one chunk when everything fits', () => {
    expect(planChunks(values, 10_000)).toEqual([['e1', 'a1', 'a2', 'b1', 'b2', 'p']]);
  });

  it('splits by top-level scope, then finer, each chunk within budget, in order', () => {
    const chunks = planChunks(values, 700);
    expect(chunks.flat()).toEqual(['e1', 'a1', 'a2', 'b1', 'b2', 'p']);
    expect(chunks).toEqual([
      ['e1', 'a1', 'a2'],
      ['b1', 'b2', 'p'],
    ]);
    const finer = planChunks(values, 450);
    expect(finer).toEqual([['e1', 'a1'], ['a2'], ['b1'], ['b2', 'p']]);
  });

  it('gives a value over budget its own chunk; unknown sizes, assumed as large as the largest, their own', () => {
    const unknown = Array.from({ length: 3 }, (_, i) => value(`u${i}`, 'x', null));
    const chunks = planChunks([value('big', 'a', 5000), value('s', 'b', 10), ...unknown], 1000);
    expect(chunks).toEqual([['big'], ['s'], ['u0'], ['u1'], ['u2']]);
    const mid = planChunks([value('a', 'a', 400), value('b', 'b', 400), ...unknown], 1000);
    expect(mid).toEqual([['a', 'b'], ['u0', 'u1'], ['u2']]);
  });

  it('with no size known at all, unknown values go in small chunks', () => {
    const unknown = Array.from({ length: UNKNOWN_SIZE_CHUNK + 1 }, (_, i) => value(`u${i}`, 'x', null));
    expect(planChunks(unknown, 1000).map((c) => c.length)).toEqual([UNKNOWN_SIZE_CHUNK, 1]);
  });

  it('keeps unknown sizes with the rest when all fits under the assumption', () => {
    expect(planChunks([value('a', 'x', 10), value('u', 'x', null)], 100)).toEqual([['a', 'u']]);
  });
});
