// End to end in headless Chromium: links and the Models tab that name the detection view's own default
// detector (NanoDet) load it and detect, instead of leaving the view idle with the model never loaded; and
// the precision ladder on the shapes detector a link opened (int8 weights: same boxes at IoU ≥ 0.5, in %).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { inferenceCount, readBoxes, waitForDetector, waitForRun } from './pages/detection-page.ts';
import { CATALOG_SIZE_LOOKUPS, openModelsTab } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');

describe('links to the default detector', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });
  /** The shapes detector's page, kept open for its precision ladder. */
  let shapesPage: Page | undefined;

  it('the link the view writes after its first result opens the same view and result', async () => {
    const first = await browser.newPage();
    await first.goto(`${baseUrl}?task=detection`);
    await waitForRun(first, 1);
    const labels = (await readBoxes(first)).map((box) => box.label).sort();
    expect(labels).toContain('cat');
    await first.waitForFunction(() => new URLSearchParams(location.search).get('sample') === 'chelsea.jpg');
    const written = first.url();
    expect(new URL(written).searchParams.get('model')).toBe('nanodet-coco');
    await first.close();

    const page = await browser.newPage();
    await page.goto(written);
    await waitForDetector(page);
    await waitForRun(page, 1);
    expect(await page.getAttribute('[data-testid="detection-stage"]', 'data-status')).toBe('done');
    expect((await readBoxes(page)).map((box) => box.label).sort()).toEqual(labels);
    expect(await page.getAttribute('[data-testid="sample-chelsea.jpg"]', 'aria-pressed')).toBe('true');
    await page.close();
  });

  it('?model=nanodet-coco&task=detection loads the detector and shows its first sample detected', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?model=nanodet-coco&task=detection`);
    await waitForDetector(page);
    expect(await page.inputValue('[data-testid="detector-select"]')).toBe('nanodet-coco');
    // A link naming no image gets the first result opening the view would give: once, on the first sample.
    await waitForRun(page, 1);
    expect(await inferenceCount(page)).toBe(1);
    expect(await page.getAttribute('[data-testid="sample-chelsea.jpg"]', 'aria-pressed')).toBe('true');
    expect(await page.getAttribute('[data-testid="detection-stage"]', 'data-status')).toBe('done');
    await page.click('[data-testid="sample-coffee.jpg"]');
    await waitForRun(page, 2);
    expect(await page.getAttribute('[data-testid="detection-stage"]', 'data-status')).toBe('done');
    await page.close();
  });

  it('?model=shapes-yolov8&task=detection shows the shapes detector on one of its own samples', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?model=shapes-yolov8&task=detection`);
    await waitForRun(page, 1);
    expect(await page.inputValue('[data-testid="detector-select"]')).toBe('shapes-yolov8');
    expect(await inferenceCount(page)).toBe(1);
    expect(await page.getAttribute('[data-testid="sample-shapes-1.png"]', 'aria-pressed')).toBe('true');
    shapesPage = page;
  });

  it('the precision ladder on the shapes detector: int8 weights against float32, same boxes in %', async () => {
    const page = shapesPage;
    if (!page) throw new Error('the shapes detector’s page did not open');
    // The text view's ladder is in the page too (hidden): this one is the detection view's.
    const ladder = page.locator('[data-testid="precision-ladder"]:visible');
    await ladder.locator('summary').click();
    for (const kind of ['fp16', 'fp16-simulated', 'int8-dynamic', 'q4'])
      await ladder.locator(`[data-testid="ladder-kind-${kind}"]`).uncheck();
    await ladder.locator('[data-testid="ladder-measure"]').click();
    // Two variants, each loaded, run on two samples, timed and captured whole on a shared 2-core machine.
    await ladder.locator('[data-testid="ladder-status"]:has-text("Measured on WASM")').waitFor({
      timeout: 120_000,
    });
    const int8 = ladder.locator('[data-testid="ladder-row"][data-variant="made:int8-weights"]');
    expect(await int8.locator('[data-testid="ladder-failure"]').count()).toBe(0);
    expect(await int8.locator('[data-testid="ladder-agreement"]').textContent()).toMatch(
      /^\d+% of boxes, 2 images$/,
    );
    expect(await ladder.locator('[data-testid="ladder-table"] thead').textContent()).toContain(
      'Same boxes (IoU ≥ 0.5)',
    );
    await page.close();
  });

  it('opening NanoDet from the Models tab on a fresh page loads it in the detection view', async () => {
    const page = await browser.newPage();
    await openModelsTab(page, baseUrl);
    await page.click('[data-testid="catalog-item"][data-model="nanodet-coco"] button');
    await waitForDetector(page);
    expect(await page.getAttribute('[data-testid="tab-detection"]', 'aria-pressed')).toBe('true');
    await page.close();
  });
});
