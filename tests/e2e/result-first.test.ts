// End to end in headless Chromium at the projector's 1280 × 800 (issue 26): each view's input, its primary
// action and the start of its first result are on the first screen, before any scrolling. The header, the
// settings bar and the lesson picker are shared by every view, so a regression in any of them fails here.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1280, height: 800 };

interface ViewCase {
  task: string;
  input: string;
  action: string;
  /** The first result, once shown: its top must be on the first screen. */
  result: string;
}

const VIEWS: ViewCase[] = [
  {
    task: 'text',
    input: '[data-testid="input-text"]',
    action: '[data-testid="run"]',
    result: '[data-testid="result"]',
  },
  {
    task: 'fill-mask',
    input: '[data-testid="fill-mask-text"]',
    action: '[data-testid="fill-mask-run"]',
    result: '[data-testid="blank"]',
  },
  {
    task: 'classify',
    input: '[data-testid="sample-shape-1.png"]',
    action: 'label:has([data-testid="image-file"])',
    result: '[data-testid="top-classes"] li',
  },
];

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is rendered`).not.toBeNull();
  return box!;
}

describe('result first at 1280 × 800', () => {
  const browser = useBrowser({ webgpu: false });

  it.each(VIEWS)(
    '$task: the input, the primary action and the first result on the first screen',
    async (view) => {
      const page = await browser.newPage({ viewport: VIEWPORT });
      await page.goto(`${baseUrl}?task=${view.task}`);
      // Each of these views shows its first result with no click.
      await page.locator(view.result).first().waitFor({ timeout: 120_000 });
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      for (const selector of [view.input, view.action]) {
        const box = await boxOf(page, selector);
        expect(box.y, `${selector} top`).toBeGreaterThanOrEqual(0);
        expect(box.y + box.height, `${selector} bottom`).toBeLessThanOrEqual(VIEWPORT.height);
      }
      const result = await boxOf(page, view.result);
      // Its start is on screen: a participant sees that a result came, without scrolling.
      expect(result.y, `${view.result} top`).toBeLessThanOrEqual(VIEWPORT.height - 48);
      await page.close();
    },
  );
});
