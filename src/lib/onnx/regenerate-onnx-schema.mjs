// Regenerates onnx-schema.json (the precompiled protobufjs descriptor) from the vendored onnx.proto.
// Run from the repository root after replacing onnx.proto: `node src/lib/onnx/regenerate-onnx-schema.mjs`.
// onnx.proto is the official schema, copied verbatim from Debian's python3-onnx 1.12 package
// (/usr/lib/python3/dist-packages/onnx/onnx.proto, Apache-2.0, IR version 8).
// Field names keep their snake_case spelling so the decoded messages read like the official schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';

/** @param {string} protoText @returns {string} the descriptor as formatted JSON text */
export function compileOnnxSchema(protoText) {
  const { root } = protobuf.parse(protoText, { keepCase: true });
  return `${JSON.stringify(root.toJSON(), null, 2)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const protoUrl = new URL('./onnx.proto', import.meta.url);
  const jsonUrl = new URL('./onnx-schema.json', import.meta.url);
  writeFileSync(jsonUrl, compileOnnxSchema(readFileSync(protoUrl, 'utf8')));
  console.warn(`wrote ${fileURLToPath(jsonUrl)}`);
}
