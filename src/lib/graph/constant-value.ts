// The value a Constant node produces, as a tensor (whichever of its value attributes holds it) and as one
// short line of text ("int64[1] = [-1]"). Pure; never copies the tensor's data.
import {
  int64ToBigInt,
  summarizeTensor,
  tensorValueReader,
  type LongLike,
  type OnnxAttribute,
  type OnnxDataType,
  type OnnxNode,
  type OnnxTensor,
  type TensorStorage,
} from '../onnx/index.ts';
import { formatFloat, formatInt } from './format-attribute.ts';

function tensorOf(name: string, dataType: OnnxDataType, dims: number[], storage: TensorStorage): OnnxTensor {
  return { name, docString: '', dataType, dataTypeCode: 0, dims, storage };
}

const encoder = new TextEncoder();

/** An attribute's exact int64 as protobufjs would hand it out, so INT64_MAX survives. */
function toLong(value: bigint): LongLike {
  return { low: Number(value & 0xffffffffn) | 0, high: Number((value >> 32n) & 0xffffffffn) | 0 };
}

/** value_float, value_ints, value_strings, …: the same tensor the `value` form would hold. */
function tensorOfAttribute(output: string, attribute: OnnxAttribute): OnnxTensor | null {
  switch (attribute.kind) {
    case 'tensor':
      return attribute.value;
    case 'float':
      return tensorOf(output, 'float32', [], { kind: 'float_data', values: [attribute.value] });
    case 'floats':
      return tensorOf(output, 'float32', [attribute.value.length], {
        kind: 'float_data',
        values: attribute.value,
      });
    case 'int':
      return tensorOf(output, 'int64', [], { kind: 'int64_data', values: [toLong(attribute.value)] });
    case 'ints':
      return tensorOf(output, 'int64', [attribute.value.length], {
        kind: 'int64_data',
        values: attribute.value.map(toLong),
      });
    case 'string':
      return tensorOf(output, 'string', [], { kind: 'string_data', values: [attribute.bytes] });
    case 'strings':
      return tensorOf(output, 'string', [attribute.value.length], {
        kind: 'string_data',
        values: attribute.value.map((text) => encoder.encode(text)),
      });
    default:
      // sparse_value: its dense form would have to be built; the attribute text describes it.
      return null;
  }
}

const VALUE_ATTRIBUTES = new Set([
  'value',
  'value_float',
  'value_floats',
  'value_int',
  'value_ints',
  'value_string',
  'value_strings',
]);

/** The tensor a Constant node outputs, or null (a sparse value, or no value attribute at all). */
export function constantTensor(node: Pick<OnnxNode, 'attributes' | 'outputs'>): OnnxTensor | null {
  const attribute = node.attributes.find((candidate) => VALUE_ATTRIBUTES.has(candidate.name));
  return attribute ? tensorOfAttribute(node.outputs[0] ?? '', attribute) : null;
}

/** Values shown in a constant's one-line preview. */
export const PREVIEW_VALUES = 8;

const decoder = new TextDecoder();

/** "int64[1] = [-1]", "float32[] = 0.125", "int64[64] = [0, 1, 2, … and 56 more]". */
export function constantPreview(tensor: OnnxTensor, limit = PREVIEW_VALUES): string {
  const summary = summarizeTensor(tensor);
  const type = `${summary.dtype}[${summary.shape.join(', ')}]`;
  if (summary.problem) return `${type} (${summary.problem})`;
  const shown = Math.min(limit, summary.elementCount);
  let items: string[];
  if (tensor.storage.kind === 'string_data') {
    items = tensor.storage.values.slice(0, shown).map((bytes) => JSON.stringify(decoder.decode(bytes)));
  } else {
    const reader = tensorValueReader(tensor);
    if (!reader.ok) return `${type} (${reader.reason})`;
    const exact = int64Reader(tensor);
    items = Array.from({ length: shown }, (_, i) =>
      exact ? formatInt(exact(i)) : formatFloat(reader.read(i)),
    );
  }
  const more = summary.elementCount - shown;
  if (summary.shape.length === 0) return `${type} = ${items[0] ?? ''}`;
  return `${type} = [${items.join(', ')}${more > 0 ? `, … and ${more} more` : ''}]`;
}

/** int64 elements read exactly (Slice ends hold INT64_MAX, which a float64 would round); null otherwise. */
function int64Reader(tensor: OnnxTensor): ((index: number) => bigint) | null {
  if (tensor.dataType !== 'int64') return null;
  const storage = tensor.storage;
  if (storage.kind === 'int64_data') return (i) => int64ToBigInt(storage.values[i]);
  if (storage.kind !== 'raw') return null;
  const view = new DataView(storage.bytes.buffer, storage.bytes.byteOffset, storage.bytes.byteLength);
  return (i) => view.getBigInt64(i * 8, true);
}
