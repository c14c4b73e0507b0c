import { describe, expect, it } from 'vitest';
import { ModelSlot } from '../../../src/app/workbench/model-slot.svelte.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { LoadProgress } from '../../../src/lib/progress.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';

const fetchEvent: LoadProgress = { stage: 'fetch', file: 'm.onnx', loadedBytes: 10, totalBytes: null };

/** A slot whose load reports fetchEvent, then waits until release() is called. */
function pausedSlot(): { slot: ModelSlot<{ backend: Backend }>; release: () => void } {
  let release: () => void = () => {};
  const slot = new ModelSlot(async (backend: Backend, onProgress) => {
    onProgress(fetchEvent);
    await new Promise<void>((resolve) => (release = resolve));
    return { backend };
  });
  return { slot, release: () => release() };
}

describe('ModelSlot', () => {
  it('ignores a progress event that arrives after the load succeeded', async () => {
    let late: ((p: LoadProgress) => void) | undefined;
    const slot = new ModelSlot(async (backend: Backend, onProgress) => {
      late = onProgress;
      return { backend };
    });
    await slot.load();
    late?.(fetchEvent);
    expect(slot.status.kind).toBe('ready');
  });

  it('ignores a progress event that arrives after the load failed', async () => {
    let late: ((p: LoadProgress) => void) | undefined;
    const slot = new ModelSlot<{ backend: Backend }>(async (_backend, onProgress) => {
      late = onProgress;
      throw new GlassboxError({ code: 'model-file-missing', message: 'gone', remedy: 'restore it' });
    });
    await slot.load();
    late?.(fetchEvent);
    expect(slot.status).toMatchObject({ kind: 'failed', error: { code: 'model-file-missing' } });
  });

  it('lets a newer load supersede an older one still in flight', async () => {
    const pending: Array<(value: { backend: Backend }) => void> = [];
    const slot = new ModelSlot(
      (backend: Backend) =>
        new Promise<{ backend: Backend }>((resolve) => pending.push(() => resolve({ backend }))),
    );
    const first = slot.load();
    slot.backend = 'webgpu';
    const second = slot.load();
    pending[1]?.({ backend: 'webgpu' });
    await second;
    pending[0]?.({ backend: 'wasm' });
    await first;
    expect(slot.status).toMatchObject({ kind: 'ready', loaded: { backend: 'webgpu' } });
  });

  it('shows progress while loading', async () => {
    const { slot, release } = pausedSlot();
    const loading = slot.load();
    expect(slot.status).toMatchObject({ kind: 'loading', progress: fetchEvent, runtime: null });
    release();
    await loading;
    expect(slot.status.kind).toBe('ready');
  });

  it('keeps the runtime download beside the model fetch (they run at the same time)', async () => {
    let release: () => void = () => {};
    const slot = new ModelSlot(async (backend: Backend, onProgress) => {
      onProgress({ stage: 'runtime', build: 'wasm', state: 'downloading', loadedBytes: 5, totalBytes: 9 });
      onProgress(fetchEvent);
      await new Promise<void>((resolve) => (release = resolve));
      return { backend };
    });
    const loading = slot.load();
    expect(slot.status).toMatchObject({
      kind: 'loading',
      progress: fetchEvent,
      runtime: { build: 'wasm', loadedBytes: 5, totalBytes: 9 },
    });
    release();
    await loading;
  });
});
