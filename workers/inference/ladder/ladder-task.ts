// What the precision ladder asks of a view's task, so one ladder serves text classification and detection:
// the model as loaded with its last run (the reference, captured), the task's answers on the view's
// examples from a session of a variant (top labels; boxes after the view's thresholds and NMS), and one
// example's feeds to time.
import type { LadderAnswers } from '../../../src/contracts/ladder.ts';
import { elementCountOf, numberReader, type CaptureTensor } from '../../../src/lib/capture/capture-tensor.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { CaptureSession } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { TensorData } from '../../../src/lib/tensor.ts';
import { filterDetections } from '../../../src/lib/tasks/object-detection/filter-detections.ts';
import { letterbox, type RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { decodeCandidates, detectLayout } from '../../../src/lib/tasks/object-detection/output-layouts.ts';
import type { CaptureSource } from '../capture/last-run.ts';
import { CANDIDATE_FLOOR, type ObjectDetector } from '../tasks/object-detector.ts';
import type { TextClassifier } from '../tasks/text-classifier.ts';

/** One run to time: its feeds and the output fetched. */
export interface TimedRun {
  feeds: Record<string, TensorData>;
  output: string;
}

export interface LadderTask {
  captureSource(): CaptureSource;
  /** The task's answer on each example, from a session of the variant. */
  answers(session: CaptureSession): Promise<LadderAnswers>;
  /** The first example's run, timed; null without examples. */
  timedRun(session: CaptureSession): TimedRun | null;
}

function argmax(values: (index: number) => number, count: number): number {
  let best = 0;
  for (let i = 1; i < count; i++) if (values(i) > values(best)) best = i;
  return best;
}

function noOutput(what: string): GlassboxError {
  return new GlassboxError({
    code: 'inference-failed',
    message: `The variant returned no ${what}.`,
    remedy: `Check that its outputs are the reference's (${what}).`,
  });
}

/** Text classification: the top label of each text, one run per text (no padding differences). */
export function textLadderTask(classifier: TextClassifier, texts: readonly string[]): LadderTask {
  const feedsOf = (session: CaptureSession, text: string) =>
    classifier.feedsOf(
      classifier.tokenize([text]),
      session.inputs.map((input) => input.name),
    );
  const outputOf = (session: CaptureSession) => session.outputs[0]?.name ?? 'logits';
  return {
    captureSource: () => classifier.captureSource(),
    async answers(session) {
      const output = outputOf(session);
      const labels: string[] = [];
      for (const text of texts) {
        const logits = (await session.run(feedsOf(session, text), [output]))[output];
        if (!logits) throw noOutput('logits');
        labels.push(classifier.labelOf(argmax(numberReader(logits), elementCountOf(logits.dims))));
      }
      return { labels, detections: null };
    },
    timedRun: (session) => {
      const first = texts[0];
      return first === undefined ? null : { feeds: feedsOf(session, first), output: outputOf(session) };
    },
  };
}

/** The thresholds the detection view draws with: the ladder compares the boxes a user would see. */
export interface BoxFilter {
  scoreThreshold: number;
  iouThreshold: number;
  maxDetections: number;
}

function asFloat32(tensor: CaptureTensor): Float32Array {
  if (tensor.data instanceof Float32Array) return tensor.data;
  const read = numberReader(tensor);
  return Float32Array.from({ length: elementCountOf(tensor.dims) }, (_, i) => read(i));
}

/**
 * Detection: the boxes of each image after the view's score threshold and NMS, in model input pixels
 * (the same letterbox for every variant, so boxes compare as they are).
 */
export function detectionLadderTask(
  detector: ObjectDetector,
  images: readonly RgbaImage[],
  filter: BoxFilter,
): LadderTask {
  const tensors = images.map((image) => letterbox(image, detector.info.inputSize).tensor);
  const feedsOf = (session: CaptureSession, tensor: Float32Array): Record<string, TensorData> => {
    const { width, height } = detector.info.inputSize;
    const name = session.inputs[0]?.name ?? 'images';
    return { [name]: { type: 'float32', dims: [1, 3, height, width], data: tensor } };
  };
  return {
    captureSource: () => detector.captureSource(),
    async answers(session) {
      const detections = [];
      for (const tensor of tensors) {
        const outputs = await session.run(
          feedsOf(session, tensor),
          session.outputs.map((output) => output.name),
        );
        const shapes = session.outputs.map((output) => ({
          name: output.name,
          dims: outputs[output.name]?.dims ?? [],
        }));
        const layout = detectLayout(shapes, detector.info.labels.length || undefined);
        const raw = outputs[layout.outputName];
        if (!raw) throw noOutput(layout.outputName);
        const candidates = decodeCandidates({ dims: raw.dims, data: asFloat32(raw) }, layout, {
          minScore: CANDIDATE_FLOOR,
        });
        detections.push(
          filterDetections(candidates, { ...filter, nmsFree: layout.nmsFree }).map(
            ({ box, score, classIndex }) => ({ box, score, classIndex }),
          ),
        );
      }
      return { labels: [], detections };
    },
    timedRun: (session) => {
      const first = tensors[0];
      return first ? { feeds: feedsOf(session, first), output: session.outputs[0]?.name ?? '' } : null;
    },
  };
}
