// What a model-loading worker reads from its global scope (network, Cache API, GPU, threads), in one
// object so the Node tests can hand the same services a fetch of files and no GPU.
import type { FetchLike } from '../../src/lib/loading/fetch-file.ts';
import type { ResourceTimingLookup } from '../../src/lib/loading/model-source.ts';
import type { GpuLike } from '../../src/lib/runtime/webgpu-probe.ts';

export interface WorkerEnvironment {
  fetch: FetchLike;
  /** The Cache API, where downloaded models are kept for offline use; null where there is none. */
  caches: CacheStorage | null;
  isOnline: () => boolean;
  gpu: GpuLike | undefined;
  isSecureContext: boolean;
  crossOriginIsolated: boolean;
  hardwareConcurrency: number;
}

/** The worker's own globals. */
export function browserWorkerEnvironment(): WorkerEnvironment {
  const nav = (
    globalThis as { navigator?: { gpu?: GpuLike; hardwareConcurrency?: number; onLine?: boolean } }
  ).navigator;
  return {
    fetch: (url, init) => fetch(url, init),
    caches: (globalThis as { caches?: CacheStorage }).caches ?? null,
    isOnline: () => nav?.onLine ?? true,
    gpu: nav?.gpu,
    isSecureContext: globalThis.isSecureContext ?? false,
    crossOriginIsolated: globalThis.crossOriginIsolated ?? false,
    hardwareConcurrency: nav?.hardwareConcurrency ?? 1,
  };
}

/** The inference worker's environment: a worker's, plus how the browser timed a URL it fetched. */
export interface ServiceEnvironment extends WorkerEnvironment {
  /** The browser's resource timing of a URL this worker fetched (how the model arrived); null if none. */
  resourceTiming: ResourceTimingLookup;
}

export function browserServiceEnvironment(): ServiceEnvironment {
  return {
    ...browserWorkerEnvironment(),
    resourceTiming: (url) => {
      const entries = globalThis.performance?.getEntriesByName?.(url, 'resource') ?? [];
      return (entries.at(-1) as PerformanceResourceTiming | undefined) ?? null;
    },
  };
}
