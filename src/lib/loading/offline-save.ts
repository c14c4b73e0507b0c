// "Make available offline": every file of a model saved into the browser cache, streamed straight to
// storage (nothing is kept in memory but the model file briefly, to find its external-data files).
import { GlassboxError } from '../errors.ts';
import type { ModelLocation } from '../sources/model-location.ts';
import { DownloadTracker, type DownloadSnapshot } from './download-progress.ts';
import {
  rememberAbsent,
  saveFileForOffline,
  type DownloadContext,
  type ModelCache,
} from './file-download.ts';
import { isHttpAbsence } from './http-failure.ts';
import { decodeOrExplain } from './model-facts.ts';
import {
  externalDataLocations,
  externalDataUrl,
  fileNameOf,
  isAbsent,
  JSON_ROLES,
} from './model-download.ts';

import { MODEL_CACHE_NAME } from './model-cache-name.ts';

export { MODEL_CACHE_NAME };

/**
 * The model cache; null where the browser has no Cache API or blocks it (a private window, site data
 * turned off): models then still download, without being kept.
 */
export async function openModelCache(caches: CacheStorage | null): Promise<ModelCache | null> {
  if (!caches) return null;
  try {
    return await caches.open(MODEL_CACHE_NAME);
  } catch {
    return null;
  }
}

export async function saveModelForOffline(
  location: ModelLocation,
  context: DownloadContext & { cache: ModelCache },
  onProgress: (snapshot: DownloadSnapshot) => void = () => {},
): Promise<{ files: number; alreadySaved: number }> {
  if (!location.cache) {
    throw new GlassboxError({
      code: 'storage-unavailable',
      message: `${location.label} does not need saving: it is ${location.origin === 'local' ? 'on this computer' : 'part of the app'}.`,
      remedy: 'Only hub and URL models are saved for offline use.',
    });
  }
  const tracker = new DownloadTracker();
  let files = 0;
  let alreadySaved = 0;
  /** Files this save wrote: removed again when it fails, so the Saved list never shows half a model. */
  const written: string[] = [];
  const save = async (url: string, optional: boolean): Promise<void> => {
    const name = fileNameOf(url);
    tracker.start(name, null);
    try {
      const result = await saveFileForOffline(url, context, (loaded, total, fromCache) => {
        tracker.report(name, loaded, total, fromCache);
        onProgress(tracker.snapshot());
      });
      files += 1;
      if (result.alreadySaved) alreadySaved += 1;
      else written.push(url);
    } catch (error) {
      if (!(optional && isAbsent(error, location))) throw error;
      if (isHttpAbsence(error)) {
        await rememberAbsent(context.cache, url);
        written.push(url);
      }
    } finally {
      tracker.finish(name);
      onProgress(tracker.snapshot());
    }
  };
  try {
    await saveEveryFile(location, context.cache, save);
  } catch (error) {
    await Promise.all(written.map((url) => context.cache.delete(url).catch(() => false)));
    throw error;
  }
  return { files, alreadySaved };
}

/** The folder's optional files, the model, then the external-data files the saved model names. */
async function saveEveryFile(
  location: ModelLocation,
  cache: ModelCache,
  save: (url: string, optional: boolean) => Promise<void>,
): Promise<void> {
  for (const role of JSON_ROLES) {
    const url = location.files[role];
    if (url) await save(url, true);
  }
  await save(location.files.model, false);
  // External-data files are named inside the model, so read the saved model once to find them.
  const saved = await cache.match(location.files.model);
  if (saved) {
    const modelName = fileNameOf(location.files.model);
    const model = decodeOrExplain(new Uint8Array(await saved.arrayBuffer()), location.label);
    for (const file of externalDataLocations(model))
      await save(externalDataUrl(location, file, modelName), false);
  }
}
