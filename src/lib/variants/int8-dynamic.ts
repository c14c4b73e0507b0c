// The dynamic int8 variant, as onnxruntime's quantize_dynamic builds it for MatMul: the weight [K, N] is
// stored as int8 (symmetric, one scale per output column); at run time DynamicQuantizeLinear turns the
// activation into uint8 with its own scale and zero point, MatMulInteger multiplies in integers, and the
// int32 result is cast to float and scaled by activation scale × column scale. Unlike the weight-only
// variant, the arithmetic itself is 8-bit. Embedding tables (Gather) are stored as int8 with a
// DequantizeLinear, as in the weight-only variant; Gemm and Conv stay float32.
import { decodeModelMessage } from '../capture/capture-variant.ts';
import { encodeModel } from '../onnx/encode-model.ts';
import type { NodeMessage, TensorMessage } from '../onnx/proto-messages.ts';
import { int8WeightsVariant, quantizeSymmetricInt8 } from './int8-weights.ts';
import {
  dimsOf,
  FLOAT,
  INT8,
  intAttribute,
  producersOf,
  pruneUnused,
  rawTensor,
  readFloatModel,
  refuse,
  uniqueNamer,
  weightSource,
  weightValues,
} from './variant-graph.ts';

export interface Int8DynamicVariant {
  bytes: Uint8Array;
  /** MatMul nodes that now multiply in int8. */
  matrices: string[];
  /** MatMul nodes kept in float32 (both inputs computed). */
  keptNodes: string[];
  notes: string[];
}

/** Builds the dynamic int8 variant of a float32 .onnx model. Throws variant-unsupported in words. */
export function int8DynamicVariant(bytes: Uint8Array): Int8DynamicVariant {
  // Check first, with this variant's name in the refusal; then store the embedding tables as int8.
  readFloatModel(bytes, 'int8 dynamic');
  const tables = int8WeightsVariant(bytes, { ops: ['Gather'], allowNone: true });
  const model = decodeModelMessage(tables.bytes);
  const graph = model.graph ?? {};
  const nodes = graph.node ?? [];
  const matrices2d = new Map<string, TensorMessage>();
  for (const tensor of graph.initializer ?? []) {
    if (tensor.data_type === FLOAT && dimsOf(tensor).length === 2) matrices2d.set(tensor.name ?? '', tensor);
  }
  const producers = producersOf(nodes);
  const fresh = uniqueNamer(graph);
  const added: TensorMessage[] = [];
  const matrices: string[] = [];
  const keptNodes: string[] = [];
  // One DynamicQuantizeLinear per activation, shared by the MatMuls that read it (Q, K and V projections).
  const quantizedInputs = new Map<string, [string, string, string]>();
  const weights = new Map<string, [string, string]>();
  const out: NodeMessage[] = [];

  for (const node of nodes) {
    const label = node.name ?? 'MatMul';
    const source =
      node.op_type === 'MatMul' ? weightSource(node.input?.[1] ?? '', matrices2d, producers) : null;
    const transposed = source?.transpose !== null && source?.transpose !== undefined;
    if (node.op_type === 'MatMul' && (!source || (transposed && source.perm.join() !== '1,0')))
      keptNodes.push(label);
    if (!source || (transposed && source.perm.join() !== '1,0')) {
      out.push(node);
      continue;
    }
    const weight = source.initializer.name ?? '';
    const dims = dimsOf(source.initializer);
    const [k, n] = transposed ? [dims[1] ?? 0, dims[0] ?? 0] : [dims[0] ?? 0, dims[1] ?? 0];
    const key = `${weight}|${transposed}`;
    let stored = weights.get(key);
    if (!stored) {
      const values = weightValues(source.initializer, { finite: true });
      // MatMulInteger reads B as [K, N]: a transposed weight is laid out that way here.
      const kn = transposed ? new Float32Array(k * n) : values;
      if (transposed)
        for (let r = 0; r < k; r++) for (let c = 0; c < n; c++) kn[r * n + c] = values[c * k + r] ?? 0;
      const { q, scales } = quantizeSymmetricInt8(kn, [k, n], 1);
      stored = [fresh(`${weight}_quantized`), fresh(`${weight}_scale`)];
      added.push(rawTensor(stored[0], INT8, [k, n], q), rawTensor(stored[1], FLOAT, [n], scales));
      weights.set(key, stored);
    }
    const activation = node.input?.[0] ?? '';
    let quantized = quantizedInputs.get(activation);
    if (!quantized) {
      quantized = [
        fresh(`${activation}_quantized`),
        fresh(`${activation}_scale`),
        fresh(`${activation}_zero_point`),
      ];
      out.push({
        name: fresh(`${label}/DynamicQuantizeLinear`),
        op_type: 'DynamicQuantizeLinear',
        input: [activation],
        output: quantized,
      });
      quantizedInputs.set(activation, quantized);
    }
    const output = node.output?.[0] ?? '';
    const integer = fresh(`${output}_int32`);
    const asFloat = fresh(`${output}_float`);
    const scale = fresh(`${output}_scale`);
    out.push(
      {
        name: fresh(`${label}/MatMulInteger`),
        op_type: 'MatMulInteger',
        input: [quantized[0], stored[0], quantized[2]],
        output: [integer],
      },
      {
        name: fresh(`${label}/Cast`),
        op_type: 'Cast',
        input: [integer],
        output: [asFloat],
        attribute: [intAttribute('to', FLOAT)],
      },
      { name: fresh(`${label}/ScaleMul`), op_type: 'Mul', input: [quantized[1], stored[1]], output: [scale] },
      { name: fresh(`${label}/Mul`), op_type: 'Mul', input: [asFloat, scale], output: [output] },
    );
    matrices.push(label);
  }
  if (matrices.length === 0)
    throw refuse('The model has no MatMul with a constant float32 weight to run in int8.');
  const pruned = pruneUnused({ ...graph, initializer: [...(graph.initializer ?? []), ...added] }, out);
  const notes = [
    `${matrices.length} MatMul run in int8 (DynamicQuantizeLinear on the activation, MatMulInteger, one weight scale per column).`,
  ];
  if (tables.weights.length > 0)
    notes.push(`${tables.weights.length} embedding tables stored as int8 (DequantizeLinear).`);
  if (keptNodes.length > 0)
    notes.push(`${keptNodes.length} MatMul kept in float32: both their inputs are computed values.`);
  return { bytes: encodeModel({ ...model, graph: pruned }), matrices, keptNodes, notes };
}
