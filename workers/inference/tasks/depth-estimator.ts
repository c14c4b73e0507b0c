// A loaded depth model (DPT / Depth Anything: predicted_depth [N, h, w] or [N, 1, h, w]): one run =
// preprocess (DPT's own resize where the config asks for it) → session.run → the map upsampled to the
// image (bicubic, as transformers' pipeline) with its range. Whether larger is nearer comes from
// config.json (relative inverse depth unless depth_estimation_type is "metric").
import type { DepthEstimatorInfo, DepthRun } from '../../../src/contracts/dense-image.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import { depthRange, largerIsNearer } from '../../../src/lib/tasks/depth-estimation/depth-map.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { mapSize } from '../../../src/lib/tasks/semantic-segmentation/upsample.ts';
import { upsampleBicubic } from '../../../src/lib/tasks/depth-estimation/upsample-bicubic.ts';
import {
  dptMaxSide,
  dptResizeSize,
  readDptResize,
  type DptResize,
} from '../../../src/lib/tasks/depth-estimation/dpt-resize.ts';
import type { ImagePreprocessing } from '../../../src/lib/tasks/image-classification/preprocessor-config.ts';
import { baseInfo, DenseImageModel, recordOf } from '../dense-image-model.ts';

/** [N, h, w] or [N, 1, h, w]: the map's height and width, or null for another layout. */
export function depthMapSize(dims: readonly number[]): { height: number; width: number } | null {
  if (dims.length === 3) return { height: dims[1] ?? 0, width: dims[2] ?? 0 };
  if (dims.length === 4 && dims[1] === 1) return { height: dims[2] ?? 0, width: dims[3] ?? 0 };
  return null;
}

/** Said under the preprocessing of every depth model: how its map becomes the image's. */
export const BICUBIC_MAP_NOTE =
  'The model’s map is upsampled to the image bicubically, as transformers’ depth pipeline does (PyTorch’s bicubic, A = −0.75, equal to it within 1e-4 in the unit tests); the .npy download holds the model’s own values at its resolution.';

export class DepthEstimator extends DenseImageModel<DepthEstimatorInfo> {
  protected readonly kindName = 'a depth model';
  /** DPT's keep_aspect_ratio / ensure_multiple_of, when they apply: each image gets its own input size. */
  private dptResize: DptResize | null = null;

  static create(download: ModelDownload): DepthEstimator {
    const config = recordOf(download.json.config);
    const info: DepthEstimatorInfo = {
      ...baseInfo(download),
      largerIsNearer: largerIsNearer(config),
      metrics: null,
    };
    return new DepthEstimator(info, config, recordOf(download.json.preprocessorConfig), download);
  }

  protected checkOutput(output: ValueInfo | undefined): void {
    const rank = output?.shape.length;
    if (rank === 3 || (rank === 4 && (output?.shape[1] === 1 || typeof output?.shape[1] === 'string')))
      return;
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `The model's output is ${output ? `${output.name} [${output.shape.join(', ')}]` : 'missing'}; a depth model gives one map [N, h, w] or [N, 1, h, w].`,
      remedy: 'Open the model in the tensor view to see its outputs.',
    });
  }

  protected override afterSession(): void {
    const notes = this.info.preprocessingNotes;
    const asked = readDptResize(this.preprocessorConfig, notes);
    const shape = this.info.inputs[0]?.shape ?? [];
    const fixed = typeof shape[2] === 'number' || typeof shape[3] === 'number';
    const settings = this.settings;
    if (asked && fixed) {
      notes.push(
        `preprocessor_config.json asks for DPT's keep_aspect_ratio ${asked.keepAspectRatio} and ensure_multiple_of ${asked.multiple}, but the model takes ${settings.inputWidth} × ${settings.inputHeight} images only; every image is brought to that size.`,
      );
    } else if (asked && settings.resize.mode === 'exact') {
      this.dptResize = asked;
      notes.push(
        `As transformers' DPTImageProcessor does it: ${asked.keepAspectRatio ? 'keep_aspect_ratio scales both sides by the one factor that changes the image least, and ' : ''}ensure_multiple_of rounds each side to a multiple of ${asked.multiple}, so each image goes in at its own size (“What the model received” shows this one's), at most ${dptMaxSide(settings.resize)} px on a side: a very narrow image is scaled down to fit, where Python's processor has no limit.`,
      );
    }
    notes.push(BICUBIC_MAP_NOTE);
  }

  /** DPT's resize for this image, from its size before any downscale (the size Python's processor sees). */
  protected override settingsFor(original: { width: number; height: number } | null): ImagePreprocessing {
    const settings = this.settings;
    const resize = this.dptResize;
    if (!resize || !original || settings.resize.mode !== 'exact') return settings;
    const size = dptResizeSize(original, settings.resize, resize);
    return {
      ...settings,
      resize: { mode: 'exact', ...size },
      inputWidth: size.width,
      inputHeight: size.height,
    };
  }

  async estimate(
    backend: Backend,
    image: RgbaImage,
    original: { width: number; height: number } = image,
  ): Promise<Omit<DepthRun, 'decodeMs'>> {
    const forward = await this.forward(backend, image, { width: original.width, height: original.height });
    const map = depthMapSize(forward.dims);
    if (!map || map.height < 1 || map.width < 1) {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The model gave a map of shape [${forward.dims.join(', ')}]; a depth model gives [1, h, w] or [1, 1, h, w].`,
        remedy: 'Open the model in the tensor view to see its outputs.',
      });
    }
    const postStarted = performance.now();
    const size = mapSize(image.width, image.height);
    const plane = forward.output.subarray(0, map.height * map.width);
    const depth = upsampleBicubic({ data: plane, ...map }, size.height, size.width);
    return {
      backend,
      width: size.width,
      height: size.height,
      originalWidth: original.width,
      originalHeight: original.height,
      input: forward.input,
      outputDims: forward.dims,
      depth,
      modelDepth: forward.output.slice(
        0,
        forward.dims.reduce((count, dim) => count * dim, 1),
      ),
      range: depthRange(depth),
      largerIsNearer: this.info.largerIsNearer,
      timings: {
        preprocessMs: forward.preprocessMs,
        inferenceMs: forward.inferenceMs,
        postprocessMs: performance.now() - postStarted,
      },
    };
  }
}
