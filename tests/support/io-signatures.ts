// IO signatures of the two kinds of model the registry recognises, for the recognition tests.
import type { IoSignature, TensorSignature } from '../../src/lib/sources/io-signature.ts';

export function tensor(name: string, dtype: string, shape: Array<number | string>): TensorSignature {
  return { name, dtype, shape };
}

/** A BERT sequence classifier: ids, mask and token types in, one row of two scores out. */
export const BERT: IoSignature = {
  inputs: [
    tensor('input_ids', 'int64', ['batch', 'sequence']),
    tensor('attention_mask', 'int64', ['batch', 'sequence']),
    tensor('token_type_ids', 'int64', ['batch', 'sequence']),
  ],
  outputs: [tensor('logits', 'float32', ['batch', 2])],
};

/** A YOLOv8 detector: one 640×640 image in, 84 rows (4 box + 80 classes) × 8400 anchors out. */
export const YOLO: IoSignature = {
  inputs: [tensor('images', 'float32', [1, 3, 640, 640])],
  outputs: [tensor('output0', 'float32', [1, 84, 8400])],
};
