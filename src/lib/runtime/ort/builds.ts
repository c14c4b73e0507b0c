// ONNX Runtime's two builds: the plain WASM build for WASM sessions, the JSEP build only when WebGPU is
// chosen. Each is its own chunk, imported on first use; a worker that uses both holds both (each with its
// own WebAssembly instance and threads). Also the early download of a build's .wasm, with progress.
import type * as ort from 'onnxruntime-web';
import type { Backend } from '../backend.ts';
import plainWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';
import jsepWasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.jsep.wasm?url';
import {
  downloadRuntimeWasm,
  isHttpUrl,
  runtimeBuildFor,
  type RuntimeBuild,
  type RuntimeDownload,
  type RuntimeLoad,
  type RuntimeProgress,
} from '../runtime-download.ts';

export type OrtModule = typeof ort;

const RUNTIME_IMPORTS: Record<RuntimeBuild, () => Promise<OrtModule>> = {
  wasm: () => import('onnxruntime-web/wasm'),
  jsep: () => import('onnxruntime-web'),
};

/** The .wasm each build fetches: the same asset ORT's own `new URL(..., import.meta.url)` names. */
const RUNTIME_WASM_URLS: Record<RuntimeBuild, string> = { wasm: plainWasmUrl, jsep: jsepWasmUrl };

const runtimeImports: Partial<Record<RuntimeBuild, Promise<OrtModule>>> = {};
const loadedRuntimes: Partial<Record<RuntimeBuild, OrtModule>> = {};
const runtimeDownloads: Partial<Record<RuntimeBuild, Promise<RuntimeLoad>>> = {};
/** The build of the last session created (bench workers read its thread count). */
let lastStarted: OrtModule | null = null;
/** The WASM thread count every build runs with once loaded (threads.ts decides it); null: ORT's default. */
let numThreads: number | null = null;

/** The .wasm URL of build, absolute, where the code runs on an HTTP(S) origin; null elsewhere (Node). */
function runtimeWasmUrl(build: RuntimeBuild): string | null {
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  if (!base || !isHttpUrl(base)) return null;
  return new URL(RUNTIME_WASM_URLS[build], base).href;
}

/** Sets the thread count on every build loaded now and on those loaded later (read at WebAssembly start). */
export function applyThreadsToRuntimes(threads: number): void {
  numThreads = threads;
  for (const runtime of Object.values(loadedRuntimes)) runtime.env.wasm.numThreads = threads;
}

/** The ORT build backend's sessions run on, imported once. */
export function runtimeFor(backend: Backend): Promise<OrtModule> {
  const build = runtimeBuildFor(backend);
  runtimeImports[build] ??= RUNTIME_IMPORTS[build]().then((runtime) => {
    const url = runtimeWasmUrl(build);
    // Exactly the URL downloadRuntime() fetched, so ORT's streaming compile reads it from the HTTP cache.
    if (url) runtime.env.wasm.wasmPaths = { wasm: url };
    loadedRuntimes[build] = runtime;
    if (numThreads !== null) runtime.env.wasm.numThreads = numThreads;
    return runtime;
  });
  return runtimeImports[build];
}

/** Records the build a session is being created on (its thread count is what ORT actually uses). */
export function markStarted(runtime: OrtModule): void {
  lastStarted = runtime;
}

/** The build of the last session created; null before any. */
export function lastStartedRuntime(): OrtModule | null {
  return lastStarted;
}

/** The build of a session that exists (so its build is loaded). */
export function loadedRuntime(backend: Backend): OrtModule {
  const runtime = loadedRuntimes[runtimeBuildFor(backend)];
  if (!runtime) throw new Error(`ONNX Runtime's ${runtimeBuildFor(backend)} build is not loaded.`);
  return runtime;
}

/** The WebGPU build when a WebGPU session loaded it; undefined otherwise. */
export function loadedWebGpuRuntime(): OrtModule | undefined {
  return loadedRuntimes.jsep;
}

/** ORT's version, read from the plain WASM build's JS (its .wasm is not fetched for it). */
export async function ortVersion(): Promise<string> {
  return (await runtimeFor('wasm')).env.versions.web ?? 'unknown';
}

/**
 * Downloads the .wasm of the build backend needs, with progress, before ORT asks for it, and hands ORT
 * the bytes (from the HTTP cache, ORT fetches it itself and compiles streaming); once per worker and
 * build — later calls say 'in-worker'. Never throws: where it cannot fetch, ORT fetches the file itself.
 */
export async function downloadRuntime(
  backend: Backend,
  onProgress: (progress: RuntimeProgress) => void,
): Promise<RuntimeLoad> {
  const build = runtimeBuildFor(backend);
  const earlier = runtimeDownloads[build];
  if (earlier) {
    await earlier;
    onProgress({ build, state: 'in-worker', loadedBytes: 0, totalBytes: null });
    return { build, source: 'in-worker', bytes: null, ms: 0 };
  }
  const url = runtimeWasmUrl(build);
  const deps = { fetch: (u: string, init?: RequestInit) => fetch(u, init), now: () => performance.now() };
  const notFetched: RuntimeDownload = {
    load: { build, source: 'not-fetched', bytes: null, ms: 0 },
    downloadedBytes: null,
  };
  const download = url ? downloadRuntimeWasm(url, build, deps, onProgress) : Promise.resolve(notFetched);
  runtimeDownloads[build] = download.then(({ load }) => load);
  // The build's JS chunk loads meanwhile, so session creation does not wait for it afterwards.
  const [{ load, downloadedBytes }, runtime] = await Promise.all([download, runtimeFor(backend)]);
  if (downloadedBytes) {
    // ORT compiles these bytes rather than fetch the file a second time (see downloadRuntimeWasm).
    runtime.env.wasm.wasmBinary = downloadedBytes;
    handedBytes.add(build);
  }
  return load;
}

/** Builds whose .wasm bytes were handed to ORT (see downloadRuntime). */
const handedBytes = new Set<RuntimeBuild>();

/**
 * How ORT's own fetch of backend's .wasm was served, from this worker's resource timing: 'http-cache'
 * when it moved fewer bytes than the file (fresh, or revalidated), 'network' when it downloaded the file
 * again, null when there is no entry to read (Node, or no session yet).
 */
export function runtimeFetchByOrt(backend: Backend): RuntimeLoad['ortFetch'] {
  if (handedBytes.has(runtimeBuildFor(backend))) return 'bytes-handed';
  const url = runtimeWasmUrl(runtimeBuildFor(backend));
  const entries = url ? (globalThis.performance?.getEntriesByName?.(url, 'resource') ?? []) : [];
  // The first entry is downloadRuntime()'s own fetch (or probe); ORT's comes after it.
  const ort = entries.length >= 2 ? (entries.at(-1) as PerformanceResourceTiming) : null;
  if (!ort) return null;
  return ort.encodedBodySize > 0 && ort.transferSize >= ort.encodedBodySize ? 'network' : 'http-cache';
}
