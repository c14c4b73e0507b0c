// Whether the depth view can show a model: one float image input and one float depth map, [N, h, w] or
// [N, 1, h, w] (DPT's and Depth Anything's predicted_depth), recognised by config.json's …ForDepthEstimation
// architecture, or without a name when the output is called predicted_depth or depth. A depth model by name
// whose output has another rank is a near miss: refused, with the reason, and it opens in the tensor view.
import { excerpt } from '../../visible-text.ts';
import { imageInputOf } from '../image-classification/recognise.ts';
import {
  accepted,
  architectureOf,
  FLOAT_TYPES,
  formatShape,
  refused,
  TENSOR_VIEW,
  type ModelEvidence,
  type Recognition,
} from '../recognition.ts';

/** Output names that say "depth map" without a config.json. */
const DEPTH_OUTPUT_NAMES: ReadonlySet<string> = new Set(['predicted_depth', 'depth']);

export function recogniseDepthEstimation({ signature, config }: ModelEvidence): Recognition {
  const architecture = architectureOf(config);
  const byName = architecture !== null && architecture.endsWith('ForDepthEstimation');
  const named = byName ? `config.json names ${excerpt(architecture, 60)}` : '';
  const [output] = signature.outputs;
  const single = signature.outputs.length === 1 && output !== undefined;
  const byOutput = single && DEPTH_OUTPUT_NAMES.has(output.name);
  if (!byName && !byOutput) return null;
  const image = imageInputOf(signature);
  if (image === null) {
    const inputs = signature.inputs.map((input) => `${excerpt(input.name, 30)} ${formatShape(input.shape)}`);
    const why = byName ? named : `its output is called ${excerpt(output?.name ?? '', 30)}`;
    return refused(
      `${why}, but the model's inputs (${inputs.join(', ') || 'none'}) are not one float image [N, 3, H, W], so ${TENSOR_VIEW}.`,
    );
  }
  const takes = `The model takes one image (${excerpt(image.name, 40)} ${formatShape(image.shape)})`;
  const outputs = signature.outputs.map((o) => `${excerpt(o.name, 30)} ${formatShape(o.shape)}`).join(', ');
  const why = byName ? named : `its output is called ${excerpt(output?.name ?? '', 30)}`;
  if (!single || !FLOAT_TYPES.has(output.dtype)) {
    return refused(
      `${takes} and ${why}, but its outputs (${outputs || 'none'}) are not one float depth map, so ${TENSOR_VIEW}.`,
    );
  }
  const rank = output.shape.length;
  const oneChannel = rank === 4 && (output.shape[1] === 1 || typeof output.shape[1] === 'string');
  if (rank !== 3 && !oneChannel) {
    return refused(
      `${takes} and ${why}, but its output ${excerpt(output.name, 30)} ${formatShape(output.shape)} has rank ${rank}; a depth map is [N, h, w] or [N, 1, h, w], so ${TENSOR_VIEW}.`,
    );
  }
  return accepted(
    `${takes} and gives one depth map (${excerpt(output.name, 40)} ${formatShape(output.shape)}); ${why}.`,
  );
}
