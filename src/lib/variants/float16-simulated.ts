// The float16-simulated variant: the float32 graph with every float value rounded to float16 where the
// real float16 variant would store it: after each node that computes floats, a Cast to FLOAT16 and a Cast
// back to FLOAT; on the graph's float inputs the same pair; weights rounded in the file (clamped to
// ±65,504, as the real variant stores them). The arithmetic inside each op stays float32, so this is the
// storage of float16 without its kernels, on any backend: a value past 65,504 becomes Infinity at the
// node that made it, as on an fp16 GPU, and WASM shows it. The node keeps its output name (its value
// before rounding, for capture and alignment with the float32 run); its readers read the rounded copy.
// Ops in KEEP_FLOAT32_OPS are not rounded between two of them, as the real variant runs them in float32.
import { inferElementTypes } from '../fp16/element-types.ts';
import { toFloat16Bits } from '../fp16/float16-bits.ts';
import { KEEP_FLOAT32_OPS } from '../fp16/float16-variant.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import { float16ToNumber } from '../onnx/minifloats.ts';
import type { AttributeMessage, NodeMessage, TensorMessage } from '../onnx/proto-messages.ts';
import {
  FLOAT,
  FLOAT16,
  intAttribute,
  rawTensor,
  readFloatModel,
  readersOf,
  refuse,
  uniqueNamer,
  weightValues,
} from './variant-graph.ts';

/** The name part that marks the Cast nodes this variant adds ("…/fp16-round/ToFloat16"). */
export const ROUNDING_SCOPE = 'fp16-round';

/** Ops that only move or select values: float16-exact inputs give float16-exact outputs, no Casts needed. */
const VALUE_PRESERVING = new Set([
  'Reshape',
  'Transpose',
  'Squeeze',
  'Unsqueeze',
  'Flatten',
  'Identity',
  'Gather',
  'Slice',
  'Concat',
  'Split',
  'Expand',
  'Tile',
  'Relu',
  'MaxPool',
  'Neg',
  'Abs',
]);

export interface Float16SimulatedVariant {
  bytes: Uint8Array;
  /** Float values rounded by a Cast pair (node outputs and graph inputs). */
  roundedValues: number;
  /** Nodes the real float16 variant keeps in float32 (KEEP_FLOAT32_OPS), by name. */
  keptNodes: string[];
  /** Weights rounded in the file. */
  roundedWeights: number;
  /** Weight and constant values beyond ±65,504, clamped to it as the real float16 variant stores them. */
  clampedWeightValues: number;
  notes: string[];
}

/** Whether a node is one of the rounding Casts this variant adds. */
export function isRoundingNode(name: string): boolean {
  return name.includes(`/${ROUNDING_SCOPE}/`);
}

function roundedWeight(tensor: TensorMessage, counts: { clamped: number }): TensorMessage {
  const values = weightValues(tensor);
  const rounded = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    rounded[i] = roundCounting(values[i] ?? 0, counts);
  }
  return rawTensor(tensor.name ?? '', FLOAT, (tensor.dims ?? []).map(Number), rounded);
}

const roundNumber = (value: number) => float16ToNumber(toFloat16Bits(value));

function roundCounting(value: number, counts: { clamped: number }): number {
  if (Math.abs(value) > 65504 && Number.isFinite(value)) counts.clamped++;
  return roundNumber(value);
}

/** A Constant's or ConstantOfShape's float value, rounded to float16 (clamped to ±65,504). */
function roundedAttribute(attribute: AttributeMessage, counts: { clamped: number }): AttributeMessage {
  if (attribute.t && attribute.t.data_type === FLOAT)
    return { ...attribute, t: roundedWeight(attribute.t, counts) };
  if (attribute.name === 'value_float' && typeof attribute.f === 'number') {
    return { ...attribute, f: roundCounting(attribute.f, counts) };
  }
  if (attribute.name === 'value_floats' && attribute.floats) {
    return { ...attribute, floats: attribute.floats.map((value) => roundCounting(value, counts)) };
  }
  return attribute;
}

/** Builds the float16-simulated variant of a float32 .onnx model. Throws variant-unsupported in words. */
export function float16SimulatedVariant(bytes: Uint8Array): Float16SimulatedVariant {
  const { model, graph } = readFloatModel(bytes, 'float16-simulated');
  const nodes = graph.node ?? [];
  for (const node of nodes) {
    if ((node.attribute ?? []).some((a) => a.g || (a.graphs ?? []).length > 0)) {
      throw refuse(
        `The model has a subgraph (${node.op_type ?? ''} ${node.name ?? ''}); the simulation covers flat graphs.`,
      );
    }
  }
  const types = inferElementTypes(graph);
  const isFloat = (name: string) => name !== '' && types.get(name) === FLOAT;
  const keep = new Set(KEEP_FLOAT32_OPS);
  const kept = (node: NodeMessage) => keep.has(node.op_type ?? '');
  const readers = readersOf(nodes);
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const fresh = uniqueNamer(graph);

  const counts = { clamped: 0 };
  let roundedWeights = 0;
  const initializer = (graph.initializer ?? []).map((tensor) => {
    const onlyKept = (readers.get(tensor.name ?? '') ?? []).every(kept);
    if (tensor.data_type !== FLOAT || onlyKept) return tensor;
    roundedWeights++;
    return roundedWeight(tensor, counts);
  });
  const initializerNames = new Set(initializer.map((t) => t.name ?? ''));

  const out: NodeMessage[] = [];
  const readAs = new Map<string, string>();
  let roundedValues = 0;
  /** Cast pair from `source` to `target`, named after the node (or input) it rounds. */
  const roundPair = (owner: string, source: string, target: string) => {
    const half = fresh(`${source}_fp16`);
    out.push(
      {
        name: fresh(`${owner}/${ROUNDING_SCOPE}/ToFloat16`),
        op_type: 'Cast',
        input: [source],
        output: [half],
        attribute: [intAttribute('to', FLOAT16)],
      },
      {
        name: fresh(`${owner}/${ROUNDING_SCOPE}/ToFloat32`),
        op_type: 'Cast',
        input: [half],
        output: [target],
        attribute: [intAttribute('to', FLOAT)],
      },
    );
    roundedValues++;
  };

  for (const input of graph.input ?? []) {
    const name = input.name ?? '';
    if (initializerNames.has(name) || !isFloat(name)) continue;
    const rounded = fresh(`${name}_rounded`);
    roundPair(name, name, rounded);
    readAs.set(name, rounded);
  }

  const keptNodes: string[] = [];
  const keptOps = new Set<string>();
  for (const node of nodes) {
    const keepIt = kept(node);
    if (keepIt) {
      keptNodes.push(node.name ?? node.op_type ?? '');
      keptOps.add(node.op_type ?? '');
    }
    const inputs = (node.input ?? []).map((input) => readAs.get(input) ?? input);
    // A constant is stored rounded, and clamped like a weight: the float32 minimum that masks attention
    // becomes -65,504 as in the real variant, not the -Infinity a Cast would make of it.
    const constant = !keepIt && (node.op_type === 'Constant' || node.op_type === 'ConstantOfShape');
    const attribute = constant
      ? (node.attribute ?? []).map((a) => roundedAttribute(a, counts))
      : node.attribute;
    const pending: Array<[string, string]> = [];
    const outputs = (node.output ?? []).map((output) => {
      if (!isFloat(output) || VALUE_PRESERVING.has(node.op_type ?? '') || constant) return output;
      const users = readers.get(output) ?? [];
      if (keepIt && !graphOutputs.has(output) && users.every(kept)) return output;
      if (graphOutputs.has(output)) {
        // The graph output keeps its name and is the rounded value, as the real variant returns it.
        const unrounded = fresh(`${output}_unrounded`);
        pending.push([unrounded, output]);
        return unrounded;
      }
      const rounded = fresh(`${output}_rounded`);
      pending.push([output, rounded]);
      readAs.set(output, rounded);
      return output;
    });
    out.push({ ...node, input: inputs, output: outputs, attribute });
    for (const [source, target] of pending) roundPair(node.name || node.op_type || 'node', source, target);
  }

  const variant = encodeModel({ ...model, graph: { ...graph, node: out, initializer } });
  const notes = [
    `${roundedValues} float values rounded to float16 after the node that makes them; ${roundedWeights} weights rounded in the file.`,
    keptNodes.length > 0
      ? `${keptNodes.length} nodes the real float16 variant keeps in float32 (${[...keptOps].join(', ')}).`
      : 'The real float16 variant keeps no node of this model in float32.',
  ];
  if (counts.clamped > 0) notes.push(`${counts.clamped} weight values beyond ±65,504 clamped to it.`);
  return {
    bytes: variant,
    roundedValues,
    keptNodes,
    roundedWeights,
    clampedWeightValues: counts.clamped,
    notes,
  };
}
