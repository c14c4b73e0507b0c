// What this browser keeps for offline use: the model files in the one model cache, grouped by model, with
// the site's storage use and whether the browser may evict it; deleting them; and the offline pack, which
// saves the hub catalog's models ahead of time (before a workshop on a poor connection).
import { HUB_CATALOG } from '../../lib/catalog/model-catalog.ts';
import { GlassboxError, toErrorData, type ErrorData } from '../../lib/errors.ts';
import { MODEL_CACHE_NAME } from '../../lib/loading/model-cache-name.ts';
import { ABSENT_HEADER } from '../../lib/loading/file-download.ts';
import {
  groupSavedFiles,
  savedEntryOf,
  totalSavedBytes,
  type SavedEntry,
  type SavedGroup,
} from '../../lib/loading/saved-files.ts';
import type { LoadProgress } from '../../lib/progress.ts';
import { DEFAULT_REVISION, hubLocation } from '../../lib/sources/hub.ts';
import { readHubUrl } from '../shell/hub-settings.ts';
import { InferenceClient } from '../workbench/inference-client.ts';
import type { Workbench } from '../workbench/workbench.svelte.ts';

export type { SavedFile, SavedGroup } from '../../lib/loading/saved-files.ts';

export type PackStatus =
  | { kind: 'idle' }
  | {
      kind: 'saving';
      /** Name of the catalog model being saved. */
      current: string;
      /** 0-based position of current among the selected models. */
      index: number;
      count: number;
      progress: LoadProgress | null;
      /** Bytes of the models of this pack already saved (before current). */
      packBytes: number;
    }
  /** models: how many were saved; saved: files downloaded now; alreadySaved: files that were kept already. */
  | { kind: 'done'; models: number; saved: number; alreadySaved: number }
  /** current: name of the model that failed (or was cancelled: error.code 'download-cancelled'). */
  | { kind: 'failed'; error: ErrorData; current: string };

function storageUnavailable(detail?: string): GlassboxError {
  const data = {
    code: 'storage-unavailable' as const,
    message:
      'This browser does not let the page keep files: the Cache API is missing or blocked (a page not served over https, a private window, or site data turned off).',
    remedy:
      'Models still open, but they are downloaded again every time. Open Glassbox over https (or on localhost) and allow site data to keep them.',
  };
  return new GlassboxError(detail === undefined ? data : { ...data, detail });
}

function cacheStorage(): CacheStorage | null {
  try {
    return (globalThis.caches as CacheStorage | undefined) ?? null;
  } catch {
    return null; // some browsers throw on access when site data is blocked
  }
}

function storageManager(): StorageManager | null {
  return (globalThis.navigator?.storage as StorageManager | undefined) ?? null;
}

function detailOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class SavedModels {
  groups = $state.raw<SavedGroup[]>([]);
  totalBytes = $derived(totalSavedBytes(this.groups));
  /** The whole site's storage use and quota, as the browser estimates them; null when unknown. */
  usage = $state.raw<{ usage: number; quota: number } | null>(null);
  /** Whether the browser keeps this site's storage when space runs low; null when it cannot say. */
  persisted = $state<boolean | null>(null);
  /** The browser was asked to persist storage and said no. */
  persistRefused = $state(false);
  error = $state.raw<ErrorData | null>(null);
  /** The cache has been listed at least once (before that, the list is not "empty", just unknown). */
  listed = $state(false);
  /** A deletion is in progress. */
  deleting = $state(false);
  /** Hub catalog repo → chosen for the offline pack. */
  pack = $state<Record<string, boolean>>(Object.fromEntries(HUB_CATALOG.map((entry) => [entry.repo, true])));
  packStatus = $state.raw<PackStatus>({ kind: 'idle' });
  private refreshToken = 0;
  private packToken = 0;

  constructor(private readonly workbench: Workbench) {}

  /** Lists the cache (headers only, never bodies) and asks for the storage estimate. */
  async refresh(): Promise<void> {
    // No $state is read before the first await: an effect that calls refresh() must not depend on it.
    const token = ++this.refreshToken;
    const [listing, usage, persisted] = await Promise.all([
      listSavedFiles(),
      storageEstimate(),
      storagePersisted(),
    ]);
    if (token !== this.refreshToken) return;
    if (listing.ok) {
      this.groups = groupSavedFiles(listing.entries);
      this.error = null;
    } else {
      this.groups = [];
      this.error = listing.error;
    }
    this.usage = usage;
    this.persisted = persisted;
    this.listed = true;
  }

  async deleteGroup(key: string): Promise<void> {
    const group = this.groups.find((candidate) => candidate.key === key);
    if (group) await this.deleteUrls(group.files.map((file) => file.url));
  }

  async deleteFile(url: string): Promise<void> {
    await this.deleteUrls([url]);
  }

  /** Deletes every saved file (entry by entry: the worker may hold the cache open for a download). */
  async deleteAll(): Promise<void> {
    await this.deleteUrls(null);
  }

  /** Asks the browser not to evict this site's storage (saved models) when space runs low. */
  async requestPersistence(): Promise<boolean> {
    const storage = storageManager();
    if (!storage || typeof storage.persist !== 'function') {
      this.persisted = null;
      return false;
    }
    try {
      const granted = await storage.persist();
      this.persisted = granted;
      this.persistRefused = !granted;
      return granted;
    } catch {
      this.persistRefused = true;
      return false;
    }
  }

  /** Saves each chosen hub catalog model (its default precision), one after another; stops at a failure. */
  async savePack(): Promise<void> {
    if (this.packStatus.kind === 'saving') return;
    const entries = HUB_CATALOG.filter((entry) => this.pack[entry.repo] === true);
    if (entries.length === 0) return;
    const token = ++this.packToken;
    const hubUrl = readHubUrl();
    let saved = 0;
    let alreadySaved = 0;
    let packBytes = 0;
    for (const [index, entry] of entries.entries()) {
      const location = hubLocation(hubUrl, entry.repo, DEFAULT_REVISION, entry.defaultDtype);
      const base = { kind: 'saving', current: entry.name, index, count: entries.length, packBytes } as const;
      this.packStatus = { ...base, progress: null };
      let lastBytes = 0;
      // Progress travels on its own port and may arrive after the save settled; then it is ignored.
      let settled = false;
      const onProgress = InferenceClient.callback((progress: LoadProgress) => {
        if (settled || token !== this.packToken) return;
        if (progress.stage === 'fetch') lastBytes = progress.loadedBytes;
        this.packStatus = { ...base, progress };
      });
      try {
        const result = await this.workbench.offline.call((service) =>
          service.saveForOffline(location, onProgress),
        );
        settled = true;
        saved += result.files - result.alreadySaved;
        alreadySaved += result.alreadySaved;
        packBytes += lastBytes;
      } catch (error) {
        settled = true;
        if (token === this.packToken) {
          this.packStatus = { kind: 'failed', error: toErrorData(error), current: entry.name };
        }
        await this.refresh();
        return;
      }
      if (token !== this.packToken) return;
      // The list grows model by model, so what is already safe shows while the rest downloads.
      await this.refresh();
    }
    this.packStatus = { kind: 'done', models: entries.length, saved, alreadySaved };
  }

  /** Cancels the pack's download in flight (and any other download: the worker cancels them all). */
  async cancelPack(): Promise<void> {
    if (this.packStatus.kind !== 'saving') return;
    try {
      await this.workbench.offline.call((service) => service.cancelDownloads());
    } catch (error) {
      this.error = toErrorData(error);
    }
  }

  /** urls: the files to delete; null: every file. Refreshes afterwards, whatever happened. */
  private async deleteUrls(urls: string[] | null): Promise<void> {
    const caches = cacheStorage();
    if (!caches) {
      this.error = toErrorData(storageUnavailable());
      return;
    }
    let failure: ErrorData | null = null;
    this.deleting = true;
    try {
      if (await caches.has(MODEL_CACHE_NAME)) {
        const cache = await caches.open(MODEL_CACHE_NAME);
        const targets = urls ?? (await cache.keys()).map((request) => request.url);
        await Promise.all(targets.map((url) => cache.delete(url)));
      }
    } catch (error) {
      failure = toErrorData(
        new GlassboxError({
          code: 'storage-unavailable',
          message: 'The browser refused to delete saved model files.',
          remedy:
            'Reload the page and try again; the browser’s site settings can also clear this site’s data.',
          detail: detailOf(error),
        }),
      );
    } finally {
      this.deleting = false;
    }
    await this.refresh();
    // A successful listing clears the error; a failed deletion must stay visible, so it is set after.
    if (failure) this.error = failure;
  }
}

type Listing = { ok: true; entries: SavedEntry[] } | { ok: false; error: ErrorData };

/** URL, size and date of every file in the model cache, from the stored headers only. */
async function listSavedFiles(): Promise<Listing> {
  const caches = cacheStorage();
  if (!caches) return { ok: false, error: toErrorData(storageUnavailable()) };
  try {
    // has() first: listing must not create an empty cache.
    if (!(await caches.has(MODEL_CACHE_NAME))) return { ok: true, entries: [] };
    const cache = await caches.open(MODEL_CACHE_NAME);
    const requests = await cache.keys();
    const entries = await Promise.all(
      requests.map(async (request) => {
        const response = await cache.match(request);
        // "No such file" markers are bookkeeping for offline opens, not saved files.
        if (!response || response.headers.has(ABSENT_HEADER)) return null;
        return savedEntryOf(request.url, response.headers);
      }),
    );
    return { ok: true, entries: entries.filter((entry): entry is SavedEntry => entry !== null) };
  } catch (error) {
    return { ok: false, error: toErrorData(storageUnavailable(detailOf(error))) };
  }
}

async function storageEstimate(): Promise<{ usage: number; quota: number } | null> {
  const storage = storageManager();
  if (!storage || typeof storage.estimate !== 'function') return null;
  try {
    const { usage, quota } = await storage.estimate();
    return usage !== undefined && quota !== undefined && quota > 0 ? { usage, quota } : null;
  } catch {
    return null;
  }
}

async function storagePersisted(): Promise<boolean | null> {
  const storage = storageManager();
  if (!storage || typeof storage.persisted !== 'function') return null;
  try {
    return await storage.persisted();
  } catch {
    return null;
  }
}
