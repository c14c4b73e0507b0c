// A variant's error per aligned value, gathered per block of the model (its name scopes: "/bert/encoder/
// layer.0"), and the first value in the reference's topological order whose error passes the threshold.
import { scopeAncestry } from '../graph/scope-tree.ts';
import type { AlignedValue } from './align-values.ts';
import { pastThreshold, type ValueError } from './error-metrics.ts';

/** One aligned value with its error and the name scope of its reference producer. */
export interface ValueErrorRow extends AlignedValue, ValueError {
  /** The innermost scope of the producer ('' outside every scope). */
  scope: string;
}

export interface BlockError {
  /** "/bert/encoder/layer.0"; '' for values outside every scope. */
  path: string;
  depth: number;
  /** Values compared in this block and the blocks inside it. */
  values: number;
  /** The lowest SNR among them (the block is as good as its worst value). */
  worstSnrDb: number;
  maxAbs: number;
  /** How many of them pass the threshold. */
  past: number;
  /** The first value of the block in topological order, so blocks list in the model's order. */
  firstIndex: number;
}

function worse(known: number, next: number): number {
  if (Number.isNaN(next)) return known;
  if (Number.isNaN(known)) return next;
  return Math.min(known, next);
}

/** Errors per scope down to `maxDepth` (1 = top level), in the order the model computes them. */
export function blockErrors(rows: readonly ValueErrorRow[], thresholdDb: number, maxDepth = 3): BlockError[] {
  const blocks = new Map<string, BlockError>();
  for (const row of rows) {
    const paths = scopeAncestry(row.scope).slice(0, maxDepth);
    for (const [i, path] of (paths.length > 0 ? paths : ['']).entries()) {
      let block = blocks.get(path);
      if (!block) {
        block = {
          path,
          depth: path === '' ? 0 : i + 1,
          values: 0,
          worstSnrDb: Number.NaN,
          maxAbs: 0,
          past: 0,
          firstIndex: row.producerIndex,
        };
        blocks.set(path, block);
      }
      block.values++;
      block.worstSnrDb = worse(block.worstSnrDb, row.snrDb);
      if (Number.isFinite(row.maxAbs)) block.maxAbs = Math.max(block.maxAbs, row.maxAbs);
      if (pastThreshold(row, thresholdDb)) block.past++;
      block.firstIndex = Math.min(block.firstIndex, row.producerIndex);
    }
  }
  // Values outside every block are listed last, after the model's blocks in the order it computes them.
  return [...blocks.values()].sort(
    (a, b) =>
      Number(a.path === '') - Number(b.path === '') || a.firstIndex - b.firstIndex || a.depth - b.depth,
  );
}

/**
 * The first computed value, in the reference's topological order, whose SNR is under the threshold; null if
 * none. Constants are left out: a float16 LayerNorm epsilon of 1e-12 becomes 0 (SNR 0 dB) in every fp16
 * variant, and naming it would hide the first node the run itself gets wrong. constantsPast lists them.
 */
export function firstPastThreshold(
  rows: readonly ValueErrorRow[],
  thresholdDb: number,
): ValueErrorRow | null {
  let first: ValueErrorRow | null = null;
  for (const row of rows) {
    if (row.opType === 'Constant' || !pastThreshold(row, thresholdDb)) continue;
    if (first === null || row.producerIndex < first.producerIndex) first = row;
  }
  return first;
}

/** Constants whose variant value is past the threshold (an epsilon that underflowed, a clamped −3.4e38). */
export function constantsPast(rows: readonly ValueErrorRow[], thresholdDb: number): ValueErrorRow[] {
  return rows.filter((row) => row.opType === 'Constant' && pastThreshold(row, thresholdDb));
}
