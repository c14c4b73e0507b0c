// Downloads one model file, cache first. A cacheable file streams from the network straight into the
// browser cache (Cache API), counting bytes on the way, and is read back once it is complete: the page
// never holds a second copy of a large model, and a download that breaks off or is cancelled leaves
// nothing behind (Cache.put stores a response only when its whole body arrived).
import { GlassboxError } from '../errors.ts';
import { checkFileContent, contentLength, looksLikeHtml, readStream, type FetchLike } from './fetch-file.ts';
import {
  downloadCancelled,
  downloadIncomplete,
  fileMissing,
  htmlInsteadOfFile,
  httpFailure,
  isQuotaError,
  requestFailure,
} from './http-failure.ts';

/** The part of the Cache API a download needs (one named cache). */
export interface ModelCache {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
}

export interface DownloadContext {
  fetch: FetchLike;
  /** null: do not cache (local files, embedded models, or no Cache API). */
  cache: ModelCache | null;
  signal?: AbortSignal;
  /** navigator.onLine, read when a request fails (to say "you are offline"). */
  isOnline?: () => boolean;
}

/** loaded/total bytes of one file; fromCache when it is read from the browser cache. */
export type ByteProgress = (loadedBytes: number, totalBytes: number | null, fromCache: boolean) => void;

export interface DownloadedFile {
  bytes: Uint8Array<ArrayBuffer>;
  fromCache: boolean;
  /** Why the file was not saved for offline use (storage full), or null. */
  cacheProblem: string | null;
}

/** Header stored with a cached file: when it was saved (shown in the cache list). */
export const SAVED_AT_HEADER = 'x-glassbox-saved-at';
/**
 * Marks a cache entry that stands for "the folder has no such file": optional files (a repo without
 * preprocessor_config.json) must not be asked for again offline, where the question cannot be answered.
 */
export const ABSENT_HEADER = 'x-glassbox-absent';

/** Remembers that an optional file is absent, so an offline open does not need the network to learn it. */
export async function rememberAbsent(cache: ModelCache, url: string): Promise<void> {
  await cache
    .put(
      url,
      new Response(null, {
        status: 404,
        headers: { [ABSENT_HEADER]: '1', [SAVED_AT_HEADER]: new Date().toISOString() },
      }),
    )
    .catch(() => undefined); // only an optimisation: a full disk must not fail the load
}

function rememberedAbsent(url: string): GlassboxError {
  return fileMissing(url, 'the folder had no such file when it was saved');
}

async function request(url: string, context: DownloadContext): Promise<Response> {
  if (context.signal?.aborted) throw downloadCancelled(url);
  let response: Response;
  try {
    response = await context.fetch(url, context.signal ? { signal: context.signal } : undefined);
  } catch (error) {
    if (context.signal?.aborted) throw downloadCancelled(url);
    throw requestFailure(url, error, context.isOnline?.() ?? true);
  }
  if (!response.ok) throw httpFailure(url, response);
  if ((response.headers.get('content-type') ?? '').includes('text/html')) {
    throw htmlInsteadOfFile(url);
  }
  return response;
}

/** Reads a whole body into one buffer (of the announced size when known), reporting progress. */
async function readBody(
  response: Response,
  url: string,
  context: DownloadContext,
  onProgress: ByteProgress,
  fromCache: boolean,
): Promise<Uint8Array<ArrayBuffer>> {
  const total = contentLength(response);
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress(bytes.byteLength, bytes.byteLength, fromCache);
    return bytes;
  }
  let loaded = 0;
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readStream(response.body, total, (bytesSoFar) => {
      loaded = bytesSoFar;
      onProgress(loaded, total, fromCache);
    });
  } catch (error) {
    if (context.signal?.aborted) throw downloadCancelled(url);
    throw downloadIncomplete(url, loaded, total, error instanceof Error ? error.message : String(error));
  }
  if (total !== null && loaded < total) throw downloadIncomplete(url, loaded, total);
  return bytes;
}

/** Streams the response into the cache; resolves with the byte count, rejects with a typed error. */
async function streamIntoCache(
  response: Response,
  url: string,
  context: DownloadContext & { cache: ModelCache },
  onProgress: ByteProgress,
): Promise<void> {
  const total = contentLength(response);
  let loaded = 0;
  let refusal: GlassboxError | null = null;
  const counter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      // An HTML page with status 200 (an SPA fallback, a login page) must never be cached as a model.
      if (loaded === 0 && looksLikeHtml(chunk)) {
        refusal = htmlInsteadOfFile(url);
        controller.error(refusal);
        return;
      }
      loaded += chunk.byteLength;
      onProgress(loaded, total, false);
      controller.enqueue(chunk);
    },
  });
  const headers = new Headers({
    'content-type': response.headers.get('content-type') ?? 'application/octet-stream',
    [SAVED_AT_HEADER]: new Date().toISOString(),
  });
  // total is null for a body the server compressed: the cached copy is decoded, so no length is kept.
  if (total !== null) headers.set('content-length', String(total));
  onProgress(0, total, false);
  try {
    await context.cache.put(url, new Response(response.body?.pipeThrough(counter) ?? null, { headers }));
  } catch (error) {
    if (refusal) throw refusal;
    if (context.signal?.aborted) throw downloadCancelled(url);
    if (isQuotaError(error)) throw error;
    throw downloadIncomplete(url, loaded, total, error instanceof Error ? error.message : String(error));
  }
  if (total !== null && loaded < total) {
    await context.cache.delete(url);
    throw downloadIncomplete(url, loaded, total);
  }
}

/**
 * The bytes of url: from the cache when saved there, else downloaded (and saved when context.cache is
 * set). When storage is full the file is downloaded again into memory only, and cacheProblem says so.
 */
export async function downloadFile(
  url: string,
  context: DownloadContext,
  onProgress: ByteProgress = () => {},
): Promise<DownloadedFile> {
  const cache = context.cache;
  const cached = cache ? await cache.match(url).catch(() => undefined) : undefined;
  if (cached) {
    if (cached.headers.has(ABSENT_HEADER)) throw rememberedAbsent(url);
    const bytes = await readBody(cached, url, context, onProgress, true);
    return { bytes, fromCache: true, cacheProblem: null };
  }
  const response = await request(url, context);
  if (!cache || !response.body) {
    const bytes = await readBody(response, url, context, onProgress, false);
    checkFileContent(bytes, url);
    return { bytes, fromCache: false, cacheProblem: null };
  }
  try {
    await streamIntoCache(response, url, { ...context, cache }, onProgress);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    await cache.delete(url).catch(() => false);
    const again = await request(url, context);
    const bytes = await readBody(again, url, context, onProgress, false);
    checkFileContent(bytes, url);
    return {
      bytes,
      fromCache: false,
      cacheProblem:
        'The browser’s storage for this site is full, so this model was not saved for offline use.',
    };
  }
  const stored = await cache.match(url);
  if (!stored) {
    throw new GlassboxError({
      code: 'storage-unavailable',
      message: `${url} was downloaded but the browser did not keep it.`,
      remedy: 'Load the model again; if it keeps happening, the browser may be clearing site data.',
    });
  }
  const bytes = new Uint8Array(await stored.arrayBuffer());
  try {
    checkFileContent(bytes, url);
  } catch (error) {
    await cache.delete(url);
    throw error;
  }
  return { bytes, fromCache: false, cacheProblem: null };
}

/** Only saves url into the cache (the "make available offline" action): no copy is kept in memory. */
export async function saveFileForOffline(
  url: string,
  context: DownloadContext & { cache: ModelCache },
  onProgress: ByteProgress = () => {},
): Promise<{ alreadySaved: boolean }> {
  const cached = await context.cache.match(url).catch(() => undefined);
  if (cached) {
    if (cached.headers.has(ABSENT_HEADER)) throw rememberedAbsent(url);
    const size = contentLength(cached);
    onProgress(size ?? 0, size, true);
    return { alreadySaved: true };
  }
  const response = await request(url, context);
  try {
    await streamIntoCache(response, url, context, onProgress);
  } catch (error) {
    if (!isQuotaError(error)) throw error;
    await context.cache.delete(url).catch(() => false);
    throw new GlassboxError({
      code: 'storage-quota-exceeded',
      message: `There is no room left in this browser’s storage for ${url}.`,
      remedy: 'Delete saved models you no longer need (Models tab), or free disk space, then try again.',
    });
  }
  return { alreadySaved: false };
}
