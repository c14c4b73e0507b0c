// A loaded semantic segmenter (SegFormer-style [N, classes, h, w] logits at reduced resolution): one run =
// preprocess → session.run → logits upsampled to the image (bilinear) → the class of every pixel, and the
// legend of the classes present with their share.
import type { SegmenterInfo, SegmentationRun } from '../../../src/contracts/dense-image.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';
import type { ModelDownload } from '../../../src/lib/loading/model-download.ts';
import type { Backend } from '../../../src/lib/runtime/backend.ts';
import type { ValueInfo } from '../../../src/lib/runtime/onnx-runtime.ts';
import { labelsFrom } from '../../../src/lib/tasks/image-classification/top-classes.ts';
import type { RgbaImage } from '../../../src/lib/tasks/object-detection/letterbox.ts';
import { legendOf, upsampledArgmax } from '../../../src/lib/tasks/semantic-segmentation/class-map.ts';
import { mapSize } from '../../../src/lib/tasks/semantic-segmentation/upsample.ts';
import { baseInfo, DenseImageModel, recordOf } from '../dense-image-model.ts';

export class ImageSegmenter extends DenseImageModel<SegmenterInfo> {
  protected readonly kindName = 'a segmenter';

  static create(download: ModelDownload): ImageSegmenter {
    const metrics = recordOf(download.json.metrics);
    const info: SegmenterInfo = {
      ...baseInfo(download),
      metrics: typeof metrics?.heldout_miou === 'number' ? { heldOutMiou: metrics.heldout_miou } : null,
    };
    const config = recordOf(download.json.config);
    return new ImageSegmenter(info, config, recordOf(download.json.preprocessorConfig), download);
  }

  protected checkOutput(output: ValueInfo | undefined): void {
    if (output?.shape.length === 4) return;
    throw new GlassboxError({
      code: 'output-layout-unsupported',
      message: `The model's output is ${output ? `${output.name} [${output.shape.join(', ')}]` : 'missing'}; a segmenter gives class scores [N, classes, h, w].`,
      remedy: 'Open the model in the tensor view to see its outputs.',
    });
  }

  protected override afterSession(output: ValueInfo): void {
    const classes = output.shape[1];
    this.info.labels = labelsFrom(this.config, typeof classes === 'number' ? classes : 0);
  }

  /** One image (RGBA, already downscaled if huge); original: its size before that. */
  async segment(
    backend: Backend,
    image: RgbaImage,
    original: { width: number; height: number } = image,
  ): Promise<Omit<SegmentationRun, 'decodeMs'>> {
    const forward = await this.forward(backend, image, { width: original.width, height: original.height });
    const [, channels, h, w] = forward.dims;
    if (forward.dims.length !== 4 || !channels || !h || !w) {
      throw new GlassboxError({
        code: 'output-layout-unsupported',
        message: `The model gave logits of shape [${forward.dims.join(', ')}]; a segmenter gives [1, classes, h, w].`,
        remedy: 'Open the model in the tensor view to see its outputs.',
      });
    }
    if (this.info.labels.length !== channels) this.info.labels = labelsFrom(this.config, channels);
    const postStarted = performance.now();
    const size = mapSize(image.width, image.height);
    const logits = forward.output.slice(0, channels * h * w);
    const classes = upsampledArgmax({ data: logits, channels, height: h, width: w }, size.height, size.width);
    const legend = legendOf(classes, this.info.labels);
    return {
      backend,
      width: size.width,
      height: size.height,
      originalWidth: original.width,
      originalHeight: original.height,
      input: forward.input,
      outputDims: forward.dims,
      classes,
      logits,
      logitsHeight: h,
      logitsWidth: w,
      legend,
      timings: {
        preprocessMs: forward.preprocessMs,
        inferenceMs: forward.inferenceMs,
        postprocessMs: performance.now() - postStarted,
      },
    };
  }
}
