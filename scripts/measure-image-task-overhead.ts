// Measures, per image task, what the task's own work adds over a bare ONNX Runtime session.run, on WASM and
// on WebGPU, in headless Chromium against the production build (docs/benchmark.md, "Image tasks: the
// view's call against bare ONNX Runtime"). Each view opens its model and a sample image (the embedded
// shapes classifier, segmenter and depth model; the tiny random ViT of tests/fixtures/hub from the local hub
// server); then, in interleaved rounds with rotating order, on the page:
// - the task's worker call as the view makes it (comlink, decoding the image file in the worker,
//   preprocessing, session.run, post-processing: top-k and softmax, bilinear upsampling and argmax with the
//   legend, bicubic upsampling and the depth range; the result back), then the page's colouring of the map
//   (the dense views' own function, window.glassbox.mapPixels),
// - a bare session.run on the same feeds in the same worker (timeRuns, timed there),
// - a no-op worker call (cancelExplanations): the page → worker → page hop alone.
// The same on WebGPU (the view's backend picker: a second session in the same worker), then bare runs on
// WASM and WebGPU interleaved, side by side, for the WASM ÷ WebGPU ratio. Without a GPU, Chromium's WebGPU
// adapter is SwiftShader, a CPU implementation: its figures are flagged "software adapter".
// Usage: node scripts/run-ts.mjs scripts/measure-image-task-overhead.ts [--rounds N] [--gpu-rounds N]
import type { Page } from 'playwright-core';
import {
  formatRatio,
  summarizeImageTask,
  wasmOverWebGpu,
  type ImageTaskRounds,
} from '../src/lib/bench/image-task-overhead.ts';
import { percentile } from '../src/lib/bench/statistics.ts';
import { BASE_FLAGS, SOFTWARE_WEBGPU_FLAGS } from './chromium.ts';
import { argument, print } from './measure-overhead.ts';
import { loadAverage, openTaskPage, printTable, withTaskBench } from './task-bench-page.ts';

/** One image task as its view opens and calls it. */
interface ImageCase {
  name: string;
  /** The page's query: the view, the model and the sample image. */
  query: string;
  model: string;
  /** window.glassbox's controller, the registry task the bare run is timed for, the service's call. */
  controller: 'classify' | 'segment' | 'depth';
  task: string;
  call: 'classifyImage' | 'segmentImage' | 'estimateDepth';
  /** The dense views' colouring on the page (window.glassbox.mapPixels), if the view draws a map. */
  colour?: 'segmentationPixels' | 'depthPixels';
  /** An embedded model pinned to 1 WASM thread (the user's choice), else the thread count the view chose. */
  oneThread?: string;
}

const CASES: ImageCase[] = [
  {
    name: 'image classification',
    query: 'task=classify&model=shapes-classifier&sample=shape-1.png',
    model: 'shapes-classifier (embedded)',
    controller: 'classify',
    task: 'image-classification',
    call: 'classifyImage',
  },
  {
    name: 'image classification, 1 thread',
    query: 'task=classify&model=shapes-classifier&sample=shape-1.png',
    model: 'shapes-classifier (embedded)',
    controller: 'classify',
    task: 'image-classification',
    call: 'classifyImage',
    oneThread: 'embedded:shapes-classifier',
  },
  {
    name: 'ViT classification',
    query: 'task=classify&model=glassbox/tiny-random-vit&sample=chelsea.jpg',
    model: 'tiny-random-vit (hub fixture)',
    controller: 'classify',
    task: 'image-classification',
    call: 'classifyImage',
  },
  {
    name: 'semantic segmentation',
    query: 'task=segment&model=shapes-segmenter',
    model: 'shapes-segmenter (embedded)',
    controller: 'segment',
    task: 'semantic-segmentation',
    call: 'segmentImage',
    colour: 'segmentationPixels',
  },
  {
    name: 'depth',
    query: 'task=depth&model=shapes-depth',
    model: 'shapes-depth (embedded)',
    controller: 'depth',
    task: 'depth-estimation',
    call: 'estimateDepth',
    colour: 'depthPixels',
  },
];

type Backend = 'wasm' | 'webgpu';

interface Sizes {
  image: string;
  map: string;
  threads: number | null;
}

/** Waits for the view's first result, and for its thread calibration (other workers) to be over. */
async function settled(page: Page, controller: string, runs: number): Promise<void> {
  await page.waitForFunction(
    ({ controller, runs }) => {
      type View = { runStatus: { kind: string }; inferenceCount: number; threads: { calibrating: boolean } };
      const view = (window as unknown as { glassbox?: Record<string, View> }).glassbox?.[controller];
      return view?.runStatus.kind === 'done' && view.inferenceCount >= runs && !view.threads.calibrating;
    },
    { controller, runs },
    { timeout: 300_000, polling: 200 },
  );
  // A calibration starts after the run's answer, and the classifier's explainer runs after it: let both begin
  // and end before timing.
  await page.waitForTimeout(1_000);
  await page.waitForFunction(
    (controller) =>
      !(window as unknown as { glassbox: Record<string, { threads: { calibrating: boolean } }> }).glassbox[
        controller
      ]?.threads.calibrating,
    controller,
    { timeout: 300_000, polling: 200 },
  );
}

/** Interleaved rounds of the view's call (+ the page's colouring), a bare run and a no-op call. */
function rounds(page: Page, imageCase: ImageCase, backend: Backend, count: number): Promise<ImageTaskRounds> {
  return page.evaluate(
    async ({ count, backend, imageCase }) => {
      type Service = Record<string, (...args: unknown[]) => Promise<unknown>>;
      type Run = {
        decodeMs: number;
        timings: { preprocessMs: number; inferenceMs: number; postprocessMs: number };
      };
      type View = {
        slot: { loaded: { info: { modelKey: string } } | null };
        runtime: { call<T>(work: (service: Service) => Promise<T>): Promise<T> };
        source: Blob | null;
      };
      const glassbox = (
        window as unknown as {
          glassbox: Record<string, unknown> & { mapPixels: Record<string, (run: unknown) => unknown> };
        }
      ).glassbox;
      const view = glassbox[imageCase.controller] as View;
      const key = view.slot.loaded?.info.modelKey ?? '';
      const source = view.source;
      if (!source) throw new Error(`${imageCase.name}: the view has no image`);
      const colour = imageCase.colour ? glassbox.mapPixels[imageCase.colour] : null;
      const out: ImageTaskRounds = {
        call: [],
        bare: [],
        hop: [],
        decode: [],
        preprocess: [],
        inference: [],
        postprocess: [],
        colour: [],
      };
      const call = async (): Promise<void> => {
        const started = performance.now();
        const run = (await view.runtime.call((service) =>
          service[imageCase.call]!(key, backend, source),
        )) as Run;
        out.call.push(performance.now() - started);
        out.decode.push(run.decodeMs);
        out.preprocess.push(run.timings.preprocessMs);
        out.inference.push(run.timings.inferenceMs);
        out.postprocess.push(run.timings.postprocessMs);
        if (colour) {
          const painted = performance.now();
          colour(run);
          out.colour.push(performance.now() - painted);
        }
      };
      // The bare run times the feeds of the task's last call: the same image.
      const bare = async (): Promise<void> => {
        const times = (await view.runtime.call((service) =>
          service.timeRuns!(imageCase.task, key, backend, 1),
        )) as number[];
        out.bare.push(times[0] ?? NaN);
      };
      const hop = async (): Promise<void> => {
        const started = performance.now();
        await view.runtime.call((service) => service.cancelExplanations!());
        out.hop.push(performance.now() - started);
      };
      // Warm-up (JIT, caches; on WebGPU its shaders): a few calls, not kept.
      for (let i = 0; i < (backend === 'wasm' ? 5 : 2); i++) await call();
      for (const list of Object.values(out)) list.length = 0;
      const order = [call, bare, hop];
      for (let round = 0; round < count; round++) {
        for (let i = 0; i < order.length; i++) await order[(round + i) % order.length]!();
      }
      return out;
    },
    { count, backend, imageCase },
  );
}

/** Bare runs on WASM and WebGPU interleaved (rotating which goes first), both sessions in the view's worker. */
function sideBySide(
  page: Page,
  imageCase: ImageCase,
  count: number,
): Promise<{ wasm: number[]; webgpu: number[] }> {
  return page.evaluate(
    async ({ count, imageCase }) => {
      type Service = Record<string, (...args: unknown[]) => Promise<unknown>>;
      type View = {
        slot: { loaded: { info: { modelKey: string } } | null };
        runtime: { call<T>(work: (service: Service) => Promise<T>): Promise<T> };
      };
      const view = (window as unknown as { glassbox: Record<string, View> }).glassbox[imageCase.controller]!;
      const key = view.slot.loaded?.info.modelKey ?? '';
      const out = { wasm: [] as number[], webgpu: [] as number[] };
      const bare = (backend: 'wasm' | 'webgpu') => async (): Promise<void> => {
        const times = (await view.runtime.call((service) =>
          service.timeRuns!(imageCase.task, key, backend, 1),
        )) as number[];
        out[backend].push(times[0] ?? NaN);
      };
      const order = [bare('wasm'), bare('webgpu')];
      for (let round = 0; round < count; round++) {
        await order[round % 2]!();
        await order[(round + 1) % 2]!();
      }
      return out;
    },
    { count, imageCase },
  );
}

/** The image, the map and the thread count of the view's last run. */
function sizesOf(page: Page, controller: string): Promise<Sizes> {
  return page.evaluate((controller) => {
    type View = {
      run: {
        originalWidth: number;
        originalHeight: number;
        width?: number;
        height?: number;
        input: { width: number; height: number };
      } | null;
      threads: { choice: { threads: number } | null };
    };
    const view = (window as unknown as { glassbox: Record<string, View> }).glassbox[controller]!;
    const run = view.run;
    return {
      image: run ? `${run.originalWidth} × ${run.originalHeight}` : '?',
      map:
        run?.width !== undefined
          ? `input ${run.input.width} × ${run.input.height}, map ${run.width} × ${run.height}`
          : run
            ? `input ${run.input.width} × ${run.input.height}`
            : '?',
      threads: view.threads.choice?.threads ?? null,
    };
  }, controller);
}

export async function main(args: string[]): Promise<number> {
  const count = Number(argument(args, '--rounds', '30'));
  const gpuCount = Number(argument(args, '--gpu-rounds', '8'));
  const median = (values: readonly number[]): number => percentile(values, 50);
  const ms = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : '–');
  await withTaskBench(args, [...BASE_FLAGS, ...SOFTWARE_WEBGPU_FLAGS], async (context, baseUrl) => {
    const rows: string[] = [];
    const sideRows: string[] = [];
    let adapter = '';
    for (const imageCase of CASES) {
      const page = await openTaskPage(context, `${baseUrl}?${imageCase.query}`, imageCase.oneThread);
      await settled(page, imageCase.controller, 1);
      const sizes = await sizesOf(page, imageCase.controller);
      const wasm = await rounds(page, imageCase, 'wasm', count);
      // The view's backend picker: a WebGPU session beside the WASM one, and the view runs on it once.
      const before = await page.evaluate(
        (controller) =>
          (window as unknown as { glassbox: Record<string, { inferenceCount: number }> }).glassbox[
            controller
          ]!.inferenceCount,
        imageCase.controller,
      );
      await page.evaluate(
        (controller) =>
          (
            window as unknown as {
              glassbox: Record<string, { selectBackend(backend: string): Promise<void> }>;
            }
          ).glassbox[controller]!.selectBackend('webgpu'),
        imageCase.controller,
      );
      await settled(page, imageCase.controller, before + 1);
      adapter ||= await page.evaluate(async () => {
        const found = await (
          navigator as unknown as {
            gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> };
          }
        ).gpu?.requestAdapter();
        return found?.info ? `${found.info.vendor} ${found.info.architecture}` : 'none';
      });
      const webgpu = await rounds(page, imageCase, 'webgpu', gpuCount);
      const side = await sideBySide(page, imageCase, gpuCount);
      await page.close();
      const software = /swiftshader/i.test(adapter) ? ', software adapter' : '';
      for (const [backend, result] of [
        [`WASM, ${sizes.threads ?? '?'} thread${sizes.threads === 1 ? '' : 's'}`, wasm],
        [`WebGPU${software}`, webgpu],
      ] as const) {
        const s = summarizeImageTask(result);
        rows.push(
          `| ${imageCase.name} | ${imageCase.model} | ${backend} | ${ms(s.callMs)} | ${ms(s.hopMs)} | ${ms(s.decodeMs)} | ` +
            `${ms(s.preprocessMs)} | ${ms(s.inferenceMs)} | ${ms(s.postprocessMs)} | ${ms(s.colourMs)} | ${ms(s.bareMs)} | ` +
            `${formatRatio(s.ratio)} | ${ms(s.ownMs)} | ${s.largest.stage} ${ms(s.largest.ms)} |`,
        );
      }
      const ratio = wasmOverWebGpu(side.wasm, side.webgpu);
      sideRows.push(
        `| ${imageCase.name} | ${imageCase.model} | ${ms(median(side.wasm))} | ${ms(median(side.webgpu))} | ${formatRatio(ratio)} |`,
      );
      print(`${imageCase.name}: image ${sizes.image}, ${sizes.map}`);
    }
    print(`load average after: ${loadAverage()}`);
    print(`WebGPU adapter: ${adapter}`);
    print(
      `${count} interleaved rounds per task on WASM (the thread count each view chose), ${gpuCount} on WebGPU`,
    );
    print('');
    printTable(
      '| task | model | backend | worker call | no-op call (hop) | of it: decode | preprocess | `session.run` in the service | post-processing | page: colouring | bare `session.run` | call / bare (95 % CI) | task’s own work ≈ call − hop − bare + colouring | largest part |',
      '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |',
      rows,
    );
    print('');
    print(`Bare runs side by side, ${gpuCount} interleaved rounds:`);
    print('');
    printTable(
      `| task | model | WASM bare | WebGPU bare${/swiftshader/i.test(adapter) ? ' (software adapter)' : ''} | WASM ÷ WebGPU (95 % CI) |`,
      '| --- | --- | ---: | ---: | --- |',
      sideRows,
    );
  });
  return 0;
}
