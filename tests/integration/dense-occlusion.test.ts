// Occlusion maps for segmentation and depth with real ONNX Runtime (WASM in Node) on the embedded shapes
// models: the map has one drop per patch of the grid; hiding the shape a class sits on lowers that class's
// score more than hiding background; hiding the region whose depth is measured changes it more than
// hiding patches away from it; Cancel stops a map between runs.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { CENTRE_THIRD, regionMeanDepth } from '../../src/lib/explain/depth-region.ts';
import { classArea, classMask, classMeanProbability } from '../../src/lib/explain/segment-score.ts';
import type { OcclusionPatch } from '../../src/lib/explain/image-occlusion.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const service = nodeInferenceService();

async function loaded(id: string, task: 'semantic-segmentation' | 'depth-estimation'): Promise<string> {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
  await service.load(task, location, 'wasm');
  return location.key;
}

const sample = (file: string) => readRgbaImage(resolve(REPO_ROOT, 'public/samples', file));
const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;

/** The patch as fractions of the input (the dense models' input covers the whole image). */
function fractions(patch: OcclusionPatch, inputWidth: number, inputHeight: number) {
  return {
    x0: patch.x / inputWidth,
    y0: patch.y / inputHeight,
    x1: (patch.x + patch.width) / inputWidth,
    y1: (patch.y + patch.height) / inputHeight,
  };
}

describe('segmentation occlusion on WASM', () => {
  it('shapes-segmenter: hiding the shape lowers its class’s probability more than hiding background', async () => {
    const key = await loaded('shapes-segmenter', 'semantic-segmentation');
    const image = sample('segment-1.png');
    const run = await service.segmentImage(key, 'wasm', image);
    const shape = run.legend.find((entry) => entry.label !== 'background');
    if (!shape) throw new Error('the sample shows no shape');
    const progress: number[] = [];
    const target = { classIndex: shape.index, measure: 'probability' as const };
    const map = await service.segmentOcclusionImage(key, 'wasm', image, target, 8, (done) =>
      progress.push(done),
    );
    expect(map.patches).toHaveLength(64);
    expect(map.drops).toHaveLength(64);
    expect([map.inputWidth, map.inputHeight, map.mapWidth, map.mapHeight]).toEqual([96, 96, 24, 24]);
    expect(map.modelRuns).toBe(1 + Math.ceil(64 / map.batchSize));
    expect(progress.at(-1)).toBe(64);

    // The baseline is the view's own run, scored by the pure functions.
    const logits = { data: run.logits, channels: 5, height: 24, width: 24 };
    const mask = classMask(logits, shape.index);
    expect(map.classCells).toBe(mask.reduce((s, v) => s + v, 0));
    expect(map.baseline).toBeCloseTo(classMeanProbability(logits, shape.index, mask), 5);

    // The share of each patch the class covers in the view's class map.
    const cover = map.patches.map((patch) => {
      const f = fractions(patch, map.inputWidth, map.inputHeight);
      let on = 0;
      let all = 0;
      for (let y = Math.floor(f.y0 * run.height); y < Math.ceil(f.y1 * run.height); y++) {
        for (let x = Math.floor(f.x0 * run.width); x < Math.ceil(f.x1 * run.width); x++) {
          all++;
          if (run.classes[y * run.width + x] === shape.index) on++;
        }
      }
      return on / all;
    });
    const onShape = map.drops.filter((_, i) => (cover[i] ?? 0) > 0.5);
    const offShape = map.drops.filter((_, i) => cover[i] === 0);
    expect(onShape.length).toBeGreaterThan(0);
    expect(offShape.length).toBeGreaterThan(0);
    expect(mean(onShape)).toBeGreaterThan(mean(offShape) + 0.1);
    expect(Math.max(...onShape)).toBeGreaterThan(Math.max(...offShape));

    // The area measure: its baseline is the class's share of the 24 × 24 grid.
    const area = await service.segmentOcclusionImage(key, 'wasm', image, { ...target, measure: 'area' }, 4);
    expect(area.baseline).toBeCloseTo(classArea(logits, shape.index), 6);
    expect(area.drops).toHaveLength(16);
    expect(Math.max(...area.drops)).toBeGreaterThan(0);
  });

  it('refuses a class the model does not have, in a sentence', async () => {
    const key = await loaded('shapes-segmenter', 'semantic-segmentation');
    await expect(
      service.segmentOcclusionImage(
        key,
        'wasm',
        sample('segment-1.png'),
        { classIndex: 9, measure: 'area' },
        4,
      ),
    ).rejects.toMatchObject({ message: "Class 9 is not one of the model's 5 classes." });
  });
});

describe('depth occlusion on WASM', () => {
  it('shapes-depth: hiding the centre third changes its mean depth more than hiding patches away from it', async () => {
    const key = await loaded('shapes-depth', 'depth-estimation');
    const image = sample('depth-1.png');
    const run = await service.estimateDepth(key, 'wasm', image);
    const map = await service.depthOcclusionImage(key, 'wasm', image, CENTRE_THIRD, 6);
    expect(map.drops).toHaveLength(36);
    expect([map.mapWidth, map.mapHeight]).toEqual([24, 24]);
    expect(map.region).toEqual(CENTRE_THIRD);
    expect(map.largerIsNearer).toBe(true);
    expect(map.depthSpan).toBeGreaterThan(0);
    expect(map.baseline).toBeCloseTo(regionMeanDepth(run.modelDepth, 24, 24, CENTRE_THIRD), 5);

    const inside: number[] = [];
    const away: number[] = [];
    map.patches.forEach((patch, i) => {
      const f = fractions(patch, map.inputWidth, map.inputHeight);
      const change = Math.abs(map.drops[i] ?? 0);
      const cx = (f.x0 + f.x1) / 2;
      const cy = (f.y0 + f.y1) / 2;
      if (cx > 1 / 3 && cx < 2 / 3 && cy > 1 / 3 && cy < 2 / 3) inside.push(change);
      else if (f.x1 <= 1 / 6 || f.x0 >= 5 / 6 || f.y1 <= 1 / 6 || f.y0 >= 5 / 6) away.push(change);
    });
    expect(inside.length).toBe(4);
    expect(away.length).toBeGreaterThan(0);
    expect(mean(inside)).toBeGreaterThan(2 * mean(away));
  });

  it('stops between runs when cancelled, with a typed error', async () => {
    const key = await loaded('shapes-depth', 'depth-estimation');
    let cancelled = 0;
    const map = service.depthOcclusionImage(key, 'wasm', sample('depth-1.png'), CENTRE_THIRD, 8, (done) => {
      if (done > 0 && cancelled === 0) cancelled = service.cancelExplanations();
    });
    await expect(map).rejects.toMatchObject({ code: 'explain-cancelled' });
    expect(cancelled).toBe(1);
    expect(service.cancelExplanations()).toBe(0);
  });
});
