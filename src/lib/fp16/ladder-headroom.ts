// The precision ladder's fp16 headroom: from the reference (float32) run, which computed nodes would leave
// float16's range (max |x| past 65,504) and which fall below its smallest normal (2^-14, where float16
// keeps fewer significant bits), each node's margin in bits, and whether the real fp16 variant keeps the
// node in float32 anyway (its block list). Constants are left out: the fp16 variant clamps them when it
// converts them (and the ladder lists the ones that lost their value apart). Pure: summaries in, rows out.
import type { CapturedValueSummary } from '../capture/capture-types.ts';
import { scopeAncestry } from '../graph/scope-tree.ts';
import { FLOAT16_MIN_NORMAL, fp16Headroom, type HeadroomFlag } from './fp16-headroom.ts';
import { KEEP_FLOAT32_OPS } from './float16-variant.ts';

export interface LadderHeadroomNode {
  node: string;
  opType: string;
  producerIndex: number;
  maxAbs: number;
  /** log2(65,504 / max |x|): bits of room under float16's top (negative past it; Infinity for all zeros). */
  headroomBits: number;
  /** Share of non-zero values below the smallest normal; null when the tensors were not kept. */
  subnormalShare: number | null;
  flags: HeadroomFlag[];
  /** Past the range (overflows or saturates to 65,504). */
  exceeds: boolean;
  /** Below the smallest normal: flagged subnormal, or (tensors not kept) every non-zero |x| under it. */
  belowNormal: boolean;
  /** The real fp16 variant keeps this op in float32 (float16-variant.ts's KEEP_FLOAT32_OPS). */
  keptFloat32: boolean;
}

export interface LadderHeadroom {
  /** Computed nodes with a float value, in topological order. */
  nodes: LadderHeadroomNode[];
  exceeding: number;
  belowNormal: number;
  /** The first node past float16's range in topological order, and the one with the least room. */
  firstExceeding: string | null;
  worst: { node: string; opType: string; headroomBits: number } | null;
  /** Constants left out of the counts. */
  constants: number;
}

/** The headroom of a reference run; `tensors` (optional) gives the subnormal share of the kept values. */
export function ladderHeadroom(
  values: readonly CapturedValueSummary[],
  tensors?: ReadonlyMap<string, ArrayLike<number>>,
  keptOps: readonly string[] = KEEP_FLOAT32_OPS,
): LadderHeadroom {
  const report = fp16Headroom(values, {
    ...(tensors ? { tensors } : {}),
    ignore: (value) => value.producerOpType === 'Constant',
  });
  const constants = new Set(
    values.filter((value) => value.producerOpType === 'Constant').map((value) => value.producerIndex),
  ).size;
  const nodes = report.nodes.map((node): LadderHeadroomNode => {
    const exceeds = node.flags.includes('overflow') || node.flags.includes('saturates');
    const belowNormal =
      node.subnormalShare === null
        ? node.maxAbs > 0 && node.maxAbs < FLOAT16_MIN_NORMAL
        : node.flags.includes('subnormal');
    return {
      node: node.node,
      opType: node.opType,
      producerIndex: node.producerIndex,
      maxAbs: node.maxAbs,
      headroomBits: node.headroomBits,
      subnormalShare: node.subnormalShare,
      flags: node.flags,
      exceeds,
      belowNormal,
      keptFloat32: keptOps.includes(node.opType),
    };
  });
  const worst = nodes.reduce<LadderHeadroomNode | null>(
    (low, node) => (low === null || node.headroomBits < low.headroomBits ? node : low),
    null,
  );
  return {
    nodes,
    exceeding: nodes.filter((node) => node.exceeds).length,
    belowNormal: nodes.filter((node) => node.belowNormal).length,
    firstExceeding: nodes.find((node) => node.exceeds)?.node ?? null,
    worst: worst ? { node: worst.node, opType: worst.opType, headroomBits: worst.headroomBits } : null,
    constants,
  };
}

/** A node's margin as the details show it: "overflows", "saturates", "12.3 bits", "all zero". */
export function formatHeadroom(node: Pick<LadderHeadroomNode, 'headroomBits' | 'flags'>): string {
  if (node.flags.includes('overflow')) return 'overflows';
  if (node.flags.includes('saturates')) return 'saturates at 65,504';
  if (!Number.isFinite(node.headroomBits)) return 'all zero';
  return `${node.headroomBits.toFixed(1)} bits`;
}

/**
 * The least headroom per block (the same name scopes as the error per block, down to `maxDepth`): a
 * block is as safe as its tightest node. Nodes are placed by their reference producer's scope.
 */
export function headroomByBlock(
  nodes: readonly Pick<LadderHeadroomNode, 'producerIndex' | 'headroomBits' | 'flags'>[],
  scopeOf: ReadonlyMap<number, string>,
  maxDepth = 3,
): Map<string, Pick<LadderHeadroomNode, 'headroomBits' | 'flags'>> {
  const blocks = new Map<string, Pick<LadderHeadroomNode, 'headroomBits' | 'flags'>>();
  for (const node of nodes) {
    const scope = scopeOf.get(node.producerIndex);
    if (scope === undefined) continue;
    const paths = scopeAncestry(scope).slice(0, maxDepth);
    for (const path of paths.length > 0 ? paths : ['']) {
      const known = blocks.get(path);
      if (!known || node.headroomBits < known.headroomBits) blocks.set(path, node);
    }
  }
  return blocks;
}

/** The ladder's figure in one sentence (node names as given: the view renders it as text). */
export function headroomSentence(headroom: LadderHeadroom): string {
  const nodes = (count: number) => (count === 1 ? '1 node' : `${count} nodes`);
  const parts = [
    `${nodes(headroom.exceeding)} ${headroom.exceeding === 1 ? 'exceeds' : 'exceed'} fp16's range (65,504), ` +
      `${headroom.belowNormal} ${headroom.belowNormal === 1 ? 'falls' : 'fall'} below its smallest normal ` +
      `(6.1e-5), of ${headroom.nodes.length} computed.`,
  ];
  if (headroom.firstExceeding) parts.push(`The first past the range: ${headroom.firstExceeding}.`);
  if (headroom.worst && Number.isFinite(headroom.worst.headroomBits)) {
    const bits = headroom.worst.headroomBits;
    parts.push(
      `The least room: ${headroom.worst.node} (${headroom.worst.opType}), ` +
        (bits < 0 ? `${(-bits).toFixed(1)} bits past the top.` : `${bits.toFixed(1)} bits under the top.`),
    );
  }
  return parts.join(' ');
}

/** The flagged nodes the real fp16 variant keeps in float32 (their values never become float16). */
export function keptFlagged(headroom: LadderHeadroom): LadderHeadroomNode[] {
  return headroom.nodes.filter((node) => node.keptFloat32 && (node.exceeds || node.belowNormal));
}
