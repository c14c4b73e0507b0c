// A cheap wire-level walk over the top-level ModelProto fields, run before the full decode. It finds
// cut-off files and non-ONNX bytes with precise positions ("invalid wire type 7 at byte 12"), which
// the protobuf reader cannot report: it only sees "index out of range" deep inside a nested message.

import { notOnnxError, truncatedError } from './errors.ts';
import { onnxMessageType } from './onnx-schema.ts';

const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

const VARINT_TYPES = new Set(['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool']);
const FIXED64_TYPES = new Set(['double', 'fixed64', 'sfixed64']);
const FIXED32_TYPES = new Set(['float', 'fixed32', 'sfixed32']);

interface KnownField {
  name: string;
  /** Wire types the field may use: a repeated scalar may also come packed (length-delimited). */
  wireTypes: ReadonlySet<number>;
}

let modelFields: ReadonlyMap<number, KnownField> | undefined;

function scalarWireType(type: string, isEnum: boolean): number {
  if (isEnum || VARINT_TYPES.has(type)) return WireType.Varint;
  if (FIXED64_TYPES.has(type)) return WireType.Fixed64;
  if (FIXED32_TYPES.has(type)) return WireType.Fixed32;
  return WireType.LengthDelimited;
}

/** ModelProto's fields by number, with the wire types each may use (from the schema, not hand-copied). */
function knownModelFields(): ReadonlyMap<number, KnownField> {
  if (modelFields) return modelFields;
  const fields = new Map<number, KnownField>();
  for (const field of onnxMessageType('ModelProto').fieldsArray) {
    field.resolve();
    const isEnum = field.resolvedType !== null && !('fieldsArray' in field.resolvedType);
    const wireType = scalarWireType(field.type, isEnum);
    const wireTypes = new Set([wireType]);
    if (field.repeated) wireTypes.add(WireType.LengthDelimited);
    fields.set(field.id, { name: field.name, wireTypes });
  }
  modelFields = fields;
  return fields;
}

const GRAPH_FIELD = 7;

class ScanError {
  constructor(
    readonly kind: 'truncated' | 'not-onnx',
    readonly reason: string,
    readonly byteOffset: number,
  ) {}
}

type CutOff = 'truncated' | 'not-onnx';

/** Reads a varint at `offset`; its value is exact up to 2^53. */
function readVarint(
  bytes: Uint8Array,
  offset: number,
  what: string,
  cutOff: CutOff,
): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) {
      throw new ScanError(cutOff, `the file ends inside ${what} at byte ${offset}`, offset);
    }
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return { value, next: offset + i + 1 };
    scale *= 128;
  }
  throw new ScanError('not-onnx', `invalid varint in ${what} at byte ${offset}`, offset);
}

function describeField(fieldNumber: number, known: KnownField | undefined): string {
  return known ? `field ${fieldNumber} (${known.name})` : `field ${fieldNumber}`;
}

/** Throws OnnxDecodeError ('truncated' or 'not-onnx') when the top level cannot be an ONNX ModelProto. */
export function scanModelFields(bytes: Uint8Array, fileName?: string): void {
  try {
    scan(bytes);
  } catch (error) {
    if (!(error instanceof ScanError)) throw error;
    throw error.kind === 'truncated'
      ? truncatedError(error.reason, { fileName, byteOffset: error.byteOffset })
      : notOnnxError(error.reason, { fileName, byteOffset: error.byteOffset });
  }
}

function scan(bytes: Uint8Array): void {
  const known = knownModelFields();
  const seenFields = new Set<number>();
  let offset = 0;
  while (offset < bytes.length) {
    const tagStart = offset;
    // Bytes that end early after a valid ModelProto field are a cut-off file; before one, not ONNX at all.
    const cutOff: CutOff = seenFields.size > 0 ? 'truncated' : 'not-onnx';
    const tag = readVarint(bytes, offset, 'a field tag', cutOff);
    offset = tag.next;
    const fieldNumber = Math.floor(tag.value / 8);
    const wireType = tag.value % 8;
    const field = known.get(fieldNumber);
    if (wireType === 6 || wireType === 7) {
      throw new ScanError('not-onnx', `invalid wire type ${wireType} at byte ${tagStart}`, tagStart);
    }
    if (wireType === WireType.StartGroup || wireType === WireType.EndGroup) {
      throw new ScanError(
        'not-onnx',
        `unexpected group (wire type ${wireType}) at byte ${tagStart}`,
        tagStart,
      );
    }
    if (fieldNumber === 0)
      throw new ScanError('not-onnx', `invalid field number 0 at byte ${tagStart}`, tagStart);
    if (field === undefined && seenFields.size === 0) {
      // Serializers write fields in number order, so a real model starts with a known field.
      throw new ScanError(
        'not-onnx',
        `it starts with unknown field ${fieldNumber} (wire type ${wireType}) at byte ${tagStart}`,
        tagStart,
      );
    }
    if (field !== undefined && !field.wireTypes.has(wireType)) {
      const expected = [...field.wireTypes].join(' or ');
      throw new ScanError(
        'not-onnx',
        `${describeField(fieldNumber, field)} at byte ${tagStart} has wire type ${wireType}, expected ${expected}`,
        tagStart,
      );
    }
    offset = skipPayload(bytes, offset, wireType, describeField(fieldNumber, field), tagStart, cutOff);
    if (field !== undefined) seenFields.add(fieldNumber);
  }
  if (!seenFields.has(GRAPH_FIELD)) {
    throw new ScanError('not-onnx', 'it has no graph (ModelProto field 7)', bytes.length);
  }
}

function skipPayload(
  bytes: Uint8Array,
  offset: number,
  wireType: number,
  fieldLabel: string,
  tagStart: number,
  cutOff: CutOff,
): number {
  const remaining = (from: number) => bytes.length - from;
  const need = (size: number, from: number): number => {
    if (size > remaining(from)) {
      throw new ScanError(
        cutOff,
        `${fieldLabel} at byte ${tagStart} needs ${size.toLocaleString('en-US')} bytes but only ` +
          `${remaining(from).toLocaleString('en-US')} remain`,
        tagStart,
      );
    }
    return from + size;
  };
  switch (wireType) {
    case WireType.Varint:
      return readVarint(bytes, offset, fieldLabel, cutOff).next;
    case WireType.Fixed64:
      return need(8, offset);
    case WireType.Fixed32:
      return need(4, offset);
    default: {
      const length = readVarint(bytes, offset, `the length of ${fieldLabel}`, cutOff);
      return need(length.value, length.next);
    }
  }
}
