// fp16 headroom at its boundaries: 65,504 is float16's largest value, (65,504, 65,520) rounds down to it,
// 65,520 and beyond round to Infinity; 2^-14 is the smallest normal, 2^-24 the smallest subnormal and
// 2^-25 rounds to 0 (ties to even). Flags per node from captured summaries, grouped by producer.
import { describe, expect, it } from 'vitest';
import type { CapturedValueSummary } from '../../../src/lib/capture/capture-types.ts';
import {
  FLOAT16_MAX,
  FLOAT16_MIN_NORMAL,
  FLOAT16_MIN_SUBNORMAL,
  FLOAT16_OVERFLOW,
  fp16Headroom,
  headroomFlags,
  roundToFloat16,
  subnormalShare,
} from '../../../src/lib/fp16/fp16-headroom.ts';

describe('roundToFloat16', () => {
  it.each([
    [65504, 65504],
    [65519.99, 65504],
    [65520, Infinity],
    [-65520, -Infinity],
    [1e9, Infinity],
    [FLOAT16_MIN_NORMAL, FLOAT16_MIN_NORMAL],
    [FLOAT16_MIN_SUBNORMAL, FLOAT16_MIN_SUBNORMAL],
    [2 ** -25, 0],
    [1.5 * 2 ** -25, 2 ** -24],
    [6.1e-5, 1023 * 2 ** -24],
    [1 + 2 ** -11, 1],
  ])('%d → %d', (value, rounded) => {
    expect(roundToFloat16(value)).toBe(rounded);
  });

  it('the named limits are float16’s', () => {
    expect([FLOAT16_MAX, FLOAT16_OVERFLOW, FLOAT16_MIN_NORMAL]).toEqual([65504, 65520, 6.103515625e-5]);
  });
});

describe('headroomFlags', () => {
  it.each([
    [65504, []],
    [65510, ['saturates']],
    [65520, ['overflow']],
    [1e6, ['overflow']],
  ])('max |x| %d → %j', (maxAbs, flags) => {
    expect(headroomFlags(maxAbs, 0, null)).toEqual(flags);
  });

  it('adds non-finite and subnormal flags', () => {
    expect(headroomFlags(1, 3, 0.5)).toEqual(['non-finite', 'subnormal']);
    expect(headroomFlags(1, 0, 0.005)).toEqual([]);
    expect(headroomFlags(1, 0, 0.005, 0.001)).toEqual(['subnormal']);
  });
});

describe('subnormalShare', () => {
  it('counts non-zero finite values below 2^-14 among the non-zero finite values', () => {
    expect(subnormalShare([0, 1e-5, 1, -2e-5, Infinity, 6.2e-5])).toBe(2 / 4);
    expect(subnormalShare([0, 0])).toBe(0);
  });
});

function summary(
  name: string,
  producer: string,
  index: number,
  min: number,
  max: number,
  extra: Partial<CapturedValueSummary> = {},
): CapturedValueSummary {
  return {
    name,
    producer,
    producerIndex: index,
    producerOpType: producer.split('/').at(-1) ?? '',
    dtype: 'float32',
    shape: [4],
    elementCount: 4,
    bytes: 16,
    min,
    max,
    mean: 0,
    std: 0,
    meanAbs: 0,
    zeroShare: 0,
    nanCount: 0,
    infCount: 0,
    histogram: { min, max, counts: [] },
    kept: true,
    ...extra,
  };
}

describe('fp16Headroom', () => {
  const values = [
    summary('a', '/x/Mul', 0, -300, 200),
    summary('sq', '/x/Pow', 1, 0, 90000),
    summary('v', '/x/ReduceMean', 2, NaN, NaN, { infCount: 4 }),
    summary('ids', '/x/ArgMax', 3, 0, 3, { dtype: 'int64' }),
    summary('s0', '/x/Split', 4, -1, 70000),
    summary('s1', '/x/Split', 4, -65510, 1),
    summary('tiny', '/x/Div', 5, -1e-5, 1e-5),
  ];

  it('names the first node that overflows and flags each node from all its values', () => {
    const report = fp16Headroom(values, { tensors: new Map([['tiny', [1e-5, -1e-5, 0, 1]]]) });
    expect(report.firstOverflow?.node).toBe('/x/Pow');
    expect(report.skipped).toBe(1);
    const byNode = Object.fromEntries(report.nodes.map((n) => [n.node, n]));
    expect(byNode['/x/Mul']).toMatchObject({ maxAbs: 300, flags: [], subnormalShare: null });
    expect(byNode['/x/Mul']?.headroomBits).toBeCloseTo(Math.log2(65504 / 300), 9);
    expect(byNode['/x/ReduceMean']?.flags).toEqual(['non-finite']);
    expect(byNode['/x/Split']).toMatchObject({ values: ['s0', 's1'], maxAbs: 70000, flags: ['overflow'] });
    expect(byNode['/x/Div']).toMatchObject({ subnormalShare: 2 / 3, flags: ['subnormal'] });
  });

  it('leaves out what ignore names, and finds no overflow where none is', () => {
    const report = fp16Headroom(values, {
      ignore: (v) => v.producer === '/x/Pow' || v.producer === '/x/Split',
    });
    expect(report.firstOverflow).toBeNull();
    expect(report.nodes.map((n) => n.node)).toEqual(['/x/Mul', '/x/ReduceMean', '/x/Div']);
  });
});
