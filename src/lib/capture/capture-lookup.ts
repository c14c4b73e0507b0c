// A captured run indexed by value and node name, for the node panel: one lookup per capture instead of a
// scan of every value each time a node is selected.
import type {
  BackendComparison,
  CapturedValueSummary,
  CaptureResult,
  NodeTiming,
  SkippedValue,
  ValueDivergence,
} from './capture-types.ts';
import type { Backend } from '../runtime/backend.ts';
import { ranOnCpuFallback } from './run-overlay.ts';

export interface CaptureLookup {
  values: ReadonlyMap<string, CapturedValueSummary>;
  skipped: ReadonlyMap<string, SkippedValue>;
  divergences: ReadonlyMap<string, ValueDivergence>;
  /** Node name → its time in the painted profile. */
  timings: ReadonlyMap<string, NodeTiming>;
  /** Names of nodes that ran on a CPU fallback on WebGPU. */
  fallback: ReadonlySet<string>;
  /** The run's concrete shape of every value it fed or captured, by value name. */
  shapes: ReadonlyMap<string, readonly number[]>;
}

export function captureLookup(
  capture: Pick<CaptureResult, 'values' | 'skipped' | 'inputShapes'>,
  comparison: BackendComparison | null,
  profile: { backend: Backend; nodes: readonly NodeTiming[] } | null,
): CaptureLookup {
  const timings = new Map<string, NodeTiming>();
  for (const timing of profile?.nodes ?? []) {
    const known = timings.get(timing.node);
    timings.set(timing.node, known ? { ...known, ms: known.ms + timing.ms } : timing);
  }
  const fallback = new Set(
    (profile?.nodes ?? [])
      .filter((timing) => profile && ranOnCpuFallback(timing, profile.backend))
      .map((timing) => timing.node),
  );
  return {
    values: new Map(capture.values.map((value) => [value.name, value])),
    skipped: new Map(capture.skipped.map((value) => [value.name, value])),
    divergences: new Map((comparison?.values ?? []).map((value) => [value.name, value])),
    timings,
    fallback,
    shapes: new Map<string, readonly number[]>([
      ...Object.entries(capture.inputShapes ?? {}),
      ...capture.values.map((value) => [value.name, value.shape] as const),
    ]),
  };
}
