// Saying plainly when a number is not meaningful: a software WebGPU adapter, a hidden tab (browsers
// throttle it), a timer too coarse for the latencies, and threads that were asked for but not granted.
import type { LatencySummary } from './statistics.ts';

export interface ReliabilityFacts {
  backend: 'wasm' | 'webgpu';
  threadsRequested: number;
  threadsUsed: number | null;
  stats: LatencySummary | null;
  timerResolutionMs: number | null;
  softwareAdapter: boolean;
  /** The page was hidden at some point while this configuration ran. */
  pageHidden: boolean;
  crossOriginIsolated: boolean;
}

/** Below this many resolution steps per median sample, quantisation error exceeds ~5%. */
const MIN_TICKS_PER_SAMPLE = 20;
/** p99 needs about 100 samples before it is more than the maximum in disguise. */
export const P99_MIN_SAMPLES = 100;

export function unreliableReasons(facts: ReliabilityFacts): string[] {
  const reasons: string[] = [];
  if (facts.backend === 'webgpu' && facts.softwareAdapter) {
    reasons.push(
      'Software WebGPU adapter (e.g. SwiftShader): outputs are valid, but its speed says nothing about a GPU.',
    );
  }
  if (facts.pageHidden) {
    reasons.push(
      'The tab was hidden during the run; browsers throttle hidden tabs, so these timings are unreliable.',
    );
  }
  if (facts.threadsUsed !== null && facts.threadsUsed < facts.threadsRequested) {
    reasons.push(
      `Asked for ${facts.threadsRequested} WASM threads but ONNX Runtime used ${facts.threadsUsed}` +
        (facts.crossOriginIsolated ? '.' : ' (the page is not cross-origin isolated).'),
    );
  }
  const stats = facts.stats;
  if (
    stats &&
    facts.timerResolutionMs !== null &&
    stats.medianMs < facts.timerResolutionMs * MIN_TICKS_PER_SAMPLE
  ) {
    reasons.push(
      `The median (${stats.medianMs.toFixed(3)} ms) is under ${MIN_TICKS_PER_SAMPLE} timer steps of ` +
        `${facts.timerResolutionMs.toFixed(3)} ms: expect quantisation error.`,
    );
  }
  return reasons;
}
