// Which value a ladder row's report is about: the first computed value under the threshold; else the
// worst computed one (constants, identical values and unmeasurable ones left out); else none.
import { describe, expect, it } from 'vitest';
import type { LadderComparison } from '../../../src/contracts/ladder.ts';
import { reportedLadderValue } from '../../../src/app/ladder/ladder-report.svelte.ts';
import type { ValueErrorRow } from '../../../src/lib/variants/block-errors.ts';

function value(name: string, snrDb: number, opType = 'MatMul', producerIndex = 0): ValueErrorRow {
  return {
    reference: name,
    variant: name,
    by: 'name',
    producer: `/${name}`,
    producerIndex,
    opType,
    variantOpType: opType,
    scope: '',
    count: 4,
    maxAbs: 0.1,
    maxRel: 0.1,
    snrDb,
    nonFiniteMismatch: 0,
  };
}

function comparison(values: ValueErrorRow[], firstPast: ValueErrorRow | null = null): LadderComparison {
  return {
    thresholdDb: 20,
    alignment: [],
    values,
    blocks: [],
    firstPast,
    referenceOnly: [],
    referenceOnlyCount: 0,
    variantOnlyCount: 0,
  };
}

describe('reportedLadderValue', () => {
  it('takes the first node under the threshold when there is one', () => {
    const first = value('a', 12);
    expect(reportedLadderValue(comparison([value('b', 5), first], first))).toEqual({
      value: first,
      past: true,
    });
  });

  it('takes the worst computed value when none falls under, leaving constants and identical values out', () => {
    const worst = value('mid', 31, 'Add', 2);
    const chosen = reportedLadderValue(
      comparison([
        value('eps', -300, 'Constant'),
        value('same', Infinity),
        value('nan', Number.NaN),
        value('high', 60),
        worst,
      ]),
    );
    expect(chosen).toEqual({ value: worst, past: false });
  });

  it('finds nothing to report when every value equals the reference', () => {
    expect(
      reportedLadderValue(comparison([value('same', Infinity), value('eps', -1, 'Constant')])),
    ).toBeNull();
  });
});
