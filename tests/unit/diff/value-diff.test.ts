// The value diff's per-node figures from aligned error rows: a node's outputs gathered (largest |Δ| kept,
// worst SNR), constants left out, the first differing node in the open model's order, non-finite and
// not-compared values, and the largest differences listed first.
import { describe, expect, it } from 'vitest';
import { formatValueDiff, largestValueDiffs, valueDiffOf } from '../../../src/lib/diff/value-diff.ts';
import type { ValueErrorRow } from '../../../src/lib/variants/block-errors.ts';

function row(producer: string, producerIndex: number, maxAbs: number, extra: Partial<ValueErrorRow> = {}) {
  return {
    reference: `${producer}_output`,
    variant: `${producer}_output`,
    by: 'name',
    producer,
    producerIndex,
    opType: 'MatMul',
    variantOpType: 'MatMul',
    count: 4,
    maxAbs,
    maxRel: 0,
    snrDb: maxAbs === 0 ? Infinity : 40,
    nonFiniteMismatch: 0,
    scope: '',
    ...extra,
  } as ValueErrorRow;
}

describe('valueDiffOf', () => {
  const rows = [
    row('/eps', 0, 1, { opType: 'Constant' }),
    row('/a', 1, 0),
    row('/split', 3, 0.5, { reference: 'split_0', snrDb: 30 }),
    row('/split', 3, 2, { reference: 'split_1', snrDb: 50 }),
    row('/b', 2, 0.1),
    row('/inf', 4, 0, { nonFiniteMismatch: 2 }),
  ];
  const diff = valueDiffOf(rows, ['4 values aligned']);

  it('gathers each node’s outputs in the open model’s order, leaving constants out', () => {
    expect(diff.nodes.map((n) => n.node)).toEqual(['/a', '/b', '/split', '/inf']);
    expect(diff.nodes.find((n) => n.node === '/split')).toMatchObject({ maxAbs: 2, snrDb: 30 });
    expect(diff.nodes.find((n) => n.node === '/inf')?.maxAbs).toBe(Infinity);
  });

  it('names the first node that differs and counts them', () => {
    expect(diff.first?.node).toBe('/b');
    expect(diff.differing).toBe(3);
    expect(valueDiffOf([row('/a', 0, 0)], []).first).toBeNull();
  });

  it('lists the largest differences first', () => {
    expect(largestValueDiffs(diff, 2).map((n) => n.node)).toEqual(['/inf', '/split']);
  });
});

describe('formatValueDiff', () => {
  it.each([
    [0, 'same values'],
    [0.000123456, 'max |Δ| 0.000123'],
    [Infinity, 'non-finite on one side'],
    [Number.NaN, 'not compared (shapes or types differ)'],
  ])('%d → %s', (value, text) => {
    expect(formatValueDiff(value)).toBe(text);
  });
});
