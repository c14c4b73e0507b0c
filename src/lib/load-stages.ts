// What the load-status component shows while a model loads and once it is ready: one row per stage
// (the runtime's download, the model's fetch, session creation, warm-up) with its state and detail, the
// overall fraction, and the one-line summary of where everything came from and how long it took. Pure.
import { formatBytes, formatMs } from './format.ts';
import type { ModelSource } from './loading/model-source.ts';
import { MODEL_SOURCE_TEXT } from './loading/model-source.ts';
import type { LoadProgress } from './progress.ts';
import type { Backend } from './runtime/backend.ts';
import type { RuntimeLoad, RuntimeProgress } from './runtime/runtime-download.ts';

/** The runtime and the model download at the same time: each keeps its own latest progress. */
export interface LoadState {
  /** The latest event of the model's stages (fetch, session, warm-up); null before the first. */
  progress: Exclude<LoadProgress, { stage: 'runtime' }> | null;
  runtime: RuntimeProgress | null;
}

export const EMPTY_LOAD_STATE: LoadState = { progress: null, runtime: null };

export function withProgress(state: LoadState, event: LoadProgress): LoadState {
  if (event.stage === 'runtime') {
    const { build, state: runtimeState, loadedBytes, totalBytes } = event;
    return { ...state, runtime: { build, state: runtimeState, loadedBytes, totalBytes } };
  }
  return { ...state, progress: event };
}

export type StageId = 'runtime' | 'fetch' | 'create-session' | 'warm-up';
export type StageState = 'pending' | 'current' | 'done';

export interface StageRow {
  id: StageId;
  label: string;
  state: StageState;
  /** Bytes so far, "from cache", …; null when there is nothing to add. */
  detail: string | null;
}

const MODEL_STAGES = ['fetch', 'create-session', 'warm-up'] as const;

/** "12.3 of 27.9 MB" (or "12.3 MB" while the size is unknown); both in the unit of the total. */
export function formatBytesOf(loaded: number, total: number | null): string {
  if (total === null || total <= 0) return formatBytes(loaded);
  const totalText = formatBytes(total);
  const unit = totalText.split(' ')[1] ?? '';
  const scale = unit === 'GB' ? 1024 ** 3 : unit === 'MB' ? 1024 ** 2 : unit === 'KB' ? 1024 : 1;
  const value = loaded / scale;
  const loadedText = scale === 1 ? String(loaded) : value.toFixed(value < 10 ? 2 : 1);
  return `${loadedText} of ${totalText}`;
}

function runtimeRow(state: LoadState, modelIndex: number): StageRow {
  const label = 'Downloading the runtime';
  const runtime = state.runtime;
  const passed = modelIndex >= 1; // session creation only starts once the runtime is here
  if (!runtime) return { id: 'runtime', label, state: passed ? 'done' : 'current', detail: null };
  if (runtime.state === 'http-cache') {
    return { id: 'runtime', label: 'Runtime from cache', state: 'done', detail: null };
  }
  if (runtime.state === 'in-worker') {
    return { id: 'runtime', label: 'Runtime already running', state: 'done', detail: null };
  }
  const complete = runtime.totalBytes !== null && runtime.loadedBytes >= runtime.totalBytes;
  return {
    id: 'runtime',
    label,
    state: complete || passed ? 'done' : 'current',
    detail: formatBytesOf(runtime.loadedBytes, runtime.totalBytes),
  };
}

/** The rows of the load-status list, in order. */
export function loadStageRows(state: LoadState, backend: Backend): StageRow[] {
  const progress = state.progress;
  const modelIndex = progress ? MODEL_STAGES.indexOf(progress.stage) : 0;
  const rows: StageRow[] = [runtimeRow(state, modelIndex)];
  const stateOf = (index: number): StageState =>
    index < modelIndex ? 'done' : index === modelIndex ? 'current' : 'pending';
  rows.push({
    id: 'fetch',
    label: 'Fetching the model',
    state: stateOf(0),
    detail: progress?.stage === 'fetch' ? formatBytesOf(progress.loadedBytes, progress.totalBytes) : null,
  });
  rows.push({ id: 'create-session', label: 'Creating the session', state: stateOf(1), detail: null });
  rows.push({
    id: 'warm-up',
    // On WebGPU the first run compiles the model's shaders: that is what this stage waits for.
    label: backend === 'webgpu' ? 'Warming up (compiling GPU shaders)' : 'Warming up',
    state: stateOf(2),
    detail: null,
  });
  return rows;
}

/** Fraction in [0, 1] of the bytes of the runtime and the model together; null while a size is unknown. */
export function loadFraction(state: LoadState): number | null {
  // Past the downloads (session, warm-up) the bar has no fraction to show: it runs indeterminate.
  if (state.progress && state.progress.stage !== 'fetch') return null;
  const downloading = state.runtime?.state === 'downloading' ? state.runtime : null;
  const fetching = state.progress?.stage === 'fetch' ? state.progress : null;
  if (!downloading && !fetching) return null;
  if (downloading?.totalBytes === null || fetching?.totalBytes === null) return null;
  const loaded = (downloading?.loadedBytes ?? 0) + (fetching?.loadedBytes ?? 0);
  const total = (downloading?.totalBytes ?? 0) + (fetching?.totalBytes ?? 0);
  return total > 0 ? Math.min(1, loaded / total) : null;
}

/** The parts of the timings the summary needs (LoadTimings of the inference service). */
export interface LoadSummaryTimings {
  fetchMs: number;
  modelSource: ModelSource;
  runtime: RuntimeLoad;
  createSessionMs: number;
  warmUpMs: number;
}

/**
 * "runtime 13.6 MB in 180 ms, model downloaded in 480 ms, session 320 ms, warm-up 11.0 ms" — a source
 * instead of a time where nothing was downloaded ("runtime from cache", "model already loaded").
 */
export function loadSummary(timings: LoadSummaryTimings, backend: Backend): string {
  const parts: string[] = [];
  const runtime = timings.runtime;
  if (runtime.source === 'network') {
    parts.push(`runtime ${formatBytes(runtime.bytes ?? 0)} in ${formatMs(runtime.ms)}`);
  } else if (runtime.source === 'http-cache') {
    parts.push('runtime from cache');
  } else if (runtime.source === 'in-worker') {
    parts.push('runtime already running');
  }
  const model = MODEL_SOURCE_TEXT[timings.modelSource];
  const timed = timings.modelSource === 'network' || timings.modelSource === 'local-file';
  parts.push(timed ? `${model} in ${formatMs(timings.fetchMs)}` : model);
  parts.push(`session ${formatMs(timings.createSessionMs)}`);
  parts.push(
    `${backend === 'webgpu' ? 'warm-up with shader compilation' : 'warm-up'} ${formatMs(timings.warmUpMs)}`,
  );
  return parts.join(', ');
}
