// A loaded object-detection model: config (class names, input size), one ORT session per backend, and
// one run = letterbox → session.run → decode every candidate above a low floor. Thresholds and NMS are
// applied by the caller, so the UI can re-filter without running the model again.
import type { DetectorInfo, DetectionResult } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import {
  letterbox,
  letterboxedPreview,
  type RgbaImage,
  type Size,
} from '../../../src/lib/tasks/object-detection/letterbox.ts';
import {
  decodeCandidates,
  detectLayout,
  type Candidate,
  type DetectionLayout,
} from '../../../src/lib/tasks/object-detection/output-layouts.ts';
import { SessionModel } from '../served-model.ts';
import { visibleText } from '../../../src/lib/visible-text.ts';

/** Candidates below this never leave the worker; the UI's score slider starts above it. */
export const CANDIDATE_FLOOR = 0.05;
/** Most images in one run when the batch axis is dynamic (an occlusion map runs many). */
export const MAX_BATCH = 8;
/** Input size for models whose input height/width are symbolic and whose config names none. */
export const DEFAULT_INPUT_SIZE = 640;

/** Class names from config.json: the author's text, its control and directional characters made visible. */
function labelsOf(config: Record<string, unknown>): string[] {
  const id2label = config.id2label;
  if (typeof id2label !== 'object' || id2label === null) return [];
  return Object.entries(id2label as Record<string, unknown>)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, name]) => visibleText(String(name)));
}

/** [1, 3, H, W] with H and W from the model when fixed, else from config.input_size, else 640. */
function inputSizeOf(input: ValueInfo, config: Record<string, unknown>): Size {
  const [, channels, height, width] = input.shape;
  if (input.shape.length !== 4 || (typeof channels === 'number' && channels !== 3)) {
    throw new GlassboxError({
      code: 'model-file-invalid',
      message: `The model's input ${input.name} has shape [${input.shape.join(', ')}], not an image [1, 3, H, W].`,
      remedy: 'Use a YOLO-style detector that takes one RGB image tensor.',
    });
  }
  const configured = Array.isArray(config.input_size) ? (config.input_size as unknown[]).map(Number) : [];
  const size = (dim: number | string | undefined, fallback: number | undefined): number =>
    typeof dim === 'number' && dim > 0 ? dim : fallback && fallback > 0 ? fallback : DEFAULT_INPUT_SIZE;
  return { height: size(height, configured[0]), width: size(width, configured[1] ?? configured[0]) };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

export class ObjectDetector extends SessionModel {
  private constructor(
    override readonly info: DetectorInfo,
    private readonly config: Record<string, unknown>,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
  }

  /** A detector from a downloaded model folder; config.json (id2label, thresholds) is optional. */
  static create(download: ModelDownload): ObjectDetector {
    const config = { ...((download.json.config ?? {}) as Record<string, unknown>) };
    const preprocessor = (download.json.preprocessorConfig ?? {}) as Record<string, unknown>;
    // transformers.js repos give the input size in preprocessor_config.json ({size: {height, width}}).
    const size = preprocessor.size as { height?: unknown; width?: unknown } | undefined;
    if (config.input_size === undefined && typeof size?.height === 'number') {
      config.input_size = [size.height, typeof size.width === 'number' ? size.width : size.height];
    }
    const postprocess = (config.postprocess ?? {}) as Record<string, unknown>;
    const info: DetectorInfo = {
      modelKey: download.location.key,
      labels: labelsOf(config),
      inputSize: { width: DEFAULT_INPUT_SIZE, height: DEFAULT_INPUT_SIZE },
      facts: download.facts,
      inputs: [],
      outputs: [],
      scoreThreshold: numberOr(postprocess.score_threshold, 0.35),
      iouThreshold: numberOr(postprocess.iou_threshold, 0.45),
    };
    return new ObjectDetector(info, config, download.modelBytes, download.externalData);
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      const input = session.inputs[0];
      if (!input || input.dtype !== 'float32') {
        throw new GlassboxError({
          code: 'model-file-invalid',
          message: `The model's first input is ${input ? `${input.dtype} ${input.name}` : 'missing'}; a detector takes a float32 image.`,
          remedy: 'Use a float32 YOLO export (fp16 inputs are not supported yet).',
        });
      }
      this.info.inputSize = inputSizeOf(input, this.config);
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  async warmUp(backend: Backend): Promise<void> {
    const { width, height } = this.info.inputSize;
    const blank = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(114) };
    await this.detect(backend, blank, false, null);
  }

  /** Most images one run may take: the model's fixed batch size, else MAX_BATCH. */
  batchLimit(backend: Backend): number {
    const batch = this.sessions.get(backend).inputs[0]?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : MAX_BATCH;
  }

  /**
   * Runs count letterboxed images at once (tensor: [count, 3, H, W]) and decodes every candidate of each
   * above minScore, in model input pixels.
   */
  async candidates(
    backend: Backend,
    tensor: Float32Array,
    count: number,
    minScore = CANDIDATE_FLOOR,
  ): Promise<{ perImage: Candidate[][]; layout: DetectionLayout; inferenceMs: number }> {
    const session = this.sessions.get(backend);
    // createSession accepted the session only with a first (image) input.
    const input = session.inputs[0] as ValueInfo;
    const { width, height } = this.info.inputSize;
    const started = performance.now();
    const outputs = await session.run({
      [input.name]: { type: 'float32', dims: [count, 3, height, width], data: tensor },
    });
    const inferenceMs = performance.now() - started;
    const shapes = session.outputs.map((o) => ({
      name: o.name,
      dims: [1, ...(outputs[o.name]?.dims ?? []).slice(1)],
    }));
    const layout = detectLayout(shapes, this.info.labels.length || undefined);
    const raw = outputs[layout.outputName];
    if (!raw || raw.type !== 'float32') {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The output ${layout.outputName} is ${raw?.type ?? 'missing'}; detection outputs must be float32.`,
        remedy: 'Use a float32 YOLO export.',
      });
    }
    const data = raw.data as Float32Array;
    const perImage = data.length / count;
    const dims = [1, ...raw.dims.slice(1)];
    return {
      perImage: Array.from({ length: count }, (_, i) =>
        decodeCandidates({ dims, data: data.subarray(i * perImage, (i + 1) * perImage) }, layout, {
          minScore,
        }),
      ),
      layout,
      inferenceMs,
    };
  }

  /**
   * image: RGBA pixels in source space (already downscaled if it was huge). original: the image's size
   * before any downscale, remembered with the feeds for a capture; null for a run not to remember.
   */
  async detect(
    backend: Backend,
    image: RgbaImage,
    includePreview: boolean,
    original: Size | null = { width: image.width, height: image.height },
  ): Promise<DetectionResult> {
    const { width, height } = this.info.inputSize;
    const started = performance.now();
    const { tensor, transform } = letterbox(image, this.info.inputSize);
    const preprocessed = performance.now();
    const { perImage, layout, inferenceMs } = await this.candidates(backend, tensor, 1);
    if (original) {
      // createSession accepted the session only with a first (image) input.
      const input = this.sessions.get(backend).inputs[0] as ValueInfo;
      this.lastRun = {
        feeds: { [input.name]: { type: 'float32', dims: [1, 3, height, width], data: tensor } },
        input: {
          kind: 'image',
          inputWidth: width,
          inputHeight: height,
          originalWidth: original.width,
          originalHeight: original.height,
        },
      };
    }
    const finished = performance.now();
    return {
      backend,
      candidates: perImage[0] ?? [],
      transform,
      layout,
      timings: {
        preprocessMs: preprocessed - started,
        inferenceMs,
        postprocessMs: finished - preprocessed - inferenceMs,
      },
      preview: includePreview ? letterboxedPreview(tensor, width, height) : null,
    };
  }
}
