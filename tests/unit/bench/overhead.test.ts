import { describe, expect, it } from 'vitest';
import { summarizeOverhead } from '../../../src/lib/bench/overhead.ts';

describe('overhead of the playground path', () => {
  it('is the ratio of medians, and fastest against fastest', () => {
    const result = summarizeOverhead('wasm-1', [10, 10, 12], [11, 15, 10.5]);
    expect(result).toMatchObject({ backend: 'wasm-1', pairs: 3, bareMedianMs: 10, pathMedianMs: 11 });
    expect(result.ratio?.ratio).toBeCloseTo(1.1, 12);
    expect(result.floorRatio).toBeCloseTo(1.05, 12);
  });

  it('has no ratios without pairs', () => {
    expect(summarizeOverhead('webgpu', [], [])).toMatchObject({
      pairs: 0,
      bareMedianMs: null,
      pathMedianMs: null,
      ratio: null,
      floorRatio: null,
    });
  });
});
