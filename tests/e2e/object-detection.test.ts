// End to end in headless Chromium: object detection on WASM and WebGPU, instant re-filtering, bad files.
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { hugeGrayscalePng } from './huge-png.ts';
import { inferenceCount, openDetection, readBoxes, setSlider, waitForRun } from './pages/detection-page.ts';

const baseUrl = inject('baseUrl');
const SAMPLES = resolve(import.meta.dirname, '../../public/samples');

describe('object detection', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of the page or its workers.
  const browser = useBrowser({ webgpu: true });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await openDetection(page, baseUrl);
  });

  it('shows a sample with its boxes without a click, box labels inside the picture', async () => {
    expect(await page.getAttribute('[data-testid="sample-chelsea.jpg"]', 'aria-pressed')).toBe('true');
    expect((await readBoxes(page)).map((b) => b.label)).toContain('cat');
    // Only photos are offered to the COCO detector; the drawn shapes belong to the shapes model.
    expect(await page.$('[data-testid="sample-shapes-1.png"]')).toBeNull();
    await expectLabelsInsideImage(page);
    await page.setViewportSize({ width: 390, height: 844 });
    await expectLabelsInsideImage(page);
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('finds the cat in an uploaded photo and draws its box', async () => {
    const before = await inferenceCount(page);
    await page.setInputFiles('[data-testid="image-file"]', resolve(SAMPLES, 'chelsea.jpg'));
    await waitForRun(page, before + 1);
    const boxes = await readBoxes(page);
    expect(boxes.map((b) => b.label)).toContain('cat');
    const cat = boxes.find((b) => b.label === 'cat');
    // Chelsea fills most of the 451 × 300 photo.
    expect(cat?.box[2] ?? 0).toBeGreaterThan(300);
    expect(await page.$('[data-testid="input-preview"]')).not.toBeNull();
    expect(await page.textContent('[data-testid="detection-latency"]')).toMatch(
      /preprocessing .* inference .* post-processing/,
    );
  });

  it('re-filters by score, IoU and class without running the model again', async () => {
    const runs = await inferenceCount(page);
    await setSlider(page, 'score-threshold', 0.05);
    const many = (await readBoxes(page)).length;
    await setSlider(page, 'score-threshold', 0.95);
    expect((await readBoxes(page)).length).toBeLessThan(Math.max(1, many));
    // Nothing passes 95 % on this photo: the view names the best candidate and the threshold.
    expect((await page.textContent('[data-testid="no-detections"]'))?.replace(/\s+/g, ' ')).toMatch(
      /threshold of 95\.0%: the best candidate is cat at \d+\.\d%/,
    );
    await setSlider(page, 'score-threshold', 0.05);
    await setSlider(page, 'iou-threshold', 0.95);
    expect((await readBoxes(page)).length).toBeGreaterThanOrEqual(many);
    await setSlider(page, 'iou-threshold', 0.45);
    await setSlider(page, 'score-threshold', 0.35);
    await page.uncheck('[data-testid="class-cat"]');
    expect((await readBoxes(page)).map((b) => b.label)).not.toContain('cat');
    await page.check('[data-testid="class-cat"]');
    expect((await readBoxes(page)).map((b) => b.label)).toContain('cat');
    expect(await inferenceCount(page)).toBe(runs);
  });

  it('gives the same detections on WebGPU as on WASM (shapes detector, small enough for SwiftShader)', async () => {
    const before = await inferenceCount(page);
    await page.selectOption('[data-testid="detector-select"]', 'shapes-yolov8');
    // Choosing another detector runs it on the image already open.
    await waitForRun(page, before + 1);
    const runs = await inferenceCount(page);
    await page.click('[data-testid="sample-shapes-1.png"]');
    await waitForRun(page, runs + 1);
    const wasm = await readBoxes(page);
    expect(wasm.map((b) => b.label).sort()).toEqual(['circle', 'circle', 'square', 'star']);
    await page.check('[data-testid="backend-webgpu"]:visible');
    await waitForRun(page, runs + 2);
    expect(await page.textContent('[data-testid="detection-latency"]')).toContain('WebGPU');
    const webgpu = await readBoxes(page);
    expect(webgpu.map((b) => b.label)).toEqual(wasm.map((b) => b.label));
    webgpu.forEach((box, i) => {
      expect(Math.abs(box.score - (wasm[i]?.score ?? NaN))).toBeLessThan(1e-3);
      box.box.forEach((v, j) => expect(Math.abs(v - (wasm[i]?.box[j] ?? NaN))).toBeLessThan(1));
    });
    await page.check('[data-testid="backend-wasm"]:visible');
    await waitForRun(page, runs + 3);
  });

  it('explains a file that is not an image and stays usable', async () => {
    const runs = await inferenceCount(page);
    await page.setInputFiles('[data-testid="image-file"]', {
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('this is not a picture'),
    });
    const error = await page.waitForSelector('[data-error-code="image-invalid"]');
    expect(await error.textContent()).toContain('could not be decoded as an image');
    // The shapes detector is still chosen, so its own samples are offered.
    await page.click('[data-testid="sample-shapes-2.png"]');
    await waitForRun(page, runs + 1);
    expect(await page.$('[data-error-code="image-invalid"]')).toBeNull();
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Every box label's rectangle lies inside the image's rectangle on screen (1 px tolerance for rounding). */
async function expectLabelsInsideImage(page: Page): Promise<void> {
  const { image, labels } = await page.$eval('[data-testid="detection-boxes"]', (svg) => ({
    image: svg.getBoundingClientRect().toJSON() as DOMRect,
    labels: [...svg.querySelectorAll('[data-testid="box-label"]')].map(
      (rect) => rect.getBoundingClientRect().toJSON() as DOMRect,
    ),
  }));
  expect(labels.length).toBeGreaterThan(0);
  for (const label of labels) {
    expect(label.left).toBeGreaterThanOrEqual(image.left - 1);
    expect(label.top).toBeGreaterThanOrEqual(image.top - 1);
    expect(label.right).toBeLessThanOrEqual(image.right + 1);
    expect(label.bottom).toBeLessThanOrEqual(image.bottom + 1);
    // Sized in screen pixels: legible at any image size.
    expect(label.height).toBeGreaterThan(16);
    expect(label.height).toBeLessThan(26);
  }
}

describe('object detection with unusual images and the webcam', () => {
  const browser = useBrowser({ webgpu: false, camera: 'fake' });

  it('downscales a 10,000 × 10,000 grayscale image in the worker and still draws in its pixels', async () => {
    const page = await browser.newPage();
    await openDetection(page, baseUrl);
    const runs = await inferenceCount(page);
    await page.setInputFiles('[data-testid="image-file"]', {
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: hugeGrayscalePng(10_000),
    });
    await waitForRun(page, runs + 1);
    expect(await page.$('[role="alert"]')).toBeNull();
    // The boxes are drawn in the original image's coordinates.
    expect(await page.getAttribute('[data-testid="detection-boxes"]', 'viewBox')).toBe('0 0 10000 10000');
    // A black picture: nothing to list, and the view says so instead of an empty list.
    expect(await page.textContent('[data-testid="no-detections"]')).toMatch(
      /no candidate at all|best candidate/,
    );
    await page.close();
  });

  it('runs a live webcam loop with frames per second, and stops cleanly', async () => {
    const page = await browser.newPage();
    await openDetection(page, baseUrl);
    const runs = await inferenceCount(page);
    await page.click('[data-testid="webcam-toggle"]');
    const started = Date.now();
    await waitForRun(page, runs + 3);
    // How long three frames took on this machine now (seconds when it is busy).
    const threeFramesMs = Date.now() - started;
    expect(await page.textContent('[data-testid="webcam-fps"]')).toMatch(/\d+(\.\d)? frames\/s/);
    await page.click('[data-testid="webcam-toggle"]');
    expect(await page.textContent('[data-testid="webcam-toggle"]')).toBe('Webcam');
    const stopped = await inferenceCount(page);
    // Nothing to wait for when nothing happens: watch for as long as three frames took (at least 1 s), so
    // a loop that went on would have counted frames on a busy machine too.
    await page.waitForTimeout(Math.max(1000, threeFramesMs));
    // At most the frame that was in flight when Stop was pressed finishes.
    expect(await inferenceCount(page)).toBeLessThanOrEqual(stopped + 1);
    expect(
      await page.evaluate(() => (document.querySelector('video') as HTMLVideoElement).srcObject),
    ).toBeNull();
    await page.close();
  });
});

describe('object detection without camera access', () => {
  const browser = useBrowser({ webgpu: false, camera: 'denied' });

  it('explains denied camera access', async () => {
    const page = await browser.newPage();
    await openDetection(page, baseUrl);
    await page.click('[data-testid="webcam-toggle"]');
    const error = await page.waitForSelector('[data-error-code="webcam-unavailable"]');
    expect(await error.textContent()).toMatch(/denied|No camera/);
  });
});
