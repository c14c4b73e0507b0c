// Types of regenerate-onnx-schema.mjs, a plain Node script that the schema test also imports.

/** onnx.proto text → the protobufjs JSON descriptor, formatted as committed in onnx-schema.json. */
export function compileOnnxSchema(protoText: string): string;

/** onnx-schema.json text → the onnx-codecs.generated.ts module text (protobufjs codegen output as source). */
export function compileOnnxCodecs(schemaJson: string): string;
