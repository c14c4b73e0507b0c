// The final norm before the unembedding, found by structure: one fused node (LayerNormalization,
// RMSNormalization, SimplifiedLayerNormalization, Skip(Simplified)LayerNormalization) or the decomposed
// forms exporters write out (LayerNorm: ReduceMean/Sub/Pow/Sqrt/Div/Mul/Add; RMSNorm:
// Pow/ReduceMean/Add/Sqrt/Reciprocal/Mul). What is copied per layer is exactly the nodes found here.
import type { GraphIndex, IndexedNode } from './graph-index.ts';

export type NormKind = 'layer-norm' | 'rms-norm';

export interface FinalNorm {
  kind: NormKind;
  /** 'fused': one node; 'decomposed': the nodes an exporter wrote out. */
  form: 'fused' | 'decomposed';
  /** The residual stream the norm reads (after the last layer). */
  input: string;
  output: string;
  /** The norm's nodes in graph order. */
  nodes: IndexedNode[];
  /**
   * A fused Skip…Normalization adds the residual inside the norm: its copies must be the plain op on the
   * layer's residual (set when the final norm is one).
   */
  skip?: { plainOpType: 'LayerNormalization' | 'SimplifiedLayerNormalization' };
}

const FUSED: Record<string, NormKind> = {
  LayerNormalization: 'layer-norm',
  SimplifiedLayerNormalization: 'rms-norm',
  RMSNormalization: 'rms-norm',
};
const SKIP_FUSED: Record<string, NormKind> = {
  SkipLayerNormalization: 'layer-norm',
  SkipSimplifiedLayerNormalization: 'rms-norm',
};
/** Ops a decomposed LayerNorm or RMSNorm is written with (Cast: float16 models compute it in float32). */
const DECOMPOSED_OPS = new Set([
  'ReduceMean',
  'Sub',
  'Pow',
  'Sqrt',
  'Div',
  'Mul',
  'Add',
  'Reciprocal',
  'Cast',
]);
/** The most nodes a decomposed norm has (LayerNorm: 9, RMSNorm: 7, plus Casts). */
const MAX_DECOMPOSED_NODES = 14;

/** The input of a squaring node (Pow(x, 2) or Mul(x, x)), or null. */
function squared(graph: GraphIndex, node: IndexedNode | undefined): string | null {
  if (!node) return null;
  const [a = '', b = ''] = node.inputs;
  if (node.opType === 'Pow' && graph.isConstant(b)) return a;
  if (node.opType === 'Mul' && a === b && a !== '') return a;
  return null;
}

/** Steps back over a Cast (x.to(float32) in HF's RMSNorm). */
function beforeCast(graph: GraphIndex, value: string): string {
  const node = graph.producer(value);
  return node?.opType === 'Cast' ? (node.inputs[0] ?? value) : value;
}

/** ReduceMean nodes within `depth` producers of value, in graph order. */
function meansNear(graph: GraphIndex, value: string, depth: number): IndexedNode[] {
  const found = new Map<number, IndexedNode>();
  let frontier = [value];
  for (let level = 0; level < depth && frontier.length > 0; level++) {
    const next: string[] = [];
    for (const current of frontier) {
      const node = graph.producer(current);
      if (!node) continue;
      if (node.opType === 'ReduceMean') found.set(node.index, node);
      next.push(...graph.dataInputs(node));
    }
    frontier = next;
  }
  return [...found.values()].sort((a, b) => a.index - b.index);
}

/** The decomposed norm whose first mean is `mean`, or null when the nodes are not a norm. */
function decomposedAt(graph: GraphIndex, output: string, mean: IndexedNode): FinalNorm | null {
  // The first mean of a norm is over x (LayerNorm) or over x² (RMSNorm).
  const meanInput = mean.inputs[0] ?? '';
  const squaredInput = squared(graph, graph.producer(meanInput));
  const input = beforeCast(graph, squaredInput ?? meanInput);
  const nodes = graph.nodesBetween(input, output);
  if (nodes.length === 0 || nodes.length > MAX_DECOMPOSED_NODES) return null;
  if (!nodes.every((node) => DECOMPOSED_OPS.has(node.opType))) return null;
  // Closed: every node reads only x, constants and the norm's own values (nothing from elsewhere).
  const inside = new Set([input, ...nodes.flatMap((node) => node.outputs)]);
  if (!nodes.every((node) => graph.dataInputs(node).every((value) => inside.has(value)))) return null;
  const means = nodes.filter((node) => node.opType === 'ReduceMean').length;
  const normalises = nodes.some((node) => ['Sqrt', 'Reciprocal', 'Div'].includes(node.opType));
  if (!normalises) return null;
  const centres = nodes.some((node) => node.opType === 'Sub');
  if (centres && means === 2) return { kind: 'layer-norm', form: 'decomposed', input, output, nodes };
  if (!centres && means === 1 && squaredInput !== null)
    return { kind: 'rms-norm', form: 'decomposed', input, output, nodes };
  return null;
}

/** Deep enough to reach a decomposed LayerNorm's first mean from its output (5 steps), and a Cast more. */
const MEAN_SEARCH_DEPTH = 9;

function decomposedFrom(graph: GraphIndex, output: string): FinalNorm | null {
  // The earliest mean that makes a valid norm: a LayerNorm's second mean (over (x − mean)²) alone looks
  // like an RMSNorm of x − mean, so the first one must be tried first.
  for (const mean of meansNear(graph, output, MEAN_SEARCH_DEPTH)) {
    const norm = decomposedAt(graph, output, mean);
    if (norm) return norm;
  }
  return null;
}

/**
 * The norm whose output is `output`, or null. A Skip…Normalization's residual is its input_skip_bias_sum
 * output (index 3): its copies need that value, so a norm without it is not recognised.
 */
export function findFinalNorm(graph: GraphIndex, output: string): FinalNorm | null {
  const node = graph.producer(output);
  if (!node) return null;
  const fused = FUSED[node.opType];
  if (fused && node.outputs[0] === output) {
    return { kind: fused, form: 'fused', input: node.inputs[0] ?? '', output, nodes: [node] };
  }
  const skip = SKIP_FUSED[node.opType];
  if (skip && node.outputs[0] === output) {
    const sum = node.outputs[3] ?? '';
    if (sum === '') return null;
    const plainOpType = skip === 'layer-norm' ? 'LayerNormalization' : 'SimplifiedLayerNormalization';
    return { kind: skip, form: 'fused', input: sum, output, nodes: [node], skip: { plainOpType } };
  }
  return decomposedFrom(graph, output);
}
