// ONNX Runtime's .wasm fetched ahead of ORT, with progress: which build a backend needs, the download
// itself (it fills the HTTP cache, so ORT's own streaming compile reads it from there), and where it came
// from. No ORT import here: onnx-runtime.ts owns the URLs and hands them in.
import type { Backend } from './backend.ts';

/**
 * ORT Web's two builds: the plain WASM build (14 MB .wasm) and the JSEP build (28 MB, WASM + WebGPU). The
 * plain build is about twice as fast to start (docs/benchmark.md), so WASM sessions use it and only
 * WebGPU loads the JSEP build.
 */
export type RuntimeBuild = 'wasm' | 'jsep';

export const RUNTIME_BUILD_LABELS: Record<RuntimeBuild, string> = {
  wasm: 'WASM build',
  jsep: 'WebGPU build',
};

export function runtimeBuildFor(backend: Backend): RuntimeBuild {
  return backend === 'webgpu' ? 'jsep' : 'wasm';
}

/**
 * Where the runtime came from: the network, the browser's HTTP cache, already running in this worker, or
 * not fetched ahead (no HTTP origin, as in Node, or the early fetch failed and ORT fetched it itself).
 */
export type RuntimeSource = 'network' | 'http-cache' | 'in-worker' | 'not-fetched';

export interface RuntimeProgress {
  build: RuntimeBuild;
  /** downloading (bytes move), or already here: in the HTTP cache, or running in this worker. */
  state: 'downloading' | 'http-cache' | 'in-worker';
  loadedBytes: number;
  totalBytes: number | null;
}

export interface RuntimeLoad {
  build: RuntimeBuild;
  source: RuntimeSource;
  /** Bytes downloaded; null unless source is 'network'. */
  bytes: number | null;
  ms: number;
  /**
   * How ORT then got the .wasm: the bytes just downloaded, handed over; or its own fetch, served by the
   * HTTP cache (a warm page: compiled streaming) or by the network (downloaded twice); null where it
   * cannot be read.
   */
  ortFetch?: 'http-cache' | 'network' | 'bytes-handed' | null;
}

/** A download, and the bytes downloaded (ORT compiles them rather than read the file a second time). */
export interface RuntimeDownload {
  load: RuntimeLoad;
  downloadedBytes: Uint8Array<ArrayBuffer> | null;
}

type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface RuntimeDownloadDeps {
  fetch: FetchLike;
  now: () => number;
}

/** Progress at most every 100 ms (each report crosses to the page), and always the last one. */
const REPORT_EVERY_MS = 100;

/** True when the HTTP cache holds url; its body is not read. */
async function inHttpCache(url: string, deps: RuntimeDownloadDeps): Promise<boolean> {
  const cached = await deps.fetch(url, { cache: 'only-if-cached', mode: 'same-origin' }).catch(() => null);
  await cached?.body?.cancel().catch(() => undefined);
  return cached?.ok ?? false;
}

/**
 * Downloads url (the .wasm ORT would fetch) with progress and returns its bytes, which ORT compiles
 * (measured: no slower on a cold load than ORT's own streaming fetch, and 0.8 s faster than letting ORT
 * read the file again from the HTTP cache — docs/benchmark.md). The download also fills the HTTP cache: a
 * copy the cache already holds is not read at all (an only-if-cached probe answers first), and ORT then
 * compiles it streaming from there. Never throws: a failed early fetch leaves the file to ORT, which
 * reports its own failure.
 */
export async function downloadRuntimeWasm(
  url: string,
  build: RuntimeBuild,
  deps: RuntimeDownloadDeps,
  onProgress: (progress: RuntimeProgress) => void,
): Promise<RuntimeDownload> {
  const started = deps.now();
  const done = (
    source: RuntimeSource,
    bytes: number | null,
    downloadedBytes: Uint8Array<ArrayBuffer> | null = null,
  ): RuntimeDownload => ({ load: { build, source, bytes, ms: deps.now() - started }, downloadedBytes });
  try {
    if (await inHttpCache(url, deps)) {
      onProgress({ build, state: 'http-cache', loadedBytes: 0, totalBytes: null });
      return done('http-cache', null);
    }
    const response = await deps.fetch(url);
    if (!response.ok || !response.body) return done('not-fetched', null);
    const length = Number(response.headers.get('content-length'));
    const totalBytes = Number.isFinite(length) && length > 0 ? length : null;
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let loadedBytes = 0;
    let reportedAt = -Infinity;
    onProgress({ build, state: 'downloading', loadedBytes, totalBytes });
    for (;;) {
      const chunk = await reader.read();
      if (chunk.done) break;
      chunks.push(chunk.value);
      loadedBytes += chunk.value.byteLength;
      if (deps.now() - reportedAt >= REPORT_EVERY_MS) {
        reportedAt = deps.now();
        onProgress({ build, state: 'downloading', loadedBytes, totalBytes });
      }
    }
    onProgress({ build, state: 'downloading', loadedBytes, totalBytes });
    return done('network', loadedBytes, joinChunks(chunks, loadedBytes));
  } catch {
    return done('not-fetched', null);
  }
}

function joinChunks(chunks: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** True where url is fetched over HTTP(S) (a page or worker), false in Node or for file: URLs. */
export function isHttpUrl(url: string): boolean {
  return /^https?:/i.test(url);
}
