// The segmentation and depth views' occlusion controllers (src/app/dense/dense-occlusion.svelte.ts) on a
// fake view worker: the default class is the legend's first that is not background, the map is kept only
// for the image and choice it explains, a new run of the view cancels a map in flight (its late answer is
// dropped, nothing is said), a webcam frame is refused in a sentence, and a region is kept inside the image.
import { describe, expect, it } from 'vitest';
import { DepthOcclusion, SegmentOcclusion } from '../../../src/app/dense/dense-occlusion.svelte.ts';
import type { AnyImagePlayground } from '../../../src/app/workbench/image-playground.svelte.ts';
import { CENTRE_THIRD } from '../../../src/lib/explain/depth-region.ts';
import type { LegendEntry } from '../../../src/lib/tasks/semantic-segmentation/class-map.ts';

const LEGEND: LegendEntry[] = [
  { index: 0, label: 'background', share: 0.7, pixels: 70 },
  { index: 3, label: 'triangle', share: 0.2, pixels: 20 },
  { index: 1, label: 'circle', share: 0.1, pixels: 10 },
];

/** A playground whose worker answers each map when the test lets it go. */
function fakePlayground() {
  const calls: Array<{ method: string; args: unknown[]; answer: (value: unknown) => void }> = [];
  let cancels = 0;
  const service = {
    segmentOcclusionImage: (...args: unknown[]) =>
      new Promise((answer) => calls.push({ method: 'segment', args, answer })),
    depthOcclusionImage: (...args: unknown[]) =>
      new Promise((answer) => calls.push({ method: 'depth', args, answer })),
    cancelExplanations: async () => ++cancels,
  };
  const playground = {
    slot: { loaded: { info: { modelKey: 'embedded:shapes-segmenter' }, backend: 'wasm' } },
    source: new Blob(['image']),
    image: { url: 'blob:one', name: 'one.png', revoke: false },
    webcam: { active: false },
    runtime: {
      run: <T>(task: (s: typeof service, beat: () => void) => Promise<T>) => task(service, () => {}),
      call: <T>(task: (s: typeof service) => Promise<T>) => task(service),
    },
  };
  return { playground, calls, cancels: () => cancels };
}

const host = (playground: unknown) => playground as AnyImagePlayground;

describe('the segmentation occlusion controller', () => {
  it('explains the legend’s first class that is not background, and keeps the map for that choice only', async () => {
    const { playground, calls } = fakePlayground();
    const occlusion = new SegmentOcclusion(host(playground), () => LEGEND);
    expect(occlusion.target).toEqual({ classIndex: 3, measure: 'probability' });
    occlusion.grid = 4;
    const running = occlusion.run();
    expect(occlusion.status).toEqual({ kind: 'running', done: 0, total: 16 });
    expect(calls[0]?.args.slice(0, 5)).toEqual([
      'embedded:shapes-segmenter',
      'wasm',
      playground.source,
      { classIndex: 3, measure: 'probability' },
      4,
    ]);
    const map = { target: { classIndex: 3, measure: 'probability' } };
    calls[0]?.answer(map);
    await running;
    expect(occlusion.map).toBe(map);
    occlusion.measure = 'area';
    expect(occlusion.map).toBeNull();
    occlusion.measure = 'probability';
    occlusion.choose(1);
    expect(occlusion.map).toBeNull();
    occlusion.choose(3);
    expect(occlusion.map).toBe(map);
    playground.image = { url: 'blob:two', name: 'two.png', revoke: false };
    expect(occlusion.map).toBeNull();
  });

  it('a new run of the view cancels the map in flight; its late answer is dropped without a word', async () => {
    const { playground, calls, cancels } = fakePlayground();
    const occlusion = new SegmentOcclusion(host(playground), () => LEGEND);
    occlusion.choose(1);
    const running = occlusion.run();
    await occlusion.supersede();
    expect(cancels()).toBe(1);
    expect(occlusion.status).toEqual({ kind: 'none' });
    // The new image's legend decides the class again.
    expect(occlusion.classIndex).toBe(3);
    calls[0]?.answer({ target: { classIndex: 1, measure: 'probability' } });
    await running;
    expect(occlusion.status).toEqual({ kind: 'none' });
    // Nothing in flight: nothing to cancel.
    await occlusion.supersede();
    expect(cancels()).toBe(1);
  });

  it('keeps the chosen class over a rerun with the same model while the legend has it, not over a new model', async () => {
    const { playground } = fakePlayground();
    let legend = LEGEND;
    const occlusion = new SegmentOcclusion(host(playground), () => legend);
    occlusion.choose(1);
    await occlusion.supersede(true);
    expect(occlusion.classIndex).toBe(1);
    legend = LEGEND.filter((entry) => entry.index !== 1);
    await occlusion.supersede(true);
    expect(occlusion.classIndex).toBe(3);
    legend = LEGEND;
    occlusion.choose(1);
    await occlusion.supersede();
    expect(occlusion.classIndex).toBe(3);
  });

  it('refuses a webcam frame in a sentence', async () => {
    const { playground, calls } = fakePlayground();
    playground.webcam.active = true;
    const occlusion = new SegmentOcclusion(host(playground), () => LEGEND);
    await occlusion.run();
    expect(calls).toHaveLength(0);
    expect(occlusion.status).toMatchObject({
      kind: 'failed',
      error: { message: 'An occlusion map needs a still image; webcam frames change while it runs.' },
    });
  });
});

describe('the depth occlusion controller', () => {
  it('starts on the centre third, keeps a region inside the image, and sends a plain copy of it', async () => {
    const { playground, calls } = fakePlayground();
    const occlusion = new DepthOcclusion(host(playground));
    expect(occlusion.region).toEqual(CENTRE_THIRD);
    occlusion.setRegion({ x: 0.95, y: -1, width: 0.2, height: 0.3 });
    expect(occlusion.region).toEqual({ x: 0.8, y: 0, width: 0.2, height: 0.3 });
    const running = occlusion.run();
    // The region cannot change while its map runs.
    occlusion.setRegion(CENTRE_THIRD);
    expect(calls[0]?.args[3]).toEqual({ x: 0.8, y: 0, width: 0.2, height: 0.3 });
    calls[0]?.answer({ region: { x: 0.8, y: 0, width: 0.2, height: 0.3 } });
    await running;
    expect(occlusion.map).not.toBeNull();
    occlusion.setRegion(CENTRE_THIRD);
    expect(occlusion.map).toBeNull();
  });
});
