// The precision ladder's state machine with a fake worker: rows fill in order (reference first), agreement
// against the reference's labels, a failing variant keeps its sentence in its row, no run gives a sentence,
// a row paints through Look inside with its first node past the threshold, a made row downloads, and the
// link carries the kinds and threshold once measured.
import { describe, expect, it } from 'vitest';
import type { LadderMeasurement, LadderVariantSpec } from '../../../src/contracts/ladder.ts';
import { PrecisionLadder, type LadderSource } from '../../../src/app/ladder/precision-ladder.svelte.ts';
import type { RunTarget } from '../../../src/app/inspector/run-capture.svelte.ts';
import type { ValueErrorRow } from '../../../src/lib/variants/block-errors.ts';

const target = {
  task: 'text-classification',
  model: { name: 'tiny sentiment BERT', location: { key: 'bert' } },
  backend: 'wasm',
  viewLabel: 'Classify text',
} as unknown as RunTarget;

const past: ValueErrorRow = {
  reference: 'h',
  variant: 'h_q',
  by: 'structure',
  producer: '/enc/MatMul',
  producerIndex: 3,
  opType: 'MatMul',
  variantOpType: 'MatMulNBits',
  scope: '/enc',
  count: 4,
  maxAbs: 0.5,
  maxRel: 0.2,
  snrDb: 12,
  nonFiniteMismatch: 0,
};

function measurement(
  id: string,
  labels: string[],
  extra: Partial<LadderMeasurement> = {},
): LadderMeasurement {
  return {
    id,
    backend: 'wasm',
    sizeBytes: 100,
    makeMs: null,
    loadMs: 1,
    latency: null,
    labels,
    notes: [],
    failure: null,
    comparison: null,
    downloadable: false,
    ...extra,
  };
}

function fakeSource(asked: string[]): LadderSource {
  return {
    async measure(_key, _backend, spec: LadderVariantSpec) {
      if (spec.kind === 'reference') {
        asked.push('reference');
        return measurement('reference', ['positive', 'negative', 'negative']);
      }
      const id = spec.kind === 'made' ? `made:${spec.made}` : `file:${spec.name}`;
      asked.push(id);
      if (spec.kind === 'made' && spec.made === 'fp16') {
        return measurement(id, ['positive', 'negative', 'negative'], { sizeBytes: 50, downloadable: true });
      }
      if (spec.kind === 'made' && spec.made === 'q4') {
        return measurement(id, ['positive', 'positive', 'negative'], {
          comparison: {
            thresholdDb: 20,
            alignment: [],
            values: [past],
            blocks: [],
            firstPast: past,
            referenceOnly: [],
            referenceOnlyCount: 0,
            variantOnlyCount: 0,
          },
        });
      }
      return measurement(id, [], {
        failure: { code: 'variant-unsupported', message: 'Not built yet.', remedy: 'Open a file.' },
      });
    },
    madeBytes: async () => new Uint8Array([1, 2, 3]),
  };
}

describe('PrecisionLadder', () => {
  it('says there is no run to compare on before the view has run', async () => {
    const ladder = new PrecisionLadder(fakeSource([]), { showVariantErrors: async () => true }, () => ({
      target: null,
      texts: [],
    }));
    expect(await ladder.measure()).toBe(false);
    expect(ladder.status.kind === 'failed' && ladder.status.error.code).toBe('no-run-yet');
  });

  it('measures the reference first, then each kind, with agreement and failures per row', async () => {
    const asked: string[] = [];
    const painted: unknown[] = [];
    const ladder = new PrecisionLadder(
      fakeSource(asked),
      {
        showVariantErrors: async (...args) => {
          painted.push(args);
          return true;
        },
      },
      () => ({ target, texts: ['a', 'b', 'c'] }),
    );
    ladder.choose(['q4', 'fp16', 'int8-weights']);
    expect(ladder.linkSettings).toBeNull();
    expect(await ladder.measure()).toBe(true);
    expect(asked).toEqual(['reference', 'made:fp16', 'made:int8-weights', 'made:q4']);
    expect(ladder.rows.map((row) => [row.id, row.agreement])).toEqual([
      ['reference', null],
      ['made:fp16', 100],
      ['made:int8-weights', null],
      ['made:q4', (100 * 2) / 3],
    ]);
    expect(ladder.rows[2]?.measurement?.failure?.message).toBe('Not built yet.');
    expect(ladder.linkSettings).toEqual({ variants: ['fp16', 'int8-weights', 'q4'], thresholdDb: 20 });

    expect(await ladder.paint('made:q4')).toBe(true);
    expect(ladder.painted).toBe('made:q4');
    expect(painted).toEqual([
      [
        target,
        { values: [{ name: 'h', producerIndex: 3, error: 10 ** (-12 / 20) }], firstPast: 'h' },
        '/enc/MatMul',
      ],
    ]);
    const file = await ladder.download('made:fp16');
    expect(file?.name).toBe('tiny-sentiment-BERT_fp16.onnx');
    expect(file?.blob.size).toBe(3);
    expect(await ladder.download('made:q4')).toBeNull();
  });
});
