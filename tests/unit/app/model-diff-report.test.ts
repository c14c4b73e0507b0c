// The page's side of model diff and Prepare a report, with fakes for the worker: which hub file a hub id
// compares with, a bad id refused in words, a stale diff never painted; which value a report is about
// (the first divergent one, else the most different), and how a hub model's source is named.
import { describe, expect, it } from 'vitest';
import { reportedValue, reportSource } from '../../../src/app/inspector/divergence-report.svelte.ts';
import { ModelDiffView } from '../../../src/app/inspector/model-diff.svelte.ts';
import type { InspectorClient } from '../../../src/app/inspector/inspector-client.ts';
import type { GraphView, InspectorSource, OpenedModel } from '../../../src/contracts/inspector.ts';
import type { BackendComparison, ValueDivergence } from '../../../src/lib/capture/capture-types.ts';
import type { ModelDiff } from '../../../src/lib/diff/diff-types.ts';
import { DEFAULT_HUB_URL, hubLocation } from '../../../src/lib/sources/hub.ts';

const EMPTY_DIFF: ModelDiff = {
  left: { label: 'a', nodeCount: 1, initializerCount: 0 },
  right: { label: 'b', nodeCount: 1, initializerCount: 0 },
  alignedByName: 1,
  alignedByStructure: 0,
  unchanged: 1,
  changes: [],
  counts: { added: 0, removed: 0, changed: 0, weightsChanged: 0 },
  nothingAligns: false,
  summary: 'No structural change: all 1 node align and hold the same weights.',
};

function fakeDiff() {
  const asked: InspectorSource[] = [];
  const service = {
    diffWith: (_id: number, source: InspectorSource) => {
      asked.push(source);
      return Promise.resolve(EMPTY_DIFF);
    },
    diffPaint: () => Promise.resolve({ n0: 'changed' }),
    clearDiff: () => Promise.resolve(),
  };
  const client = {
    call: (task: (s: typeof service) => Promise<unknown>) => task(service),
  } as unknown as InspectorClient;
  const model = { inspectedId: 7 } as OpenedModel;
  const view = { expanded: [], constantsShown: false } as unknown as GraphView;
  const diff = new ModelDiffView(client, () => ({ model, view, revealByName: () => Promise.resolve(true) }));
  return { diff, asked };
}

describe('ModelDiffView', () => {
  it('compares with the hub file a hub id and path name', async () => {
    const { diff, asked } = fakeDiff();
    expect(await diff.compareWithHub('Xenova/bert-tiny@v2', 'onnx/model_quantized.onnx')).toBe(true);
    expect(asked[0]).toEqual({
      kind: 'url',
      url: `${DEFAULT_HUB_URL}/Xenova/bert-tiny/resolve/v2/onnx/model_quantized.onnx`,
      name: 'Xenova/bert-tiny@v2/onnx/model_quantized.onnx',
      cached: true,
    });
    expect(diff.status.kind).toBe('ready');
    expect(diff.paint).toEqual({ n0: 'changed' });
  });

  it('refuses a malformed hub id in words, asking nothing of the worker', async () => {
    const { diff, asked } = fakeDiff();
    expect(await diff.compareWithHub('not an id', '')).toBe(false);
    expect(asked).toEqual([]);
    expect(diff.status).toMatchObject({ kind: 'failed', error: { code: 'model-file-invalid' } });
  });

  it('drops the paint when the comparison is closed', async () => {
    const { diff } = fakeDiff();
    await diff.compareWithHub('Xenova/bert-tiny', '');
    diff.close();
    expect(diff.paint).toBeNull();
    expect(diff.status.kind).toBe('idle');
  });
});

const value = (name: string, maxAbsDiff: number, divergent = false): ValueDivergence => ({
  name,
  producer: `${name}-node`,
  producerIndex: 0,
  maxAbsDiff,
  maxRelDiff: 0,
  divergent,
});

function comparison(values: ValueDivergence[]): BackendComparison {
  return {
    reference: { captureId: 'a', backend: 'wasm' },
    other: { captureId: 'b', backend: 'webgpu' },
    tolerance: { atol: 1e-4, rtol: 1e-3 },
    values,
    firstDivergent: values.find((v) => v.divergent) ?? null,
  };
}

describe('a report is about', () => {
  it('the first divergent value when there is one', () => {
    expect(
      reportedValue(comparison([value('a', 1e-7), value('b', 0.5, true), value('c', 2, true)]))?.name,
    ).toBe('b');
  });

  it('else the value that differs most (unmeasured ones skipped)', () => {
    expect(
      reportedValue(comparison([value('a', 1e-7), value('b', Number.NaN), value('c', 3e-6)]))?.name,
    ).toBe('c');
    expect(reportedValue(comparison([]))).toBeNull();
  });

  it('names a hub model by id, revision and file', () => {
    const location = hubLocation(DEFAULT_HUB_URL, 'Xenova/bert-tiny', 'abc123', 'q4');
    expect(reportSource(location)).toEqual({
      kind: 'hub',
      label: location.label,
      hubId: 'Xenova/bert-tiny',
      revision: 'abc123',
      file: 'onnx/model_q4.onnx',
    });
  });
});
