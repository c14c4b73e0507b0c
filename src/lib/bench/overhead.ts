// The overhead of the playground's path over a bare ONNX Runtime call, from interleaved pairs: the ratio
// of medians with its spread, and fastest against fastest (the fixed cost alone, robust to other load).
import type { OverheadResult } from './result-types.ts';
import { speedupWithSpread } from './speedup.ts';
import { percentile } from './statistics.ts';

function minimum(values: readonly number[]): number {
  let least = Number.POSITIVE_INFINITY;
  for (const value of values) if (value < least) least = value;
  return least;
}

export function summarizeOverhead(backend: string, bareMs: number[], pathMs: number[]): OverheadResult {
  const bareFloor = minimum(bareMs);
  return {
    backend,
    pairs: Math.min(bareMs.length, pathMs.length),
    bareMs,
    pathMs,
    bareMedianMs: bareMs.length > 0 ? percentile(bareMs, 50) : null,
    pathMedianMs: pathMs.length > 0 ? percentile(pathMs, 50) : null,
    // speedupWithSpread(a, b) is median(a) / median(b): path over bare is the overhead factor.
    ratio: speedupWithSpread(pathMs, bareMs),
    floorRatio:
      pathMs.length > 0 && bareFloor > 0 && Number.isFinite(bareFloor) ? minimum(pathMs) / bareFloor : null,
  };
}
