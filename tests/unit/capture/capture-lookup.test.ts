// The node panel's and the summary's index of a captured run: the run's concrete shapes by value name.
import { describe, expect, it } from 'vitest';
import { captureLookup } from '../../../src/lib/capture/capture-lookup.ts';
import type { CapturedValueSummary } from '../../../src/lib/capture/capture-types.ts';

function summary(name: string, shape: number[]): CapturedValueSummary {
  return {
    name,
    producer: `${name}_node`,
    producerIndex: 0,
    producerOpType: 'Gemm',
    dtype: 'float32',
    shape,
    elementCount: shape.reduce((a, b) => a * b, 1),
    bytes: 0,
    min: 0,
    max: 0,
    mean: 0,
    std: 0,
    meanAbs: 0,
    zeroShare: 0,
    nanCount: 0,
    infCount: 0,
    histogram: { min: 0, max: 0, counts: [] },
    kept: true,
  };
}

describe('captureLookup shapes', () => {
  it('knows the shapes the run fed its inputs and those of every captured value', () => {
    const lookup = captureLookup(
      {
        values: [summary('logits', [3, 2])],
        skipped: [],
        inputShapes: { input_ids: [3, 12], attention_mask: [3, 12] },
      },
      null,
      null,
    );
    expect(lookup.shapes.get('input_ids')).toEqual([3, 12]);
    expect(lookup.shapes.get('logits')).toEqual([3, 2]);
    expect(lookup.shapes.has('token_type_ids')).toBe(false);
  });

  it('has no input shapes for a capture made before they were recorded', () => {
    const lookup = captureLookup({ values: [summary('y', [1])], skipped: [] }, null, null);
    expect([...lookup.shapes.keys()]).toEqual(['y']);
  });
});
