// The int8 weight-only variant: every float32 weight of a MatMul, Gemm, Conv or embedding Gather is stored
// as int8 with a scale per output channel (symmetric, zero point 0, as onnxruntime's quantizer stores
// weights), and a DequantizeLinear in front of the original op gives it float32 back. Activations stay
// float32, so every op runs as before: the file shrinks about 4×, the arithmetic does not change.
// A weight behind a Transpose (tied embeddings, exports without constant folding) is quantized before the
// Transpose, so the tied table stays one tensor.
import { encodeModel } from '../onnx/encode-model.ts';
import type { NodeMessage, TensorMessage } from '../onnx/proto-messages.ts';
import {
  attributeInt,
  dimsOf,
  FLOAT,
  INT8,
  INT64,
  intAttribute,
  opsetVersion,
  producersOf,
  pruneUnused,
  rawTensor,
  readFloatModel,
  refuse,
  roundHalfEven,
  uniqueNamer,
  weightSource,
  weightValues,
} from './variant-graph.ts';

/** One weight as stored in the variant. */
export interface QuantizedWeight {
  name: string;
  dims: number[];
  /** The axis that has its own scales, or null for one scale for the whole tensor. */
  axis: number | null;
  /** The ops that read it (MatMul, Gemm, Conv, Gather). */
  readBy: string[];
  /** Whether a Transpose stands between the weight and its op (kept, and fed the dequantized weight). */
  behindTranspose: boolean;
}

export interface Int8WeightsVariant {
  bytes: Uint8Array;
  weights: QuantizedWeight[];
  /** MatMul/Gemm nodes kept as they were: their second input is computed (attention scores, Q·Kᵀ). */
  keptNodes: string[];
  notes: string[];
}

/** Which input of an op is its weight, and the consumer's output-channel axis of that input. */
function weightInput(node: NodeMessage): { index: number; axis: (rank: number) => number } | null {
  switch (node.op_type) {
    case 'MatMul':
      return { index: 1, axis: (rank) => rank - 1 };
    case 'Gemm':
      return { index: 1, axis: () => (attributeInt(node, 'transB', 0) === 1 ? 0 : 1) };
    case 'Conv':
      return { index: 1, axis: () => 0 };
    case 'Gather':
      // An embedding table read row by row: one scale per row (token).
      return attributeInt(node, 'axis', 0) === 0 ? { index: 0, axis: () => 0 } : null;
    default:
      return null;
  }
}

/** Symmetric int8 values and scales of `values` along `axis` of `dims` (axis null: one scale). */
export function quantizeSymmetricInt8(
  values: Float32Array,
  dims: readonly number[],
  axis: number | null,
): { q: Int8Array; scales: Float32Array } {
  const channels = axis === null ? 1 : (dims[axis] ?? 1);
  const inner = axis === null ? values.length : dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const channelOf = (i: number) => (axis === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float32Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = channelOf(i);
    maxAbs[c] = Math.max(maxAbs[c] ?? 0, Math.abs(values[i] ?? 0));
  }
  // A channel of zeros keeps scale 1 (any scale stores it exactly; 0 would divide by zero).
  const scales = maxAbs.map((m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const scaled = roundHalfEven((values[i] ?? 0) / (scales[channelOf(i)] ?? 1));
    q[i] = Math.max(-127, Math.min(127, scaled));
  }
  return { q, scales };
}

export interface Int8WeightsOptions {
  /** Quantize only the weights of these ops (default MatMul, Gemm, Conv and Gather). */
  ops?: readonly string[];
  /** Return the model unchanged, instead of refusing, when it has no such weight. */
  allowNone?: boolean;
}

/**
 * Gather of an int8 table with one scale per row: gathering the int8 rows and multiplying only them by
 * their gathered scales gives the same values as gathering from the dequantized table, without
 * dequantizing the whole table on every run (ONNX Runtime does not fold a weight's DequantizeLinear: a
 * 30,522-row vocabulary took 40 ms a run that way, against 1 ms for the whole float32 model).
 * The node keeps its name and its output's name.
 */
function gatherRows(
  node: NodeMessage,
  table: { q: string; scale: string },
  axesName: string,
  fresh: (wanted: string) => string,
): NodeMessage[] {
  const name = node.name ?? 'Gather';
  const ids = node.input?.[1] ?? '';
  const output = node.output?.[0] ?? '';
  const rows = fresh(`${output}_int8`);
  const rowsFloat = fresh(`${output}_int8_float`);
  const scales = fresh(`${output}_row_scales`);
  const scalesColumn = fresh(`${output}_row_scales_column`);
  return [
    { ...node, input: [table.q, ids], output: [rows] },
    {
      name: fresh(`${name}/Cast`),
      op_type: 'Cast',
      input: [rows],
      output: [rowsFloat],
      attribute: [intAttribute('to', FLOAT)],
    },
    { name: fresh(`${name}/GatherScales`), op_type: 'Gather', input: [table.scale, ids], output: [scales] },
    {
      name: fresh(`${name}/Unsqueeze`),
      op_type: 'Unsqueeze',
      input: [scales, axesName],
      output: [scalesColumn],
    },
    { name: fresh(`${name}/Mul`), op_type: 'Mul', input: [rowsFloat, scalesColumn], output: [output] },
  ];
}

/** Builds the int8 weight-only variant of a float32 .onnx model. Throws variant-unsupported in words. */
export function int8WeightsVariant(bytes: Uint8Array, options: Int8WeightsOptions = {}): Int8WeightsVariant {
  const ops = new Set(options.ops ?? ['MatMul', 'Gemm', 'Conv', 'Gather']);
  const { model, graph } = readFloatModel(bytes, 'int8 weights');
  const nodes = graph.node ?? [];
  // DequantizeLinear's axis arrived in opset 13; before it only one scale per tensor is possible.
  const perChannel = opsetVersion(model) >= 13;
  const floatWeights = new Map<string, TensorMessage>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.data_type === FLOAT && dimsOf(tensor).length >= 2) floatWeights.set(tensor.name ?? '', tensor);
  }
  const producers = producersOf(nodes);

  const plans = new Map<string, QuantizedWeight>();
  const keptNodes: string[] = [];
  for (const node of nodes) {
    const spec = ops.has(node.op_type ?? '') ? weightInput(node) : null;
    if (!spec) continue;
    const source = weightSource(node.input?.[spec.index] ?? '', floatWeights, producers);
    if (!source) {
      if (node.op_type === 'MatMul' || node.op_type === 'Gemm') keptNodes.push(node.name ?? node.op_type);
      continue;
    }
    const name = source.initializer.name ?? '';
    const dims = dimsOf(source.initializer);
    const axis = perChannel ? (source.perm[spec.axis(source.perm.length)] ?? null) : null;
    const known = plans.get(name);
    if (known) {
      // Two readers that want different channel axes share one scale for the whole tensor.
      if (known.axis !== axis) known.axis = null;
      known.readBy.push(node.op_type ?? '');
      known.behindTranspose ||= source.transpose !== null;
    } else {
      plans.set(name, {
        name,
        dims,
        axis,
        readBy: [node.op_type ?? ''],
        behindTranspose: source.transpose !== null,
      });
    }
  }
  if (plans.size === 0) {
    if (options.allowNone) return { bytes, weights: [], keptNodes, notes: [] };
    throw refuse('The model has no float32 MatMul, Gemm, Conv or embedding weights to store as int8.');
  }

  const fresh = uniqueNamer(graph);
  const added: TensorMessage[] = [];
  const dequantizers: NodeMessage[] = [];
  const renamed = new Map<string, string>();
  /** Per-row tables read by Gather: int8 rows are gathered first, then scaled (see gatherRows). */
  const rowTables = new Map<string, { q: string; scale: string }>();
  for (const plan of plans.values()) {
    const tensor = floatWeights.get(plan.name);
    if (!tensor) continue;
    const { q, scales } = quantizeSymmetricInt8(weightValues(tensor, { finite: true }), plan.dims, plan.axis);
    const scaleDims = plan.axis === null ? [] : [scales.length];
    const qName = fresh(`${plan.name}_quantized`);
    const scaleName = fresh(`${plan.name}_scale`);
    const zeroName = fresh(`${plan.name}_zero_point`);
    added.push(
      rawTensor(qName, INT8, plan.dims, q),
      rawTensor(scaleName, FLOAT, scaleDims, scales),
      rawTensor(zeroName, INT8, scaleDims, new Int8Array(scales.length)),
    );
    const output = fresh(`${plan.name}_dequantized`);
    dequantizers.push({
      name: fresh(`${plan.name}/DequantizeLinear`),
      op_type: 'DequantizeLinear',
      input: [qName, scaleName, zeroName],
      output: [output],
      attribute: plan.axis === null ? [] : [intAttribute('axis', plan.axis)],
    });
    renamed.set(plan.name, output);
    if (plan.axis === 0 && plan.dims.length === 2) rowTables.set(plan.name, { q: qName, scale: scaleName });
  }
  // Every reader of a quantized weight (its op, a Transpose, a tied second use) reads the dequantized one,
  // except a Gather of a per-row table, which gathers int8 rows and scales only those.
  const axesName = rowTables.size > 0 ? fresh('int8_rows_unsqueeze_axes') : '';
  if (axesName) added.push(rawTensor(axesName, INT64, [1], new BigInt64Array([-1n])));
  const rewired = nodes.flatMap((node) => {
    const table = node.op_type === 'Gather' ? rowTables.get(node.input?.[0] ?? '') : undefined;
    if (table) return gatherRows(node, table, axesName, fresh);
    return [{ ...node, input: (node.input ?? []).map((input) => renamed.get(input) ?? input) }];
  });
  const pruned = pruneUnused({ ...graph, initializer: [...(graph.initializer ?? []), ...added] }, [
    ...dequantizers,
    ...rewired,
  ]);
  const out = encodeModel({ ...model, graph: pruned });

  const weights = [...plans.values()];
  const count = (op: string) => weights.filter((w) => w.readBy.includes(op)).length;
  const behind = weights.filter((w) => w.behindTranspose).length;
  const notes = [
    `${weights.length} weights stored as int8 (${count('MatMul')} MatMul, ${count('Gemm')} Gemm, ` +
      `${count('Conv')} Conv, ${count('Gather')} embedding tables), ` +
      (perChannel
        ? 'one scale per output channel.'
        : 'one scale per tensor (the model’s opset is before 13).'),
  ];
  if (behind > 0)
    notes.push(`${behind} of them sit behind a Transpose, which is kept and fed the dequantized weight.`);
  if (keptNodes.length > 0) {
    notes.push(`${keptNodes.length} MatMul/Gemm kept in float32: both their inputs are computed values.`);
  }
  return { bytes: out, weights, keptNodes, notes };
}
