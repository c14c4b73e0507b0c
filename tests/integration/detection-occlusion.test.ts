// Occlusion maps with real ONNX Runtime (WASM in Node) on the shapes detector: hiding the detected
// object lowers its score more than hiding background, the map covers the grid, and Cancel stops it.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { iou } from '../../src/lib/tasks/object-detection/boxes.ts';
import { filterDetections } from '../../src/lib/tasks/object-detection/filter-detections.ts';
import type { OcclusionMapRun } from '../../src/contracts/inference.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const service = nodeInferenceService();

async function loadedTopDetection(id: string, sample: string) {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  await service.load('object-detection', embeddedLocation(entry, REPO_ORIGIN + entry.folder), 'wasm');
  const image = readRgbaImage(resolve(REPO_ROOT, 'public/samples', sample));
  const run = await service.detectPixels(`embedded:${id}`, 'wasm', image);
  const [top] = filterDetections(run.candidates, {
    scoreThreshold: 0.35,
    iouThreshold: 0.45,
    maxDetections: 10,
  });
  if (!top) throw new Error(`${id} found nothing on ${sample}`);
  return { key: `embedded:${id}`, image, top };
}

/** Mean drop of the patches inside the box versus those that do not touch it. */
function insideVersusOutside(map: OcclusionMapRun, box: { x1: number; y1: number; x2: number; y2: number }) {
  const inside: number[] = [];
  const outside: number[] = [];
  map.patches.forEach((patch, i) => {
    const cell = { x1: patch.x, y1: patch.y, x2: patch.x + patch.width, y2: patch.y + patch.height };
    const overlap = iou(cell, box);
    const cx = patch.x + patch.width / 2;
    const cy = patch.y + patch.height / 2;
    if (cx > box.x1 && cx < box.x2 && cy > box.y1 && cy < box.y2) inside.push(map.drops[i] ?? 0);
    else if (overlap === 0) outside.push(map.drops[i] ?? 0);
  });
  const mean = (values: number[]): number => values.reduce((s, v) => s + v, 0) / values.length;
  return { inside: mean(inside), outside: mean(outside), insideCount: inside.length };
}

describe('occlusion maps on WASM', () => {
  it('shapes-yolov8: hiding the shape lowers its score more than hiding background (8 × 8)', async () => {
    const { key, image, top } = await loadedTopDetection('shapes-yolov8', 'shapes-1.png');
    const progress: number[] = [];
    const map = await service.occlusionMapPixels(key, 'wasm', image, top, 8, (done) => progress.push(done));
    expect(map.patches).toHaveLength(64);
    expect(map.drops).toHaveLength(64);
    expect(Math.abs(map.baseline - top.score)).toBeLessThan(1e-5);
    expect(map.modelRuns).toBe(1 + Math.ceil(64 / map.batchSize));
    expect(progress.at(-1)).toBe(64);
    const { inside, outside, insideCount } = insideVersusOutside(map, top.box);
    expect(insideCount).toBeGreaterThan(0);
    expect(inside).toBeGreaterThan(outside + 0.05);
    const best = map.drops.indexOf(Math.max(...map.drops));
    const patch = map.patches[best];
    expect(
      patch &&
        iou({ x1: patch.x, y1: patch.y, x2: patch.x + patch.width, y2: patch.y + patch.height }, top.box),
    ).toBeGreaterThan(0);
  });

  it('stops between runs when cancelled, with a typed error', async () => {
    const { key, image, top } = await loadedTopDetection('shapes-yolov8', 'shapes-1.png');
    let cancelled = 0;
    const map = service.occlusionMapPixels(key, 'wasm', image, top, 8, (done) => {
      if (done > 0 && cancelled === 0) cancelled = service.cancelExplanations();
    });
    await expect(map).rejects.toMatchObject({ code: 'explain-cancelled' });
    expect(cancelled).toBe(1);
    expect(service.cancelExplanations()).toBe(0);
  });
});
