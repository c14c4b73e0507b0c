// Download progress for a page across a thread boundary: at most every 100 ms (and always when a file
// finishes or the download ends), since each report is a message between threads.
import type { LoadProgress } from '../progress.ts';
import type { DownloadSnapshot } from './download-progress.ts';

export function throttledProgress(
  onProgress: (progress: LoadProgress) => void,
  now: () => number = () => performance.now(),
): (snapshot: DownloadSnapshot) => void {
  let reportedAt = -Infinity;
  let finished = 0;
  return (snapshot) => {
    const time = now();
    const done = snapshot.files.filter((file) => file.done).length;
    if (time - reportedAt < 100 && done === finished && !snapshot.done) return;
    reportedAt = time;
    finished = done;
    const moving = snapshot.files.find((file) => !file.done) ?? snapshot.files.at(-1);
    onProgress({
      stage: 'fetch',
      file: moving?.file ?? '',
      loadedBytes: snapshot.loadedBytes,
      totalBytes: snapshot.totalBytes,
      download: snapshot,
    });
  };
}
