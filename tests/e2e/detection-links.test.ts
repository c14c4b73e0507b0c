// End to end in headless Chromium: links and the Models tab that name the detection view's own default
// detector (NanoDet) load it and detect, instead of leaving the view idle with the model never loaded.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { inferenceCount, readBoxes, waitForDetector, waitForRun } from './pages/detection-page.ts';
import { CATALOG_SIZE_LOOKUPS, openModelsTab } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');

describe('links to the default detector', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });

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
