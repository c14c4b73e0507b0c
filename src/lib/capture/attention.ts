// Attention probabilities found by structure, not by name: a Softmax over the last axis whose input comes
// (through mask and scale ops) from a MatMul of two operands that both derive, through projections, from
// the same sequence tensor — Q·Kᵀ of self-attention in any BERT-family export.
import { scopeSegments } from '../graph/scope-tree.ts';
import type { GraphIR, IRNode } from '../graph/graph-types.ts';
import type { AttentionSite } from './capture-types.ts';

/** Ops between Q·Kᵀ and the Softmax: scaling, the additive mask, casts. */
const SCORE_OPS = new Set(['Add', 'Sub', 'Mul', 'Div', 'Where', 'Cast']);
/** Ops a projection path passes through on its way from the sequence to Q or K. */
const PROJECTION_OPS = new Set([
  'MatMul',
  'Gemm',
  'Add',
  'Mul',
  'Div',
  'Reshape',
  'Transpose',
  'Cast',
  'Squeeze',
  'Unsqueeze',
]);
/** Ops whose first input is the data and the others are shapes or indices. */
const DATA_FIRST_OPS = new Set(['Reshape', 'Transpose', 'Squeeze', 'Unsqueeze', 'Cast']);
const MAX_SCORE_DEPTH = 4;
const MAX_PROJECTION_DEPTH = 8;

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
   * Follows a Q or K operand back through projection ops to the tensor it was projected from; null when
   * the path holds no MatMul/Gemm against a weight (then it is not a projection).
   */
  projectionSource(value: string): string | null {
    let current = value;
    let projected = false;
    for (let depth = 0; depth < MAX_PROJECTION_DEPTH; depth++) {
      const node = this.producerOf(current);
      if (!node || !PROJECTION_OPS.has(node.opType)) break;
      const dynamic = DATA_FIRST_OPS.has(node.opType)
        ? node.inputs.slice(0, 1)
        : node.inputs.filter((input) => !this.isConstant(input));
      if (dynamic.length !== 1) break;
      if ((node.opType === 'MatMul' || node.opType === 'Gemm') && node.inputs.length >= 2) projected = true;
      current = dynamic[0] as string;
    }
    return projected ? current : null;
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
      const source = walk.projectionSource(a);
      return source !== null && source === walk.projectionSource(b);
    });
    if (!isAttention) continue;
    sites.push({ node: node.name, value: output, label: layerLabel(node) ?? `attention ${sites.length}` });
  }
  return sites;
}
