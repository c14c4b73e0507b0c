// The [CLS] attention maps against NumPy goldens (tests/fixtures/attention-rollout, from seeded random
// attention probabilities: a square grid, a non-square grid, and two tokens before the patches), a
// two-layer case worked by hand, the grid found from the token count and the input size, and bad shapes.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  attentionRollout,
  lastLayerClsMap,
  patchGrid,
  type AttentionProbabilities,
} from '../../../src/lib/explain/attention-rollout.ts';

interface Case {
  layers: number;
  heads: number;
  gridHeight: number;
  gridWidth: number;
  prefix: number;
  attentions: number[][];
  lastCls: number[];
  rollout: number[];
}

const goldens = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../fixtures/attention-rollout/rollout-goldens.json'), 'utf8'),
) as { cases: Case[] };

function layersOf(c: Case): AttentionProbabilities[] {
  const tokens = c.prefix + c.gridHeight * c.gridWidth;
  return c.attentions.map((values) => ({
    dims: [1, c.heads, tokens, tokens],
    data: new Float32Array(values),
  }));
}

describe('attention rollout and the last layer’s [CLS] row', () => {
  it.each(goldens.cases.map((c, i) => [i, c] as const))('equal NumPy’s on case %i', (_, c) => {
    const grid = { prefix: c.prefix, width: c.gridWidth, height: c.gridHeight };
    const last = lastLayerClsMap(layersOf(c), grid);
    const rolled = attentionRollout(layersOf(c), grid);
    expect([last.width, last.height]).toEqual([c.gridWidth, c.gridHeight]);
    expect([rolled.width, rolled.height]).toEqual([c.gridWidth, c.gridHeight]);
    c.lastCls.forEach((value, i) => expect(last.values[i]).toBeCloseTo(value, 6));
    c.rollout.forEach((value, i) => expect(rolled.values[i]).toBeCloseTo(value, 6));
    expect(rolled.max).toBeCloseTo(Math.max(...c.rollout), 6);
    expect(last.max).toBeCloseTo(Math.max(...c.lastCls), 6);
  });

  it('works a two-layer, one-head case by hand', () => {
    // T = 2: [CLS] and one patch. Layer 1: [CLS] looks only at the patch; layer 2: only at itself.
    const layer1 = { dims: [1, 1, 2, 2], data: new Float32Array([0, 1, 0, 1]) };
    const layer2 = { dims: [1, 1, 2, 2], data: new Float32Array([1, 0, 0, 1]) };
    const grid = { prefix: 1, width: 1, height: 1 };
    // Â1 = [[.5, .5], [0, 1]], Â2 = I: [CLS]'s row of Â2·Â1 is [.5, .5], so the patch gets 0.5.
    expect(Array.from(attentionRollout([layer1, layer2], grid).values)).toEqual([0.5]);
    // The last layer alone says [CLS] ignores the patch: the two maps can disagree.
    expect(Array.from(lastLayerClsMap([layer1, layer2], grid).values)).toEqual([0]);
    // Reversed order: Â1 = I then Â2 = [[.5, .5], [0, 1]]: the same 0.5 by a different path.
    expect(Array.from(attentionRollout([layer2, layer1], grid).values)).toEqual([0.5]);
  });

  it('finds the patch grid from the token count and the input size', () => {
    expect(patchGrid(17, 32, 32)).toEqual({ prefix: 1, width: 4, height: 4 });
    expect(patchGrid(197, 224, 224)).toEqual({ prefix: 1, width: 14, height: 14 });
    // DeiT: [CLS] and a distillation token.
    expect(patchGrid(198, 224, 224)).toEqual({ prefix: 2, width: 14, height: 14 });
    // DINOv2 with 4 registers, patch 14.
    expect(patchGrid(261, 224, 224)).toEqual({ prefix: 5, width: 16, height: 16 });
    // A non-square input: 64 × 32 in 16-pixel patches.
    expect(patchGrid(9, 64, 32)).toEqual({ prefix: 1, width: 4, height: 2 });
    // The input size unknown to the grid (a resize it cannot divide): a square grid after [CLS].
    expect(patchGrid(50, 100, 100)).toEqual({ prefix: 1, width: 7, height: 7 });
    expect(patchGrid(1, 32, 32)).toBeNull();
    expect(patchGrid(12, 31, 29)).toBeNull();
  });

  it('refuses layers of different shapes, and a grid that does not fit the tokens', () => {
    const a = { dims: [1, 2, 5, 5], data: new Float32Array(50) };
    const b = { dims: [1, 2, 4, 4], data: new Float32Array(32) };
    const grid = { prefix: 1, width: 2, height: 2 };
    expect(() => attentionRollout([a, b], grid)).toThrow('Attention layer 2 is [1, 2, 4, 4]');
    expect(() => lastLayerClsMap([{ dims: [2, 2, 5, 5], data: new Float32Array(100) }], grid)).toThrow(
      'not [1, heads, 5, 5]',
    );
    expect(() => attentionRollout([], grid)).toThrow('no attention layer');
    expect(() => attentionRollout([a], { prefix: 1, width: 3, height: 3 })).toThrow(
      '5 tokens are not 1 before a 3 × 3 grid',
    );
  });
});
