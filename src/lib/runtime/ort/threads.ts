// The WASM thread count: ORT reads it once per WebAssembly instance, when the first session starts, so a
// worker holds one count. Views choose per model (thread-choice.ts); benchmark configurations ask exactly.
import { maxThreads } from '../thread-choice.ts';
import { applyThreadsToRuntimes, lastStartedRuntime } from './builds.ts';

export interface WasmThreading {
  /** Threads ORT runs with: 1 unless the page is cross-origin isolated. */
  threads: number;
  crossOriginIsolated: boolean;
}

let threading: WasmThreading | null = null;
/** Set at the first session creation: ORT starts WebAssembly then and reads numThreads once. */
let wasmStarted = false;

/** A session is about to be created: ORT's WebAssembly starts (the thread count is read now). */
export function markWasmStarted(): void {
  wasmStarted = true;
}

/** Whether a session was created, so the thread count can no longer change in this worker. */
export function wasmHasStarted(): boolean {
  return wasmStarted;
}

/**
 * The thread count when nobody asked for one before the first session (Node tests, a view that did not
 * choose): every core up to 4. The views choose per model (thread-choice.ts) through requestWasmThreads.
 */
export function configureWasmThreads(environment: {
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}): WasmThreading {
  if (threading) return threading;
  const multiThreaded = environment.crossOriginIsolated && typeof SharedArrayBuffer !== 'undefined';
  const threads = multiThreaded ? maxThreads(environment.hardwareConcurrency, true) : 1;
  threading = { threads, crossOriginIsolated: environment.crossOriginIsolated };
  applyThreadsToRuntimes(threads);
  return threading;
}

/**
 * Asks for exactly `threads` WASM threads before the first session; a worker holds one count, because ORT
 * reads it once per WebAssembly instance. Without cross-origin isolation ORT silently uses 1: read
 * wasmThreadsInUse() after the first session for what it actually does.
 */
export function requestWasmThreads(threads: number, crossOriginIsolated: boolean): WasmThreading {
  if (!wasmStarted) {
    threading = { threads, crossOriginIsolated };
    applyThreadsToRuntimes(threads);
  }
  return threading ?? { threads, crossOriginIsolated };
}

/** Threads ORT runs with (it writes back 1 when it cannot use more); null before WebAssembly started. */
export function wasmThreadsInUse(): number | null {
  const numThreads = lastStartedRuntime()?.env.wasm.numThreads;
  return wasmStarted && typeof numThreads === 'number' ? numThreads : null;
}
