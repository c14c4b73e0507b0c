// End to end in headless Chromium (WASM): the segmentation tab shows the embedded segmenter's class map on
// a sample with no click beyond choosing the tab (legend, opacity, a pixel read by pointer and keyboard,
// the occlusion map of a class picked by Enter or the legend, Look inside); the tiny random SegFormer and DPT
// of tests/fixtures/hub open from share links into their views; the depth map downloads as PNG and .npy,
// and renders its occlusion map for a region picked from the 3 × 3 grid (and a link's region); a depth model with the wrong output rank opens in the
// tensor view with the reason.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { decodeNpy } from '../../src/lib/viewers/npy.ts';
import { CATALOG_SIZE_LOOKUPS, hubPage, openHubId, openModelsTab, openOutcome } from './pages/models-page.ts';
import { openTab } from './pages/tabs.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');
// The first run waits for the model and ONNX Runtime to load, slow on a busy 2-core machine.
const LOAD_TIMEOUT = 120_000;

async function waitForRun(page: Page, stage: string): Promise<void> {
  await page.waitForFunction(
    (testId) => {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      return (
        Number(element?.getAttribute('data-inferences')) >= 1 &&
        element?.getAttribute('data-status') === 'done'
      );
    },
    stage,
    { timeout: LOAD_TIMEOUT },
  );
}

async function legend(page: Page): Promise<Array<{ label: string; share: number }>> {
  return page.$$eval('[data-testid="segment-legend"] li', (items) =>
    items.map((li) => ({
      label: li.getAttribute('data-label') ?? '',
      share: Number(li.getAttribute('data-share')),
    })),
  );
}

describe('segmentation and depth (WASM)', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of the page or its workers.
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });

  it('the Segment tab shows the shapes segmenter’s class map on a sample, with no click beyond the tab', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await openTab(page, 'segment');
    await waitForRun(page, 'segment-stage');
    const classes = await legend(page);
    expect(classes[0]?.label).toBe('background');
    expect(classes.some((entry) => ['circle', 'square', 'triangle', 'star'].includes(entry.label))).toBe(
      true,
    );
    expect(classes.reduce((total, entry) => total + entry.share, 0)).toBeCloseTo(1, 6);
    expect(await page.getAttribute('[data-testid="sample-segment-1.png"]', 'aria-pressed')).toBe('true');
    expect(page.url()).toContain('task=segment');
    const canvas = await page.$eval('[data-testid="map-canvas"]', (c) => [
      (c as HTMLCanvasElement).width,
      (c as HTMLCanvasElement).height,
    ]);
    expect(canvas).toEqual([240, 180]);

    // The overlay's opacity follows the slider.
    await page.fill('[data-testid="segment-opacity"]', '0.25');
    expect(await page.$eval('[data-testid="map-canvas"]', (c) => (c as HTMLElement).style.opacity)).toBe(
      '0.25',
    );

    // A pixel under the pointer, then moved with the keyboard: its three most probable classes.
    // force: the stage is a canvas over an image; Playwright's stability wait never settled on it here.
    await page.locator('[data-testid="map-stage"]').hover({ position: { x: 1, y: 1 }, force: true });
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="segment-readout"]')?.textContent?.includes('Pixel (0, 0)'),
    );
    const readout = (await page.textContent('[data-testid="segment-readout"]')) ?? '';
    expect(readout.match(/%/g)?.length).toBe(3);
    await page.locator('[data-testid="map-stage"]').dispatchEvent('pointerleave');
    await page.focus('[data-testid="map-stage"]');
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="segment-readout"]')?.textContent?.includes('Pixel (121, 90)'),
    );

    // Enter on the focused map explains the pixel's class; a legend entry explains its class.
    const topClass = await page.textContent('[data-testid="segment-readout"] .top-class');
    await page.keyboard.press('Enter');
    const explained = () =>
      page.$eval('[data-testid="segment-occlusion-class"]', (s) => {
        const select = s as HTMLSelectElement;
        return select.selectedOptions[0]?.textContent ?? '';
      });
    expect(await explained()).toBe(topClass);
    const shape = classes.find((entry) => entry.label !== 'background')?.label ?? '';
    await page.click(`[data-testid="segment-legend"] li[data-label="${shape}"] button`);
    expect(await explained()).toBe(shape);
    // The occlusion map of that class's mean probability, on a 4 × 4 grid (17 model runs, WASM).
    await page.selectOption('[data-testid="segment-occlusion-grid"]', '4');
    await page.click('[data-testid="segment-occlusion-run"]');
    await page.waitForSelector('[data-testid="segment-occlusion-map"]', { timeout: LOAD_TIMEOUT });
    expect(await page.locator('[data-testid="segment-occlusion-map-cell"]').count()).toBe(16);
    expect(await page.textContent('[data-testid="segment-occlusion-map-meaning"]')).toContain(
      `lowered ${shape}'s mean probability over the`,
    );
    // The page's link now carries the map's grid and class, so opening it shows this map.
    expect(page.url()).toContain(`&patches=4&class=${shape}`);

    expect(await violationsInBothSchemes(page)).toEqual({});

    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="run-overlay"] [data-testid="capture-facts"]', {
      timeout: LOAD_TIMEOUT,
    });
    await context.close();
  });

  it('a link opens the tiny random SegFormer from the hub and segments into its id2label classes', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.goto(`${baseUrl}?model=glassbox/tiny-random-segformer&task=segment&sample=chelsea.jpg`);
    await waitForRun(page, 'segment-stage');
    await page.waitForSelector('[data-testid="segment-legend"] li');
    const labels = (await legend(page)).map((entry) => entry.label);
    expect(labels.length).toBeGreaterThan(0);
    for (const label of labels) expect(['wall', 'floor', 'sky', 'person']).toContain(label);
    expect(await page.textContent('[data-testid="segment-facts"]')).toContain('[1, 4, 16, 16]');
    await page.close();
  });

  it('the Depth tab shows the shapes depth model’s map on its sample, with no click beyond the tab', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await openTab(page, 'depth');
    await waitForRun(page, 'depth-stage');
    expect(await page.getAttribute('[data-testid="sample-depth-1.png"]', 'aria-pressed')).toBe('true');
    expect(await page.textContent('[data-testid="depth-facts"]')).toContain('a larger value is nearer');
    // The bottom row is ground close to the camera, the top row sky: near and far.
    const stage = page.locator('[data-testid="map-stage"]');
    const box = await stage.boundingBox();
    if (!box) throw new Error('no map stage');
    const nearness = async (y: number): Promise<number> => {
      await stage.hover({ position: { x: box.width / 2, y }, force: true });
      await page.waitForFunction(
        (row) => document.querySelector('[data-testid="depth-readout"]')?.textContent?.includes(`, ${row}):`),
        Math.floor((y / box.height) * 180),
      );
      const text = (await page.textContent('[data-testid="depth-readout"]')) ?? '';
      return Number(/nearness ([\d.]+)%/.exec(text)?.[1]);
    };
    expect(await nearness(box.height - 2)).toBeGreaterThan(await nearness(2));
    // Said on screen, as text: how the map becomes the image's, as in Python's transformers.
    expect(await page.textContent('[data-testid="preprocessing-notes"]')).toContain(
      'bicubically, as transformers’ depth pipeline does',
    );

    // Downloads: the map as shown (a PNG of the map's size) and the model's own 24 × 24 output as .npy.
    const [png] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="depth-download-png"]'),
    ]);
    expect(png.suggestedFilename()).toBe('depth-1-depth.png');
    const pngBytes = readFileSync((await png.path()) ?? '');
    expect(pngBytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect([pngBytes.readUInt32BE(16), pngBytes.readUInt32BE(20)]).toEqual([240, 180]);
    const [npy] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="depth-download-npy"]'),
    ]);
    expect(npy.suggestedFilename()).toBe('depth-1-depth.npy');
    const values = decodeNpy(new Uint8Array(readFileSync((await npy.path()) ?? '')));
    expect(values.shape).toEqual([1, 24, 24]);
    expect(values.data.every((value) => Number.isFinite(value))).toBe(true);
    // The 16-bit greyscale PNG: IHDR's bit depth 16 and colour type 0 (greyscale) at bytes 24 and 25.
    const [png16] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="depth-download-png16"]'),
    ]);
    expect(png16.suggestedFilename()).toBe('depth-1-depth16.png');
    const png16Bytes = readFileSync((await png16.path()) ?? '');
    expect([
      png16Bytes.readUInt32BE(16),
      png16Bytes.readUInt32BE(20),
      png16Bytes[24],
      png16Bytes[25],
    ]).toEqual([240, 180, 16, 0]);

    // The occlusion map of the bottom centre ninth's mean depth (picked with its button), on a 4 × 4 grid.
    await page.click('[data-testid="depth-region-2-1"]');
    expect(await page.getAttribute('[data-testid="depth-region-2-1"]', 'aria-pressed')).toBe('true');
    await page.selectOption('[data-testid="depth-occlusion-grid"]', '4');
    await page.click('[data-testid="depth-occlusion-run"]');
    await page.waitForSelector('[data-testid="depth-occlusion-map"]', { timeout: LOAD_TIMEOUT });
    expect(await page.locator('[data-testid="depth-occlusion-map-cell"]').count()).toBe(16);
    expect(await page.textContent('[data-testid="depth-occlusion-map-meaning"]')).toContain(
      'inside the bottom centre',
    );
    // The keyboard moves the region: the map of the old one is no longer shown.
    await page.focus('[data-testid="depth-region-stage"]');
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('[data-testid="depth-occlusion-map"]', { state: 'detached' });
    expect(await page.getAttribute('[data-testid="depth-region-2-1"]', 'aria-pressed')).toBe('false');

    expect(await violationsInBothSchemes(page)).toEqual({});
    await context.close();
  });

  it('a link opens the tiny random DPT from the hub: the depth map with its scale, a pixel’s depth and the link’s occlusion map', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-dpt&task=depth&sample=coffee.jpg&patches=4&region=bottom-left`,
    );
    await waitForRun(page, 'depth-stage');
    // The link's sample is not the model's first: only it ran, not the first sample before it as well.
    expect(await page.getAttribute('[data-inferences]', 'data-inferences')).toBe('1');
    expect(await page.textContent('[data-testid="depth-legend"]')).toMatch(/far\s*near/);
    expect(await page.textContent('[data-testid="depth-facts"]')).toContain('a larger value is nearer');
    await page.focus('[data-testid="map-stage"]');
    await page.keyboard.press('Shift+ArrowLeft');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="depth-readout"]')?.textContent?.includes('Pixel (290, 200)'),
    );
    expect(await page.textContent('[data-testid="depth-readout"]')).toMatch(/nearness [\d.]+%/);
    // The link's occlusion map runs once its run is shown: the bottom left ninth, 4 × 4 patches.
    await page.waitForSelector('[data-testid="depth-occlusion-map"]', { timeout: LOAD_TIMEOUT });
    expect(await page.locator('[data-testid="depth-occlusion-map-cell"]').count()).toBe(16);
    expect(await page.textContent('[data-testid="depth-occlusion-map-meaning"]')).toContain(
      'inside the bottom left',
    );
    expect(page.url()).toContain('&patches=4&region=bottom-left');
    await page.close();
  });

  it('a depth model whose output has the wrong rank opens in the tensor view, with the reason', async () => {
    const page = await hubPage(browser, hubUrl);
    await openModelsTab(page, baseUrl);
    await openHubId(page, 'glassbox/tiny-random-dpt-rank4');
    expect(await openOutcome(page)).toBe('opened');
    await page.waitForSelector('[data-testid="tensor-view"]:visible', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="opened-detection"]')).toContain(
      'has rank 4; a depth map is [N, h, w] or [N, 1, h, w]',
    );
    await page.close();
  });
});
