// Attention probabilities found by structure, not by name: a Softmax over the last axis whose input comes
// (through mask and scale ops) from a MatMul of two operands that are both projections (a MatMul against
// a weight, or its int8 MatMulInteger or 4-bit MatMulNBits form) of the same tensor — Q·Kᵀ of
// self-attention. Found in encoders (any BERT-family export) and in decoders with a key/value cache: K may
// be the cache concatenated with this step's keys (the cache is a graph input, so the walk follows the new
// keys), repeated for grouped-query attention (Expand), and both Q and K may be rotated (RoPE:
// x·cos + rotate_half(x)·sin, whose branches all lead back to x).
import { scopeSegments } from '../graph/scope-tree.ts';
import type { GraphIR, IRNode } from '../graph/graph-types.ts';
import type { AttentionSite } from './capture-types.ts';

/** Ops between Q·Kᵀ and the Softmax: scaling, the additive mask, casts. */
const SCORE_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Where', 'Cast']);
/** Ops whose first input is the data and the others are shapes, indices or repeats. */
const DATA_FIRST_OPS = new Set([
  'Reshape',
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Cast',
  'Split',
  'Slice',
  'Expand',
  'Tile',
  'Neg',
  'Identity',
]);
/** MatMuls of quantized files (int8 dynamic, 4-bit): data × a constant weight, like a float projection. */
const QUANTIZED_MATMULS = new Set(['MatMulInteger', 'MatMulNBits']);
/** Element-wise ops a projected operand passes through (a bias, a scale, RoPE's two halves). */
const ELEMENTWISE_OPS = new Set(['Add', 'Sub', 'Mul', 'Div']);
const MAX_SCORE_DEPTH = 4;
const MAX_PROJECTION_DEPTH = 12;
/** Values a projection walk may visit in all (RoPE branches, shape paths): keeps it linear. */
const MAX_PROJECTION_VISITS = 256;

class GraphWalk {
  private readonly nodeById = new Map<string, IRNode>();
  private readonly constant = new Map<string, boolean>();

  constructor(private readonly graph: GraphIR) {
    for (const node of graph.nodes) this.nodeById.set(node.id, node);
  }

  producerOf(value: string): IRNode | undefined {
    const id = this.graph.values.get(value)?.producer;
    return id === undefined ? undefined : this.nodeById.get(id);
  }

  /** A weight: an initializer, a Constant, or computed from those alone. */
  isConstant(value: string): boolean {
    const known = this.constant.get(value);
    if (known !== undefined) return known;
    this.constant.set(value, false);
    const info = this.graph.values.get(value);
    const producer = this.producerOf(value);
    const result =
      info?.kind === 'initializer' ||
      (producer !== undefined &&
        (producer.opType === 'Constant' ||
          (producer.inputs.length > 0 && producer.inputs.every((i) => this.isConstant(i)))));
    this.constant.set(value, result);
    return result;
  }

  /**
   * Follows a Q or K operand back to the tensors it was projected from: the data input of the first
   * MatMul/Gemm against a weight on each path. Paths that reach no such MatMul (RoPE's cos and sin, the
   * cache) contribute nothing; an empty set means the operand is not a projection.
   */
  projectionSources(value: string): Set<string> {
    const sources = new Set<string>();
    const seen = new Set<string>();
    const visit = (current: string, depth: number): void => {
      if (depth > MAX_PROJECTION_DEPTH || seen.has(current) || seen.size >= MAX_PROJECTION_VISITS) return;
      seen.add(current);
      const node = this.producerOf(current);
      if (!node) return;
      const dynamic = node.inputs.filter((input) => input !== '' && !this.isConstant(input));
      if (node.opType === 'MatMul' || node.opType === 'Gemm') {
        const [a, b] = node.inputs;
        // A projection: one operand is the data, the other a weight.
        if (a && b && dynamic.length === 1) sources.add(dynamic[0] as string);
        return;
      }
      if (QUANTIZED_MATMULS.has(node.opType)) {
        // A quantized projection: the data first, a constant weight second (its scales and zero points
        // may be computed from the data, as DynamicQuantizeLinear's are).
        const [a, b] = node.inputs;
        if (a && b && !this.isConstant(a) && this.isConstant(b)) sources.add(a);
        return;
      }
      if (DATA_FIRST_OPS.has(node.opType)) {
        const data = node.inputs[0];
        if (data && !this.isConstant(data)) visit(data, depth + 1);
        return;
      }
      if (node.opType === 'Concat') {
        // The key/value cache enters as a graph input: follow what this step computed.
        for (const input of dynamic)
          if (this.graph.values.get(input)?.kind !== 'input') visit(input, depth + 1);
        return;
      }
      if (ELEMENTWISE_OPS.has(node.opType)) for (const input of dynamic) visit(input, depth + 1);
    };
    visit(value, 0);
    return sources;
  }

  /** MatMul nodes reached backwards from value through score ops. */
  scoreMatMuls(value: string): IRNode[] {
    const found: IRNode[] = [];
    const visit = (name: string, depth: number): void => {
      const node = this.producerOf(name);
      if (!node) return;
      if (node.opType === 'MatMul') found.push(node);
      else if (SCORE_OPS.has(node.opType) && depth < MAX_SCORE_DEPTH) {
        for (const input of node.inputs) if (!this.isConstant(input)) visit(input, depth + 1);
      }
    };
    visit(value, 0);
    return found;
  }
}

function softmaxOverLastAxis(node: IRNode, graph: GraphIR): boolean {
  const axis = node.attributes.find((attribute) => attribute.name === 'axis')?.text;
  // Opset 13+ defaults to the last axis (every exporter of attention today writes -1 or the rank − 1).
  if (axis === undefined || axis === '-1') return true;
  const rank = graph.values.get(node.inputs[0] ?? '')?.shape?.length;
  return rank !== undefined && Number(axis) === rank - 1;
}

/** "layer.0" → "layer 0": the innermost numbered scope segment of the node, if any. */
function layerLabel(node: IRNode): string | null {
  const segments = scopeSegments(node);
  for (let i = segments.length - 1; i >= 0; i--) {
    const match = /^(.*?)[._-]?(\d+)$/.exec(segments[i] as string);
    if (match) return `${match[1] || 'block'} ${match[2]}`;
  }
  return null;
}

export function findAttentionSites(graph: GraphIR): AttentionSite[] {
  const walk = new GraphWalk(graph);
  const sites: AttentionSite[] = [];
  for (const node of graph.nodes) {
    if (node.opType !== 'Softmax' || !softmaxOverLastAxis(node, graph)) continue;
    const input = node.inputs[0];
    const output = node.outputs[0];
    if (!input || !output) continue;
    const isAttention = walk.scoreMatMuls(input).some((matmul) => {
      const [a, b] = matmul.inputs;
      if (!a || !b || walk.isConstant(a) || walk.isConstant(b)) return false;
      const keys = walk.projectionSources(b);
      return [...walk.projectionSources(a)].some((source) => keys.has(source));
    });
    if (!isAttention) continue;
    sites.push({ node: node.name, value: output, label: layerLabel(node) ?? `attention ${sites.length}` });
  }
  return sites;
}
