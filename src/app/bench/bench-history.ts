// Benchmark and generation results kept in this browser (IndexedDB), newest first, in one store (a
// generation result is told apart by its schema name, so histories stored before it read as they were).
// Every stored record is checked against its kind's schema when read back: a record from an older
// version or a damaged one is skipped and counted, never shown half-read.
import {
  newestFirst,
  readHistoryRecord,
  type HistoryEntry,
  type HistoryResult,
} from '../../lib/bench/history-entry.ts';
import { GlassboxError } from '../../lib/errors.ts';

const DB_NAME = 'glassbox-bench';
const STORE = 'results';
const VERSION = 1;

export interface HistoryListing {
  entries: HistoryEntry[];
  /** Stored records that failed the schema check. */
  skipped: number;
}

function unavailable(detail: string): GlassboxError {
  return new GlassboxError({
    code: 'storage-unavailable',
    message: 'Results cannot be kept in this browser (IndexedDB is unavailable).',
    remedy: 'Export each result as JSON to keep it; private windows often block storage.',
    detail,
  });
}

function promised<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(unavailable(request.error?.message ?? 'request failed'));
  });
}

export class BenchHistory {
  private db: Promise<IDBDatabase> | null = null;

  private open(): Promise<IDBDatabase> {
    this.db ??= new Promise<IDBDatabase>((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(unavailable('indexedDB is not defined'));
        return;
      }
      const request = indexedDB.open(DB_NAME, VERSION);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(unavailable(request.error?.message ?? 'open failed'));
      request.onblocked = () => reject(unavailable('the database is blocked by another tab'));
    });
    // A failed open may succeed later (another tab closed): do not cache the failure.
    this.db.catch(() => {
      this.db = null;
    });
    return this.db;
  }

  private async store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
    const db = await this.open();
    return db.transaction(STORE, mode).objectStore(STORE);
  }

  async list(): Promise<HistoryListing> {
    const records = await promised((await this.store('readonly')).getAll());
    const entries: HistoryEntry[] = [];
    let skipped = 0;
    for (const record of records as unknown[]) {
      // A record's shape is whatever was stored (another version, a hand edit): reading it must never throw.
      let entry: HistoryEntry | null;
      try {
        entry = readHistoryRecord(record);
      } catch {
        entry = null;
      }
      if (entry) entries.push(entry);
      else skipped++;
    }
    return { entries: newestFirst(entries), skipped };
  }

  async put(result: HistoryResult): Promise<void> {
    // Structured clone keeps typed arrays and undefined; a JSON round trip stores exactly what exports.
    await promised((await this.store('readwrite')).put(JSON.parse(JSON.stringify(result)) as unknown));
  }

  async remove(id: string): Promise<void> {
    await promised((await this.store('readwrite')).delete(id));
  }

  async clear(): Promise<void> {
    await promised((await this.store('readwrite')).clear());
  }
}
