import { describe, expect, it } from 'vitest';
import {
  EMPTY_LOAD_STATE,
  formatBytesOf,
  loadFraction,
  loadStageRows,
  loadSummary,
  withProgress,
  type LoadState,
  type LoadSummaryTimings,
} from '../../src/lib/load-stages.ts';
import type { LoadProgress } from '../../src/lib/progress.ts';

const MB = 1024 * 1024;
const runtimeEvent = (loadedBytes: number, totalBytes: number | null = 14 * MB): LoadProgress => ({
  stage: 'runtime',
  build: 'wasm',
  state: 'downloading',
  loadedBytes,
  totalBytes,
});
const fetchEvent = (loadedBytes: number): LoadProgress => ({
  stage: 'fetch',
  file: 'model.onnx',
  loadedBytes,
  totalBytes: 8 * MB,
});

function apply(...events: LoadProgress[]): LoadState {
  return events.reduce(withProgress, EMPTY_LOAD_STATE);
}

describe('formatBytesOf', () => {
  it('says "12.3 of 27.9 MB", the bytes so far in the unit of the total', () => {
    expect(formatBytesOf(12.3 * MB, 27.9 * MB)).toBe('12.3 of 27.9 MB');
    expect(formatBytesOf(0.5 * MB, 14 * MB)).toBe('0.50 of 14.0 MB');
    expect(formatBytesOf(300, 900)).toBe('300 of 900 B');
    expect(formatBytesOf(3 * MB, null)).toBe('3.00 MB');
  });
});

describe('the load stages', () => {
  it('keeps the runtime and the model progress apart while both download', () => {
    const state = apply(runtimeEvent(1 * MB), fetchEvent(2 * MB), runtimeEvent(7 * MB));
    expect(state.runtime).toMatchObject({ loadedBytes: 7 * MB, state: 'downloading' });
    expect(state.progress).toMatchObject({ stage: 'fetch', loadedBytes: 2 * MB });
    const rows = loadStageRows(state, 'wasm');
    expect(rows.map((row) => [row.id, row.state, row.label, row.detail])).toEqual([
      ['runtime', 'current', 'Downloading the runtime', '7.00 of 14.0 MB'],
      ['fetch', 'current', 'Fetching the model', '2.00 of 8.00 MB'],
      ['create-session', 'pending', 'Creating the session', null],
      ['warm-up', 'pending', 'Warming up', null],
    ]);
    expect(loadFraction(state)).toBeCloseTo(9 / 22, 6);
  });

  it('marks the runtime done once all its bytes are in, and says "from cache" when none moved', () => {
    const downloaded = loadStageRows(apply(runtimeEvent(14 * MB), fetchEvent(1 * MB)), 'wasm');
    expect(downloaded[0]).toMatchObject({ state: 'done', detail: '14.0 of 14.0 MB' });
    const cached = loadStageRows(
      apply({ stage: 'runtime', build: 'wasm', state: 'http-cache', loadedBytes: 0, totalBytes: null }),
      'wasm',
    );
    expect(cached[0]).toMatchObject({ label: 'Runtime from cache', state: 'done', detail: null });
  });

  it('moves through session creation and warm-up, naming shader compilation on WebGPU', () => {
    const state = apply(runtimeEvent(14 * MB), fetchEvent(8 * MB), { stage: 'warm-up', backend: 'webgpu' });
    const rows = loadStageRows(state, 'webgpu');
    expect(rows.map((row) => row.state)).toEqual(['done', 'done', 'done', 'current']);
    expect(rows[3]?.label).toBe('Warming up (compiling GPU shaders)');
    expect(loadFraction(state)).toBeNull();
  });

  it('shows the runtime as under way before any event, and done once the session is being created', () => {
    expect(loadStageRows(EMPTY_LOAD_STATE, 'wasm')[0]).toMatchObject({ state: 'current', detail: null });
    const creating = apply({ stage: 'create-session', backend: 'wasm' });
    expect(loadStageRows(creating, 'wasm')[0]?.state).toBe('done');
  });
});

describe('loadSummary', () => {
  const base: LoadSummaryTimings = {
    fetchMs: 480,
    modelSource: 'network',
    runtime: { build: 'wasm', source: 'network', bytes: 14_239_897, ms: 180 },
    createSessionMs: 320,
    warmUpMs: 11,
  };

  it('gives bytes and times for what was downloaded', () => {
    expect(loadSummary(base, 'wasm')).toBe(
      'runtime 13.6 MB in 180.0 ms, model downloaded in 480.0 ms, session 320.0 ms, warm-up 11.0 ms',
    );
  });

  it('says where a cached or kept model and runtime came from instead of a meaningless time', () => {
    const warm = loadSummary(
      {
        ...base,
        fetchMs: 0.004,
        modelSource: 'in-worker',
        runtime: { build: 'jsep', source: 'in-worker', bytes: null, ms: 0 },
      },
      'webgpu',
    );
    expect(warm).toBe(
      'runtime already running, model already loaded, session 320.0 ms, warm-up with shader compilation 11.0 ms',
    );
    expect(warm).not.toContain('0.00 ms');
    const cached = loadSummary(
      { ...base, modelSource: 'http-cache', runtime: { ...base.runtime, source: 'http-cache', bytes: null } },
      'wasm',
    );
    expect(cached).toMatch(/^runtime from cache, model from the browser cache, session/);
    expect(loadSummary({ ...base, modelSource: 'offline-store' }, 'wasm')).toContain(
      'model from the offline store,',
    );
  });
});
