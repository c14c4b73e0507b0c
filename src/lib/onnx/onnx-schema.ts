// The onnx.proto message types, built once from the precompiled descriptor (no .proto parsing at run time).
// onnx-schema.json is generated from the vendored onnx.proto by regenerate-onnx-schema.mjs.

import protobuf from 'protobufjs/light.js';
import onnxSchemaJson from './onnx-schema.json';

let root: protobuf.Root | undefined;

function onnxRoot(): protobuf.Root {
  root ??= protobuf.Root.fromJSON(onnxSchemaJson as protobuf.INamespace);
  return root;
}

/** A message type of package onnx, e.g. 'ModelProto' or 'TensorProto'. */
export function onnxMessageType(name: string): protobuf.Type {
  return onnxRoot().lookupType(`onnx.${name}`);
}

export function createReader(bytes: Uint8Array): protobuf.Reader {
  return protobuf.Reader.create(bytes);
}
