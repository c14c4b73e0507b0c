// One decode step's attention at a glance: a row per layer and head, where the step's last query looks.
import { describe, expect, it } from 'vitest';
import { stepAttentionGrid } from '../../../src/lib/capture/step-attention-grid.ts';

describe('stepAttentionGrid', () => {
  it("lays out a cached step's rows [1, heads, 1, keys], layer by layer, head by head", () => {
    const layers = [
      { label: 'h 0', dims: [1, 2, 1, 3], data: [0.5, 0.25, 0.25, 0, 0, 1] },
      { label: 'h 1', dims: [1, 2, 1, 3], data: [1, 0, 0, 0.2, 0.7, 0.1] },
    ];
    const grid = stepAttentionGrid(layers, 3);
    expect(grid.rows).toEqual(['h 0 · head 0', 'h 0 · head 1', 'h 1 · head 0', 'h 1 · head 1']);
    expect(grid.columns).toBe(3);
    expect(Array.from(grid.data)).toEqual(
      [0.5, 0.25, 0.25, 0, 0, 1, 1, 0, 0, 0.2, 0.7, 0.1].map(Math.fround),
    );
    expect(grid.strongest).toEqual([0, 2, 0, 1]);
  });

  it("takes the prefill's last query row (the one that chose the token) from its square", () => {
    // 1 head over 2 prompt tokens: row 0 looks at itself, row 1 (the last) splits 0.4 / 0.6.
    const grid = stepAttentionGrid([{ label: 'layer 0', dims: [1, 1, 2, 2], data: [1, 0, 0.4, 0.6] }], 2);
    expect(Array.from(grid.data)).toEqual([0.4, 0.6].map(Math.fround));
    expect(grid.strongest).toEqual([1]);
  });

  it('is empty without layers', () => {
    const grid = stepAttentionGrid([], 4);
    expect(grid.rows).toEqual([]);
    expect(grid.data).toHaveLength(0);
  });
});
