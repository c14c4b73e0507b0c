// End to end in headless Chromium: object detection on WASM and WebGPU, instant re-filtering, bad files.
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, trackPageErrors } from './browser.ts';
import { inferenceCount, openDetection, readBoxes, setSlider, waitForRun } from './detection-page.ts';

const baseUrl = inject('baseUrl');
const SAMPLES = resolve(import.meta.dirname, '../../public/samples');

describe('object detection', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: true });
    page = await browser.newPage();
    pageErrors = trackPageErrors(page);
    await openDetection(page, baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
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
    await page.click('[data-testid="sample-coffee.jpg"]');
    await waitForRun(page, runs + 1);
    expect(await page.$('[data-error-code="image-invalid"]')).toBeNull();
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
