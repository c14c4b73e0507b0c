// A loaded depth model (DPT / Depth Anything: predicted_depth [N, h, w] or [N, 1, h, w]): one run =
// preprocess → session.run → the map upsampled to the image (bilinear) with its range. Whether larger is
// nearer comes from config.json (relative inverse depth unless depth_estimation_type is "metric").
import type { DepthEstimatorInfo, DepthRun } from '../../../src/contracts/dense-image.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import { depthRange, largerIsNearer } from '../../../src/lib/tasks/depth-estimation/depth-map.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { mapSize, upsampleBilinear } from '../../../src/lib/tasks/semantic-segmentation/upsample.ts';
import { baseInfo, DenseImageModel, recordOf } from '../dense-image-model.ts';

/** [N, h, w] or [N, 1, h, w]: the map's height and width, or null for another layout. */
export function depthMapSize(dims: readonly number[]): { height: number; width: number } | null {
  if (dims.length === 3) return { height: dims[1] ?? 0, width: dims[2] ?? 0 };
  if (dims.length === 4 && dims[1] === 1) return { height: dims[2] ?? 0, width: dims[3] ?? 0 };
  return null;
}

export class DepthEstimator extends DenseImageModel<DepthEstimatorInfo> {
  protected readonly kindName = 'a depth model';

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
    const depth = upsampleBilinear({ data: plane, channels: 1, ...map }, size.height, size.width);
    return {
      backend,
      width: size.width,
      height: size.height,
      originalWidth: original.width,
      originalHeight: original.height,
      input: forward.input,
      outputDims: forward.dims,
      depth,
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
