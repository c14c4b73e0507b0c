// The precision ladder's state machine with a fake worker: rows fill in order (reference first), agreement
// against the reference's labels, a failing variant keeps its sentence in its row, no run gives a sentence,
// a row paints through Look inside with its first node past the threshold, a made row downloads, and the
// link carries the kinds and threshold once measured.
import { describe, expect, it } from 'vitest';
import { ladderIdOf, type LadderMeasurement, type LadderVariantSpec } from '../../../src/contracts/ladder.ts';
import { PrecisionLadder, type LadderSource } from '../../../src/app/ladder/precision-ladder.svelte.ts';
import type { RunTarget } from '../../../src/app/inspector/run-capture.svelte.ts';
import type { ValueErrorRow } from '../../../src/lib/variants/block-errors.ts';
import type { ReportRequest } from '../../../src/contracts/report.ts';
import type { ModelLocation } from '../../../src/lib/sources/model-location.ts';

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
    detections: null,
    notes: [],
    failure: null,
    comparison: null,
    downloadable: false,
    captures: null,
    headroom: null,
    ...extra,
  };
}

const HUB_FILE = {
  name: 'model_q4.onnx',
  dtype: 'q4',
  url: 'http://hub/glassbox/m/resolve/main/onnx/model_q4.onnx',
  listedBytes: 96_492,
  externalData: [],
};

function fakeSource(asked: string[], reports: ReportRequest[] = []): LadderSource {
  return {
    async hubFiles(location) {
      asked.push(`list:${location.key}`);
      return [HUB_FILE, { ...HUB_FILE, name: 'model_quantized.onnx', dtype: 'q8' }];
    },
    async prepareReport(request) {
      reports.push(request);
      return { zip: new Uint8Array([80, 75]), parts: ['README.md', 'node/model.onnx'], node: '/enc/MatMul' };
    },
    async measure(_key, _backend, spec: LadderVariantSpec) {
      if (spec.kind === 'reference') {
        asked.push('reference');
        return measurement('reference', ['positive', 'negative', 'negative']);
      }
      const id = ladderIdOf(spec);
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
          captures: { reference: 'capture-1', variant: 'capture-2' },
        });
      }
      if (spec.kind === 'hub') {
        return measurement(id, ['positive', 'negative', 'negative'], { sizeBytes: spec.hub.listedBytes });
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
      examples: [],
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
      () => ({ target, examples: ['a', 'b', 'c'] }),
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

const hubLocation = {
  key: 'hub:glassbox/m@main#fp32',
  label: 'glassbox/m · fp32',
  origin: 'hub',
  files: { model: 'http://hub/glassbox/m/resolve/main/onnx/model.onnx' },
  externalData: {},
  cache: true,
} as ModelLocation;

describe('PrecisionLadder with a hub model', () => {
  it('lists the repo’s other dtype files once, measures only the chosen one, after the made kinds', async () => {
    const asked: string[] = [];
    const hubTarget = { ...target, model: { name: 'glassbox/m', location: hubLocation } } as RunTarget;
    const ladder = new PrecisionLadder(fakeSource(asked), { showVariantErrors: async () => true }, () => ({
      target: hubTarget,
      examples: ['a'],
    }));
    expect(ladder.subjectLocation).toBe(hubLocation);
    await ladder.listHub(hubLocation);
    await ladder.listHub(hubLocation);
    // A run in flight (no target) keeps the listing.
    await ladder.listHub(null);
    expect(asked).toEqual(['list:hub:glassbox/m@main#fp32']);
    expect(ladder.hub.kind === 'listed' && ladder.hub.files.map((f) => [f.name, f.listedBytes])).toEqual([
      ['model_q4.onnx', 96_492],
      ['model_quantized.onnx', 96_492],
    ]);
    expect(ladder.hubChosen).toEqual([]);
    ladder.choose(['fp16']);
    ladder.toggleHub('model_q4.onnx', true);
    expect(await ladder.measure()).toBe(true);
    expect(asked.slice(1)).toEqual(['reference', 'made:fp16', 'hub:model_q4.onnx']);
    const row = ladder.rows.at(-1);
    expect(row?.label).toBe('model_q4.onnx (hub, q4)');
    expect(row?.measurement?.sizeBytes).toBe(96_492);
    expect(row?.agreement).toBe(100);
    ladder.toggleHub('model_q4.onnx', false);
    expect(ladder.hubChosen).toEqual([]);
  });

  it('offers no hub files for a model from anywhere else', async () => {
    const asked: string[] = [];
    const ladder = new PrecisionLadder(fakeSource(asked), { showVariantErrors: async () => true }, () => ({
      target,
      examples: [],
    }));
    await ladder.listHub({ ...hubLocation, origin: 'embedded', key: 'embedded:bert' });
    expect(ladder.hub.kind).toBe('none');
    expect(asked).toEqual([]);
  });
});

describe('Prepare a report from a ladder row', () => {
  it('asks the worker for the row’s first node under the threshold, naming both variants, and saves the zip', async () => {
    const reports: ReportRequest[] = [];
    const saved: string[] = [];
    const ladder = new PrecisionLadder(
      fakeSource([], reports),
      { showVariantErrors: async () => true },
      () => ({ target, examples: ['a', 'b', 'c'] }),
      {
        environment: async () => ({ adapter: null, userAgent: 'test', platform: 'Linux' }),
        save: (_blob, name) => saved.push(name),
      },
    );
    ladder.choose(['q4', 'fp16']);
    await ladder.measure();
    // The reference and a row without captures have no report.
    expect(await ladder.prepareReport('reference')).toBe(false);
    expect(await ladder.prepareReport('made:fp16')).toBe(false);
    expect(await ladder.prepareReport('made:q4')).toBe(true);
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({
      referenceId: 'capture-1',
      otherId: 'capture-2',
      value: 'h',
      variants: {
        reference: 'float32 (as loaded)',
        other: '4-bit blocks (MatMulNBits)',
        otherValue: 'h_q',
        otherOpType: 'MatMulNBits',
        snrDb: 12,
        thresholdDb: 20,
        past: true,
      },
    });
    expect(saved).toEqual(['glassbox-report-4-bit_blocks_MatMulNBits-enc_MatMul.zip']);
    expect(ladder.report.status).toMatchObject({ kind: 'ready', past: true, node: '/enc/MatMul' });
  });
});
