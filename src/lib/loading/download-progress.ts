// Per-file download progress → one overall bar: bytes so far, bytes in all, speed and time left.
// A model download is several files (model, external data, config, tokenizer), some of them already in
// the browser cache; the user wants one bar that neither jumps backwards nor promises a wrong time.

export interface FileDownload {
  file: string;
  loadedBytes: number;
  /** null while the server has not said (no Content-Length). */
  totalBytes: number | null;
  /** Read from the browser cache: counts toward the bar, not toward the network speed. */
  fromCache: boolean;
  done: boolean;
}

export interface DownloadSnapshot {
  /** In the order the downloads started. */
  files: FileDownload[];
  loadedBytes: number;
  /** null while any unfinished file's size is unknown, so the bar can show "indeterminate". */
  totalBytes: number | null;
  /** Network bytes per second over the last RATE_WINDOW_MS; null until it can be measured. */
  bytesPerSecond: number | null;
  secondsLeft: number | null;
  /** Every started file finished (false while nothing has started). */
  done: boolean;
}

/** The speed is measured over this much recent time, so it follows a connection that speeds up or stalls. */
const RATE_WINDOW_MS = 3000;

/** Samples closer together than this give a noisy speed (one burst of buffered chunks), so none is shown. */
const MIN_RATE_SPAN_MS = 250;

interface Sample {
  /** now() when the bytes arrived, in milliseconds. */
  time: number;
  /** Network bytes received in all until then. */
  networkBytes: number;
}

export class DownloadTracker {
  private readonly files = new Map<string, FileDownload>();
  private readonly samples: Sample[] = [];
  private networkBytes = 0;

  /** now: a clock in milliseconds; tests pass a fake one. */
  constructor(private readonly now: () => number = () => performance.now()) {}

  /** A file begins (again, if it had started before: a retry starts it over at 0 bytes). */
  start(file: string, totalBytes: number | null, fromCache = false): void {
    this.files.set(file, { file, loadedBytes: 0, totalBytes, fromCache, done: false });
  }

  /**
   * loadedBytes of file have arrived; totalBytes, when given, corrects its size. A file not started yet
   * is started as a network download, since progress may arrive before the caller knew the size.
   */
  update(file: string, loadedBytes: number, totalBytes?: number | null): void {
    let entry = this.files.get(file);
    if (entry === undefined) {
      this.start(file, totalBytes ?? null);
      entry = this.files.get(file);
      if (entry === undefined) return;
    }
    if (totalBytes !== undefined) entry.totalBytes = totalBytes;
    const delta = loadedBytes - entry.loadedBytes;
    entry.loadedBytes = loadedBytes;
    // A retry restarting at 0 has a negative delta: those bytes were counted when they first arrived.
    if (!entry.fromCache && delta > 0) this.record(delta);
  }

  /** One report of a byte-progress callback: 0 bytes (re)starts the file with its size, more update it. */
  report(file: string, loadedBytes: number, totalBytes: number | null, fromCache: boolean): void {
    if (loadedBytes === 0) this.start(file, totalBytes, fromCache);
    else this.update(file, loadedBytes, totalBytes);
  }

  /**
   * The file is complete. Its size becomes what arrived when the server did not say, or said less (a
   * compressed Content-Length); a file that ended short of its size (a cached file reported only at the
   * end) counts as complete, so the bar reaches its end.
   */
  finish(file: string): void {
    const entry = this.files.get(file);
    if (entry === undefined) return;
    entry.done = true;
    if (entry.totalBytes === null || entry.totalBytes < entry.loadedBytes)
      entry.totalBytes = entry.loadedBytes;
    else entry.loadedBytes = entry.totalBytes;
  }

  snapshot(): DownloadSnapshot {
    const files = [...this.files.values()].map((entry) => ({ ...entry }));
    const loadedBytes = files.reduce((sum, entry) => sum + entry.loadedBytes, 0);
    const totalBytes = files.some((entry) => !entry.done && entry.totalBytes === null)
      ? null
      : files.reduce((sum, entry) => sum + (entry.totalBytes ?? entry.loadedBytes), 0);
    const bytesPerSecond = this.rate();
    const secondsLeft =
      totalBytes === null || bytesPerSecond === null || bytesPerSecond <= 0
        ? null
        : Math.max(0, totalBytes - loadedBytes) / bytesPerSecond;
    const done = files.length > 0 && files.every((entry) => entry.done);
    return { files, loadedBytes, totalBytes, bytesPerSecond, secondsLeft, done };
  }

  private record(bytes: number): void {
    this.networkBytes += bytes;
    const time = this.now();
    this.samples.push({ time, networkBytes: this.networkBytes });
    this.dropSamplesBefore(time - RATE_WINDOW_MS);
  }

  /**
   * Bytes per second between the oldest and newest sample of the last RATE_WINDOW_MS before now. A
   * download that stalled for the whole window has no samples left: its speed is unknown, not stale.
   */
  private rate(): number | null {
    this.dropSamplesBefore(this.now() - RATE_WINDOW_MS);
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined) return null;
    const span = last.time - first.time;
    if (span < MIN_RATE_SPAN_MS) return null;
    return ((last.networkBytes - first.networkBytes) * 1000) / span;
  }

  private dropSamplesBefore(time: number): void {
    const keepFrom = this.samples.findIndex((sample) => sample.time >= time);
    this.samples.splice(0, keepFrom === -1 ? this.samples.length : keepFrom);
  }
}

/** Share of the bytes downloaded, 0..1; null while the total is unknown (show an indeterminate bar). */
export function downloadFraction(s: DownloadSnapshot): number | null {
  if (s.totalBytes === null) return null;
  if (s.totalBytes === 0) return s.done ? 1 : 0;
  return Math.min(1, s.loadedBytes / s.totalBytes);
}
