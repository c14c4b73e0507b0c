// Where a loaded model's bytes came from, said instead of a meaningless "fetch 0.00 ms": already in the
// worker, the offline store (Cache API), the browser's HTTP cache, a local file, or the network.
import type { ModelDownload } from './model-download.ts';

export type ModelSource = 'in-worker' | 'offline-store' | 'http-cache' | 'local-file' | 'network';

/** The part of a PerformanceResourceTiming entry this needs. */
export interface ResourceSizes {
  transferSize: number;
  encodedBodySize: number;
}

export type ResourceTimingLookup = (url: string) => ResourceSizes | null;

/**
 * download: null when the model was already in the worker. A response the HTTP cache served (fresh, or
 * revalidated with a 304) transferred fewer bytes than its body; cross-origin servers without
 * Timing-Allow-Origin report 0 for both, which counts as the network.
 */
export function modelSourceOf(
  download: Pick<ModelDownload, 'fromCache' | 'location'> | null,
  resourceTiming: ResourceTimingLookup,
): ModelSource {
  if (!download) return 'in-worker';
  if (download.fromCache) return 'offline-store';
  const url = download.location.files.model;
  if (download.location.origin === 'local' || url.startsWith('blob:')) return 'local-file';
  const entry = resourceTiming(url);
  if (entry && entry.encodedBodySize > 0 && entry.transferSize < entry.encodedBodySize) return 'http-cache';
  return 'network';
}

export const MODEL_SOURCE_TEXT: Record<ModelSource, string> = {
  'in-worker': 'model already loaded',
  'offline-store': 'model from the offline store',
  'http-cache': 'model from the browser cache',
  'local-file': 'model read from a local file',
  network: 'model downloaded',
};
