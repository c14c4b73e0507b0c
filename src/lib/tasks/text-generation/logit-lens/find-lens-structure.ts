// What the logit lens needs from a causal LM, found by structure, never by a model's own names: the
// unembedding (the MatMul/Gemm that makes the logits), the final norm before it, and the residual stream
// after every decoder layer (the main path's Adds, walked back from the norm's input to the embedding).
import type { GraphMessage } from '../../../onnx/proto-messages.ts';
import { findFinalNorm, type FinalNorm } from './find-final-norm.ts';
import { GraphIndex, type IndexedNode } from './graph-index.ts';
import { tiedness, type Tiedness } from './tied-weights.ts';

export interface LensHead {
  /** The unembedding node: its activation input is input 0, its weight is shared by every copy. */
  unembedding: IndexedNode;
  tied: Tiedness;
  /** The nodes from the norm's output to the logits (pass-throughs, the unembedding, bias/cast after it). */
  nodes: IndexedNode[];
  logits: string;
}

export interface LensStructure {
  norm: FinalNorm;
  head: LensHead;
  /** The residual stream after each decoder layer, first layer first; the last one is the norm's input. */
  residuals: string[];
  /** The embedding output the residual path starts from. */
  embedding: string;
}

export type LensStructureResult = { ok: true; structure: LensStructure } | { ok: false; reason: string };

const UNEMBEDDING_OPS = new Set(['MatMul', 'Gemm', 'MatMulNBits', 'MatMulInteger']);
/** Between the unembedding and the logits: a bias, a soft cap (Gemma 2), a cast to float32, reshapes. */
const AFTER_UNEMBEDDING_OPS = new Set([
  'Add',
  'Mul',
  'Div',
  'Tanh',
  'Cast',
  'Identity',
  'Reshape',
  'Squeeze',
  'Unsqueeze',
]);
/** Between the norm and the unembedding: casts, reshapes, the last position's slice. */
const BEFORE_UNEMBEDDING_OPS = new Set([
  'Cast',
  'Identity',
  'Reshape',
  'Squeeze',
  'Unsqueeze',
  'Flatten',
  'Slice',
  'Gather',
]);
const MAX_CHAIN = 6;
/** Nodes that make a residual branch an attention block. */
const ATTENTION_OPS = new Set([
  'Softmax',
  'Attention',
  'MultiHeadAttention',
  'GroupQueryAttention',
  'PackedAttention',
  'SparseAttention',
]);

const refuse = (reason: string): LensStructureResult => ({ ok: false, reason });

/** The graph output that holds the logits: the one named so in the hub layout, else the first output. */
function logitsOutput(graph: GraphMessage): string | null {
  const names = (graph.output ?? []).map((info) => info.name ?? '');
  return names.find((name) => name === 'logits') ?? names[0] ?? null;
}

/** The single run-time input of node (the one the chain passes through), or null when it has several. */
function chainInput(graph: GraphIndex, node: IndexedNode): string | null {
  const data = graph.dataInputs(node);
  // Reshape/Slice/Gather read shapes and indices that may be computed (from Shape): input 0 is the data.
  if (['Reshape', 'Slice', 'Gather', 'Squeeze', 'Unsqueeze'].includes(node.opType))
    return node.inputs[0] ?? null;
  return data.length === 1 ? (data[0] ?? null) : null;
}

function findHead(graph: GraphIndex, logits: string): LensHead | { reason: string } {
  const nodes: IndexedNode[] = [];
  let value = logits;
  let unembedding: IndexedNode | undefined;
  for (let step = 0; step < MAX_CHAIN && !unembedding; step++) {
    const node = graph.producer(value);
    if (!node) break;
    if (UNEMBEDDING_OPS.has(node.opType)) unembedding = node;
    else if (!AFTER_UNEMBEDDING_OPS.has(node.opType)) break;
    nodes.unshift(node);
    const next = unembedding ? (node.inputs[0] ?? '') : chainInput(graph, node);
    if (next === null) break;
    value = next;
  }
  if (!unembedding) return { reason: `No unembedding (a MatMul or Gemm that makes ${logits}) was found.` };
  if (graph.dataInputs(unembedding).length !== 1 || graph.isConstant(unembedding.inputs[0] ?? ''))
    return {
      reason: `The unembedding ${unembedding.name || unembedding.opType} does not multiply by a weight.`,
    };
  for (let step = 0; step < MAX_CHAIN; step++) {
    const node = graph.producer(value);
    if (!node || !BEFORE_UNEMBEDDING_OPS.has(node.opType)) break;
    const next = chainInput(graph, node);
    if (next === null) break;
    nodes.unshift(node);
    value = next;
  }
  return { unembedding, tied: 'untied', nodes, logits };
}

/** The two summed values when `value` is a residual sum (an Add, or a Skip…Norm's sum output), else null. */
function summands(graph: GraphIndex, value: string): [string, string] | null {
  const node = graph.producer(value);
  if (!node) return null;
  const sumOutput = node.opType === 'Add' || (node.opType.startsWith('Skip') && node.outputs[3] === value);
  if (!sumOutput) return null;
  const [a = '', b = ''] = node.inputs;
  if (a === '' || b === '' || graph.isConstant(a) || graph.isConstant(b)) return null;
  return [a, b];
}

interface Sum {
  trunk: string;
  sum: string;
  attention: boolean;
}

/** The residual sums from `last` back to the embedding: at each, the trunk is the summand the other reads. */
function residualPath(graph: GraphIndex, last: string): { sums: Sum[]; embedding: string } {
  const sums: Sum[] = [];
  let value = last;
  for (;;) {
    const pair = summands(graph, value);
    if (!pair) break;
    const [a, b] = pair;
    const trunk = graph.dependsOn(b, a) ? a : graph.dependsOn(a, b) ? b : null;
    if (trunk === null) break;
    const branch = trunk === a ? b : a;
    const attention = graph.nodesBetween(trunk, branch).some((node) => ATTENTION_OPS.has(node.opType));
    sums.unshift({ trunk, sum: value, attention });
    value = trunk;
  }
  return { sums, embedding: value };
}

/** Layers end where the next attention block starts; the last layer ends at the final norm. */
function layerOutputs(sums: readonly Sum[]): string[] {
  const outputs: string[] = [];
  sums.forEach((sum, i) => {
    if (sum.attention && i > 0) outputs.push(sum.trunk);
  });
  const last = sums[sums.length - 1];
  if (last) outputs.push(last.sum);
  return outputs;
}

export function findLensStructure(graphMessage: GraphMessage): LensStructureResult {
  const graph = new GraphIndex(graphMessage);
  const logits = logitsOutput(graphMessage);
  if (logits === null) return refuse('The model has no outputs, so it has no logits to look through.');
  const head = findHead(graph, logits);
  if ('reason' in head) return refuse(head.reason);
  const normOutput = head.nodes[0]?.inputs[0] ?? '';
  const norm = findFinalNorm(graph, normOutput);
  if (!norm)
    return refuse(
      'No final norm before the unembedding was found (a LayerNorm or RMSNorm, fused or written out).',
    );
  const { sums, embedding } = residualPath(graph, norm.input);
  if (sums.length === 0)
    return refuse(
      'No residual stream was found: the final norm does not read a sum of a layer and its input.',
    );
  if (!sums[0]?.attention)
    return refuse(
      'The residual stream was found, but its first block has no attention, so no layers could be told apart.',
    );
  head.tied = tiedness(graph, head.unembedding, embedding);
  return { ok: true, structure: { norm, head, residuals: layerOutputs(sums), embedding } };
}
