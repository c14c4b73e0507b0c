// A hub dtype file for the precision ladder: the .onnx file and its external data, each through the
// worker's cancellable downloads (Stop loading aborts them) and the model cache (a file measured once is
// read from the cache the next time, and offline).
import type { HubVariantFile } from '../../../src/contracts/ladder.ts';
import { downloadFile } from '../../../src/lib/loading/file-download.ts';
import { openModelCache } from '../../../src/lib/loading/offline-save.ts';
import type { ExternalDataFile } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { CancellableDownloads } from '../cancellable-downloads.ts';
import type { HubFileDownload } from './variant-ladder.ts';

export function hubFileDownload(
  downloads: CancellableDownloads,
  caches: CacheStorage | null,
): HubFileDownload {
  const one = (url: string) =>
    downloads.run(
      () => openModelCache(caches),
      async (context) => (await downloadFile(url, context)).bytes,
    );
  return async (file: HubVariantFile) => {
    const bytes = await one(file.url);
    const externalData: ExternalDataFile[] = [];
    for (const part of file.externalData) externalData.push({ path: part.path, data: await one(part.url) });
    return { bytes, externalData };
  };
}
