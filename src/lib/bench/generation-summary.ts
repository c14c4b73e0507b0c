// The figures of a generation benchmark (`npm run bench -- --generate`, the generation parity script):
// median and spread of time to first token and of prefill and decode rates over repeated greedy
// generations, whether the repeats (or two implementations) made the same tokens, and a Markdown row.
import { percentile } from './statistics.ts';

/** Median and spread of one figure over the repeats. */
export interface Spread {
  count: number;
  median: number;
  min: number;
  max: number;
  /** Interquartile range: p75 − p25 (linear interpolation, as numpy). */
  iqr: number;
}

export interface GenerationRunFigures {
  firstTokenMs: number;
  prefillTokensPerSecond: number | null;
  decodeTokensPerSecond: number | null;
}

export interface GenerationSummary {
  firstTokenMs: Spread | null;
  prefillTokensPerSecond: Spread | null;
  decodeTokensPerSecond: Spread | null;
}

/** Median, range and IQR of the finite values; null when there are none. */
export function spreadOf(values: ReadonlyArray<number | null>): Spread | null {
  const finite = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (finite.length === 0) return null;
  return {
    count: finite.length,
    median: percentile(finite, 50),
    min: Math.min(...finite),
    max: Math.max(...finite),
    iqr: percentile(finite, 75) - percentile(finite, 25),
  };
}

export function summarizeGeneration(runs: readonly GenerationRunFigures[]): GenerationSummary {
  return {
    firstTokenMs: spreadOf(runs.map((run) => run.firstTokenMs)),
    prefillTokensPerSecond: spreadOf(runs.map((run) => run.prefillTokensPerSecond)),
    decodeTokensPerSecond: spreadOf(runs.map((run) => run.decodeTokensPerSecond)),
  };
}

/**
 * The first position where two token sequences differ (a shorter one differs where it ends); null when
 * they are the same.
 */
export function firstDifference(a: readonly number[], b: readonly number[]): number | null {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return null;
}

/** Null when every sequence equals the first; else the first index of a sequence that differs and where. */
export function firstDisagreement(
  sequences: ReadonlyArray<readonly number[]>,
): { sequence: number; position: number } | null {
  const [first] = sequences;
  if (!first) return null;
  for (let i = 1; i < sequences.length; i++) {
    const position = firstDifference(first, sequences[i] as readonly number[]);
    if (position !== null) return { sequence: i, position };
  }
  return null;
}

/** "425 (380–470)": median and range, with the given digits. */
export function formatSpread(spread: Spread | null, digits = 0): string {
  if (!spread) return '—';
  const f = (value: number): string => value.toFixed(digits);
  return spread.count === 1 ? f(spread.median) : `${f(spread.median)} (${f(spread.min)}–${f(spread.max)})`;
}

export const GENERATION_TABLE_HEADER = [
  '| model | configuration | threads | TTFT ms | prefill tok/s | decode tok/s | repeats | KV cache | weights |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];

export interface GenerationRowFacts {
  model: string;
  configuration: string;
  threads: number | null;
  summary: GenerationSummary;
  repeats: number;
  cacheBytes: string;
  weightsBytes: string;
}

/** One Markdown row: medians with their ranges over the repeats. */
export function generationRow(facts: GenerationRowFacts): string {
  const { summary } = facts;
  return (
    `| ${facts.model} | ${facts.configuration} | ${facts.threads ?? '—'} | ${formatSpread(summary.firstTokenMs, 1)} | ` +
    `${formatSpread(summary.prefillTokensPerSecond)} | ${formatSpread(summary.decodeTokensPerSecond)} | ${facts.repeats} | ` +
    `${facts.cacheBytes} | ${facts.weightsBytes} |`
  );
}
