// The raw output layouts of YOLO-family detectors: recognising one from output shapes, and decoding its
// tensor into candidate boxes (one best class each) before any score threshold or NMS.
import { GlassboxError } from '../../errors.ts';
import { cxcywhToXyxy } from './boxes.ts';
import type { Detection } from './nms.ts';

/**
 * yolov5: YOLOv5/v7, [1, N, 5 + C], rows of cx, cy, w, h, objectness, C class scores.
 * yolov8: YOLOv8/v9/v11, [1, 4 + C, N], channel-major: cx, cy, w, h, C class scores, no objectness.
 * yolov10: YOLOv10 (and other end-to-end exports), [1, K, 6], rows of x1, y1, x2, y2, score, class index,
 * already suppressed by the model.
 */
export type LayoutKind = 'yolov5' | 'yolov8' | 'yolov10';

export interface DetectionLayout {
  kind: LayoutKind;
  /** The output this layout reads, by name. */
  outputName: string;
  /** Classes per box; null for yolov10 without a hint, since its shape does not say. */
  numClasses: number | null;
  /** Boxes in the output (N, or K for yolov10). */
  numBoxes: number;
  /** True when the model already did NMS (yolov10): filterDetections must not run it again. */
  nmsFree: boolean;
}

/** An output's name and the concrete dims of the tensor a run returned. */
export interface OutputShape {
  name: string;
  dims: readonly number[];
}

/** A raw output tensor; data is row-major over dims. */
export interface RawOutput {
  dims: readonly number[];
  data: Float32Array;
}

/** A decoded box before thresholding. box: xyxy in model input pixels. */
export interface Candidate extends Detection {
  /** Row (yolov5, yolov10) or column (yolov8) of the box in the raw output, so the UI can point at it. */
  sourceIndex: number;
}

export interface DecodeOptions {
  /**
   * Candidates scoring below this are dropped (inclusive floor, e.g. 0.01) to keep the list small; the UI's
   * score threshold can then move anywhere above it without running the model again.
   */
  minScore: number;
}

/**
 * [1, K, 6] fits both yolov10 and a one-class yolov5. End-to-end exports keep at most max_det rows
 * (Ultralytics' default is 300), while a yolov5 grid has thousands (1008 even at 128×128), so up to this
 * many rows it is read as yolov10.
 */
export const MAX_END_TO_END_BOXES = 1000;

const SUPPORTED_LAYOUTS =
  'YOLOv5/v7 [1, N, 5 + C] (per box: cx, cy, w, h, objectness, C class scores), ' +
  'YOLOv8/v11 [1, 4 + C, N] (cx, cy, w, h, C class scores) and ' +
  'YOLOv10 end-to-end [1, K, 6] (x1, y1, x2, y2, score, class)';

const KIND_NAMES: Record<LayoutKind, string> = {
  yolov5: 'YOLOv5/v7',
  yolov8: 'YOLOv8/v11',
  yolov10: 'YOLOv10',
};

interface Reading {
  layout: DetectionLayout;
  /** Values stored per box (5 + C, 4 + C or 6); real exports have far more boxes than this. */
  valuesPerBox: number;
  /** The hint confirmed this reading's class count (yolov5, yolov8), not merely failed to contradict it. */
  classCountConfirmed: boolean;
}

/**
 * Finds the first output (in the model's order) with a YOLO detection layout. numClassesHint: the number of
 * labels in the model's config.json (id2label), when there is one; it rules out readings whose class count
 * differs. When a shape still fits several layouts, the one whose box axis is the longer wins ([1, 84, 8400]
 * is yolov8, [1, 8400, 85] is yolov5); then one the hint confirms; then [1, K, 6] follows
 * MAX_END_TO_END_BOXES. Throws GlassboxError 'model-file-invalid' naming every shape seen when nothing
 * fits, or naming the readings when a tiny shape like [1, 6, 6] stays ambiguous.
 */
export function detectLayout(outputs: readonly OutputShape[], numClassesHint?: number): DetectionLayout {
  if (numClassesHint !== undefined && (!Number.isInteger(numClassesHint) || numClassesHint < 1)) {
    throw new GlassboxError({
      code: 'model-config-invalid',
      message: `config.json names ${numClassesHint} classes; a detector needs at least one.`,
      remedy:
        'Check id2label in the model’s config.json, or remove it so the classes come from the output shape.',
    });
  }
  for (const output of outputs) {
    const readings = readingsOf(output, numClassesHint);
    const chosen = choose(readings, numClassesHint);
    if (chosen.length === 1 && chosen[0] !== undefined) return chosen[0].layout;
    if (chosen.length > 1) {
      const described = chosen.map(({ layout }) => describeLayout(layout)).join('; ');
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The output ${output.name} ${formatDims(output.dims)} fits more than one detection layout: ${described}.`,
        remedy:
          numClassesHint === undefined
            ? 'Add the model’s config.json with id2label, so Glassbox knows how many classes it detects.'
            : 'Choose the layout by hand; the shape alone cannot tell them apart.',
      });
    }
  }
  const seen = outputs.map((output) => `${output.name} ${formatDims(output.dims)}`).join(', ');
  const withHint =
    numClassesHint === undefined ? '' : ` with C = ${numClassesHint} classes (from config.json)`;
  throw new GlassboxError({
    code: 'output-layout-unsupported',
    message:
      `No output has a supported object-detection layout. ` +
      `Outputs seen: ${seen === '' ? 'none' : seen}. Supported${withHint}: ${SUPPORTED_LAYOUTS}.`,
    remedy:
      'Use a YOLO detection model exported to ONNX without NMS (Ultralytics format=onnx), or a YOLOv10 ' +
      'end-to-end export; check that config.json id2label lists the classes the model was trained on.',
  });
}

/**
 * The layout of one output read as the given kind, for when the user settles an ambiguity by hand. Throws
 * GlassboxError 'model-file-invalid' when the shape cannot be that kind (or that many classes).
 */
export function layoutOfKind(kind: LayoutKind, output: OutputShape, numClasses?: number): DetectionLayout {
  const reading = readingsOf(output, numClasses).find(({ layout }) => layout.kind === kind);
  if (reading === undefined) {
    const classes = numClasses === undefined ? '' : ` with ${numClasses} classes`;
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `The output ${output.name} ${formatDims(output.dims)} cannot be read as ${KIND_NAMES[kind]}${classes}. Supported: ${SUPPORTED_LAYOUTS}.`,
      remedy: 'Choose another layout, or check the number of classes.',
    });
  }
  return reading.layout;
}

/**
 * Raw output → one candidate per box whose score reaches options.minScore, in output order, with the box in
 * model input pixels (xyxy) and its best class (the first on ties), as Ultralytics' single-label NMS keeps.
 * Scores: yolov5 objectness × class score (boxes with objectness below minScore are skipped first, as
 * Ultralytics does); yolov8 the class score; yolov10 the score column, its class column rounded.
 * NaN scores are dropped. Throws GlassboxError 'model-file-invalid' when dims do not match the layout.
 */
export function decodeCandidates(
  output: RawOutput,
  layout: DetectionLayout,
  options: DecodeOptions,
): Candidate[] {
  assertMatchesLayout(output, layout);
  const { minScore } = options;
  const data = output.data;
  const candidates: Candidate[] = [];
  const boxes = layout.numBoxes;
  switch (layout.kind) {
    case 'yolov5': {
      const classes = (output.dims[2] ?? 0) - 5;
      for (let row = 0; row < boxes; row++) {
        const base = row * (5 + classes);
        const objectness = data[base + 4] ?? NaN;
        if (!(objectness >= minScore)) continue;
        const best = argmax(data, base + 5, 1, classes);
        const score = objectness * best.value;
        if (!(score >= minScore)) continue;
        candidates.push({
          box: cxcywhToXyxy(data[base] ?? 0, data[base + 1] ?? 0, data[base + 2] ?? 0, data[base + 3] ?? 0),
          score,
          classIndex: best.index,
          sourceIndex: row,
        });
      }
      break;
    }
    case 'yolov8': {
      const classes = (output.dims[1] ?? 0) - 4;
      for (let column = 0; column < boxes; column++) {
        const best = argmax(data, 4 * boxes + column, boxes, classes);
        if (!(best.value >= minScore)) continue;
        candidates.push({
          box: cxcywhToXyxy(
            data[column] ?? 0,
            data[boxes + column] ?? 0,
            data[2 * boxes + column] ?? 0,
            data[3 * boxes + column] ?? 0,
          ),
          score: best.value,
          classIndex: best.index,
          sourceIndex: column,
        });
      }
      break;
    }
    case 'yolov10': {
      for (let row = 0; row < boxes; row++) {
        const base = row * 6;
        const score = data[base + 4] ?? NaN;
        const classIndex = Math.round(data[base + 5] ?? NaN);
        if (!(score >= minScore) || !Number.isFinite(classIndex)) continue;
        candidates.push({
          box: {
            x1: data[base] ?? 0,
            y1: data[base + 1] ?? 0,
            x2: data[base + 2] ?? 0,
            y2: data[base + 3] ?? 0,
          },
          score,
          classIndex,
          sourceIndex: row,
        });
      }
      break;
    }
  }
  return candidates;
}

/** "YOLOv8/v11 with 80 classes and 8400 boxes", for messages and the UI. */
export function describeLayout(layout: DetectionLayout): string {
  const classes =
    layout.numClasses === null
      ? ''
      : ` with ${layout.numClasses} ${layout.numClasses === 1 ? 'class' : 'classes'} and`;
  return `${KIND_NAMES[layout.kind]}${classes === '' ? ' with' : classes} ${layout.numBoxes} boxes`;
}

/** Dims as the messages print them: [1, 84, 8400]. */
export function formatDims(dims: readonly number[]): string {
  return `[${dims.join(', ')}]`;
}

/** Every layout the shape can be read as, given the hint; shapes other than [1, a, b] have none. */
function readingsOf(output: OutputShape, hint: number | undefined): Reading[] {
  const { dims, name: outputName } = output;
  if (dims.length !== 3 || dims[0] !== 1 || !dims.every((dim) => Number.isInteger(dim) && dim > 0)) return [];
  const rows = dims[1] ?? 0;
  const columns = dims[2] ?? 0;
  const readings: Reading[] = [];
  if (columns >= 6 && (hint === undefined || columns === 5 + hint)) {
    readings.push({
      layout: { kind: 'yolov5', outputName, numClasses: columns - 5, numBoxes: rows, nmsFree: false },
      valuesPerBox: columns,
      classCountConfirmed: hint !== undefined,
    });
  }
  if (rows >= 5 && (hint === undefined || rows === 4 + hint)) {
    readings.push({
      layout: { kind: 'yolov8', outputName, numClasses: rows - 4, numBoxes: columns, nmsFree: false },
      valuesPerBox: rows,
      classCountConfirmed: hint !== undefined,
    });
  }
  if (columns === 6) {
    readings.push({
      layout: { kind: 'yolov10', outputName, numClasses: hint ?? null, numBoxes: rows, nmsFree: true },
      valuesPerBox: 6,
      classCountConfirmed: false,
    });
  }
  return readings;
}

/** Narrows the readings of one shape by the rules detectLayout documents; more than one left is ambiguous. */
function choose(readings: Reading[], hint: number | undefined): Reading[] {
  if (readings.length <= 1) return readings;
  const boxAxisLonger = readings.filter((reading) => reading.layout.numBoxes > reading.valuesPerBox);
  if (boxAxisLonger.length === 1) return boxAxisLonger;
  if (boxAxisLonger.length === 0) {
    const confirmed = readings.filter((reading) => reading.classCountConfirmed);
    return hint !== undefined && confirmed.length === 1 ? confirmed : readings;
  }
  // Only yolov5 with one class and yolov10 can both have the longer box axis: [1, K, 6] with K > 6.
  const rows = boxAxisLonger[0]?.layout.numBoxes ?? 0;
  const preferred: LayoutKind = rows <= MAX_END_TO_END_BOXES ? 'yolov10' : 'yolov5';
  return boxAxisLonger.filter((reading) => reading.layout.kind === preferred);
}

function expectedDims(layout: DetectionLayout, output: RawOutput): number[] {
  switch (layout.kind) {
    case 'yolov5':
      return [1, layout.numBoxes, 5 + (layout.numClasses ?? (output.dims[2] ?? 0) - 5)];
    case 'yolov8':
      return [1, 4 + (layout.numClasses ?? (output.dims[1] ?? 0) - 4), layout.numBoxes];
    case 'yolov10':
      return [1, layout.numBoxes, 6];
  }
}

function assertMatchesLayout(output: RawOutput, layout: DetectionLayout): void {
  const expected = expectedDims(layout, output);
  const matches =
    output.dims.length === expected.length && expected.every((dim, axis) => output.dims[axis] === dim);
  if (!matches) {
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `The output ${layout.outputName} has shape ${formatDims(output.dims)}, but the ${KIND_NAMES[layout.kind]} layout found for it expects ${formatDims(expected)}.`,
      remedy: 'Run the model again so its layout is detected from this output.',
    });
  }
  const count = expected.reduce((product, dim) => product * dim, 1);
  if (output.data.length !== count) {
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `The output ${layout.outputName} ${formatDims(output.dims)} should hold ${count} values but holds ${output.data.length}.`,
      remedy: 'The runtime returned a malformed tensor; reload the model and try again.',
    });
  }
}

/** Largest of count values at start, start + stride, …; the first wins ties, NaN never wins. */
function argmax(
  data: Float32Array,
  start: number,
  stride: number,
  count: number,
): { index: number; value: number } {
  let index = 0;
  let value = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = data[start + i * stride] ?? -Infinity;
    if (v > value) {
      value = v;
      index = i;
    }
  }
  return { index, value };
}
