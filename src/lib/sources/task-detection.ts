// Which view a model the user brought opens in, guessed from its inputs and outputs and its config.json.
// A wrong guess costs more than none: a model shown in the text or detection view gets fed the wrong
// tensors, while the tensor view runs any model. So every doubt falls back to 'generic', with the reason.

import { formatList } from '../format.ts';
import { describeLayout, detectLayout, type OutputShape } from '../tasks/object-detection/output-layouts.ts';
import type { IoSignature, TensorSignature } from './io-signature.ts';
import type { ModelTaskKind } from './model-location.ts';
import { excerpt } from '../visible-text.ts';

export interface TaskDetection {
  task: ModelTaskKind;
  /** One plain sentence saying why, shown to the user. */
  reason: string;
}

/** The inputs the text view feeds (see tasks/text-classification/encode-batch.ts). */
const TEXT_INPUTS: ReadonlySet<string> = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

const INTEGER_TYPES: ReadonlySet<string> = new Set([
  'int64',
  'int32',
  'int16',
  'int8',
  'uint64',
  'uint32',
  'uint16',
  'uint8',
]);

const FLOAT_TYPES: ReadonlySet<string> = new Set(['float32', 'float16', 'bfloat16', 'float64']);

const TENSOR_VIEW = 'it opens in the tensor view, which runs any model';

/** Names listed in a reason before "and N more". */
const LISTED_NAMES = 4;

/**
 * text-classification: an integer input_ids (with at most attention_mask and token_type_ids beside it),
 * a first output of rank 2 ([batch, labels]) or of unknown rank, and a tokenizer; config.json's
 * architectures naming another head (…ForTokenClassification, …ForCausalLM, a bare …Model) rules it out.
 * object-detection: one float image input [N, 3, H, W] (channels 3 or symbolic) whose outputs detectLayout
 * reads as a YOLO layout, or whose config.json model_type starts with "yolo" and whose outputs all have
 * rank 3. Anything else: 'generic'.
 */
export function detectTask(
  signature: IoSignature,
  config: Record<string, unknown> | null,
  available: { tokenizer: boolean },
): TaskDetection {
  const inputIds = signature.inputs.find((input) => input.name === 'input_ids');
  if (inputIds !== undefined) return detectTextClassification(signature, inputIds, config, available);
  const image = imageInputOf(signature);
  if (image !== null) return detectObjectDetection(signature, image, config);
  return generic(`${describeInputs(signature.inputs)} no task Glassbox knows; ${TENSOR_VIEW}.`);
}

function detectTextClassification(
  signature: IoSignature,
  inputIds: TensorSignature,
  config: Record<string, unknown> | null,
  available: { tokenizer: boolean },
): TaskDetection {
  if (!INTEGER_TYPES.has(inputIds.dtype)) {
    return generic(
      `The model’s input_ids holds ${excerpt(inputIds.dtype, 30)} values, not integer token ids, so ${TENSOR_VIEW}.`,
    );
  }
  const architecture = architectureOf(config);
  if (architecture !== null && isOtherHead(architecture)) {
    return generic(
      `The model’s config.json names the architecture ${excerpt(architecture)}, which is not a text classifier, so ${TENSOR_VIEW}.`,
    );
  }
  const extra = signature.inputs.filter((input) => !TEXT_INPUTS.has(input.name));
  if (extra.length > 0) {
    return generic(
      `Besides input_ids the model takes ${listNames(extra.map((input) => input.name))}, which the text view cannot feed, so ${TENSOR_VIEW}.`,
    );
  }
  if (!available.tokenizer) {
    return generic(
      `The model takes input_ids, but tokenizer.json is missing, so Glassbox cannot turn text into tokens and ${TENSOR_VIEW}.`,
    );
  }
  const [first] = signature.outputs;
  if (first === undefined) return generic(`The model declares no outputs, so ${TENSOR_VIEW}.`);
  if (first.shape.length !== 2 && first.shape.length !== 0) {
    return generic(
      `Its first output ${excerpt(first.name, 40)} has shape ${formatShape(first.shape)}, not one row of scores per text, so ${TENSOR_VIEW}.`,
    );
  }
  return {
    task: 'text-classification',
    reason: `The model takes input_ids and returns one row of scores per text (${excerpt(first.name, 40)}), and tokenizer.json is present${confirmation(architecture, config)}.`,
  };
}

/** What in config.json backs the guess, as the end of the reason. */
function confirmation(architecture: string | null, config: Record<string, unknown> | null): string {
  if (architecture?.endsWith('ForSequenceClassification') === true) {
    return `; config.json names ${excerpt(architecture)}`;
  }
  const labels = labelCountOf(config);
  if (labels !== null) return `; config.json lists ${labels} ${labels === 1 ? 'label' : 'labels'}`;
  return '';
}

/** The first name in config.json's architectures, e.g. "BertForSequenceClassification". */
function architectureOf(config: Record<string, unknown> | null): string | null {
  const architectures = config?.architectures;
  if (!Array.isArray(architectures)) return null;
  const [first] = architectures as unknown[];
  return typeof first === 'string' && first !== '' ? first : null;
}

/** transformers names a head …For<Task> (or …LMHeadModel); a bare encoder is …Model. */
function isOtherHead(architecture: string): boolean {
  if (architecture.endsWith('ForSequenceClassification')) return false;
  return /(For[A-Z]\w*|LMHeadModel|Model)$/.test(architecture);
}

/** Labels in config.json's id2label, or null when it has none. */
function labelCountOf(config: Record<string, unknown> | null): number | null {
  const id2label = config?.id2label;
  if (typeof id2label !== 'object' || id2label === null || Array.isArray(id2label)) return null;
  const count = Object.keys(id2label).length;
  return count > 0 ? count : null;
}

/** The one input when it looks like a batch of images: float, [N, C, H, W], C = 3 or symbolic. */
function imageInputOf(signature: IoSignature): TensorSignature | null {
  const [input] = signature.inputs;
  if (signature.inputs.length !== 1 || input === undefined) return null;
  if (!FLOAT_TYPES.has(input.dtype) || input.shape.length !== 4) return null;
  const channels = input.shape[1];
  return channels === 3 || typeof channels === 'string' ? input : null;
}

function detectObjectDetection(
  signature: IoSignature,
  image: TensorSignature,
  config: Record<string, unknown> | null,
): TaskDetection {
  const takes = `The model takes one image (${excerpt(image.name, 40)} ${formatShape(image.shape)})`;
  const layout = tryDetectLayout(signature.outputs, labelCountOf(config));
  if (layout !== null) {
    return { task: 'object-detection', reason: `${takes} and its output ${layout}.` };
  }
  const modelType = config?.model_type;
  const outputs = signature.outputs;
  if (
    typeof modelType === 'string' &&
    modelType.toLowerCase().startsWith('yolo') &&
    outputs.length > 0 &&
    outputs.every((output) => output.shape.length === 3)
  ) {
    return {
      task: 'object-detection',
      reason: `${takes}, config.json names the model type ${excerpt(modelType, 30)} and its outputs have rank 3, as YOLO outputs do.`,
    };
  }
  return generic(`${takes}, but no output has a YOLO detection layout, so ${TENSOR_VIEW}.`);
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

function generic(reason: string): TaskDetection {
  return { task: 'generic', reason };
}

/** "2 inputs (input_ids, pixel_values) match", "1 input (x) matches", "The model takes no inputs and matches". */
function describeInputs(inputs: readonly TensorSignature[]): string {
  if (inputs.length === 0) return 'The model takes no inputs and matches';
  const names = listNames(inputs.map((input) => input.name));
  return inputs.length === 1 ? `1 input (${names}) matches` : `${inputs.length} inputs (${names}) match`;
}

function listNames(names: readonly string[]): string {
  return formatList(
    names.map((name) => excerpt(name, 40)),
    LISTED_NAMES,
  );
}

/** [1, 3, 640, 640], [batch_size, 2]; [] when the model gives no shape. */
function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.map((dim) => (typeof dim === 'string' ? excerpt(dim, 20) : String(dim))).join(', ')}]`;
}
