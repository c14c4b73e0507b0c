// Attribute values as short display text: lists are capped, tensors and graphs summarised.

import {
  dimValue,
  summarizeTensor,
  type OnnxAttribute,
  type OnnxTensor,
  type OnnxType,
} from '../onnx/index.ts';
import type { IRAttribute } from './graph-types.ts';

const MAX_LIST_ITEMS = 16;
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function formatList<T>(values: readonly T[], format: (value: T) => string): string {
  const shown = values.slice(0, MAX_LIST_ITEMS).map(format);
  const more = values.length - shown.length;
  return `[${shown.join(', ')}${more > 0 ? `, … ${more} more` : ''}]`;
}

/** INT64_MAX/MIN mean "to the end" in Slice and friends: name them instead of printing 19 digits. */
export function formatInt(value: bigint): string {
  if (value === INT64_MAX) return 'INT64_MAX';
  if (value === INT64_MIN) return 'INT64_MIN';
  return value.toString();
}

/** Shortest text that reads back as the same float32 (0.1 rather than 0.10000000149011612). */
export function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(7));
  return Math.fround(rounded) === Math.fround(value) ? String(rounded) : String(value);
}

/** JSON string syntax escapes quotes and control characters, so the text shows what is really there. */
function formatString(value: string): string {
  return JSON.stringify(value);
}

export function formatTensorBrief(tensor: OnnxTensor): string {
  const summary = summarizeTensor(tensor);
  const name = tensor.name ? `${tensor.name}: ` : '';
  return `${name}${summary.dtype}[${summary.shape.join(', ')}]`;
}

export function formatType(type: OnnxType): string {
  switch (type.kind) {
    case 'tensor':
    case 'sparse-tensor': {
      const shape = type.shape ? `[${type.shape.map((d) => dimValue(d) ?? '?').join(', ')}]` : '';
      return `${type.kind === 'sparse-tensor' ? 'sparse ' : ''}${type.elemType}${shape}`;
    }
    case 'sequence':
      return `sequence<${formatType(type.elemType)}>`;
    case 'map':
      return `map<${type.keyType}, ${formatType(type.valueType)}>`;
    case 'optional':
      return `optional<${formatType(type.elemType)}>`;
    default:
      return 'unknown';
  }
}

function formatGraphBrief(graph: { name: string; nodes: readonly unknown[] }): string {
  const label = graph.name ? `graph ${graph.name}` : 'graph';
  return `${label} (${graph.nodes.length} node${graph.nodes.length === 1 ? '' : 's'})`;
}

export function formatAttributeValue(attribute: OnnxAttribute): string {
  switch (attribute.kind) {
    case 'float':
      return formatFloat(attribute.value);
    case 'int':
      return formatInt(attribute.value);
    case 'string':
      return formatString(attribute.value);
    case 'tensor':
      return formatTensorBrief(attribute.value);
    case 'graph':
      return formatGraphBrief(attribute.value);
    case 'sparse-tensor':
      return `sparse ${attribute.value.values.dataType}[${attribute.value.dims.join(', ')}]`;
    case 'type':
      return formatType(attribute.value);
    case 'floats':
      return formatList(attribute.value, formatFloat);
    case 'ints':
      return formatList(attribute.value, formatInt);
    case 'strings':
      return formatList(attribute.value, formatString);
    case 'tensors':
      return formatList(attribute.value, formatTensorBrief);
    case 'graphs':
      return formatList(attribute.value, formatGraphBrief);
    case 'sparse-tensors':
      return `${attribute.value.length} sparse tensors`;
    case 'types':
      return formatList(attribute.value, formatType);
    case 'reference':
      return `@${attribute.refAttrName}`;
    case 'undefined':
      return '(undefined)';
  }
}

export function formatAttribute(attribute: OnnxAttribute): IRAttribute {
  return { name: attribute.name, kind: attribute.kind, text: formatAttributeValue(attribute) };
}
