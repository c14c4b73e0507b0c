// The one progress union reported while a model loads: the runtime's download, fetch (per file), session
// creation, warm-up. The runtime and the model download at the same time.
import type { DownloadSnapshot } from './loading/download-progress.ts';
import type { Backend } from './runtime/backend.ts';
import type { RuntimeProgress } from './runtime/runtime-download.ts';

export type LoadProgress =
  | {
      stage: 'fetch';
      /** The file that moved last; loadedBytes/totalBytes are over all files of the model. */
      file: string;
      loadedBytes: number;
      totalBytes: number | null;
      /** Per-file detail, rate and time left, for model downloads (absent for single-file reads). */
      download?: DownloadSnapshot;
    }
  | ({ stage: 'runtime' } & RuntimeProgress)
  | { stage: 'create-session'; backend: Backend }
  | { stage: 'warm-up'; backend: Backend };

export type LoadStage = LoadProgress['stage'];

/** Fraction in [0, 1] for a fetch with a known size; null while the size is unknown. */
export function fetchFraction(progress: LoadProgress): number | null {
  if (progress.stage !== 'fetch' || progress.totalBytes === null || progress.totalBytes <= 0) return null;
  return Math.min(1, progress.loadedBytes / progress.totalBytes);
}
