// Segmentation and depth with real ONNX Runtime (WASM in Node). The embedded shapes segmenter: PyTorch's
// logits and class map on its samples, and the held-out mIoU its recipe states. The tiny random SegFormer
// and DPT of tests/fixtures/hub, from the local hub server: recognised as their tasks, outputs of the
// right shape, and post-processing equal to PyTorch's goldens; the rank-4 near miss opens in the tensor view.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { createRuntimeSession } from '../../src/lib/runtime/onnx-runtime.ts';
import { hubLocation } from '../../src/lib/sources/hub.ts';
import type { ModelLocation } from '../../src/lib/sources/model-location.ts';
import type { RgbaImage } from '../../src/lib/tasks/object-detection/letterbox.ts';
import { upsampledArgmax } from '../../src/lib/tasks/semantic-segmentation/class-map.ts';
import { upsampleBilinear } from '../../src/lib/tasks/semantic-segmentation/upsample.ts';
import { depthNpy } from '../../src/lib/tasks/depth-estimation/depth-files.ts';
import { upsampleBicubic } from '../../src/lib/tasks/depth-estimation/upsample-bicubic.ts';
import { preprocessImage } from '../../src/lib/tasks/image-classification/preprocess.ts';
import type { ImagePreprocessing } from '../../src/lib/tasks/image-classification/preprocessor-config.ts';
import { decodeNpy } from '../../src/lib/viewers/npy.ts';
import { BenchService } from '../../workers/bench/bench-service.ts';
import { InferenceService } from '../../workers/inference/inference-service.ts';
import { fileFetch, REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { startHubServer, type HubServer } from '../support/hub-server.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const ID = 'shapes-segmenter';
const RECIPE = resolve(REPO_ROOT, 'models/recipes', ID);
const entry = catalogEntry(ID);
if (!entry) throw new Error(`${ID} is not in the catalog`);
const embedded = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const KEY = embedded.key;

interface Golden {
  file: string;
  width: number;
  height: number;
  input_rgb: number[];
  logits_shape: number[];
  logits: number[];
  classes_base64: string;
}
const goldens = (JSON.parse(readFileSync(resolve(RECIPE, 'goldens.json'), 'utf8')) as { samples: Golden[] })
  .samples;
const sheet = JSON.parse(readFileSync(resolve(RECIPE, 'heldout-16.json'), 'utf8')) as {
  count: number;
  width: number;
  height: number;
  torch_miou: number;
};
const metrics = JSON.parse(readFileSync(resolve(REPO_ROOT, 'models', ID, 'metrics.json'), 'utf8')) as {
  heldout_miou: number;
};

function rgbToRgba(rgb: readonly number[], width: number, height: number): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    data.set(rgb.slice(i * 3, i * 3 + 3), i * 4);
    data[i * 4 + 3] = 255;
  }
  return { width, height, data };
}

function crop(image: RgbaImage, top: number, height: number): RgbaImage {
  const row = image.width * 4;
  return { width: image.width, height, data: image.data.slice(top * row, (top + height) * row) };
}

/** Mean IoU over the classes present in the truth or the prediction. */
function meanIou(
  pairs: ReadonlyArray<{ predicted: ArrayLike<number>; truth: ArrayLike<number> }>,
  classes: number,
) {
  const inter = new Array<number>(classes).fill(0);
  const union = new Array<number>(classes).fill(0);
  for (const { predicted, truth } of pairs) {
    for (let i = 0; i < truth.length; i++) {
      const p = predicted[i] as number;
      const t = truth[i] as number;
      if (p === t) inter[p] = (inter[p] ?? 0) + 1;
      union[p] = (union[p] ?? 0) + 1;
      if (p !== t) union[t] = (union[t] ?? 0) + 1;
    }
  }
  const ious = union.map((u, c) => (u > 0 ? (inter[c] ?? 0) / u : null)).filter((v) => v !== null);
  return ious.reduce((a, b) => a + b, 0) / ious.length;
}

const service = nodeInferenceService();

describe('the embedded shapes segmenter on WASM', () => {
  it('loads with its five labels, its preprocessing from preprocessor_config.json and its held-out mIoU', async () => {
    const { info } = await service.load('semantic-segmentation', embedded, 'wasm');
    expect(info.labels).toEqual(['background', 'circle', 'square', 'triangle', 'star']);
    expect(info.preprocessingSource).toBe('file');
    expect(info.preprocessingNotes).toEqual([]);
    expect(info.preprocessing).toMatchObject({
      resize: { mode: 'exact', width: 96, height: 96 },
      crop: null,
    });
    expect(info.metrics?.heldOutMiou).toBe(metrics.heldout_miou);
  });

  it('gives PyTorch’s logits on the goldens’ inputs, and PyTorch’s class for the pixels of its samples', async () => {
    for (const golden of goldens) {
      const small = await service.segmentImage(KEY, 'wasm', rgbToRgba(golden.input_rgb, 96, 96));
      expect(small.outputDims).toEqual([1, ...golden.logits_shape]);
      let worst = 0;
      golden.logits.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (small.logits[i] as number)))));
      expect(worst).toBeLessThan(1e-3);

      // Through the app's own resize of the PNG: the class map at the sample's size, as PyTorch upsampled it.
      const run = await service.segmentImage(
        KEY,
        'wasm',
        readRgbaImage(resolve(REPO_ROOT, 'public/samples', golden.file)),
      );
      expect([run.width, run.height]).toEqual([golden.width, golden.height]);
      const truth = Buffer.from(golden.classes_base64, 'base64');
      let same = 0;
      for (let i = 0; i < truth.length; i++) if (truth[i] === run.classes[i]) same++;
      // Pillow's and the app's resize agree to a level or so; near-ties at shape edges may flip a few pixels.
      expect(same / truth.length).toBeGreaterThan(0.995);
      expect(run.legend.reduce((total, e) => total + e.share, 0)).toBeCloseTo(1, 9);
      expect(run.legend[0]?.label).toBe('background');
    }
  });

  it('reaches the mIoU PyTorch measured on 16 held-out scenes (within 0.02)', async () => {
    const scenes = readRgbaImage(resolve(RECIPE, 'heldout-16.png'));
    const masks = readRgbaImage(resolve(RECIPE, 'heldout-16-mask.png'));
    const pairs = [];
    for (let i = 0; i < sheet.count; i++) {
      const run = await service.segmentImage(KEY, 'wasm', crop(scenes, i * sheet.height, sheet.height));
      const mask = crop(masks, i * sheet.height, sheet.height);
      const truth = Uint8Array.from(
        { length: sheet.width * sheet.height },
        (_, p) => mask.data[p * 4] as number,
      );
      pairs.push({ predicted: run.classes, truth });
    }
    expect(Math.abs(meanIou(pairs, 5) - sheet.torch_miou)).toBeLessThan(0.02);
  });
});

describe('the tiny random hub layouts', () => {
  let server: HubServer;
  const hub = (repo: string): ModelLocation => hubLocation(server.url, `glassbox/${repo}`, 'main', 'fp32');
  const reference = async <T>(repo: string): Promise<T> =>
    (await (await fetch(`${server.url}/glassbox/${repo}/resolve/main/reference.json`)).json()) as T;
  const bytesOf = (repo: string): Uint8Array =>
    new Uint8Array(readFileSync(resolve(REPO_ROOT, 'tests/fixtures/hub/glassbox', repo, 'onnx/model.onnx')));
  let remote: InferenceService;

  beforeAll(async () => {
    server = await startHubServer({ root: REPO_ROOT });
    remote = new InferenceService({
      fetch: globalThis.fetch.bind(globalThis),
      caches: null,
      isOnline: () => true,
      gpu: undefined,
      crossOriginIsolated: false,
      hardwareConcurrency: 1,
      isSecureContext: true,
    });
  });
  afterAll(async () => {
    await server.close();
  });

  it('opens the SegFormer as segmentation and segments an image into its id2label classes', async () => {
    const opened = await remote.openModel(hub('tiny-random-segformer'));
    expect(opened.detection.task).toBe('semantic-segmentation');
    expect(opened.detection.reason).toContain('SegformerForSemanticSegmentation');
    expect(opened.files).toContain('preprocessorConfig');
    const { info } = await remote.load('semantic-segmentation', hub('tiny-random-segformer'), 'wasm');
    expect(info.labels).toEqual(['wall', 'floor', 'sky', 'person']);
    expect(info.preprocessing).toMatchObject({
      inputWidth: 64,
      inputHeight: 64,
      mean: [0.485, 0.456, 0.406],
    });
    const image = readRgbaImage(resolve(REPO_ROOT, 'public/samples/chelsea.jpg'));
    const run = await remote.segmentImage(info.modelKey, 'wasm', image);
    expect(run.outputDims).toEqual([1, 4, 16, 16]);
    expect([run.width, run.height]).toEqual([451, 300]);
    expect(run.classes.length).toBe(451 * 300);
  });

  it('SegFormer: ONNX Runtime’s logits, upsampled and argmaxed here, equal PyTorch’s', async () => {
    const ref = await reference<{
      input: number[];
      input_dims: number[];
      logits_dims: number[];
      upsampled_size: [number, number];
      upsampled: number[];
      argmax: number[];
    }>('tiny-random-segformer');
    const session = await createRuntimeSession(bytesOf('tiny-random-segformer'), 'wasm');
    const out = await session.run({
      pixel_values: { type: 'float32', dims: ref.input_dims, data: Float32Array.from(ref.input) },
    });
    const logits = out.logits;
    expect(logits?.dims).toEqual(ref.logits_dims);
    const [, channels = 0, height = 0, width = 0] = ref.logits_dims;
    const planes = { data: logits?.data as Float32Array, channels, height, width };
    const [outH, outW] = ref.upsampled_size;
    const up = upsampleBilinear(planes, outH, outW);
    let worst = 0;
    ref.upsampled.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (up[i] as number)))));
    expect(worst).toBeLessThan(1e-4);
    expect(Array.from(upsampledArgmax(planes, outH, outW))).toEqual(ref.argmax);
  });

  it('opens the DPT as depth estimation; its map, upsampled here, equals PyTorch’s', async () => {
    const opened = await remote.openModel(hub('tiny-random-dpt'));
    expect(opened.detection.task).toBe('depth-estimation');
    const { info } = await remote.load('depth-estimation', hub('tiny-random-dpt'), 'wasm');
    expect(info.largerIsNearer).toBe(true);
    expect(info.preprocessing).toMatchObject({ resample: 'bicubic', inputWidth: 64, inputHeight: 64 });
    const run = await remote.estimateDepth(
      info.modelKey,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples/coffee.jpg')),
    );
    expect(run.outputDims).toEqual([1, 32, 32]);
    expect([run.width, run.height]).toEqual([600, 400]);
    expect(run.range.max).toBeGreaterThanOrEqual(run.range.min);
    // The app's map is the model's own output upsampled bicubically (PyTorch's, unit-tested on goldens).
    const bicubic = upsampleBicubic({ data: run.modelDepth, height: 32, width: 32 }, 400, 600);
    expect(Array.from(run.depth)).toEqual(Array.from(bicubic));

    const ref = await reference<{
      input: number[];
      input_dims: number[];
      depth_dims: number[];
      upsampled_size: [number, number];
      upsampled: number[];
    }>('tiny-random-dpt');
    const session = await createRuntimeSession(bytesOf('tiny-random-dpt'), 'wasm');
    const out = await session.run({
      pixel_values: { type: 'float32', dims: ref.input_dims, data: Float32Array.from(ref.input) },
    });
    const depth = out.predicted_depth;
    expect(depth?.dims).toEqual(ref.depth_dims);
    const [, height = 0, width = 0] = ref.depth_dims;
    const up = upsampleBilinear(
      { data: depth?.data as Float32Array, channels: 1, height, width },
      ...ref.upsampled_size,
    );
    let worst = 0;
    ref.upsampled.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (up[i] as number)))));
    expect(worst).toBeLessThan(1e-4);
  });

  it('DPT’s keep_aspect_ratio and ensure_multiple_of: each image at its own size; the .npy is the model’s output', async () => {
    // The tiny DPT again, with Depth Anything's resize (size 56, multiples of 14; the net is fully
    // convolutional). coffee.jpg is 600 × 400: the height's factor 0.14 is nearer 1, so 84 × 56, as
    // transformers' get_resize_output_image_size gives it.
    const location = hub('tiny-random-dpt-keep-aspect');
    const { info } = await remote.load('depth-estimation', location, 'wasm');
    expect(info.preprocessingNotes.join(' ')).toContain('keep_aspect_ratio scales both sides');
    expect(info.preprocessingNotes.join(' ')).toContain('bicubically, as transformers’ depth pipeline does');
    const image = readRgbaImage(resolve(REPO_ROOT, 'public/samples/coffee.jpg'));
    const run = await remote.estimateDepth(info.modelKey, 'wasm', image);
    expect([run.input.width, run.input.height]).toEqual([84, 56]);
    expect(run.outputDims).toEqual([1, 28, 42]);
    const loaded = decodeNpy(depthNpy(run));
    expect(loaded.shape).toEqual([1, 28, 42]);
    // The same values as ONNX Runtime gives for the same input, run here directly.
    const session = await createRuntimeSession(bytesOf('tiny-random-dpt'), 'wasm');
    const { tensor } = preprocessImage(image, {
      ...(info.preprocessing as ImagePreprocessing),
      resize: { mode: 'exact', width: 84, height: 56 },
      inputWidth: 84,
      inputHeight: 56,
    });
    const out = await session.run({ pixel_values: { type: 'float32', dims: [1, 3, 56, 84], data: tensor } });
    expect(Array.from(loaded.data)).toEqual(Array.from(out.predicted_depth?.data as Float32Array));
  });

  it('opens a depth model whose output has the wrong rank in the tensor view, saying why', async () => {
    const opened = await remote.openModel(hub('tiny-random-dpt-rank4'));
    expect(opened.detection.task).toBe('generic');
    expect(opened.detection.reason).toContain('has rank 4; a depth map is [N, h, w] or [N, 1, h, w]');
  });
});

describe('the embedded shapes depth model on WASM', () => {
  const depthEntry = catalogEntry('shapes-depth');
  if (!depthEntry) throw new Error('shapes-depth is not in the catalog');
  const location = embeddedLocation(depthEntry, REPO_ORIGIN + depthEntry.folder);
  const golden = JSON.parse(
    readFileSync(resolve(REPO_ROOT, 'models/recipes/shapes-depth/goldens.json'), 'utf8'),
  ) as {
    file: string;
    width: number;
    height: number;
    input_rgb: number[];
    depth: number[];
    upsampled: number[];
    truth: number[];
  };

  it('gives PyTorch’s depth map on the golden input, and PyTorch’s upsampled map on its sample', async () => {
    const { info } = await service.load('depth-estimation', location, 'wasm');
    expect(info.largerIsNearer).toBe(true);
    expect(info.preprocessing).toMatchObject({ resize: { mode: 'exact', width: 96, height: 96 } });
    // The raw output on the golden's 96 × 96 input, normalised as preprocessor_config.json says.
    const plane = 96 * 96;
    const tensor = new Float32Array(3 * plane);
    for (let p = 0; p < plane; p++) {
      for (let c = 0; c < 3; c++)
        tensor[c * plane + p] = ((golden.input_rgb[p * 3 + c] as number) / 255 - 0.5) / 0.5;
    }
    const bytes = new Uint8Array(readFileSync(resolve(REPO_ROOT, 'models/shapes-depth/onnx/model.onnx')));
    const session = await createRuntimeSession(bytes, 'wasm');
    const out = await session.run({ pixel_values: { type: 'float32', dims: [1, 3, 96, 96], data: tensor } });
    expect(out.predicted_depth?.dims).toEqual([1, 24, 24]);
    let rawWorst = 0;
    const values = out.predicted_depth?.data as Float32Array;
    golden.depth.forEach((v, i) => (rawWorst = Math.max(rawWorst, Math.abs(v - (values[i] as number)))));
    expect(rawWorst).toBeLessThan(1e-3);

    const run = await service.estimateDepth(
      location.key,
      'wasm',
      readRgbaImage(resolve(REPO_ROOT, 'public/samples', golden.file)),
    );
    expect([run.width, run.height]).toEqual([golden.width, golden.height]);
    let worst = 0;
    golden.upsampled.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - (run.depth[i] as number)))));
    // Pillow's resize and the app's agree to a level or so; the map follows within a few hundredths (the
    // recipe's golden is upsampled bilinearly, the app's map bicubically, as transformers' pipeline does).
    expect(worst).toBeLessThan(0.05);
    // And the map says what the scene is: the nearer half of the ground and shapes is where the truth says.
    let agree = 0;
    let solid = 0;
    golden.truth.forEach((truth, i) => {
      if (truth <= 0) return;
      solid++;
      const ratio = Math.max(run.depth[i] as number, 1e-6) / truth;
      if (Math.max(ratio, 1 / ratio) < 1.25) agree++;
    });
    expect(agree / solid).toBeGreaterThan(0.5);
  });
});

describe('the Benchmark lab runs both embedded models on synthetic input', () => {
  it.each([
    ['shapes-segmenter', 'semantic-segmentation', 'logits'],
    ['shapes-depth', 'depth-estimation', 'predicted_depth'],
  ] as const)('%s', async (id, task, output) => {
    const bench = new BenchService({
      fetch: fileFetch(),
      gpu: undefined,
      isSecureContext: true,
      crossOriginIsolated: false,
    });
    const prepared = await bench.prepare(
      {
        model: { id, folder: `models/${id}`, task },
        config: { backend: 'wasm', threads: 1 },
        input: { kind: 'synthetic' },
      },
      () => {},
    );
    expect(prepared.inputs).toEqual([{ name: 'pixel_values', dtype: 'float32', dims: [1, 3, 96, 96] }]);
    expect(Object.keys(prepared.outputs)).toEqual([output]);
  });
});
