// A loaded image classifier: its preprocessing (preprocessor_config.json, else stated defaults), labels,
// one ORT session per backend, and one run = resize/crop/normalise → session.run → top classes. It also
// finds, once, whether class activation maps apply (the last conv feeds a global pool and a linear layer)
// and whether ViT-style attention from [CLS] to the patches does.
import type { ImageClassifierInfo, ImageClassificationResult } from '../../../src/contracts/inference.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import { findCamInModel, type CamFinding } from '../../../src/lib/explain/class-activation-map.ts';
import { findVitAttention, type VitAttentionFinding } from '../../../src/lib/explain/vit-attention.ts';
import { buildGraphIR } from '../../../src/lib/graph/build-graph-ir.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import { decodeModel } from '../../../src/lib/onnx/index.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { inputDims, preprocessImage } from '../../../src/lib/tasks/image-classification/preprocess.ts';
import {
  readPreprocessing,
  type ImagePreprocessing,
  type PreprocessingChoice,
} from '../../../src/lib/tasks/image-classification/preprocessor-config.ts';
import { classifierLabels } from '../../../src/lib/tasks/image-classification/classifier-labels.ts';
import { toProbabilities, topClasses } from '../../../src/lib/tasks/image-classification/top-classes.ts';
import { SessionModel } from '../served-model.ts';

/** Most images in one run when the batch axis is dynamic (an occlusion map runs many). */
export const MAX_BATCH = 8;

/** Reads CAM's and the [CLS] attention's structure from the model file; a file the decoder cannot read has neither. */
function structureOf(modelBytes: Uint8Array): { cam: CamFinding; attention: VitAttentionFinding } {
  try {
    const model = decodeModel(modelBytes);
    return { cam: findCamInModel(model), attention: findVitAttention(buildGraphIR(model)) };
  } catch (error) {
    const why = `the model file could not be read for its structure (${error instanceof Error ? error.message : String(error)}).`;
    return {
      cam: { found: false, reason: `No class activation map: ${why}` },
      attention: { found: false, reason: `No attention map: ${why}` },
    };
  }
}

export class ImageClassifier extends SessionModel {
  /** Found when the first session is created (it needs the input's shape). */
  private choice: PreprocessingChoice | null = null;
  readonly cam: CamFinding;
  readonly attention: VitAttentionFinding;

  private constructor(
    override readonly info: ImageClassifierInfo,
    private readonly config: Record<string, unknown> | null,
    private readonly preprocessorConfig: Record<string, unknown> | null,
    modelBytes: Uint8Array<ArrayBuffer>,
    externalData: readonly ExternalDataFile[],
  ) {
    super(modelBytes, externalData);
    ({ cam: this.cam, attention: this.attention } = structureOf(modelBytes));
    info.cam = this.cam.found
      ? { found: true, path: this.cam.structure.path, features: this.cam.structure.features }
      : { found: false, reason: this.cam.reason };
    info.attention = this.attention.found
      ? { found: true, layers: this.attention.sites.length }
      : { found: false, reason: this.attention.reason };
  }

  static create(download: ModelDownload): ImageClassifier {
    const asRecord = (value: unknown): Record<string, unknown> | null =>
      typeof value === 'object' && value !== null && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : null;
    const metrics = asRecord(download.json.metrics);
    const info: ImageClassifierInfo = {
      modelKey: download.location.key,
      labels: [],
      facts: download.facts,
      inputs: [],
      outputs: [],
      preprocessing: null,
      preprocessingNotes: [],
      preprocessingSource: 'default',
      labelsNote: null,
      cam: { found: false, reason: '' },
      attention: { found: false, reason: '' },
      // testSize is left out: the model card words it as sentences (the text model's).
      metrics:
        typeof metrics?.heldout_accuracy === 'number' ? { heldOutAccuracy: metrics.heldout_accuracy } : null,
    };
    return new ImageClassifier(
      info,
      asRecord(download.json.config),
      asRecord(download.json.preprocessorConfig),
      download.modelBytes,
      download.externalData,
    );
  }

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      const input = session.inputs[0];
      const output = session.outputs[0];
      if (!input || input.dtype !== 'float32' || input.shape.length !== 4) {
        throw new GlassboxError({
          code: 'model-file-invalid',
          message: `The model's first input is ${input ? `${input.dtype} ${input.name} [${input.shape.join(', ')}]` : 'missing'}; an image classifier takes a float32 image [N, 3, H, W].`,
          remedy: 'Use a float32 export of the classifier, or open the model in the tensor view.',
        });
      }
      const classes = output?.shape[1];
      this.choice = readPreprocessing(this.preprocessorConfig, input.shape);
      this.info.preprocessing = this.choice.settings;
      this.info.preprocessingNotes = this.choice.notes;
      this.info.preprocessingSource = this.choice.source;
      const named = classifierLabels(this.config, typeof classes === 'number' ? classes : 0);
      this.info.labels = named.labels;
      this.info.labelsNote = named.note;
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
    });
  }

  private get settings(): PreprocessingChoice['settings'] {
    if (!this.choice) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: 'The classifier has no session yet.',
        remedy: 'Wait for the model to finish loading, then run again.',
      });
    }
    return this.choice.settings;
  }

  async warmUp(backend: Backend): Promise<void> {
    const { inputWidth: width, inputHeight: height } = this.settings;
    const blank = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(128) };
    await this.classify(backend, blank, null);
  }

  batchLimit(backend: Backend): number {
    const batch = this.sessions.get(backend).inputs[0]?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : MAX_BATCH;
  }

  /** Runs count preprocessed images at once; each image's output row. */
  async logits(
    backend: Backend,
    tensor: Float32Array,
    count: number,
    settings: ImagePreprocessing = this.settings,
  ): Promise<{ rows: Float32Array[]; inferenceMs: number }> {
    const session = this.sessions.get(backend);
    const input = session.inputs[0] as ValueInfo;
    const output = session.outputs[0] as ValueInfo;
    const started = performance.now();
    const outputs = await session.run({
      [input.name]: { type: 'float32', dims: inputDims(settings, count), data: tensor },
    });
    const inferenceMs = performance.now() - started;
    const raw = outputs[output.name];
    if (!raw || raw.type !== 'float32') {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The output ${output.name} is ${raw?.type ?? 'missing'}; class scores must be float32.`,
        remedy: 'Use a float32 export of the classifier.',
      });
    }
    const data = raw.data as Float32Array;
    const per = data.length / count;
    return { rows: Array.from({ length: count }, (_, i) => data.slice(i * per, (i + 1) * per)), inferenceMs };
  }

  /**
   * One image (RGBA, already downscaled if huge); original: its size before that, kept for a capture.
   * trial: preprocessing the user typed in place of the model's; such a run is not kept for a capture,
   * since CAM, occlusion and Look inside explain the model's own preprocessing.
   */
  async classify(
    backend: Backend,
    image: RgbaImage,
    original: { width: number; height: number } | null = { width: image.width, height: image.height },
    trial: ImagePreprocessing | null = null,
  ): Promise<ImageClassificationResult> {
    const settings = trial ?? this.settings;
    const started = performance.now();
    const { tensor, pixels, region } = preprocessImage(image, settings);
    const preprocessed = performance.now();
    const { rows, inferenceMs } = await this.logits(backend, tensor, 1, settings);
    const row = rows[0] ?? new Float32Array();
    if (original && !trial) {
      const input = this.sessions.get(backend).inputs[0] as ValueInfo;
      this.lastRun = {
        feeds: { [input.name]: { type: 'float32', dims: inputDims(settings), data: tensor } },
        input: {
          kind: 'image',
          inputWidth: settings.inputWidth,
          inputHeight: settings.inputHeight,
          originalWidth: original.width,
          originalHeight: original.height,
        },
      };
    }
    const postStarted = performance.now();
    const top = topClasses(row, this.info.labels);
    const { softmaxApplied } = toProbabilities(row);
    const finished = performance.now();
    return {
      backend,
      logits: Array.from(row),
      top,
      softmaxApplied,
      region: {
        x: (region.x * (original?.width ?? image.width)) / image.width,
        y: (region.y * (original?.height ?? image.height)) / image.height,
        width: (region.width * (original?.width ?? image.width)) / image.width,
        height: (region.height * (original?.height ?? image.height)) / image.height,
      },
      input: pixels,
      timings: { preprocessMs: preprocessed - started, inferenceMs, postprocessMs: finished - postStarted },
    };
  }
}
