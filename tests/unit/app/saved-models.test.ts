// The saved-models controller against an in-memory Cache API: a deletion the browser refuses stays on
// screen as an error after the list is refreshed.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SavedModels } from '../../../src/app/models/saved-models.svelte.ts';
import type { Workbench } from '../../../src/app/workbench/workbench.svelte.ts';
import { MODEL_CACHE_NAME } from '../../../src/lib/loading/offline-save.ts';
import { MemoryCacheStorage } from '../../support/memory-cache.ts';

const URL_A = 'https://hub.example/a/b/resolve/main/onnx/model.onnx';

async function storageWithOneFile(): Promise<MemoryCacheStorage> {
  const caches = new MemoryCacheStorage();
  const cache = await caches.open(MODEL_CACHE_NAME);
  await cache.put(URL_A, new Response(new Uint8Array(10), { headers: { 'content-length': '10' } }));
  return caches;
}

describe('SavedModels', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('deletes a file and lists what is left', async () => {
    vi.stubGlobal('caches', await storageWithOneFile());
    const saved = new SavedModels({} as Workbench);
    await saved.refresh();
    expect(saved.groups.flatMap((group) => group.files.map((file) => file.url))).toEqual([URL_A]);
    await saved.deleteFile(URL_A);
    expect(saved.groups).toEqual([]);
    expect(saved.error).toBeNull();
  });

  it('keeps the error of a deletion the browser refused, after refreshing the list', async () => {
    const caches = await storageWithOneFile();
    const cache = await caches.open(MODEL_CACHE_NAME);
    vi.spyOn(cache, 'delete').mockRejectedValue(new Error('blocked'));
    vi.stubGlobal('caches', caches);
    const saved = new SavedModels({} as Workbench);
    await saved.deleteFile(URL_A);
    expect(saved.groups).toHaveLength(1);
    expect(saved.error).toMatchObject({ code: 'storage-unavailable', detail: 'blocked' });
  });
});
