// Display formatting for sizes, durations, shapes and probabilities (pure, locale-independent).

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]}`;
}

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 10) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** [batch_size, 128] style; an unknown shape is "?" */
export function formatShape(shape: ReadonlyArray<number | string>): string {
  return shape.length === 0 ? '?' : `[${shape.join(', ')}]`;
}

/** The first max items joined by ", ", then "and N more" for the rest: "a, b, c and 4 more". */
export function formatList(items: readonly string[], max: number): string {
  const listed = items.slice(0, max);
  const more = items.length - listed.length;
  return more > 0 ? `${listed.join(', ')} and ${more} more` : listed.join(', ');
}

export function formatPercent(probability: number): string {
  return `${(probability * 100).toFixed(1)}%`;
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/** A download speed, e.g. "1.2 MB/s" (1024-based, like formatBytes); "—" when not a speed. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  if (bytesPerSecond < 1024) return `${Math.round(bytesPerSecond)} B/s`;
  const units = ['KB', 'MB', 'GB'];
  let value = bytesPerSecond / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${units[unit]}/s`;
}

/** Time a download still needs, rounded as an estimate should be: "about 12 s left", "about 3 min left". */
export function formatTimeLeft(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 1) return 'less than a second left';
  const wholeSeconds = Math.round(seconds);
  if (wholeSeconds < 60) return `about ${wholeSeconds} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `about ${hours} h left` : `about ${hours} h ${rest} min left`;
}
