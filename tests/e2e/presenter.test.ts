// End to end: presenter mode, opened by its link field (present=1) at the projector's 1280 × 800, shows the
// lesson in a side panel beside the live view with the view's primary action and first result on the first
// screen; the header's toggle leaves it and the link follows. axe-core finds no serious or critical
// violation in presenter mode, nor on a lesson mid-way, in the light and the dark scheme.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { next, stepSettled } from './pages/lesson-page.ts';

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1280, height: 800 };

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is rendered`).not.toBeNull();
  return box!;
}

async function focusSettled(page: Page, index: number): Promise<void> {
  await stepSettled(page, index);
  await page.waitForSelector(`[data-testid="lesson-step"][data-step="${index}"]:not([data-focus="pending"])`);
}

describe('presenter mode', () => {
  const browser = useBrowser({ webgpu: false });

  it('opens from the link with the lesson beside the view, Run and the first result on screen', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    await page.goto(`${baseUrl}?present=1&lesson=tiny-bert-reads`);
    await focusSettled(page, 0);
    expect(await page.getAttribute('html', 'data-presenter')).toBe('');
    expect(await page.getAttribute('[data-testid="presenter-toggle"]', 'aria-pressed')).toBe('true');
    // Large type: the body text is larger than the normal 17 px.
    const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
    expect(bodySize).toBeGreaterThanOrEqual(20);
    // The side panel: the lesson's words to the right of the view, both on the first screen.
    const dock = await boxOf(page, '[data-testid="lesson-dock"]');
    const run = await boxOf(page, '[data-testid="run"]');
    const result = await boxOf(page, '[data-testid="result"]');
    const input = await boxOf(page, '[data-testid="input-text"]');
    expect(dock.x).toBeGreaterThanOrEqual(input.x + input.width);
    expect(dock.y).toBeLessThan(VIEWPORT.height / 2);
    for (const [name, box] of Object.entries({ run, dock })) {
      expect(box.y, `${name} top`).toBeGreaterThanOrEqual(0);
      expect(box.y + box.height, `${name} bottom`).toBeLessThanOrEqual(VIEWPORT.height);
    }
    expect(result.y, 'the first result starts on screen').toBeLessThanOrEqual(VIEWPORT.height - 48);
    expect(result.y).toBeGreaterThanOrEqual(0);
    await page.screenshot({ path: 'test-results/presenter-1280.png' });
    // The header's toggle leaves presenter mode, and the address no longer carries it.
    await page.click('[data-testid="presenter-toggle"]');
    await page.waitForFunction(() => !document.documentElement.hasAttribute('data-presenter'));
    await page.waitForFunction(() => !new URLSearchParams(location.search).has('present'));
    await page.click('[data-testid="presenter-toggle"]');
    await page.waitForFunction(() => new URLSearchParams(location.search).get('present') === '1');
    await page.close();
  });

  it('has no serious or critical axe violation in presenter mode and on a lesson mid-way, light and dark', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}?present=1&lesson=tiny-bert-reads`);
    await focusSettled(page, 0);
    const found = { presenter: await violationsInBothSchemes(page) };
    // Mid-way, in the normal look: step 5 (“Which words mattered?”), the explanation outlined.
    await page.click('[data-testid="presenter-toggle"]');
    for (const index of [1, 2, 3, 4]) await next(page, index);
    await focusSettled(page, 4);
    const midway = await violationsInBothSchemes(page);
    expect({ ...found, midway }).toEqual({ presenter: {}, midway: {} });
    await context.close();
  });
});
