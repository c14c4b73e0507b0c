// The downloads a worker has in flight, so that one call (the page's "Stop loading") can abort them all.
import type { DownloadContext, ModelCache } from '../../src/lib/loading/file-download.ts';
import type { WorkerEnvironment } from '../shared/worker-environment.ts';

export class CancellableDownloads {
  private readonly inFlight = new Set<AbortController>();

  constructor(private readonly env: Pick<WorkerEnvironment, 'fetch' | 'isOnline'>) {}

  /**
   * Runs a download that cancel() can abort, with this environment's fetch and the cache openCache gives;
   * it counts as in flight from the start, while the cache opens too.
   */
  async run<Cache extends ModelCache | null, T>(
    openCache: () => Promise<Cache>,
    download: (context: DownloadContext & { cache: Cache }) => Promise<T>,
  ): Promise<T> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    try {
      const cache = await openCache();
      return await download({
        fetch: this.env.fetch,
        cache,
        signal: controller.signal,
        isOnline: this.env.isOnline,
      });
    } finally {
      this.inFlight.delete(controller);
    }
  }

  /** Aborts every download in flight; returns how many there were. */
  cancel(): number {
    const count = this.inFlight.size;
    for (const controller of this.inFlight) controller.abort();
    return count;
  }
}
