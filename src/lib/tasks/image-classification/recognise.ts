// Whether the image-classification view can show a model: config.json names a …ForImageClassification
// architecture, or the model takes one float image ([N, 3, H, W] or [N, H, W, 3]) and gives one [N, classes]
// output. A model with an image input but no such output is not asked about (detection is next); a
// classifier by name whose output is not [N, classes] is refused, with the reason.
import type { IoSignature, TensorSignature } from '../../sources/io-signature.ts';
import { excerpt } from '../../visible-text.ts';
import {
  accepted,
  architectureOf,
  FLOAT_TYPES,
  formatShape,
  labelCountOf,
  refused,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';

/** The one input, when it is a float batch of RGB images, channels first or last. */
export function imageInputOf(signature: IoSignature): TensorSignature | null {
  const [input] = signature.inputs;
  if (signature.inputs.length !== 1 || input === undefined) return null;
  if (!FLOAT_TYPES.has(input.dtype) || input.shape.length !== 4) return null;
  const first = input.shape[1];
  const last = input.shape[3];
  return first === 3 || last === 3 || typeof first === 'string' ? input : null;
}

export function recogniseImageClassification({ signature, config }: ModelEvidence): Recognition {
  const architecture = architectureOf(config);
  const byName = architecture !== null && architecture.endsWith('ForImageClassification');
  const image = imageInputOf(signature);
  if (image === null) {
    if (!byName) return null;
    const inputs = signature.inputs.map((input) => `${excerpt(input.name, 30)} ${formatShape(input.shape)}`);
    return refused(
      `config.json names ${excerpt(architecture, 60)}, but the model's inputs (${inputs.join(', ') || 'none'}) are not one float image [N, 3, H, W], so ${TENSOR_VIEW}.`,
    );
  }
  const takes = `The model takes one image (${excerpt(image.name, 40)} ${formatShape(image.shape)})`;
  const [output] = signature.outputs;
  const single = signature.outputs.length === 1 && output !== undefined;
  if (!single || output.shape.length !== 2 || !FLOAT_TYPES.has(output.dtype)) {
    if (!byName) return null;
    const outputs = signature.outputs.map((o) => `${excerpt(o.name, 30)} ${formatShape(o.shape)}`).join(', ');
    return refused(
      `${takes} and config.json names ${excerpt(architecture, 60)}, but its outputs (${outputs || 'none'}) are not one float [N, classes] row of scores, so ${TENSOR_VIEW}.`,
    );
  }
  const classes = output.shape[1];
  const gives = `gives one row of scores (${excerpt(output.name, 40)} ${formatShape(output.shape)})`;
  if (typeof classes !== 'number') {
    return refused(`${takes} and ${gives}, but the number of classes is not fixed, so ${TENSOR_VIEW}.`);
  }
  if (classes < 2) {
    return refused(
      `${takes} and ${gives}, but one score is not a choice between classes, so ${TENSOR_VIEW}.`,
    );
  }
  const labels = labelCountOf(config);
  if (labels !== null && labels !== classes) {
    return refused(
      `${takes} and ${gives}, but config.json names ${labels} labels for ${classes} scores, so ${TENSOR_VIEW}.`,
    );
  }
  const named = byName ? `; config.json names ${excerpt(architecture, 60)}` : '';
  return accepted(`${takes} and ${gives} for ${classes} classes${named}.`);
}
