// The value diff's page state with a fake runner: nothing to do without a run shown or a diff open; a
// file source goes to the runner as it is and a hub file is fetched; the figures belong to one (diff,
// run) pair and read as idle for another; a failure is the error's sentence.
import { describe, expect, it } from 'vitest';
import type { InspectorSource } from '../../../src/contracts/inspector.ts';
import { ModelValueDiff } from '../../../src/app/inspector/model-value-diff.svelte.ts';
import type { RunTarget } from '../../../src/app/inspector/run-capture.svelte.ts';
import type { ValueDiff } from '../../../src/lib/diff/value-diff.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';

const target = {
  task: 'text-classification',
  model: { location: { key: 'embedded:tiny' } },
  backend: 'wasm',
  viewLabel: 'Classify text',
} as unknown as RunTarget;

const DIFF: ValueDiff = {
  alignment: ['3 values aligned'],
  nodes: [{ node: '/a', opType: 'MatMul', producerIndex: 0, maxAbs: 0.5, snrDb: 30 }],
  differing: 1,
  first: null,
};

describe('ModelValueDiff', () => {
  it('is unavailable without a run shown or a diff open', async () => {
    const values = new ModelValueDiff(
      () => Promise.resolve(DIFF),
      () => null,
      () => null,
    );
    expect(values.available).toBe(false);
    expect(await values.measure()).toBe(false);
  });

  it('runs a file as it is, keys the figures to the diff and the run, and fetches a hub file', async () => {
    const asked: { task: string; key: string; size: number }[] = [];
    let source: InspectorSource = { kind: 'file', file: new Blob(['abc']), name: 'other.onnx' };
    let shown: RunTarget | null = target;
    const values = new ModelValueDiff(
      async (task, key, _backend, other) => {
        asked.push({ task, key, size: other.size });
        return DIFF;
      },
      () => shown,
      () => source,
      async (url) => new Blob([url]),
    );
    expect(await values.measure()).toBe(true);
    expect(asked).toEqual([{ task: 'text-classification', key: 'embedded:tiny', size: 3 }]);
    expect(values.current).toMatchObject({ kind: 'ready', viewLabel: 'Classify text' });
    expect(values.byNode.get('/a')?.maxAbs).toBe(0.5);
    // Another comparison, or no run shown: the figures are not shown for it.
    source = { kind: 'url', url: 'http://hub/x.onnx', name: 'x' };
    expect(values.current.kind).toBe('idle');
    expect(values.byNode.size).toBe(0);
    await values.measure();
    expect(asked.at(-1)?.size).toBe('http://hub/x.onnx'.length);
    shown = { ...target, backend: 'webgpu' };
    expect(values.current.kind).toBe('idle');
    shown = null;
    expect(values.current.kind).toBe('idle');
  });

  it('says why the values could not be compared', async () => {
    const bytes: InspectorSource = { kind: 'bytes', bytes: new ArrayBuffer(2), name: 'b' };
    const values = new ModelValueDiff(
      () =>
        Promise.reject(
          new GlassboxError({ code: 'model-file-invalid', message: 'Not a model.', remedy: 'Pick one.' }),
        ),
      () => target,
      () => bytes,
    );
    expect(await values.measure()).toBe(false);
    expect(values.current).toMatchObject({ kind: 'failed', error: { message: 'Not a model.' } });
  });
});
