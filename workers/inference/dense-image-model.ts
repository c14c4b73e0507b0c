// What the segmentation and depth adapters share: an image model whose one output is a map over the image.
// Preprocessing from preprocessor_config.json (as the image classifier reads it, but never a centre crop:
// the map must cover the whole image), one session per backend, and one forward run that keeps its feeds
// for Look inside. Each subclass turns the output into its task's result.
import type { DenseImageInfo } from '../../src/contracts/dense-image.ts';
import { GlassboxError } from '../../src/lib/errors.ts';
import type { ModelDownload } from '../../src/lib/loading/model-download.ts';
import type { Backend } from '../../src/lib/runtime/backend.ts';
import type { ExternalDataFile, ValueInfo } from '../../src/lib/runtime/onnx-runtime.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { inputDims, preprocessImage } from '../../src/lib/tasks/image-classification/preprocess.ts';
import {
  readPreprocessing,
  type PreprocessingChoice,
} from '../../src/lib/tasks/image-classification/preprocessor-config.ts';
import { SessionModel } from './served-model.ts';

/** Most images in one run when the batch axis is dynamic: an occlusion map runs many, and a map is big. */
export const MAX_DENSE_BATCH = 4;

export function recordOf(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** What both tasks' info holds before a session exists. */
export function baseInfo(download: ModelDownload): DenseImageInfo & { labels: string[] } {
  return {
    modelKey: download.location.key,
    labels: [],
    facts: download.facts,
    inputs: [],
    outputs: [],
    preprocessing: null,
    preprocessingNotes: [],
    preprocessingSource: 'default',
  };
}

/** One forward run: the output with its dims, what the model saw, and the times. */
export interface DenseForward {
  output: Float32Array;
  dims: number[];
  input: RgbaImage;
  preprocessMs: number;
  inferenceMs: number;
}

export abstract class DenseImageModel<Info extends DenseImageInfo> extends SessionModel {
  private choice: PreprocessingChoice | null = null;

  protected constructor(
    readonly info: Info,
    protected readonly config: Record<string, unknown> | null,
    protected readonly preprocessorConfig: Record<string, unknown> | null,
    download: ModelDownload,
  ) {
    super(download.modelBytes, download.externalData as readonly ExternalDataFile[]);
  }

  /** What the task calls the model in an error ("a segmenter"). */
  protected abstract readonly kindName: string;

  /** Checks the output once the session exists; throws a typed error when the task cannot read it. */
  protected abstract checkOutput(output: ValueInfo | undefined): void;

  async createSession(backend: Backend): Promise<void> {
    await this.sessions.create(backend, (session) => {
      const input = session.inputs[0];
      if (session.inputs.length !== 1 || !input || input.dtype !== 'float32' || input.shape.length !== 4) {
        throw new GlassboxError({
          code: 'model-file-invalid',
          message: `The model's inputs are ${session.inputs.map((i) => `${i.dtype} ${i.name} [${i.shape.join(', ')}]`).join(', ') || 'none'}; ${this.kindName} takes one float32 image [N, 3, H, W].`,
          remedy: 'Use a float32 export of the model, or open it in the tensor view.',
        });
      }
      this.checkOutput(session.outputs[0]);
      const choice = readPreprocessing(this.preprocessorConfig, input.shape);
      if (choice.settings.crop) {
        choice.notes.push(
          `preprocessor_config.json asks for a centre crop; it is left out, so that the model's map covers the whole image.`,
        );
        const { resize } = choice.settings;
        if (resize.mode === 'exact') {
          choice.settings = {
            ...choice.settings,
            crop: null,
            inputWidth: resize.width,
            inputHeight: resize.height,
          };
        } else {
          const side = choice.settings.crop.width;
          choice.settings = {
            ...choice.settings,
            resize: { mode: 'exact', width: side, height: side },
            crop: null,
            inputWidth: side,
            inputHeight: side,
          };
        }
      }
      this.choice = choice;
      this.info.preprocessing = choice.settings;
      this.info.preprocessingNotes = choice.notes;
      this.info.preprocessingSource = choice.source;
      this.info.inputs = [...session.inputs];
      this.info.outputs = [...session.outputs];
      this.afterSession(session.outputs[0] as ValueInfo);
    });
  }

  /** The subclass reads what it needs of the output (labels for the number of classes). */
  protected afterSession(_output: ValueInfo): void {}

  protected get settings(): PreprocessingChoice['settings'] {
    if (!this.choice) {
      throw new GlassboxError({
        code: 'no-model-loaded',
        message: `The ${this.kindName} has no session yet.`,
        remedy: 'Wait for the model to finish loading, then run again.',
      });
    }
    return this.choice.settings;
  }

  /** The preprocessing of one run: the model's, unless the task sizes each image (DPT's keep_aspect_ratio). */
  protected settingsFor(
    _original: { width: number; height: number } | null,
  ): PreprocessingChoice['settings'] {
    return this.settings;
  }

  /** The preprocessing of one image, from its size before any downscale (occlusion runs edited copies). */
  inputSettings(original: { width: number; height: number }): PreprocessingChoice['settings'] {
    return this.settingsFor(original);
  }

  /** How many images one run may hold: the batch axis's size, or MAX_DENSE_BATCH where it is dynamic. */
  batchLimit(backend: Backend): number {
    const batch = this.sessions.get(backend).inputs[0]?.shape[0];
    return typeof batch === 'number' ? Math.max(1, batch) : MAX_DENSE_BATCH;
  }

  /** Runs count preprocessed images at once: the output (images one after the other) and its dims. */
  async runBatch(
    backend: Backend,
    tensor: Float32Array,
    count: number,
    settings: PreprocessingChoice['settings'],
  ): Promise<{ data: Float32Array; dims: number[] }> {
    const session = this.sessions.get(backend);
    const input = session.inputs[0] as ValueInfo;
    const output = session.outputs[0] as ValueInfo;
    const outputs = await session.run({
      [input.name]: { type: 'float32', dims: inputDims(settings, count), data: tensor },
    });
    const raw = outputs[output.name];
    if (!raw || raw.type !== 'float32') {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The output ${output.name} is ${raw?.type ?? 'missing'}; ${this.kindName} must give float32 values.`,
        remedy: 'Use a float32 export of the model, or open it in the tensor view.',
      });
    }
    return { data: raw.data as Float32Array, dims: [...raw.dims] };
  }

  async warmUp(backend: Backend): Promise<void> {
    const { inputWidth: width, inputHeight: height } = this.settings;
    const blank = { width, height, data: new Uint8ClampedArray(width * height * 4).fill(128) };
    await this.forward(backend, blank, null);
  }

  /** Preprocess and run; original (the image's size before any downscale) set: the run is kept for Look inside. */
  protected async forward(
    backend: Backend,
    image: RgbaImage,
    original: { width: number; height: number } | null,
  ): Promise<DenseForward> {
    const settings = this.settingsFor(original);
    const started = performance.now();
    const { tensor, pixels } = preprocessImage(image, settings);
    const preprocessMs = performance.now() - started;
    const input = this.sessions.get(backend).inputs[0] as ValueInfo;
    const feed = { type: 'float32' as const, dims: inputDims(settings), data: tensor };
    const inferenceStarted = performance.now();
    const raw = await this.runBatch(backend, tensor, 1, settings);
    const inferenceMs = performance.now() - inferenceStarted;
    if (original) {
      this.lastRun = {
        feeds: { [input.name]: feed },
        input: {
          kind: 'image',
          inputWidth: settings.inputWidth,
          inputHeight: settings.inputHeight,
          originalWidth: original.width,
          originalHeight: original.height,
        },
      };
    }
    return {
      output: raw.data,
      dims: raw.dims,
      input: pixels,
      preprocessMs,
      inferenceMs,
    };
  }
}
