// Whether the detection view can show a model: one float image input [N, 3, H, W] (channels 3 or
// symbolic) whose outputs detectLayout reads as a YOLO layout, or whose config.json model_type starts
// with "yolo" and whose outputs all have rank 3. A model without such an image input is not asked about.

import type { IoSignature, TensorSignature } from '../../sources/io-signature.ts';
import { excerpt } from '../../visible-text.ts';
import {
  accepted,
  FLOAT_TYPES,
  formatShape,
  labelCountOf,
  refused,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';
import { describeLayout, detectLayout, type OutputShape } from './output-layouts.ts';

export function recogniseObjectDetection({ signature, config }: ModelEvidence): Recognition {
  const image = imageInputOf(signature);
  if (image === null) return null;
  const takes = `The model takes one image (${excerpt(image.name, 40)} ${formatShape(image.shape)})`;
  const layout = tryDetectLayout(signature.outputs, labelCountOf(config));
  if (layout !== null) return accepted(`${takes} and its output ${layout}.`);
  const modelType = config?.model_type;
  const outputs = signature.outputs;
  if (
    typeof modelType === 'string' &&
    modelType.toLowerCase().startsWith('yolo') &&
    outputs.length > 0 &&
    outputs.every((output) => output.shape.length === 3)
  ) {
    return accepted(
      `${takes}, config.json names the model type ${excerpt(modelType, 30)} and its outputs have rank 3, as YOLO outputs do.`,
    );
  }
  return refused(`${takes}, but no output has a YOLO detection layout, so ${TENSOR_VIEW}.`);
}

/** The one input when it looks like a batch of images: float, [N, C, H, W], C = 3 or symbolic. */
function imageInputOf(signature: IoSignature): TensorSignature | null {
  const [input] = signature.inputs;
  if (signature.inputs.length !== 1 || input === undefined) return null;
  if (!FLOAT_TYPES.has(input.dtype) || input.shape.length !== 4) return null;
  const channels = input.shape[1];
  return channels === 3 || typeof channels === 'string' ? input : null;
}

/**
 * "output0 reads as YOLOv8/v11 with 80 classes and 8400 boxes", or null when detectLayout finds no
 * layout (or more than one). Only fixed dims can be read; a symbolic batch dim is taken as 1, since the
 * detection view runs one image at a time, and outputs with other symbolic dims are left out.
 */
function tryDetectLayout(outputs: readonly TensorSignature[], numClasses: number | null): string | null {
  const shapes: OutputShape[] = [];
  for (const output of outputs) {
    const dims = output.shape.map((dim, axis) => (axis === 0 && typeof dim === 'string' ? 1 : dim));
    if (dims.every((dim): dim is number => typeof dim === 'number')) shapes.push({ name: output.name, dims });
  }
  try {
    const layout = detectLayout(shapes, numClasses ?? undefined);
    return `${excerpt(layout.outputName, 40)} reads as ${describeLayout(layout)}`;
  } catch {
    return null;
  }
}
