// The structural diff of two decoded ONNX models: nodes paired by name, then by structure; for each pair,
// what changed (op type, attributes, wiring, weights by how much); unpaired nodes as removed or added, with
// counts. Two unrelated models give "nothing aligns" and the counts, never an error. Pure: runs in the
// diff worker, tested in Node.
import type { OnnxModel } from '../onnx/model-types.ts';
import { alignNodes } from './align-nodes.ts';
import { compareNodes } from './compare-nodes.ts';
import { anchorOfAdded } from './diff-anchor.ts';
import type { DiffNodeRef, DiffSide, ModelDiff, NodeDiff } from './diff-types.ts';
import { indexGraph, nodeLabel, type GraphIndex } from './graph-index.ts';

function refOf(index: GraphIndex, node: number): DiffNodeRef {
  return { name: nodeLabel(index, node), opType: index.graph.nodes[node]?.opType ?? '', index: node };
}

function sideOf(model: OnnxModel, label: string): DiffSide {
  return {
    label,
    nodeCount: model.graph.nodes.length,
    initializerCount: model.graph.initializers.length,
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function summaryOf(diff: Omit<ModelDiff, 'summary'>): string {
  const { left, right, counts } = diff;
  if (diff.nothingAligns) {
    return (
      `Nothing aligns: none of the ${plural(left.nodeCount, 'node')} of ${left.label} pairs with ` +
      `any of the ${plural(right.nodeCount, 'node')} of ${right.label}, by name or by structure.`
    );
  }
  const aligned = diff.alignedByName + diff.alignedByStructure;
  if (counts.added + counts.removed + counts.changed === 0) {
    return `No structural change: all ${plural(aligned, 'node')} align and hold the same weights.`;
  }
  return (
    `${plural(aligned, 'node')} aligned (${diff.alignedByName} by name, ${diff.alignedByStructure} by ` +
    `structure): ${counts.changed} changed (${plural(counts.weightsChanged, 'weight')} changed), ` +
    `${counts.removed} removed, ${counts.added} added.`
  );
}

export function diffModels(
  leftModel: OnnxModel,
  rightModel: OnnxModel,
  labels: { left: string; right: string } = { left: 'the first model', right: 'the second model' },
): ModelDiff {
  const left = indexGraph(leftModel.graph);
  const right = indexGraph(rightModel.graph);
  const alignment = alignNodes(left, right);
  const changes: NodeDiff[] = [];
  let unchanged = 0;
  let alignedByName = 0;
  const weightNames = new Set<string>();
  left.graph.nodes.forEach((_, l) => {
    const r = alignment.leftToRight.get(l);
    if (r === undefined) {
      changes.push({
        kind: 'removed',
        left: refOf(left, l),
        right: null,
        anchor: refOf(left, l),
        attributes: [],
        wiring: [],
        weights: [],
      });
      return;
    }
    const by = alignment.by.get(l) ?? 'structure';
    if (by === 'name') alignedByName++;
    const differences = compareNodes(left, right, l, r, alignment);
    const same =
      !differences.opType &&
      differences.attributes.length === 0 &&
      differences.wiring.length === 0 &&
      differences.weights.length === 0;
    if (same) {
      unchanged++;
      return;
    }
    for (const weight of differences.weights) weightNames.add(`${weight.leftName}\u0000${weight.rightName}`);
    changes.push({
      kind: 'changed',
      left: refOf(left, l),
      right: refOf(right, r),
      alignedBy: by,
      anchor: refOf(left, l),
      ...differences,
    });
  });
  right.graph.nodes.forEach((_, r) => {
    if (alignment.rightToLeft.has(r)) return;
    const anchor = anchorOfAdded(right.graph, r, alignment.rightToLeft);
    changes.push({
      kind: 'added',
      left: null,
      right: refOf(right, r),
      anchor: anchor === null ? null : refOf(left, anchor),
      attributes: [],
      wiring: [],
      weights: [],
    });
  });
  const count = (kind: NodeDiff['kind']) => changes.filter((change) => change.kind === kind).length;
  const aligned = alignment.leftToRight.size;
  const diff: Omit<ModelDiff, 'summary'> = {
    left: sideOf(leftModel, labels.left),
    right: sideOf(rightModel, labels.right),
    alignedByName,
    alignedByStructure: aligned - alignedByName,
    unchanged,
    changes,
    counts: {
      added: count('added'),
      removed: count('removed'),
      changed: count('changed'),
      weightsChanged: weightNames.size,
    },
    nothingAligns: aligned === 0 && (left.graph.nodes.length > 0 || right.graph.nodes.length > 0),
  };
  return { ...diff, summary: summaryOf(diff) };
}
