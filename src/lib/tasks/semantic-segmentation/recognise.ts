// Whether the segmentation view can show a model: one float image input and one float output of per-class
// scores at reduced resolution, [N, classes, h, w] (SegFormer's logits), recognised by config.json's
// …ForSemanticSegmentation architecture, or without a name when id2label has as many labels as the
// output has channels. A segmenter by name whose output is not such a tensor is refused, with the reason.
import { excerpt } from '../../visible-text.ts';
import { imageInputOf } from '../image-classification/recognise.ts';
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

export function recogniseSemanticSegmentation({ signature, config }: ModelEvidence): Recognition {
  const architecture = architectureOf(config);
  const byName = architecture !== null && architecture.endsWith('ForSemanticSegmentation');
  const named = byName ? `config.json names ${excerpt(architecture, 60)}` : '';
  const image = imageInputOf(signature);
  if (image === null) {
    if (!byName) return null;
    const inputs = signature.inputs.map((input) => `${excerpt(input.name, 30)} ${formatShape(input.shape)}`);
    return refused(
      `${named}, but the model's inputs (${inputs.join(', ') || 'none'}) are not one float image [N, 3, H, W], so ${TENSOR_VIEW}.`,
    );
  }
  const takes = `The model takes one image (${excerpt(image.name, 40)} ${formatShape(image.shape)})`;
  const labels = labelCountOf(config);
  const [output] = signature.outputs;
  const outputs = signature.outputs.map((o) => `${excerpt(o.name, 30)} ${formatShape(o.shape)}`).join(', ');
  const rank4 =
    signature.outputs.length === 1 &&
    output !== undefined &&
    output.shape.length === 4 &&
    FLOAT_TYPES.has(output.dtype);
  if (!rank4) {
    if (!byName) return null;
    return refused(
      `${takes} and ${named}, but its outputs (${outputs || 'none'}) are not one float [N, classes, h, w] tensor of class scores, so ${TENSOR_VIEW}.`,
    );
  }
  // An export may leave the class axis symbolic: config.json's id2label then says how many there are.
  const classes = typeof output.shape[1] === 'number' ? output.shape[1] : labels;
  const gives = `gives class scores per pixel (${excerpt(output.name, 40)} ${formatShape(output.shape)})`;
  if (!byName && (labels === null || labels !== classes)) return null;
  if (classes === null) {
    return refused(`${takes} and ${gives}, but the number of classes is not fixed, so ${TENSOR_VIEW}.`);
  }
  if (classes < 2) {
    return refused(
      `${takes} and ${gives}, but one score per pixel is not a choice between classes, so ${TENSOR_VIEW}.`,
    );
  }
  if (labels !== null && labels !== classes) {
    return refused(
      `${takes} and ${gives}, but config.json names ${labels} labels for ${classes} channels, so ${TENSOR_VIEW}.`,
    );
  }
  const why = byName ? `; ${named}` : `; config.json's id2label names ${labels} classes`;
  return accepted(`${takes} and ${gives} for ${classes} classes${why}.`);
}
