// The logit-lens variant of a causal LM: the model unchanged, plus for every layer L an output
// logits_lens_L = unembedding(final norm(residual after layer L)). The norm and unembedding nodes are
// copied once per layer and read the same weights (no initializer is copied), so the variant costs a few
// extra nodes, not a second model.
import type {
  AttributeMessage,
  GraphMessage,
  ModelMessage,
  NodeMessage,
} from '../../../onnx/proto-messages.ts';
import { findLensStructure, type LensStructure } from './find-lens-structure.ts';
import type { IndexedNode } from './graph-index.ts';

/** The name of layer `layer`'s lens output (layers counted from 0, as exporters name them). */
export function lensOutputName(layer: number): string {
  return `logits_lens_${layer}`;
}

export interface LensVariant {
  model: ModelMessage;
  /** One output name per layer, first layer first. */
  outputs: string[];
  structure: LensStructure;
}

export type LensVariantResult = { ok: true; variant: LensVariant } | { ok: false; reason: string };

const suffix = (layer: number): string => `/logit_lens_${layer}`;

/** A copy of a fused Skip…Normalization as its plain op on the layer's residual (the sum is done). */
function plainNormCopy(
  node: IndexedNode,
  opType: string,
  residual: string,
  output: string,
  layer: number,
): NodeMessage {
  const [, , gamma = '', beta = ''] = node.inputs;
  const inputs = opType === 'LayerNormalization' && beta !== '' ? [residual, gamma, beta] : [residual, gamma];
  const epsilon = (node.message.attribute ?? []).filter((a) => a.name === 'epsilon');
  const axis: AttributeMessage = { name: 'axis', type: 2, i: -1 };
  return {
    name: node.name + suffix(layer),
    op_type: opType,
    domain: '',
    input: inputs,
    output: [output],
    attribute: [axis, ...epsilon],
  };
}

/** The norm and head nodes for one layer, reading `residual`, writing lensOutputName(layer). */
function layerCopies(structure: LensStructure, layer: number, residual: string): NodeMessage[] {
  const { norm, head } = structure;
  const renamed = new Map<string, string>([[norm.input, residual]]);
  for (const node of [...norm.nodes, ...head.nodes])
    for (const output of node.outputs) if (output !== '') renamed.set(output, output + suffix(layer));
  renamed.set(head.logits, lensOutputName(layer));
  const rename = (value: string): string => renamed.get(value) ?? value;
  const copy = (node: IndexedNode, onlyFirstOutput: boolean): NodeMessage => ({
    ...node.message,
    name: node.name + suffix(layer),
    input: node.inputs.map(rename),
    output: onlyFirstOutput ? [rename(node.outputs[0] ?? '')] : node.outputs.map(rename),
  });
  const normCopies =
    norm.skip && norm.nodes[0]
      ? [plainNormCopy(norm.nodes[0], norm.skip.plainOpType, residual, rename(norm.output), layer)]
      : // A fused norm's optional mean and inverse deviation outputs are not needed by the copy.
        norm.nodes.map((node) => copy(node, norm.form === 'fused'));
  return [...normCopies, ...head.nodes.map((node) => copy(node, false))];
}

/** Layer `layer`'s top-k outputs when the variant computes them: probabilities and token ids. */
export function lensTopKNames(layer: number): { probabilities: string; ids: string } {
  const base = lensOutputName(layer);
  return { probabilities: `${base}_top_probabilities`, ids: `${base}_top_ids` };
}

const K_CONSTANT = 'logit_lens_k';

/**
 * Softmax and TopK over each lens output, in the graph: the runtime's kernels do the vocabulary-wide work,
 * and a run hands back k values per position instead of the whole vocabulary per layer.
 */
function topKNodes(layers: number): NodeMessage[] {
  return Array.from({ length: layers }, (_, layer) => {
    const lens = lensOutputName(layer);
    const names = lensTopKNames(layer);
    return [
      {
        name: `/logit_lens_${layer}/Softmax`,
        op_type: 'Softmax',
        input: [lens],
        output: [`${lens}_probabilities`],
        attribute: [{ name: 'axis', type: 2, i: -1 }],
      },
      {
        name: `/logit_lens_${layer}/TopK`,
        op_type: 'TopK',
        input: [`${lens}_probabilities`, K_CONSTANT],
        output: [names.probabilities, names.ids],
        attribute: [
          { name: 'axis', type: 2, i: -1 },
          { name: 'largest', type: 2, i: 1 },
          { name: 'sorted', type: 2, i: 1 },
        ],
      },
    ];
  }).flat();
}

export interface LensVariantOptions {
  /** Also output each layer's top k probabilities and ids (lensTopKNames), computed in the graph. */
  topK?: number;
}

/** The variant of `model` with one lens output per layer, or why its structure was not recognised. */
export function buildLensVariant(model: ModelMessage, options: LensVariantOptions = {}): LensVariantResult {
  const graph: GraphMessage | null | undefined = model.graph;
  if (!graph) return { ok: false, reason: 'The model has no graph.' };
  const found = findLensStructure(graph);
  if (!found.ok) return found;
  const { structure } = found;
  const logitsInfo = (graph.output ?? []).find((info) => info.name === structure.head.logits);
  const copies = structure.residuals.flatMap((residual, layer) => layerCopies(structure, layer, residual));
  const outputs = structure.residuals.map((_, layer) => lensOutputName(layer));
  const lensOutputs = outputs.map((name) => ({ name, type: logitsInfo?.type ?? null }));
  const k = options.topK;
  const topK = k === undefined ? [] : topKNodes(outputs.length);
  const topKOutputs =
    k === undefined ? [] : outputs.flatMap((_, layer) => Object.values(lensTopKNames(layer)));
  const kTensor = {
    name: K_CONSTANT,
    data_type: 7,
    dims: [1],
    raw_data: new Uint8Array(BigInt64Array.of(BigInt(k ?? 1)).buffer),
  };
  return {
    ok: true,
    variant: {
      model: {
        ...model,
        graph: {
          ...graph,
          node: [...(graph.node ?? []), ...copies, ...topK],
          initializer: k === undefined ? graph.initializer : [...(graph.initializer ?? []), kTensor],
          output: [...(graph.output ?? []), ...lensOutputs, ...topKOutputs.map((name) => ({ name }))],
        },
      },
      outputs,
      structure,
    },
  };
}
