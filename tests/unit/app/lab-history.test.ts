// The Benchmark lab's history keeps generation results beside benchmark results, in the same IndexedDB
// store (fake-indexeddb: a full IndexedDB in Node). A history stored before generation results were kept
// still reads; a record that fails its schema is skipped and counted, never thrown; each entry says what
// it is; showing a generation entry puts it in the generation view and chooses its model again.
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BenchHistory } from '../../../src/app/bench/bench-history.ts';
import { GenerationLab } from '../../../src/app/bench/generation-lab.svelte.ts';
import type { GenerationBenchLike } from '../../../src/app/bench/generation-lab-run.ts';
import { LabHistory, type SingleRunView } from '../../../src/app/bench/lab-history.svelte.ts';
import {
  assembleGenerationResult,
  type GenerationBenchResult,
} from '../../../src/lib/bench/generation-result.ts';
import { checkGenerationResult } from '../../../src/lib/bench/generation-result-schema.ts';
import { historySummary, readHistoryRecord } from '../../../src/lib/bench/history-entry.ts';
import type { BackendConfig } from '../../../src/lib/bench/plan.ts';
import type { BenchResult } from '../../../src/lib/bench/result-types.ts';
import { ENVIRONMENT, sampleResult } from '../bench/result-fixture.ts';

function generationResult(
  id: string,
  createdAt: string,
  backends: BackendConfig[] = [
    { backend: 'wasm', threads: 1 },
    { backend: 'wasm', threads: 2 },
  ],
): GenerationBenchResult {
  const ids = [5, 9, 2];
  return assembleGenerationResult({
    id,
    createdAt,
    durationMs: 900,
    model: { id: 'tiny-bible-gpt', name: 'Tiny Bible GPT (demo)' },
    plan: { modelId: 'tiny-bible-gpt', prompt: 'In the beginning', maxNewTokens: 12, repeats: 2, backends },
    environment: {
      runner: 'app',
      userAgent: ENVIRONMENT.userAgent,
      hardwareConcurrency: 2,
      crossOriginIsolated: true,
      webgpu: ENVIRONMENT.webgpu,
      build: 'production',
    },
    runs: backends.map((config) => ({
      config,
      status: 'ok',
      error: null,
      maxNewTokens: 12,
      repeatsPlanned: 2,
      threadsUsed: config.backend === 'wasm' ? config.threads : null,
      loadMs: 200,
      weightsBytes: 6_500_000,
      layers: 4,
      runs: [4, 5].map((ms) => ({
        firstTokenMs: ms,
        prefillTokensPerSecond: 800,
        decodeTokensPerSecond: 120,
        promptTokens: 4,
        generatedTokens: ids.length,
        cacheBytes: 4096,
      })),
      lastIds: ids,
      lastText: ' God created',
    })),
    cancelled: false,
  });
}

function benchResult(id: string, createdAt: string): BenchResult {
  return { ...sampleResult(), id, createdAt };
}

/** Writes a record straight into the store, as an earlier version of the lab (or a hand edit) left it. */
async function storeRaw(record: unknown): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('glassbox-bench', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('results', { keyPath: 'id' });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('open failed'));
  });
  await new Promise<void>((resolve, reject) => {
    const transaction = db.transaction('results', 'readwrite');
    transaction.objectStore('results').put(record);
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('put failed'));
  });
  db.close();
}

const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

const idleBench: GenerationBenchLike = {
  start: () => Promise.reject(new Error('not used')),
  run: () => Promise.reject(new Error('not used')),
  stop: () => {},
  abort: () => {},
};

beforeEach(() => vi.stubGlobal('indexedDB', new IDBFactory()));
afterEach(() => vi.unstubAllGlobals());

describe('the history store with both kinds of result', () => {
  it('round-trips a benchmark and a generation result, newest first, each as its kind', async () => {
    const store = new BenchHistory();
    const bench = benchResult('bench-1', '2026-12-07T10:00:00.000Z');
    const generation = generationResult('generate-1', '2026-12-07T11:00:00.000Z');
    expect(checkGenerationResult(json(generation)).valid).toBe(true);
    await store.put(bench);
    await store.put(generation);
    const listing = await store.list();
    expect(listing.skipped).toBe(0);
    expect(listing.entries.map((entry) => [entry.kind, entry.result.id])).toEqual([
      ['generation', 'generate-1'],
      ['bench', 'bench-1'],
    ]);
    expect(listing.entries[0]?.result).toEqual(json(generation));
    expect(listing.entries[1]?.result).toEqual(json(bench));
    await store.remove('generate-1');
    expect((await store.list()).entries.map((entry) => entry.result.id)).toEqual(['bench-1']);
  });

  it('reads a history stored before generation results were kept', async () => {
    // The store as the earlier lab wrote it: database glassbox-bench v1, store "results", a BenchResult.
    const old = json(benchResult('old-1', '2026-11-01T09:00:00.000Z'));
    await storeRaw(old);
    const listing = await new BenchHistory().list();
    expect(listing).toEqual({ entries: [{ kind: 'bench', result: old }], skipped: 0 });
  });

  it('skips and counts records that fail their schema, keeping the rest', async () => {
    const good = generationResult('generate-good', '2026-12-07T12:00:00.000Z');
    await storeRaw(json(good));
    // A hand-edited generation result (a figure turned to text) and one from an unknown later version.
    const edited = json(generationResult('generate-edited', '2026-12-07T13:00:00.000Z')) as unknown as {
      configurations: Array<{ runs: Array<{ firstTokenMs: unknown }> }>;
    };
    (edited.configurations[0]?.runs[0] as { firstTokenMs: unknown }).firstTokenMs = 'fast';
    await storeRaw(edited);
    await storeRaw({ ...json(good), id: 'generate-v2', version: 2 });
    await storeRaw({ id: 'junk', schema: 42 });
    const listing = await new BenchHistory().list();
    expect(listing.entries.map((entry) => entry.result.id)).toEqual(['generate-good']);
    expect(listing.skipped).toBe(3);
    for (const odd of [null, 'text', 42, [], {}]) expect(readHistoryRecord(odd)).toBeNull();
  });
});

describe('what each entry says', () => {
  it('names the model, the kind, the configurations and the tokens', () => {
    const result = generationResult('g', '2026-12-07T11:00:00.000Z');
    expect(historySummary({ kind: 'generation', result })).toBe(
      'tiny-bible-gpt · generation · WASM 1, 2 threads · 12 tokens',
    );
    const one = generationResult('g1', '2026-12-07T11:00:00.000Z', [
      { backend: 'wasm', threads: 1 },
      { backend: 'webgpu', threads: 2 },
    ]);
    expect(historySummary({ kind: 'generation', result: { ...one, outcome: 'cancelled' } })).toBe(
      'tiny-bible-gpt · generation · WASM 1 thread, WebGPU · 12 tokens · cancelled',
    );
    const bench = benchResult('b', '2026-12-07T10:00:00.000Z');
    expect(historySummary({ kind: 'bench', result: bench })).toMatch(/ — complete$/);
  });
});

describe('the lab’s history', () => {
  function lab(): { history: LabHistory; view: SingleRunView; generation: GenerationLab } {
    const view: SingleRunView = { result: null, modelId: 'bert-mini' };
    const generation = new GenerationLab(idleBench);
    return { history: new LabHistory(new BenchHistory(), view, generation), view, generation };
  }

  it('keeps both kinds, shows each in its own view, and forgets a deleted one', async () => {
    const { history, view, generation } = lab();
    const bench = benchResult('bench-1', '2026-12-07T10:00:00.000Z');
    const generated = generationResult('generate-1', '2026-12-07T11:00:00.000Z');
    await history.keep(bench);
    await history.keep(generated);
    expect(history.entries.map((entry) => entry.kind)).toEqual(['generation', 'bench']);
    expect(history.note).toBeNull();

    history.show('generate-1');
    expect(generation.result).toEqual(json(generated));
    // Its model is chosen again: the form shows the plan that made it.
    expect(view.modelId).toBe('tiny-bible-gpt');
    expect(history.pickedFor('tiny-bible-gpt')).toBe('generation');

    history.show('bench-1');
    expect(view.result?.id).toBe('bench-1');
    expect(history.pickedFor('tiny-bible-gpt')).toBe('bench');
    // Another model chosen in the form, or a run started: the outcome follows the choice again.
    expect(history.pickedFor('bert-mini')).toBeNull();
    history.unpick();
    expect(history.pickedFor('tiny-bible-gpt')).toBeNull();

    // A running benchmark keeps its own view (its progress is there), whatever was picked.
    history.show('generate-1');
    const choice = { modelId: 'tiny-bible-gpt', generating: true, generationRunning: false };
    expect(history.shownKind({ ...choice, benchRunning: false })).toBe('generation');
    expect(history.shownKind({ ...choice, benchRunning: true })).toBe('bench');
    history.show('bench-1');
    expect(history.shownKind({ ...choice, benchRunning: false })).toBe('bench');
    expect(history.shownKind({ ...choice, benchRunning: false, generationRunning: true })).toBe('generation');
    // The bench pick was made with tiny-bible-gpt chosen: another language model chosen since decides.
    expect(history.shownKind({ ...choice, modelId: 'other-lm', benchRunning: false })).toBe('generation');

    await history.remove('generate-1');
    expect(generation.result).toBeNull();
    expect(history.entries.map((entry) => entry.result.id)).toEqual(['bench-1']);
    await history.clear();
    expect(history.entries).toEqual([]);
  });

  it('shows a generation result whose model the lab no longer offers, leaving the form as it is', async () => {
    const { history, view, generation } = lab();
    const hub = { ...generationResult('generate-hub', '2026-12-07T11:00:00.000Z') };
    hub.plan = { ...hub.plan, modelId: 'generate:open' };
    await history.keep(hub);
    history.show('generate-hub');
    expect(generation.result?.id).toBe('generate-hub');
    expect(view.modelId).toBe('bert-mini');
    expect(history.pickedFor('bert-mini')).toBe('generation');
  });

  it('says in one sentence that unreadable records were skipped', async () => {
    await storeRaw({ id: 'broken', schema: 'glassbox-generation-bench-result', version: 1 });
    const { history } = lab();
    await history.refresh();
    expect(history.entries).toEqual([]);
    expect(history.note).toBe('1 stored result(s) could not be read and were skipped.');
  });
});
