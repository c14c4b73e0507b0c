// encodeModel: a plain ModelProto-shaped object → .onnx bytes, with the same schema decodeModel uses.
// For building test models and synthetic benchmark models; the app itself only decodes.

import { onnxMessageType } from './onnx-schema.ts';
import type { ModelMessage } from './proto-messages.ts';

export function encodeModel(model: ModelMessage): Uint8Array {
  return onnxMessageType('ModelProto').encode(model).finish();
}
