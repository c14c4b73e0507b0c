// End to end in headless Chromium on WASM: an occlusion map for a detected box renders over the image
// End to end in headless Chromium on WASM: an occlusion map for a detected box renders over the image
// with an opacity slider, the feature maps of a layer appear around that box, and Cancel stops a map
// part-way.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { openDetection, waitForDetector, waitForRun } from './pages/detection-page.ts';

const baseUrl = inject('baseUrl');

describe('occlusion maps in the detection view', () => {
  const browser = useBrowser({ webgpu: false });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openDetection(page, baseUrl);
    await page.selectOption('[data-testid="detector-select"]', 'shapes-yolov8');
    await waitForDetector(page);
    await page.click('[data-testid="sample-shapes-1.png"]');
    await waitForRun(page, 1);
  });

  it('draws an 8 × 8 map for the chosen box, strongest where the shape is', async () => {
    await page.selectOption('[data-testid="occlusion-grid"]', '8');
    await page.click('[data-testid="occlusion-run"]');
    await page.waitForSelector('[data-testid="occlusion-map"]', { timeout: 120_000 });
    expect(await page.getAttribute('[data-testid="occlusion-map"]', 'data-patches')).toBe('64');
    const drops = await page.$$eval('[data-testid="occlusion-cell"]', (cells) =>
      cells.map((cell) => ({
        drop: Number(cell.getAttribute('data-drop')),
        x: Number(cell.getAttribute('x')),
        y: Number(cell.getAttribute('y')),
        w: Number(cell.getAttribute('width')),
        h: Number(cell.getAttribute('height')),
      })),
    );
    expect(drops).toHaveLength(64);
    const box = (await page.getAttribute('[data-testid="box"]', 'data-box'))?.split(',').map(Number) ?? [];
    const [x1 = 0, y1 = 0, x2 = 0, y2 = 0] = box;
    const best = drops.reduce((a, b) => (b.drop > a.drop ? b : a));
    expect(best.drop).toBeGreaterThan(0.1);
    expect(best.x < x2 && best.x + best.w > x1 && best.y < y2 && best.y + best.h > y1).toBe(true);
    expect(await page.textContent('[data-testid="occlusion-summary"]')).toMatch(/model runs/);
    await page.$eval('[data-testid="occlusion-opacity"]', (input) => {
      (input as HTMLInputElement).value = '0.2';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const opacity = await page.$eval(
      '[data-testid="occlusion-cell"]',
      (cell) => getComputedStyle(cell.parentElement as Element).opacity,
    );
    expect(opacity).toBe('0.2');
    await page
      .locator('[data-testid="occlusion-panel"]')
      .screenshot({ path: 'test-results/occlusion-1440.png' });
  });

  it('shows the feature maps of a layer around the explained box, and the whole map on request', async () => {
    await page.click('[data-testid="feature-maps-open"]');
    await page.waitForSelector('[data-testid="feature-maps-panel"] [data-testid="channel-grid"]', {
      timeout: 60_000,
    });
    const layers = await page.$$eval('[data-testid="feature-layer"] option', (options) =>
      options.map((option) => option.textContent ?? ''),
    );
    expect(layers.length).toBeGreaterThan(3);
    for (const label of layers) expect(label).toMatch(/ — \d+ × \d+ × \d+$/);
    const read = async () => {
      const text = await page.getAttribute('[data-testid="feature-cells"]', 'data-cells');
      const shown = await page.getAttribute('[data-testid="feature-cells"]', 'data-shown');
      const shape = await page.textContent('[data-testid="feature-maps-panel"] .shape');
      return {
        cells: JSON.parse(text ?? '{}') as Record<'x0' | 'y0' | 'x1' | 'y1', number>,
        shown: JSON.parse(shown ?? '{}') as Record<'x0' | 'y0' | 'x1' | 'y1', number>,
        dims: (shape ?? '').replace(/[[\]]/g, '').split(',').map(Number),
      };
    };
    const around = await read();
    // The slice is the box's cells and a margin, inside the map, and the box is outlined on every map.
    expect(around.shown.x0).toBeLessThanOrEqual(around.cells.x0);
    expect(around.shown.x1).toBeGreaterThanOrEqual(around.cells.x1);
    expect(around.dims).toEqual([
      1,
      around.dims[1],
      around.shown.y1 - around.shown.y0,
      around.shown.x1 - around.shown.x0,
    ]);
    const channels = Number(
      await page.getAttribute(
        '[data-testid="feature-maps-panel"] [data-testid="channel-grid"]',
        'data-channel-count',
      ),
    );
    expect(channels).toBe(around.dims[1]);
    expect(await page.$$eval('[data-testid="channel-mark"]', (marks) => marks.length)).toBe(
      Math.min(32, channels),
    );
    await page
      .locator('[data-testid="feature-maps-panel"]')
      .screenshot({ path: 'test-results/feature-maps-1440.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('[data-testid="feature-maps-panel"]')
      .screenshot({ path: 'test-results/feature-maps-390.png' });
    // Nothing sticks out sideways on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.setViewportSize({ width: 1440, height: 900 });

    await page.check('[data-testid="feature-whole"]');
    await page.waitForFunction(() => {
      const shown = document.querySelector('[data-testid="feature-cells"]')?.getAttribute('data-shown');
      return (
        shown !== null && shown !== undefined && JSON.parse(shown).x0 === 0 && JSON.parse(shown).y0 === 0
      );
    });
    const whole = await read();
    expect(whole.dims[2]).toBeGreaterThanOrEqual(around.dims[2] ?? Infinity);
    expect(whole.dims[3]).toBeGreaterThan(around.dims[3] ?? Infinity);
    expect(whole.cells).toEqual(around.cells);
    // Another layer: another resolution, the same box.
    const other = await page.$$eval(
      '[data-testid="feature-layer"] option',
      (options) => (options[0] as HTMLOptionElement).value,
    );
    await page.selectOption('[data-testid="feature-layer"]', other);
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="feature-maps-panel"] .name')?.textContent === name,
      other,
    );
    expect(pageErrors).toEqual([]);
  });

  it('stops a 16 × 16 map when Stop is pressed, saying so', async () => {
    await page.selectOption('[data-testid="occlusion-grid"]', '16');
    await page.click('[data-testid="occlusion-run"]');
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid="occlusion-progress"]')?.getAttribute('value')) > 0,
      undefined,
      { timeout: 60_000 },
    );
    await page.click('[data-testid="occlusion-cancel"]');
    await page.waitForSelector('[data-testid="occlusion-run"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="occlusion-panel"]')).toMatch(
      /cancelled after \d+ of 256 patches/,
    );
    expect(await page.$('[data-testid="occlusion-map"]')).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
