// Value diff on top of the model diff: both models run on the same input (the run the inspector shows),
// their values aligned (by name, then by structure, as the precision ladder aligns them), and per node of
// the open model the largest |a − b| over its outputs. Pure: aligned error rows in, per-node figures out.
import type { ValueErrorRow } from '../variants/block-errors.ts';

export interface NodeValueDiff {
  /** The open (left) model's node. */
  node: string;
  opType: string;
  producerIndex: number;
  /** Largest |a − b| over its aligned outputs; Infinity when one side is non-finite where the other is not. */
  maxAbs: number;
  /** Its worst output's SNR against the open model's value, in dB (Infinity when equal). */
  snrDb: number;
}

export interface ValueDiff {
  /** The alignment in sentences (counts by name and by structure, what could not be aligned). */
  alignment: string[];
  /** Every node with an aligned output, in the open model's order. */
  nodes: NodeValueDiff[];
  /** Nodes whose outputs differ at all (max abs > 0). */
  differing: number;
  /** The first node in the open model's order whose outputs differ; null when all are equal. */
  first: NodeValueDiff | null;
}

/** Per-node figures from the aligned rows (a node's outputs gathered; its largest difference kept). */
export function valueDiffOf(rows: readonly ValueErrorRow[], alignment: string[]): ValueDiff {
  const byNode = new Map<number, NodeValueDiff>();
  for (const row of rows) {
    if (row.opType === 'Constant') continue;
    const maxAbs = row.nonFiniteMismatch > 0 ? Infinity : row.maxAbs;
    const known = byNode.get(row.producerIndex);
    if (!known) {
      byNode.set(row.producerIndex, {
        node: row.producer || row.reference,
        opType: row.opType,
        producerIndex: row.producerIndex,
        maxAbs,
        snrDb: row.snrDb,
      });
    } else {
      known.maxAbs = Math.max(known.maxAbs, maxAbs);
      if (!(known.snrDb <= row.snrDb)) known.snrDb = row.snrDb;
    }
  }
  const nodes = [...byNode.values()].sort((a, b) => a.producerIndex - b.producerIndex);
  const differing = nodes.filter((node) => node.maxAbs > 0 || Number.isNaN(node.maxAbs));
  return { alignment, nodes, differing: differing.length, first: differing[0] ?? null };
}

/** The nodes that differ most, largest first (the list beside the structural changes). */
export function largestValueDiffs(diff: ValueDiff, count: number): NodeValueDiff[] {
  return diff.nodes
    .filter((node) => node.maxAbs > 0)
    .sort((a, b) => b.maxAbs - a.maxAbs || a.producerIndex - b.producerIndex)
    .slice(0, count);
}

/** A difference as the list shows it. */
export function formatValueDiff(maxAbs: number): string {
  if (maxAbs === 0) return 'same values';
  if (Number.isNaN(maxAbs)) return 'not compared (shapes or types differ)';
  if (!Number.isFinite(maxAbs)) return 'non-finite on one side';
  return `max |Δ| ${maxAbs.toPrecision(3)}`;
}
