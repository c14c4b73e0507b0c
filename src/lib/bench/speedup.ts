// How much faster one configuration is than another, with its spread: the ratio of medians and a 95%
// percentile-bootstrap interval. The generator is seeded, so the same samples always give the same
// interval (results are reproducible and testable).
import { seededRandom } from '../seeded-random.ts';
import { percentileOfSorted, sortedCopy } from './statistics.ts';

export interface Speedup {
  /** median(baseline) / median(candidate): above 1 means the candidate is faster. */
  ratio: number;
  /** 95% bootstrap interval of the ratio. */
  low: number;
  high: number;
  resamples: number;
}

function resampledMedian(values: readonly number[], random: () => number, scratch: number[]): number {
  for (let i = 0; i < values.length; i++) scratch[i] = values[Math.floor(random() * values.length)] as number;
  scratch.sort((a, b) => a - b);
  return percentileOfSorted(scratch, 50);
}

/** null when either side has no samples or the candidate's median is 0 (the ratio is undefined). */
export function speedupWithSpread(
  baselineMs: readonly number[],
  candidateMs: readonly number[],
  options: { resamples?: number; seed?: number } = {},
): Speedup | null {
  if (baselineMs.length === 0 || candidateMs.length === 0) return null;
  const candidateMedian = percentileOfSorted(sortedCopy(candidateMs), 50);
  if (candidateMedian <= 0) return null;
  const ratio = percentileOfSorted(sortedCopy(baselineMs), 50) / candidateMedian;
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 0x5eed);
  const baseScratch = new Array<number>(baselineMs.length);
  const candScratch = new Array<number>(candidateMs.length);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) {
    const candidate = resampledMedian(candidateMs, random, candScratch);
    if (candidate > 0) ratios.push(resampledMedian(baselineMs, random, baseScratch) / candidate);
  }
  ratios.sort((a, b) => a - b);
  return {
    ratio,
    low: ratios.length > 0 ? percentileOfSorted(ratios, 2.5) : ratio,
    high: ratios.length > 0 ? percentileOfSorted(ratios, 97.5) : ratio,
    resamples: ratios.length,
  };
}
