import { describe, expect, it } from 'vitest';
import { modelSourceOf, type ResourceSizes } from '../../../src/lib/loading/model-source.ts';
import type { ModelLocation } from '../../../src/lib/sources/model-location.ts';

const location = (model: string, origin: ModelLocation['origin'] = 'embedded'): ModelLocation => ({
  key: 'k',
  label: 'm',
  origin,
  files: { model },
  externalData: {},
  cache: false,
});

const timing = (sizes: ResourceSizes | null) => (): ResourceSizes | null => sizes;

describe('modelSourceOf', () => {
  const url = 'http://localhost/models/m/onnx/model.onnx';

  it('names the model kept in the worker, the offline store and a local file', () => {
    expect(modelSourceOf(null, timing(null))).toBe('in-worker');
    expect(modelSourceOf({ fromCache: true, location: location(url, 'hub') }, timing(null))).toBe(
      'offline-store',
    );
    expect(modelSourceOf({ fromCache: false, location: location('blob:x/1', 'local') }, timing(null))).toBe(
      'local-file',
    );
  });

  it('reads the HTTP cache from resource timing: fresh (0 bytes moved) or revalidated (headers only)', () => {
    const download = { fromCache: false, location: location(url) };
    expect(modelSourceOf(download, timing({ transferSize: 0, encodedBodySize: 8_000_000 }))).toBe(
      'http-cache',
    );
    expect(modelSourceOf(download, timing({ transferSize: 310, encodedBodySize: 8_000_000 }))).toBe(
      'http-cache',
    );
    expect(modelSourceOf(download, timing({ transferSize: 8_000_300, encodedBodySize: 8_000_000 }))).toBe(
      'network',
    );
    // A cross-origin server without Timing-Allow-Origin reports zeros: that says nothing, so "downloaded".
    expect(modelSourceOf(download, timing({ transferSize: 0, encodedBodySize: 0 }))).toBe('network');
    expect(modelSourceOf(download, timing(null))).toBe('network');
  });
});
