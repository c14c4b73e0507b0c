// End to end in headless Chromium: the image-classification view from a share link (top classes with no
// click, the class activation map drawn; a CNN has no [CLS] attention and says why), an occlusion map
// against the chosen class, a file that is not an image, a 10,000 × 10,000 image, and the tiny random ViT
// from the local hub with where [CLS] looks drawn over the image (last layer, then rollout).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { classifierRuns, readTopClasses, waitForClassifierRun } from './pages/classify-page.ts';
import { hugeGrayscalePng } from './huge-png.ts';
import { checkIs, next, stepSettled } from './pages/lesson-page.ts';
import { CATALOG_SIZE_LOOKUPS, hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');
const metrics = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../models/shapes-classifier/metrics.json'), 'utf8'),
) as { samples: Array<{ file: string; label: string; predicted: string }> };
const mistake = metrics.samples.find((sample) => sample.label !== sample.predicted);

describe('image classification', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of the page or its workers.
  const browser = useBrowser({ webgpu: false });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await page.goto(
      `${baseUrl}?task=classify&model=shapes-classifier&sample=${mistake?.file ?? 'shape-1.png'}`,
    );
    await waitForClassifierRun(page, 1);
  });

  it('a share link shows the top classes with no click, and the mistake the recipe measured', async () => {
    expect(mistake).toBeDefined();
    expect(await page.getAttribute('[data-testid="classify-stage"]', 'data-status')).toBe('done');
    const top = await readTopClasses(page);
    expect(top.map((entry) => entry.label).sort()).toEqual(['circle', 'square', 'star', 'triangle']);
    expect(top[0]?.label).toBe(mistake?.predicted);
    expect(top.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 5);
    expect(await page.getAttribute(`[data-testid="sample-${mistake?.file}"]`, 'aria-pressed')).toBe('true');
    expect(await page.textContent('[data-testid="preprocessing-resize"]')).toContain('to 32 × 32');
  });

  it('draws the class activation map of the top class over the image, and of a class the user picks', async () => {
    const cells = await page.waitForSelector('[data-testid="cam-map"]', { timeout: 60_000 });
    expect(await cells.getAttribute('data-cells')).toBe('64');
    expect(await page.textContent('[data-testid="cam-summary"]')).toContain('GlobalAveragePool');
    // A CNN has no attention: a hint where the [CLS] map would be, not an error.
    expect(await page.textContent('[data-testid="attention-unavailable"]')).toContain(
      'has no self-attention',
    );
    const before = await page.$$eval('[data-testid="cam-map-cell"]', (rects) =>
      rects.map((r) => r.getAttribute('data-value')),
    );
    const truth = mistake?.label ?? 'circle';
    await page.click(`[data-testid="top-classes"] li[data-label="${truth}"] button`);
    await page.waitForFunction(
      (previous) => {
        const values = [...document.querySelectorAll('[data-testid="cam-map-cell"]')].map((r) =>
          r.getAttribute('data-value'),
        );
        return values.length === 64 && values.join() !== previous;
      },
      before.join(),
      { timeout: 60_000 },
    );
    expect(await page.inputValue('[data-testid="explained-class"]')).toBe(
      String(['circle', 'square', 'triangle', 'star'].indexOf(truth)),
    );
  });

  it('draws an occlusion map against the chosen class', async () => {
    await page.selectOption('[data-testid="class-occlusion-grid"]', '4');
    await page.click('[data-testid="class-occlusion-run"]');
    const map = await page.waitForSelector('[data-testid="class-occlusion-map"]', { timeout: 60_000 });
    expect(await map.getAttribute('data-cells')).toBe('16');
    expect(await page.textContent('[data-testid="class-occlusion-summary"]')).toMatch(/model runs/);
  });

  it('explains a file that is not an image and stays usable', async () => {
    const runs = await classifierRuns(page);
    await page.setInputFiles('[data-testid="image-file"]', {
      name: 'notes.png',
      mimeType: 'image/png',
      buffer: Buffer.from('this is not a picture'),
    });
    const error = await page.waitForSelector('[data-error-code="image-invalid"]');
    expect(await error.textContent()).toContain('could not be decoded as an image');
    await page.click('[data-testid="sample-shape-1.png"]');
    await waitForClassifierRun(page, runs + 1);
    expect(await page.$('[data-error-code="image-invalid"]')).toBeNull();
  });

  it('classifies a 10,000 × 10,000 image, downscaled in the worker', async () => {
    const runs = await classifierRuns(page);
    await page.setInputFiles('[data-testid="image-file"]', {
      name: 'huge.png',
      mimeType: 'image/png',
      buffer: hugeGrayscalePng(10_000),
    });
    await waitForClassifierRun(page, runs + 1);
    expect(await page.getAttribute('[data-testid="classify-stage"]', 'data-status')).toBe('done');
    expect(await page.$('[role="alert"]')).toBeNull();
    expect(await readTopClasses(page)).toHaveLength(4);
  });

  it('looks inside the run from a link: a conv layer’s channels, drawn over the 32 × 32 input', async () => {
    const node = '/features/features.2/Relu';
    await page.goto(
      `${baseUrl}?model=shapes-classifier&task=inspect&sample=shape-2.png&overlay=mean-abs&node=${encodeURIComponent(node)}`,
    );
    // A capture on a busy 2-core machine: the limit only stops a hang.
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', { timeout: 180_000 });
    await page.waitForSelector('[data-testid="graph-canvas"] [data-selected]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="node-name"]')).toBe(node);
    const captured = page.locator('[data-testid="captured-value"]').first();
    await captured.waitFor();
    expect(await captured.locator('[data-testid="captured-shape"]').textContent()).toContain(
      '[1, 16, 32, 32]',
    );
    const grid = captured.locator('[data-testid="channel-grid"]');
    await grid.waitFor({ timeout: 60_000 });
    expect(await grid.getAttribute('data-channel-count')).toBe('16');
    await page.click('[data-testid="channel-cell"] >> nth=3');
    await page.waitForSelector('[data-testid="channel-enlarged"][data-channel="3"]');
    expect(await page.getByLabel('Over the input image').isChecked()).toBe(true);
    expect(new URL(page.url()).searchParams.get('sample')).toBe('shape-2.png');
    await page.click('[data-testid="channel-close"]');
  });

  it('a link opens the tiny random ViT from the hub: where [CLS] looks over the image, last layer then rollout', async () => {
    browser.allowProblems(CATALOG_SIZE_LOOKUPS);
    const context = await axeContext(browser);
    const vit = await hubPage(context, hubUrl);
    await vit.goto(`${baseUrl}?model=glassbox/tiny-random-vit&task=classify&sample=chelsea.jpg`);
    await waitForClassifierRun(vit, 1);
    const map = await vit.waitForSelector('[data-testid="attention-map"]', { timeout: 60_000 });
    expect(await map.getAttribute('data-cells')).toBe('16');
    const summary = '[data-testid="attention-summary"]';
    const sentence = async () => ((await vit.textContent(summary)) ?? '').replace(/\s+/g, ' ');
    expect(await sentence()).toContain('4 × 4 patches of 8 × 8 px in the last of 2 layers');
    expect(await vit.textContent('[data-testid="cam-unavailable"]')).toContain('global average pool');
    const cells = () =>
      vit.$$eval('[data-testid="attention-map-cell"]', (rects) =>
        rects.map((r) => r.getAttribute('data-value')),
      );
    const last = await cells();
    await vit.check('[data-testid="attention-mode-rollout"]');
    await vit.waitForSelector(`${summary}[data-mode="rollout"]`);
    expect(await sentence()).toContain('Attention rollout');
    const rollout = await cells();
    expect(rollout).toHaveLength(16);
    expect(rollout).not.toEqual(last);
    // The switch and the map's name, in both colour schemes.
    expect(await violationsInBothSchemes(vit)).toEqual({});
    // The choice is in the link, and the link opens with it.
    await vit.waitForFunction(() => new URL(location.href).searchParams.get('attention') === 'rollout');
    await vit.goto(vit.url());
    await vit.waitForSelector(`${summary}[data-mode="rollout"]`, { timeout: 60_000 });
    expect(await vit.isChecked('[data-testid="attention-mode-rollout"]')).toBe(true);
    await context.close();
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe('the lesson "What does a CNN look at?"', () => {
  const browser = useBrowser({ webgpu: false });

  it('plays from a ?lesson= link to its end, each try-it check false before the participant acts', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}?lesson=cnn-looks-at`);
    await stepSettled(page, 0);
    await waitForClassifierRun(page, 1);
    expect(await page.inputValue('[data-testid="classifier-select"]')).toBe('shapes-classifier');
    expect(await page.getAttribute('[data-testid="sample-shape-1.png"]', 'aria-pressed')).toBe('true');

    await next(page, 1);
    await page.waitForSelector('[data-testid="preprocessing"]');

    await next(page, 2);
    await checkIs(page, false);
    await page.click('[data-testid="sample-shape-2.png"]');
    await checkIs(page, true);

    await next(page, 3);
    await page.waitForSelector('[data-testid="cam-map"]', { timeout: 60_000 });

    await next(page, 4);
    expect((await readTopClasses(page))[0]?.label).toBe(mistake?.predicted);

    await next(page, 5);
    await checkIs(page, false);
    await page.click(`[data-testid="top-classes"] li[data-label="${mistake?.label}"] button`);
    await checkIs(page, true);

    await next(page, 6);
    await checkIs(page, false);
    expect(await page.inputValue('[data-testid="class-occlusion-grid"]')).toBe('8');
    await page.click('[data-testid="class-occlusion-run"]');
    await checkIs(page, true);
    await page.close();
  });
});
