// Attention: one head's matrix or the heads' mean over the real tokens, row sums, line geometry and focus.
import { describe, expect, it } from 'vitest';
import {
  attentionLines,
  attentionMatrix,
  attentionRow,
  focusedLines,
  rowSums,
} from '../../../src/lib/viewers/attention-matrix.ts';

/** [1, 2, 3, 3]: head 0 attends to itself, head 1 to the first token; token 2 is padding. */
const dims = [1, 2, 3, 3];
const data = Float32Array.from([1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0, 0]);

describe('attention matrix', () => {
  it('takes one head over the real tokens only', () => {
    expect(Array.from(attentionMatrix(data, dims, 0, 0, 2))).toEqual([1, 0, 0, 1]);
    expect(Array.from(attentionMatrix(data, dims, 0, 1, 3))).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
  });

  it('averages the heads, and the rows of a softmax still sum to 1', () => {
    const mean = attentionMatrix(data, dims, 0, 'mean', 2);
    expect(Array.from(mean)).toEqual([1, 0, 0.5, 0.5]);
    expect(rowSums(mean, 2)).toEqual([1, 1]);
  });

  it("reads one query's row (where [CLS] looks) per head, as the heads' mean, and per batch item", () => {
    expect(attentionRow(data, dims, 0, 0, 1, 3)).toEqual([0, 1, 0]);
    expect(attentionRow(data, dims, 0, 1, 1, 3)).toEqual([1, 0, 0]);
    expect(attentionRow(data, dims, 0, 'mean', 1, 3)).toEqual([0.5, 0.5, 0]);
    expect(attentionRow(data, dims, 0, 'mean', 0, 2)).toEqual([1, 0]);
    expect(attentionRow(data, dims, 0, 0, 7, 3)).toEqual([0, 0, 0]);
    const two = Float32Array.from({ length: 2 * 1 * 2 * 2 }, (_, i) => i);
    expect(attentionRow(two, [2, 1, 2, 2], 1, 0, 1, 9)).toEqual([6, 7]);
  });

  it("reads a decoder's cached step: one query over past + 1 keys, [1, heads, 1, keys]", () => {
    // 2 heads, 1 query, 3 keys.
    const step = Float32Array.of(0.5, 0.25, 0.25, 0, 0, 1);
    expect(attentionRow(step, [1, 2, 1, 3], 0, 0, 0, 3)).toEqual([0.5, 0.25, 0.25]);
    expect(attentionRow(step, [1, 2, 1, 3], 0, 1, 0, 3)).toEqual([0, 0, 1]);
    expect(attentionRow(step, [1, 2, 1, 3], 0, 'mean', 0, 9)).toEqual([0.25, 0.125, 0.625]);
    expect(attentionRow(step, [1, 2, 1, 3], 0, 0, 1, 3)).toEqual([0, 0, 0]);
  });

  it('reads the right batch item and caps tokens at the axis length', () => {
    const two = Float32Array.from({ length: 2 * 1 * 2 * 2 }, (_, i) => i);
    expect(Array.from(attentionMatrix(two, [2, 1, 2, 2], 1, 0, 9))).toEqual([4, 5, 6, 7]);
  });
});

describe('attention lines', () => {
  const geometry = { queryX: 100, keyX: 300, top: 20, rowHeight: 10 };

  it('draws a line per weight above the threshold, heaviest last', () => {
    const matrix = Float32Array.from([0.7, 0.3, 0.005, 0.995]);
    const lines = attentionLines(matrix, 2, geometry);
    expect(lines.map((line) => [line.query, line.key])).toEqual([
      [0, 1],
      [0, 0],
      [1, 1],
    ]);
    expect(lines[2]).toMatchObject({ x1: 100, y1: 30, x2: 300, y2: 30 });
    expect(lines[0]?.weight).toBeCloseTo(0.3);
  });

  it('keeps only the focused token’s lines', () => {
    const lines = attentionLines(Float32Array.from([0.5, 0.5, 0.5, 0.5]), 2, geometry);
    expect(focusedLines(lines, { side: 'query', index: 1 }).every((line) => line.query === 1)).toBe(true);
    expect(focusedLines(lines, { side: 'key', index: 0 })).toHaveLength(2);
    expect(focusedLines(lines, null)).toHaveLength(4);
  });
});
