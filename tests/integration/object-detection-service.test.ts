// The inference service on the embedded detectors with real ONNX Runtime (WASM backend in Node): the
// detections on the sample photos match the model recipe's reference run and are where the objects are.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { iou, type Box } from '../../src/lib/tasks/object-detection/boxes.ts';
import {
  filterDetections,
  toSourceDetections,
} from '../../src/lib/tasks/object-detection/filter-detections.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

interface ReferenceDetection {
  label: string;
  score: number;
  box: [number, number, number, number];
}

interface ReferenceImage {
  file: string;
  detections: ReferenceDetection[];
}

function toBox([x1, y1, x2, y2]: readonly number[]): Box {
  return { x1: x1 ?? 0, y1: y1 ?? 0, x2: x2 ?? 0, y2: y2 ?? 0 };
}

describe.each(['nanodet-coco', 'shapes-yolov8'])('%s on WASM', (id) => {
  const entry = catalogEntry(id);
  if (!entry) throw new Error(`${id} is not in the catalog`);
  const referencePath = resolve(REPO_ROOT, entry.folder, 'reference.json');
  const reference = JSON.parse(readFileSync(referencePath, 'utf8')) as {
    images: ReferenceImage[];
    postprocess?: { scoreThreshold?: number; iouThreshold?: number };
  };
  const inference = nodeInferenceService();

  it('loads and reads its input size and classes', async () => {
    const loaded = await inference.load(
      'object-detection',
      embeddedLocation(entry, REPO_ORIGIN + entry.folder),
      'wasm',
    );
    expect(loaded.info.labels.length).toBeGreaterThan(0);
    expect(loaded.info.inputs[0]?.dtype).toBe('float32');
  });

  it.each(reference.images.map((image) => [image.file, image] as const))(
    'finds on %s what the recipe found',
    async (file, expected) => {
      const path = resolve(REPO_ROOT, 'public/samples', file);
      expect(existsSync(path)).toBe(true);
      const loaded = await inference.load(
        'object-detection',
        embeddedLocation(entry, REPO_ORIGIN + entry.folder),
        'wasm',
      );
      const run = await inference.detectPixels(`embedded:${entry.id}`, 'wasm', readRgbaImage(path));
      const kept = filterDetections(run.candidates, {
        scoreThreshold: reference.postprocess?.scoreThreshold ?? loaded.info.scoreThreshold,
        iouThreshold: reference.postprocess?.iouThreshold ?? loaded.info.iouThreshold,
        maxDetections: 100,
        nmsFree: run.layout.nmsFree,
      });
      const found = toSourceDetections(kept, run.transform);
      expect(found.length).toBe(expected.detections.length);
      for (const want of expected.detections) {
        const match = found.find(
          (d) => loaded.info.labels[d.classIndex] === want.label && iou(d.box, toBox(want.box)) > 0.9,
        );
        expect(match, `${want.label} at ${want.box.join(',')}`).toBeDefined();
        expect(Math.abs((match?.score ?? 0) - want.score)).toBeLessThan(0.02);
      }
    },
  );
});

interface GroundTruth {
  image: string;
  objects: Array<{ label: string; box: [number, number, number, number] }>;
}

describe('shapes-yolov8 on generated images', () => {
  const entry = catalogEntry('shapes-yolov8');
  if (!entry) throw new Error('shapes-yolov8 is not in the catalog');
  const inference = nodeInferenceService();

  it.each(['shapes-1.json', 'shapes-2.json'])(
    'recovers every drawn shape of %s (IoU > 0.5)',
    async (file) => {
      const truth = JSON.parse(
        readFileSync(resolve(REPO_ROOT, 'public/samples', file), 'utf8'),
      ) as GroundTruth;
      const loaded = await inference.load(
        'object-detection',
        embeddedLocation(entry, REPO_ORIGIN + entry.folder),
        'wasm',
      );
      const run = await inference.detectPixels(
        `embedded:${entry.id}`,
        'wasm',
        readRgbaImage(resolve(REPO_ROOT, 'public/samples', truth.image)),
      );
      const found = toSourceDetections(
        filterDetections(run.candidates, { scoreThreshold: 0.35, iouThreshold: 0.45, maxDetections: 100 }),
        run.transform,
      );
      for (const object of truth.objects) {
        const match = found.find(
          (d) => loaded.info.labels[d.classIndex] === object.label && iou(d.box, toBox(object.box)) > 0.5,
        );
        expect(match, `${object.label} at ${object.box.join(',')}`).toBeDefined();
      }
      expect(found.length).toBe(truth.objects.length);
    },
  );
});
