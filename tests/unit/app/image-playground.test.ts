// What every image view shares (src/app/workbench/image-playground.svelte.ts), on a fake worker and fake
// sample fetches: the first suited sample with no click, the same image run again on a backend switch and a
// reload, a model swap that keeps the user's image but swaps a sample drawn for another model, the first
// sample never replacing one being fetched, and failures told apart from stopped runs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DetectionPlayground } from '../../../src/app/detection/detection-playground.svelte.ts';
import { ImagePlayground, type ImageTask } from '../../../src/app/workbench/image-playground.svelte.ts';
import { shownCatalogModel } from '../../../src/app/workbench/shown-model.ts';
import type { Workbench } from '../../../src/app/workbench/workbench.svelte.ts';
import { catalogModelsOf } from '../../../src/lib/catalog/model-catalog.ts';
import { GlassboxError } from '../../../src/lib/errors.ts';

interface FakeRun {
  backend: string;
  source: Blob | ImageBitmap;
  timings: { inferenceMs: number };
}

/** Sample fetches answer with a blob naming the file; fetches of a held file wait until let go. */
function fakeSamples(): { fetched: string[]; hold: (file: string) => () => void } {
  const fetched: string[] = [];
  const held = new Map<string, Promise<void>>();
  vi.stubGlobal('fetch', async (url: string) => {
    const file = url.split('/').pop() ?? '';
    fetched.push(file);
    await held.get(file);
    return new Response(new Blob([file]));
  });
  return {
    fetched,
    hold: (file) => {
      let letGo: () => void = () => {};
      held.set(file, new Promise((resolve) => (letGo = resolve)));
      return letGo;
    },
  };
}

/** A workbench whose one worker loads anything and answers each run (or throws `failWith`). */
function fakeWorkbench(info: Record<string, unknown> = {}): {
  workbench: Workbench;
  runs: FakeRun[];
  released: string[];
  failWith: { error: unknown };
} {
  const runs: FakeRun[] = [];
  const released: string[] = [];
  const failWith: { error: unknown } = { error: null };
  const service = {
    load: async (_task: string, location: { key: string }, backend: string) => ({
      backend,
      wasmThreads: 1,
      info: { modelKey: location.key, labels: [], ...info },
      timings: {},
      reused: false,
    }),
    run: async (backend: string, source: Blob | ImageBitmap) => {
      if (failWith.error) throw failWith.error;
      const run = { backend, source, timings: { inferenceMs: 1 } };
      runs.push(run);
      return run;
    },
    /** The detection view's own call (DetectionPlayground). */
    detectImage: (_key: string, backend: string, source: Blob | ImageBitmap) => service.run(backend, source),
  };
  const runtime = {
    onEnded: () => undefined,
    useThreads: async () => undefined,
    load: <T>(task: (s: typeof service) => Promise<T>) => task(service),
    run: <T>(task: (s: typeof service) => Promise<T>) => task(service),
    call: <T>(task: (s: typeof service) => Promise<T>) => task(service),
  };
  const workbench = {
    runtimeFor: () => runtime,
    release: (_task: string, key: string) => released.push(key),
  } as unknown as Workbench;
  return { workbench, runs, released, failWith };
}

const DETECTORS = catalogModelsOf('object-detection');
const nanodet = DETECTORS.find((entry) => entry.id === 'nanodet-coco');
const shapes = DETECTORS.find((entry) => entry.id === 'shapes-yolov8');
if (!nanodet || !shapes) throw new Error('the catalog lost its embedded detectors');

function spec(firstSampleOnOpen: boolean): ImageTask<'object-detection', FakeRun> {
  return {
    task: 'object-detection',
    viewLabel: 'Detect objects',
    models: DETECTORS,
    noModel: { message: 'none', remedy: 'add one' },
    firstSampleOnOpen,
    run: (service, _key, backend, source) =>
      (service as unknown as { run: (b: string, s: Blob | ImageBitmap) => Promise<FakeRun> }).run(
        backend,
        source,
      ),
  };
}

beforeEach(() => {
  vi.stubGlobal('document', { baseURI: 'http://localhost/' });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('ImagePlayground', () => {
  it('shows the first suited sample with no click, and runs the same image again on a backend switch and a reload', async () => {
    const { fetched } = fakeSamples();
    const { workbench, runs } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    await playground.loadAndShowSample();
    expect(fetched).toEqual(['chelsea.jpg']);
    expect(playground.sample).toBe('chelsea.jpg');
    expect(playground.inferenceCount).toBe(1);
    expect(playground.runTarget).toMatchObject({ task: 'object-detection', viewLabel: 'Detect objects' });

    await playground.selectBackend('webgpu');
    await playground.reload();
    expect(runs.map((run) => run.backend)).toEqual(['wasm', 'webgpu', 'webgpu']);
    expect(new Set(runs.map((run) => run.source)).size).toBe(1);
    expect(fetched).toHaveLength(1);
    expect(playground.inferenceCount).toBe(3);
  });

  it('swaps a sample drawn for another model, keeps a user’s image, and releases the model before', async () => {
    const { fetched } = fakeSamples();
    const { workbench, runs, released } = fakeWorkbench({ scoreThreshold: 0.2, iouThreshold: 0.6 });
    const playground = new DetectionPlayground(workbench);
    await playground.loadAndShowSample();
    playground.toggleClass(3);

    await playground.open(shownCatalogModel(shapes));
    expect(released).toEqual([shownCatalogModel(nanodet).location.key]);
    expect(playground.sample).toBe('shapes-1.png');
    expect(fetched).toEqual(['chelsea.jpg', 'shapes-1.png']);
    // The detector's own: no class hidden, its default thresholds.
    expect(playground.hiddenClasses).toEqual([]);
    expect([playground.scoreThreshold, playground.iouThreshold]).toEqual([0.2, 0.6]);

    const file = new File(['mine'], 'mine.png', { type: 'image/png' });
    await playground.openFile(file);
    expect(playground.sample).toBeNull();
    await playground.selectModel('nanodet-coco');
    expect(runs.at(-1)?.source).toBe(file);
    expect(fetched).toHaveLength(2);
    expect(playground.runStatus.kind).toBe('done');
    expect(playground.inferenceCount).toBe(4);
  });

  it('runs a link’s sample once when the view’s first sample is that very file, and opens any other', async () => {
    const { fetched } = fakeSamples();
    const { workbench, runs } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    await playground.loadAndShowSample();
    await playground.showSample('chelsea.jpg');
    expect(fetched).toEqual(['chelsea.jpg']);
    expect(runs).toHaveLength(1);
    const other = 'astronaut.jpg';
    await playground.showSample(other);
    expect(fetched).toEqual(['chelsea.jpg', other]);
    expect(playground.sample).toBe(other);
    expect(runs).toHaveLength(2);
  });

  it('runs only a link’s other sample when the link named it before its model opened', async () => {
    const { fetched } = fakeSamples();
    const { workbench, runs } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    playground.awaitSample('astronaut.jpg');
    await playground.loadAndShowSample();
    expect(runs).toHaveLength(0);
    await playground.showSample('astronaut.jpg');
    expect(fetched).toEqual(['astronaut.jpg']);
    expect(runs).toHaveLength(1);
    // Withdrawn (the link's model did not open here): the view's first sample shows again.
    const fresh = new ImagePlayground(fakeWorkbench().workbench, spec(false));
    fresh.awaitSample('astronaut.jpg');
    fresh.awaitSample(null);
    await fresh.loadAndShowSample();
    expect(fresh.sample).toBe('chelsea.jpg');
  });

  it('never lets the first sample replace a sample being fetched', async () => {
    const { fetched, hold } = fakeSamples();
    const { workbench } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    await playground.slot.load();
    const letGo = hold('coffee.jpg');
    const asked = playground.openSample('coffee.jpg');
    await playground.showFirstSample();
    letGo();
    await asked;
    expect(fetched).toEqual(['coffee.jpg']);
    expect(playground.sample).toBe('coffee.jpg');
  });

  it('shows a newly opened model’s first sample only where the task asks for it', async () => {
    for (const firstSampleOnOpen of [false, true]) {
      const { fetched } = fakeSamples();
      const { workbench } = fakeWorkbench();
      const playground = new ImagePlayground(workbench, spec(firstSampleOnOpen));
      await playground.open(shownCatalogModel(shapes));
      expect(fetched).toEqual(firstSampleOnOpen ? ['shapes-1.png'] : []);
    }
  });

  it('tells a failed run with its reason, and a stopped run as nothing at all', async () => {
    fakeSamples();
    const { workbench, failWith } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    await playground.slot.load();
    failWith.error = new GlassboxError({ code: 'image-invalid', message: 'bad', remedy: 'another' });
    await playground.openSample('coffee.jpg');
    expect(playground.runStatus).toMatchObject({ kind: 'failed', error: { code: 'image-invalid' } });
    failWith.error = new GlassboxError({ code: 'run-stopped', message: 'stopped', remedy: 'run again' });
    await playground.openSample('coffee.jpg');
    expect(playground.runStatus.kind).toBe('none');
    expect(playground.inferenceCount).toBe(0);
  });

  it('says the sample could not be loaded when its fetch fails', async () => {
    vi.stubGlobal('fetch', async () => new Response('', { status: 404 }));
    const { workbench } = fakeWorkbench();
    const playground = new ImagePlayground(workbench, spec(false));
    await playground.slot.load();
    await playground.openSample('gone.png');
    expect(playground.runStatus).toMatchObject({
      kind: 'failed',
      error: {
        code: 'fetch-failed',
        message: 'The sample image gone.png could not be loaded.',
        detail: 'HTTP 404',
      },
    });
  });
});
