// A link's occlusion map on the segmentation and depth views (src/app/dense/dense-occlusion-link.ts), on a fake
// view worker: the link's grid, class (by label or index) and measure, or region, are set and the map runs;
// a class the model does not have is refused in the map's panel with a sentence and nothing runs; the view's
// link carries the settings only while a map of the image on screen is asked for.
import { describe, expect, it } from 'vitest';
import {
  applyOcclusionLink,
  depthOcclusionLink,
  segmentOcclusionLink,
} from '../../../src/app/dense/dense-occlusion-link.ts';
import type {
  DepthPlayground,
  SegmentationPlayground,
} from '../../../src/app/dense/dense-image-playground.svelte.ts';
import { DepthOcclusion, SegmentOcclusion } from '../../../src/app/dense/dense-occlusion.svelte.ts';
import type { AnyImagePlayground } from '../../../src/app/workbench/image-playground.svelte.ts';

const LABELS = ['background', 'circle', 'square', 'triangle', 'star'];
const LEGEND = [
  { index: 0, label: 'background', share: 0.8, pixels: 80 },
  { index: 2, label: 'square', share: 0.2, pixels: 20 },
];

/** A view with a run shown, whose worker answers each map at once with what it was asked. */
function fakeView(kind: 'segment' | 'depth') {
  const calls: unknown[][] = [];
  const answer = (...args: unknown[]) => {
    calls.push(args);
    return Promise.resolve(
      kind === 'segment' ? { target: args[3] } : { region: args[3] as Record<string, number> },
    );
  };
  const view = {
    model: { location: { key: 'embedded:shapes' } },
    run: { legend: LEGEND },
    runStatus: { kind: 'done' },
    slot: {
      status: { kind: 'ready' },
      loaded: { info: { modelKey: 'embedded:shapes', labels: LABELS }, backend: 'wasm' },
    },
    source: new Blob(['image']),
    image: { url: 'blob:one', name: 'one.png', revoke: false },
    webcam: { active: false },
    runtime: {
      run: <T>(task: (s: unknown, beat: () => void) => Promise<T>) =>
        task({ segmentOcclusionImage: answer, depthOcclusionImage: answer }, () => {}),
      call: async () => undefined,
    },
    occlusion: null as unknown,
  };
  const host = view as unknown as AnyImagePlayground;
  view.occlusion = kind === 'segment' ? new SegmentOcclusion(host, () => LEGEND) : new DepthOcclusion(host);
  return { view, calls };
}

describe('a link’s segmentation occlusion map', () => {
  it('explains the class the link names by label, on its grid, and the view’s link then carries it', async () => {
    const { view, calls } = fakeView('segment');
    const segment = view as unknown as SegmentationPlayground;
    expect(segmentOcclusionLink(segment)).toBeNull();
    await applyOcclusionLink(segment, {
      view: 'segment',
      grid: 4,
      className: { label: 'circle' },
      measure: 'area',
    });
    expect(calls[0]?.slice(3, 5)).toEqual([{ classIndex: 1, measure: 'area' }, 4]);
    expect(segment.occlusion.map).not.toBeNull();
    expect(segmentOcclusionLink(segment)).toEqual({
      view: 'segment',
      grid: 4,
      className: { label: 'circle' },
      measure: 'area',
    });
    // Another image on screen: the map is not of it, and the link no longer asks for one.
    view.image = { url: 'blob:two', name: 'two.png', revoke: false };
    expect(segmentOcclusionLink(segment)).toBeNull();
  });

  it('takes a class by index, and keeps the view’s own choice when the link names none', async () => {
    const byIndex = fakeView('segment');
    await applyOcclusionLink(byIndex.view as unknown as SegmentationPlayground, {
      view: 'segment',
      grid: null,
      className: { index: 4 },
      measure: 'probability',
    });
    expect(byIndex.calls[0]?.slice(3, 5)).toEqual([{ classIndex: 4, measure: 'probability' }, 8]);
    const none = fakeView('segment');
    const segment = none.view as unknown as SegmentationPlayground;
    await applyOcclusionLink(segment, { view: 'segment', grid: 12, className: null, measure: 'probability' });
    expect(none.calls[0]?.slice(3, 5)).toEqual([{ classIndex: 2, measure: 'probability' }, 12]);
    expect(segmentOcclusionLink(segment)).toMatchObject({ className: null, grid: 12 });
  });

  it.each([{ label: 'hexagon' }, { label: '<img src=x onerror=alert(1)>' }, { index: 5 }])(
    'refuses a class the model does not have (%o) in the map’s panel, and runs nothing',
    async (className) => {
      const { view, calls } = fakeView('segment');
      const segment = view as unknown as SegmentationPlayground;
      await applyOcclusionLink(segment, { view: 'segment', grid: 4, className, measure: 'probability' });
      expect(calls).toEqual([]);
      const status = segment.occlusion.status;
      expect(status.kind).toBe('failed');
      if (status.kind !== 'failed') return;
      expect(status.error.message).toMatch(/^The link’s class “.+” is not one of this model’s classes/);
      expect(status.error.remedy).toContain('background, circle, square, triangle, star');
      expect(segmentOcclusionLink(segment)).toBeNull();
    },
  );
});

describe('a link’s depth occlusion map', () => {
  it('explains the region the link names, and the view’s link carries it', async () => {
    const { view, calls } = fakeView('depth');
    const depth = view as unknown as DepthPlayground;
    const region = { x: 0, y: 2 / 3, width: 1 / 3, height: 1 / 3 };
    await applyOcclusionLink(depth, { view: 'depth', grid: 4, region });
    expect(calls[0]?.slice(3, 5)).toEqual([region, 4]);
    expect(depthOcclusionLink(depth)).toEqual({ view: 'depth', grid: 4, region });
  });

  it('does nothing while the view has no run to explain', async () => {
    const { view, calls } = fakeView('depth');
    view.run = null as never;
    view.runStatus = { kind: 'failed' };
    await applyOcclusionLink(view as unknown as DepthPlayground, { view: 'depth', grid: 4, region: null });
    expect(calls).toEqual([]);
  });
});
