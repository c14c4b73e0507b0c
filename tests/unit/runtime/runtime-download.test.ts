import { describe, expect, it } from 'vitest';
import {
  downloadRuntimeWasm,
  isHttpUrl,
  runtimeBuildFor,
  type RuntimeProgress,
} from '../../../src/lib/runtime/runtime-download.ts';

const URL_ = 'http://localhost/assets/ort-wasm-simd-threaded-abc12345.wasm';

/** A response whose body arrives in the given chunks. */
function streamed(chunks: number[], headers: Record<string, string> = {}): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const size of chunks) controller.enqueue(new Uint8Array(size));
      controller.close();
    },
  });
  return new Response(body, { headers });
}

/** A clock that moves 40 ms every time it is read. */
function steppingClock(): () => number {
  let t = 0;
  return () => (t += 40);
}

describe('runtimeBuildFor', () => {
  it('loads the plain WASM build for WASM and the JSEP build only for WebGPU', () => {
    expect(runtimeBuildFor('wasm')).toBe('wasm');
    expect(runtimeBuildFor('webgpu')).toBe('jsep');
  });
});

describe('downloadRuntimeWasm', () => {
  it('downloads with byte progress when the HTTP cache does not have the file, and keeps the bytes for ORT', async () => {
    const requests: Array<RequestInit | undefined> = [];
    const events: RuntimeProgress[] = [];
    const { load, downloadedBytes } = await downloadRuntimeWasm(
      URL_,
      'wasm',
      {
        fetch: async (_url, init) => {
          requests.push(init);
          if (init?.cache === 'only-if-cached') throw new TypeError('Failed to fetch');
          return streamed([1000, 1000, 1000, 1000, 1000, 1000], { 'content-length': '6000' });
        },
        now: steppingClock(),
      },
      (progress) => events.push(progress),
    );
    expect(requests.map((init) => init?.cache ?? 'default')).toEqual(['only-if-cached', 'default']);
    expect(load).toMatchObject({ build: 'wasm', source: 'network', bytes: 6000 });
    expect(downloadedBytes?.byteLength).toBe(6000);
    expect(load.ms).toBeGreaterThan(0);
    expect(events[0]).toEqual({ build: 'wasm', state: 'downloading', loadedBytes: 0, totalBytes: 6000 });
    expect(events.at(-1)).toEqual({
      build: 'wasm',
      state: 'downloading',
      loadedBytes: 6000,
      totalBytes: 6000,
    });
    // Throttled to one report per 100 ms of the clock: fewer reports than chunks, bytes never go back.
    expect(events.length).toBeLessThan(8);
    const bytes = events.map((event) => event.loadedBytes);
    expect([...bytes].sort((a, b) => a - b)).toEqual(bytes);
  });

  it('says "from cache" without reading a file the HTTP cache already holds', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        cancelled = true;
      },
    });
    const events: RuntimeProgress[] = [];
    const { load } = await downloadRuntimeWasm(
      URL_,
      'jsep',
      {
        fetch: async (_url, init) => {
          if (init?.cache !== 'only-if-cached') throw new Error('must not download again');
          expect(init.mode).toBe('same-origin');
          return new Response(body);
        },
        now: steppingClock(),
      },
      (progress) => events.push(progress),
    );
    expect(load).toMatchObject({ build: 'jsep', source: 'http-cache', bytes: null });
    expect(cancelled).toBe(true);
    expect(events).toEqual([{ build: 'jsep', state: 'http-cache', loadedBytes: 0, totalBytes: null }]);
  });

  it('counts bytes without a total when the server sends no length', async () => {
    const events: RuntimeProgress[] = [];
    const { load, downloadedBytes } = await downloadRuntimeWasm(
      URL_,
      'wasm',
      {
        fetch: async (_url, init) =>
          init?.cache === 'only-if-cached' ? new Response(null, { status: 504 }) : streamed([10, 20]),
        now: steppingClock(),
      },
      (progress) => events.push(progress),
    );
    expect(load).toMatchObject({ source: 'network', bytes: 30 });
    expect(events.at(-1)).toMatchObject({ loadedBytes: 30, totalBytes: null });
    expect(downloadedBytes?.byteLength).toBe(30);
  });

  it('leaves the file to ONNX Runtime when the early fetch fails, without throwing', async () => {
    const missing = await downloadRuntimeWasm(
      URL_,
      'wasm',
      { fetch: async () => new Response('not here', { status: 404 }), now: steppingClock() },
      () => {},
    );
    expect(missing.load.source).toBe('not-fetched');
    const offline = await downloadRuntimeWasm(
      URL_,
      'wasm',
      {
        fetch: async () => {
          throw new TypeError('Failed to fetch');
        },
        now: steppingClock(),
      },
      () => {},
    );
    expect(offline.load.source).toBe('not-fetched');
  });

  it('tells HTTP(S) addresses from the rest (Node runs from file: URLs)', () => {
    expect(isHttpUrl('https://example.org/a.wasm')).toBe(true);
    expect(isHttpUrl('http://localhost:4173/')).toBe(true);
    expect(isHttpUrl('file:///tmp/a.wasm')).toBe(false);
  });
});
