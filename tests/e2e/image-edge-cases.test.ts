// End to end in headless Chromium: image files whose decoding the browser changes (greyscale, 16-bit,
// CMYK, EXIF-turned, transparent), each opened through the image view's file input. Each is classified with
// one sentence saying what changed, and the page stays usable. The files come from
// tests/fixtures/image-classification/edge-images/make_edge_images.py.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { classifierRuns, readTopClasses, waitForClassifierRun } from './pages/classify-page.ts';

const baseUrl = inject('baseUrl');
const edgeImage = (name: string): Buffer =>
  readFileSync(resolve(import.meta.dirname, '../fixtures/image-classification/edge-images', name));

const CASES: Array<{ file: string; mimeType: string; note: RegExp }> = [
  { file: 'greyscale.png', mimeType: 'image/png', note: /^A greyscale image/ },
  { file: 'greyscale-16bit.png', mimeType: 'image/png', note: /16-bit greyscale PNG/ },
  { file: 'alpha.png', mimeType: 'image/png', note: /transparent pixels/ },
  { file: 'cmyk.jpg', mimeType: 'image/jpeg', note: /^A CMYK JPEG/ },
  { file: 'exif-rotated.jpg', mimeType: 'image/jpeg', note: /EXIF orientation \(6\)/ },
];

describe('image files the browser changes', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of the page or its workers.
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await page.goto(`${baseUrl}?task=classify&model=shapes-classifier&sample=shape-1.png`);
    await waitForClassifierRun(page, 1);
  });

  for (const { file, mimeType, note } of CASES) {
    it(`classifies ${file} and says what the browser changed`, async () => {
      const runs = await classifierRuns(page);
      await page.setInputFiles('[data-testid="image-file"]', {
        name: file,
        mimeType,
        buffer: edgeImage(file),
      });
      await waitForClassifierRun(page, runs + 1);
      expect(await page.getAttribute('[data-testid="classify-stage"]', 'data-status')).toBe('done');
      expect(await page.$('[role="alert"]')).toBeNull();
      expect(await readTopClasses(page)).toHaveLength(4);
      const notes = await page.$$eval('[data-testid="image-notes"] li', (items) =>
        items.map((li) => li.textContent ?? ''),
      );
      expect(notes.some((text) => note.test(text))).toBe(true);
    });
  }

  it('turns the EXIF-rotated JPEG upright before the model sees it (48 × 16 stored, 16 × 48 shown)', async () => {
    expect(await page.getAttribute('[data-testid="classify-stage"]', 'data-original-size')).toBe('16x48');
  });

  it('says nothing for a plain sample, and the page stays usable', async () => {
    const runs = await classifierRuns(page);
    await page.click('[data-testid="sample-shape-2.png"]');
    await waitForClassifierRun(page, runs + 1);
    expect(await page.$('[data-testid="image-notes"]')).toBeNull();
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
