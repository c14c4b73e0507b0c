// The capture's memory budget: sizes from ORT metadata with symbolic dims resolved, chunks by scope.
import { describe, expect, it } from 'vitest';
import {
  bytesOfShape,
  capPerValue,
  estimateBytes,
  planChunks,
  resolveSymbols,
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

  it('gives a value over budget its own chunk, and each value of unknown size its own, after the rest', () => {
    const unknown = Array.from({ length: 3 }, (_, i) => value(`u${i}`, 'x', null));
    const chunks = planChunks([value('big', 'a', 5000), value('s', 'b', 10), ...unknown], 1000);
    expect(chunks).toEqual([['big'], ['s'], ['u0'], ['u1'], ['u2']]);
    // Known values that fit together stay together; an unknown one is never assumed small.
    const mid = planChunks([value('a', 'a', 400), value('b', 'b', 400), ...unknown], 1000);
    expect(mid).toEqual([['a', 'b'], ['u0'], ['u1'], ['u2']]);
    expect(planChunks([value('a', 'x', 10), value('u', 'x', null)], 100)).toEqual([['a'], ['u']]);
  });

  it('runs a lone value in one chunk whether its size is known or not', () => {
    expect(planChunks([value('u', 'x', null)], 100)).toEqual([['u']]);
    expect(planChunks([value('a', 'x', 500)], 100)).toEqual([['a']]);
  });

  it('caps each value at the whole budget', () => {
    const { fits, over } = capPerValue(
      [value('a', 'x', 10), value('b', 'x', 101), value('u', 'x', null)],
      100,
    );
    expect(fits.map((v) => v.name)).toEqual(['a', 'u']);
    expect(over.map((v) => v.name)).toEqual(['b']);
  });

  it('sizes actual dims by element type', () => {
    expect(bytesOfShape('float32', [4096, 4096])).toBe(64 * 1024 * 1024);
    expect(bytesOfShape('int64', [])).toBe(8);
    expect(bytesOfShape('string', [2])).toBeNull();
  });
});
