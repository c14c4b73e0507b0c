// An in-memory stand-in for the browser's Cache API (CacheStorage and Cache), for tests in Node. It
// keeps the two properties the app relies on: put() reads the whole body before storing anything (a body
// that errors stores nothing and makes put reject), and a put over the storage quota rejects with a
// QuotaExceededError DOMException and stores nothing. Stored responses are rebuilt on every match, so
// they can be read any number of times.

interface StoredResponse {
  bytes: Uint8Array<ArrayBuffer>;
  headers: [string, string][];
  status: number;
  statusText: string;
}

type CacheKey = RequestInfo | URL;

function urlOf(key: CacheKey): string {
  if (typeof key === 'string') return key;
  if (key instanceof URL) return key.href;
  return key.url;
}

async function readWholeBody(response: Response): Promise<Uint8Array<ArrayBuffer>> {
  if (!response.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    length += value.byteLength;
  }
  const bytes = new Uint8Array(new ArrayBuffer(length));
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Shared by the caches of one storage: the bytes they hold in all, against an optional quota. */
class Quota {
  constructor(readonly limit: number | undefined) {}
  used = 0;
}

export class MemoryCache {
  private readonly entries = new Map<string, StoredResponse>();

  /** @internal Made by MemoryCacheStorage.open (or directly, for a test of one cache alone). */
  constructor(private readonly quota: Quota = new Quota(undefined)) {}

  match(key: CacheKey): Promise<Response | undefined> {
    const stored = this.entries.get(urlOf(key));
    if (!stored) return Promise.resolve(undefined);
    return Promise.resolve(
      new Response(stored.bytes.slice(), {
        status: stored.status,
        statusText: stored.statusText,
        headers: stored.headers,
      }),
    );
  }

  /** Reads the whole body first; only a complete body within the quota is stored. */
  async put(key: CacheKey, response: Response): Promise<void> {
    const url = urlOf(key);
    if (response.status === 206) throw new TypeError('Cache.put: partial responses cannot be stored');
    if (response.bodyUsed) throw new TypeError('Cache.put: the response body was already used');
    const bytes = await readWholeBody(response);
    const replaced = this.entries.get(url)?.bytes.byteLength ?? 0;
    const used = this.quota.used - replaced + bytes.byteLength;
    if (this.quota.limit !== undefined && used > this.quota.limit) {
      throw new DOMException('quota', 'QuotaExceededError');
    }
    this.quota.used = used;
    this.entries.set(url, {
      bytes,
      headers: [...response.headers],
      status: response.status,
      statusText: response.statusText,
    });
  }

  delete(key: CacheKey): Promise<boolean> {
    const url = urlOf(key);
    const stored = this.entries.get(url);
    if (!stored) return Promise.resolve(false);
    this.entries.delete(url);
    this.quota.used -= stored.bytes.byteLength;
    return Promise.resolve(true);
  }

  keys(): Promise<Request[]> {
    return Promise.resolve(this.urls().map((url) => new Request(url)));
  }

  /** The URLs stored, in the order they were first stored. */
  urls(): string[] {
    return [...this.entries.keys()];
  }

  /** Bytes of the body stored for url, or null when there is none. */
  sizeOf(key: CacheKey): number | null {
    return this.entries.get(urlOf(key))?.bytes.byteLength ?? null;
  }

  /** @internal Frees this cache's bytes from the quota (its storage deleted it). */
  clear(): void {
    for (const stored of this.entries.values()) this.quota.used -= stored.bytes.byteLength;
    this.entries.clear();
  }
}

/** The part of CacheStorage the app uses, with one quota over all its caches (like a site's storage). */
export class MemoryCacheStorage {
  private readonly caches = new Map<string, MemoryCache>();
  private readonly quota: Quota;

  /** quotaBytes: the most bytes all caches may hold together; unlimited when left out. */
  constructor(options: { quotaBytes?: number } = {}) {
    this.quota = new Quota(options.quotaBytes);
  }

  open(name: string): Promise<MemoryCache> {
    let cache = this.caches.get(name);
    if (!cache) {
      cache = new MemoryCache(this.quota);
      this.caches.set(name, cache);
    }
    return Promise.resolve(cache);
  }

  has(name: string): Promise<boolean> {
    return Promise.resolve(this.caches.has(name));
  }

  delete(name: string): Promise<boolean> {
    const cache = this.caches.get(name);
    cache?.clear();
    return Promise.resolve(this.caches.delete(name));
  }

  keys(): Promise<string[]> {
    return Promise.resolve([...this.caches.keys()]);
  }

  async match(key: CacheKey): Promise<Response | undefined> {
    for (const cache of this.caches.values()) {
      const found = await cache.match(key);
      if (found) return found;
    }
    return undefined;
  }

  /** Every URL stored in any cache. */
  urls(): string[] {
    return [...this.caches.values()].flatMap((cache) => cache.urls());
  }

  /** Bytes stored in all caches together. */
  usedBytes(): number {
    return this.quota.used;
  }
}
