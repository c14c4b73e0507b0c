// The onnx.proto message types, built once from the precompiled descriptor (no .proto parsing at run time).
// onnx-schema.json and onnx-codecs.generated.ts are generated from the vendored onnx.proto by
// regenerate-onnx-schema.mjs. The codecs are protobufjs's own generated encoders and decoders as source:
// left to itself protobufjs builds them with new Function on first use, which the app's
// Content-Security-Policy forbids (script-src without 'unsafe-eval'). Only encode and decode are installed;
// verify, fromObject and toObject would still be generated at run time, so they are not used.

import protobuf from 'protobufjs/light.js';
import { ONNX_CODECS } from './onnx-codecs.generated.ts';
import onnxSchemaJson from './onnx-schema.json';

interface Codec {
  ctor: () => protobuf.Constructor<object>;
  encode: (
    writer: typeof protobuf.Writer,
    types: unknown[],
    util: typeof protobuf.util,
  ) => protobuf.Type['encode'];
  decode: (
    reader: typeof protobuf.Reader,
    types: unknown[],
    util: typeof protobuf.util,
  ) => protobuf.Type['decode'];
}

let root: protobuf.Root | undefined;

/** Gives every message type its pregenerated constructor, encoder and decoder, as Type.setup() would. */
function installCodecs(schema: protobuf.Root): void {
  const codecs = Object.entries(ONNX_CODECS as unknown as Record<string, Codec>);
  // Constructors before the fields are resolved: resolving a field puts its default on its type's
  // constructor, which protobufjs would otherwise generate on the spot (so not Root.fromJSON, which
  // resolves everything at once).
  for (const [name, codec] of codecs) schema.lookupType(name).ctor = codec.ctor();
  schema.resolveAll();
  for (const [name, codec] of codecs) {
    const type = schema.lookupType(name);
    // The scope setup() passes to codegen: each field's resolved type (message, enum or null), in order.
    const types = type.fieldsArray.map((field) => field.resolve().resolvedType);
    type.encode = codec.encode(protobuf.Writer, types, protobuf.util);
    type.decode = codec.decode(protobuf.Reader, types, protobuf.util);
  }
}

function onnxRoot(): protobuf.Root {
  if (!root) {
    const json = onnxSchemaJson as protobuf.INamespace;
    root = new protobuf.Root();
    if (json.nested) root.addJSON(json.nested);
    installCodecs(root);
  }
  return root;
}

/** A message type of package onnx, e.g. 'ModelProto' or 'TensorProto'. */
export function onnxMessageType(name: string): protobuf.Type {
  return onnxRoot().lookupType(`onnx.${name}`);
}

export function createReader(bytes: Uint8Array): protobuf.Reader {
  return protobuf.Reader.create(bytes);
}
