// Input tensors for any model: symbolic dimensions, sizes, and every fill (zeros, ones, seeded random,
// pasted values) with the errors a user can run into.
import { describe, expect, it } from 'vitest';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { toNumbers } from '../../../src/lib/tensor.ts';
import {
  buildTensor,
  fillProblem,
  MAX_INPUT_ELEMENTS,
  parseValues,
  resolveDims,
  symbolicDims,
  type InputFill,
} from '../../../src/lib/tensors/input-fill.ts';
import { seededRandom } from '../../../src/lib/seeded-random.ts';

function buildError(dtype: string, dims: number[], fill: InputFill): GlassboxError {
  try {
    buildTensor(dtype, dims, fill);
  } catch (error) {
    if (error instanceof GlassboxError) return error;
    throw error;
  }
  throw new Error('buildTensor did not throw');
}

describe('symbolicDims', () => {
  it('lists distinct symbols in order of first appearance', () => {
    expect(
      symbolicDims([
        ['batch_size', 'sequence_length'],
        ['batch_size', 3, 'height', 'width'],
        [1, 'sequence_length'],
      ]),
    ).toEqual(['batch_size', 'sequence_length', 'height', 'width']);
  });

  it('counts unknown dims (empty name, ?, -1, 0) as the one symbol ?', () => {
    expect(
      symbolicDims([
        [-1, 3],
        ['', 0],
        ['?', 'n'],
      ]),
    ).toEqual(['?', 'n']);
  });

  it('has no symbols for fixed shapes', () => {
    expect(symbolicDims([[1, 3, 256, 256], []])).toEqual([]);
  });
});

describe('resolveDims', () => {
  it('keeps fixed sizes and looks symbols up', () => {
    expect(resolveDims(['batch', 3, 'side', 'side'], { batch: 2, side: 64 })).toEqual({
      ok: true,
      dims: [2, 3, 64, 64],
    });
  });

  it('resolves unknown dims through ?', () => {
    expect(resolveDims([-1, 0, '', 4], { '?': 5 })).toEqual({ ok: true, dims: [5, 5, 5, 4] });
  });

  it('resolves a scalar to no dims', () => {
    expect(resolveDims([], {})).toEqual({ ok: true, dims: [] });
  });

  it('names a symbol that has no size', () => {
    const result = resolveDims(['batch', 'sequence'], { batch: 1 });
    expect(result).toEqual({ ok: false, reason: 'Set a size for sequence.' });
    expect(resolveDims(['n'], { n: Number.NaN })).toEqual({ ok: false, reason: 'Set a size for n.' });
  });

  it('refuses sizes that are not whole numbers of at least 1', () => {
    for (const size of [0, -1, 1.5, Number.POSITIVE_INFINITY]) {
      const result = resolveDims(['n'], { n: size });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toContain(`(it is ${size})`);
    }
  });

  it('does not read symbols from the prototype chain', () => {
    expect(resolveDims(['constructor'], {}).ok).toBe(false);
  });
});

describe('seededRandom (mulberry32)', () => {
  it('gives the reference sequence, the same on every machine', () => {
    const random = seededRandom(42);
    expect([random(), random(), random()]).toEqual([
      0.6011037519201636, 0.44829055899754167, 0.8524657934904099,
    ]);
  });
});

describe('buildTensor', () => {
  it('fills zeros and ones of every supported type', () => {
    expect(buildTensor('float32', [2, 2], { kind: 'zeros' })).toEqual({
      type: 'float32',
      dims: [2, 2],
      data: new Float32Array(4),
    });
    expect(buildTensor('int64', [3], { kind: 'ones' })).toEqual({
      type: 'int64',
      dims: [3],
      data: new BigInt64Array([1n, 1n, 1n]),
    });
    for (const dtype of ['float64', 'int32', 'int8', 'uint8', 'bool']) {
      const tensor = buildTensor(dtype, [2], { kind: 'ones' });
      expect(tensor.type).toBe(dtype);
      expect(toNumbers(tensor)).toEqual([1, 1]);
    }
  });

  it('builds a scalar from an empty shape', () => {
    const tensor = buildTensor('float32', [], { kind: 'values', text: '2.5' });
    expect(tensor.dims).toEqual([]);
    expect(toNumbers(tensor)).toEqual([2.5]);
  });

  it('gives the same random tensor for the same seed, and another for another seed', () => {
    const fill = (seed: number): InputFill => ({ kind: 'random', seed, min: 0, max: 1 });
    const a = buildTensor('float32', [4], fill(0));
    expect(toNumbers(a)).toEqual([
      0.26642921566963196, 0.0003297457005828619, 0.22327202558517456, 0.14620214700698853,
    ]);
    expect(buildTensor('float32', [4], fill(0))).toEqual(a);
    expect(toNumbers(buildTensor('float32', [4], fill(1)))).not.toEqual(toNumbers(a));
  });

  it('scales random floats into [min, max]', () => {
    const tensor = buildTensor('float64', [1000], { kind: 'random', seed: 3, min: -2, max: 2 });
    const values = toNumbers(tensor);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(-2);
    expect(Math.max(...values)).toBeLessThanOrEqual(2);
    expect(Math.min(...values)).toBeLessThan(-1.9);
    expect(Math.max(...values)).toBeGreaterThan(1.9);
  });

  it('draws random integers in [min, max] inclusive, rounding the bounds', () => {
    expect(buildTensor('int64', [2, 3], { kind: 'random', seed: 7, min: 0, max: 9 }).data).toEqual(
      new BigInt64Array([0n, 0n, 9n, 6n, 5n, 4n]),
    );
    const tensor = buildTensor('int32', [2000], { kind: 'random', seed: 5, min: -0.6, max: 2.4 });
    expect(new Set(toNumbers(tensor))).toEqual(new Set([-1, 0, 1, 2]));
  });

  it('draws random bools as 0 and 1, ignoring min and max', () => {
    const tensor = buildTensor('bool', [8], { kind: 'random', seed: 1, min: 5, max: 9 });
    expect(tensor.type).toBe('bool');
    expect(toNumbers(tensor)).toEqual([1, 0, 1, 1, 1, 0, 1, 1]);
  });

  it('reads pasted values in any separator and nested brackets', () => {
    const tensor = buildTensor('float32', [2, 3], { kind: 'values', text: '[[1, 2.5, -3e-1],\n [4;5 nan]]' });
    expect(toNumbers(tensor)).toEqual([1, 2.5, Math.fround(-0.3), 4, 5, Number.NaN]);
    const infinite = buildTensor('float64', [2], { kind: 'values', text: 'inf -Infinity' });
    expect(toNumbers(infinite)).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('fills every element with one pasted value', () => {
    expect(toNumbers(buildTensor('int32', [2, 2], { kind: 'values', text: ' 7 ' }))).toEqual([7, 7, 7, 7]);
  });

  it('keeps int64 values exact beyond 2^53', () => {
    const tensor = buildTensor('int64', [2], {
      kind: 'values',
      text: '9223372036854775807 -9007199254740993',
    });
    expect(tensor.data).toEqual(new BigInt64Array([9223372036854775807n, -9007199254740993n]));
  });

  it('reads bools as 0, 1, true or false', () => {
    expect(toNumbers(buildTensor('bool', [4], { kind: 'values', text: 'true 0 1 False' }))).toEqual([
      1, 0, 1, 0,
    ]);
  });

  it('names the first value it cannot read, and where it is', () => {
    const error = buildError('float32', [3], { kind: 'values', text: '1, 2x, 3' });
    expect(error.code).toBe('empty-input');
    expect(error.message).toBe('Value 2, “2x” at character 4, cannot be read: it is not a number.');
  });

  it('refuses fractions and out-of-range numbers for integer types', () => {
    expect(buildError('int64', [2], { kind: 'values', text: '1 1.5' }).message).toBe(
      'Value 2, “1.5” at character 3, cannot be read: int64 takes whole numbers only.',
    );
    expect(buildError('uint8', [1], { kind: 'values', text: '256' }).message).toContain(
      'uint8 holds 0 to 255',
    );
    expect(buildError('int32', [1], { kind: 'values', text: 'nan' }).message).toContain('int32 has no NaN');
    expect(buildError('float32', [1], { kind: 'values', text: 'constructor' }).message).toContain(
      'it is not a number',
    );
    expect(buildError('bool', [1], { kind: 'values', text: '2' }).message).toContain(
      'a bool input takes 0, 1, true or false',
    );
  });

  it('says both counts when the pasted values do not match the shape', () => {
    const error = buildError('float32', [2, 3], { kind: 'values', text: '1 2 3 4' });
    expect(error.code).toBe('empty-input');
    expect(error.message).toBe('4 values were pasted, but the shape [2, 3] has 6 elements.');
  });

  it('asks for values when none were pasted', () => {
    expect(buildError('float32', [2], { kind: 'values', text: ' , ' }).message).toBe(
      'No values were pasted.',
    );
  });

  it('refuses more than MAX_INPUT_ELEMENTS before allocating', () => {
    const error = buildError('float32', [MAX_INPUT_ELEMENTS + 1], { kind: 'zeros' });
    expect(error.code).toBe('empty-input');
    expect(error.message).toBe(
      'The shape [16777217] has 16,777,217 elements, more than the 16,777,216 Glassbox builds for one input.',
    );
    expect(buildTensor('uint8', [MAX_INPUT_ELEMENTS], { kind: 'zeros' }).data.length).toBe(
      MAX_INPUT_ELEMENTS,
    );
  });

  it('refuses types TensorData cannot carry', () => {
    const error = buildError('float16', [2], { kind: 'zeros' });
    expect(error.code).toBe('inference-failed');
    expect(error.message).toContain('cannot build float16 inputs');
    expect(buildError('non-tensor', [1], { kind: 'zeros' }).code).toBe('inference-failed');
  });

  it('refuses bad random settings and bad sizes', () => {
    expect(buildError('float32', [2], { kind: 'random', seed: 0, min: 1, max: 0 }).message).toBe(
      'The random minimum (1) is above the maximum (0).',
    );
    expect(buildError('float32', [2], { kind: 'random', seed: 0.5, min: 0, max: 1 }).message).toContain(
      'seed',
    );
    expect(
      buildError('float32', [2], { kind: 'random', seed: 0, min: Number.NaN, max: 1 }).message,
    ).toContain('finite minimum and maximum');
    expect(buildError('int8', [2], { kind: 'random', seed: 0, min: 0, max: 300 }).message).toContain(
      'between -128 and 127',
    );
    expect(buildError('float32', [2, 0], { kind: 'zeros' }).message).toContain('has a size of 0');
  });
});

describe('fillProblem and parseValues', () => {
  it('reports what buildTensor would throw, without building', () => {
    expect(fillProblem('float32', [2], { kind: 'values', text: '1 2' })).toBeNull();
    expect(fillProblem('float32', [2], { kind: 'values', text: '1 2 3' })).toBe(
      '3 values were pasted, but the shape [2] has 2 elements.',
    );
    expect(fillProblem('float32', [MAX_INPUT_ELEMENTS, 2], { kind: 'zeros' })).toContain(
      '33,554,432 elements',
    );
  });

  it('parses tokens with their types', () => {
    expect(parseValues('1 2 3', 'int64')).toEqual({ ok: true, values: [1n, 2n, 3n] });
    expect(parseValues('1e2 .5', 'float32')).toEqual({ ok: true, values: [100, 0.5] });
    expect(parseValues('', 'float32')).toEqual({ ok: true, values: [] });
  });
});
