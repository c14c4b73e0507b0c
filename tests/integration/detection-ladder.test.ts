// The precision ladder of a detector with real ONNX Runtime (WASM in Node) on the embedded shapes-yolov8:
// the model as loaded against its int8-weights variant made by makeVariant, on the view's two sample
// images — boxes kept with the view's thresholds, "same boxes at IoU ≥ 0.5" in percent — and the
// value-by-value comparison of the detection's last run.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { LadderMeasurement } from '../../src/contracts/ladder.ts';
import { catalogEntry, embeddedLocation } from '../../src/lib/catalog/model-catalog.ts';
import { answersAgreement } from '../../src/lib/variants/agreement.ts';
import { REPO_ORIGIN, REPO_ROOT } from '../support/file-fetch.ts';
import { readRgbaImage } from '../support/images.ts';
import { nodeInferenceService } from '../support/node-service.ts';

const entry = catalogEntry('shapes-yolov8');
if (!entry) throw new Error('shapes-yolov8 is not in the catalog');
const location = embeddedLocation(entry, REPO_ORIGIN + entry.folder);
const images = ['shapes-1.png', 'shapes-2.png'].map((file) =>
  readRgbaImage(resolve(REPO_ROOT, 'public/samples', file)),
);
const filter = { scoreThreshold: 0.35, iouThreshold: 0.45, maxDetections: 300 };

describe('precision ladder on the shapes detector (WASM, Node)', () => {
  const inference = nodeInferenceService();
  const key = location.key;
  let reference: LadderMeasurement;

  it('measures the detector as loaded: its boxes on each sample, compared with itself exactly', async () => {
    await inference.load('object-detection', location, 'wasm');
    const [first] = images;
    if (!first) throw new Error('no sample');
    await inference.detectPixels(key, 'wasm', first);
    reference = await inference.measureDetectionVariant(key, 'wasm', { kind: 'reference' }, images, filter, {
      iterations: 2,
    });
    expect(reference.failure).toBeNull();
    expect(reference.labels).toEqual([]);
    expect(reference.detections).toHaveLength(2);
    // Each sample has drawn shapes the detector finds.
    expect(reference.detections?.every((boxes) => boxes.length > 0)).toBe(true);
    expect(reference.comparison?.values.every((value) => value.snrDb === Number.POSITIVE_INFINITY)).toBe(
      true,
    );
    expect(reference.headroom?.nodes.length).toBeGreaterThan(20);
  });

  it('measures the int8-weights variant: smaller, and the same boxes at IoU ≥ 0.5', async () => {
    const int8 = await inference.measureDetectionVariant(
      key,
      'wasm',
      { kind: 'made', made: 'int8-weights' },
      images,
      filter,
      { iterations: 2 },
    );
    expect(int8.failure).toBeNull();
    expect(int8.sizeBytes).toBeLessThan(reference.sizeBytes * 0.5);
    const agreement = answersAgreement(reference, int8);
    // Measured here: 100 % (4 + 5 boxes on both sides). Weight-only int8 keeps a trained detector's boxes;
    // the bound allows one miss.
    expect(agreement).toBeGreaterThanOrEqual(80);
    expect(int8.comparison?.values.length).toBeGreaterThan(20);
  });
});
