// End to end in headless Chromium at the projector's 1280 × 800 and a phone's 390 × 844 (issue 26): each
// view's input, its primary action and the start of its first result are on the first screen, before any
// scrolling. The header, the settings bar and the lesson picker are shared by every view, so a regression
// in any of them fails here; the header's own checks (one row of tabs, a keyboard disclosure for the task
// tabs, whole lesson titles, the phone's folded settings) are the last test.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { openTab } from './pages/tabs.ts';

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface ViewCase {
  task: string;
  input: string;
  action: string;
  /** The first result, once shown: its top must be on the first screen, on a phone too. */
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
  // The dense views' result is the map drawn over (segmentation) or beside (depth) the image.
  {
    task: 'segment',
    input: '[data-testid="sample-segment-1.png"]',
    action: 'label:has([data-testid="image-file"])',
    result: '[data-testid="segment-stage"] [data-testid="map-canvas"]',
  },
  {
    task: 'depth',
    input: '[data-testid="sample-depth-1.png"]',
    action: 'label:has([data-testid="image-file"])',
    result: '[data-testid="depth-stage"] [data-testid="map-canvas"]',
  },
];

async function boxOf(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is rendered`).not.toBeNull();
  return box!;
}

/** The input, the action and the result's start on the first screen of a page at size, not scrolled. */
async function expectFirstScreen(page: Page, view: ViewCase, size: { width: number; height: number }) {
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  for (const selector of [view.input, view.action]) {
    const box = await boxOf(page, selector);
    expect(box.y, `${selector} top at ${size.width} px`).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height, `${selector} bottom at ${size.width} px`).toBeLessThanOrEqual(size.height);
  }
  const result = await boxOf(page, view.result);
  // Its start is on screen: a participant sees that a result came, without scrolling.
  expect(result.y, `${view.result} top at ${size.width} px`).toBeLessThanOrEqual(size.height - 48);
}

/** A new size, once the renderer has taken it (measured before, the layout is still the old one). */
async function resize(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.waitForFunction(
    ({ width, height }) => window.innerWidth === width && window.innerHeight === height,
    size,
  );
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The widest lesson title, measured in the select's own font, against the room the select gives it. */
async function lessonTitleRoom(page: Page): Promise<{ widest: number; room: number }> {
  return page.$eval('[data-testid="lesson-select"]', (select) => {
    const style = getComputedStyle(select);
    const context = document.createElement('canvas').getContext('2d')!;
    context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const titles = [...(select as HTMLSelectElement).options].map((option) => option.text);
    const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return { widest: Math.max(...titles.map((title) => context.measureText(title).width)), room };
  });
}

describe('result first at 1280 × 800 and 390 × 844', () => {
  const browser = useBrowser({ webgpu: false });

  // One page per view, the phone first: loading each view once for both sizes keeps the file short.
  it.each(VIEWS)(
    '$task at 390 px, then 1280 px: the input, the primary action and the first result on the first screen',
    async (view) => {
      const page = await browser.newPage({ viewport: PHONE });
      await page.goto(`${baseUrl}?task=${view.task}`);
      // Each of these views shows its first result with no click.
      await page.locator(view.result).first().waitFor({ timeout: 120_000 });
      await expectFirstScreen(page, view, PHONE);
      await resize(page, VIEWPORT);
      await expectFirstScreen(page, view, VIEWPORT);
      await page.close();
    },
  );

  it('keeps the header one row of tabs with a keyboard disclosure, whole lesson titles, and folds a phone’s settings', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}?task=text`);
    await page.waitForSelector('[data-testid="ready"]', { timeout: 120_000 });
    // One row: the "Try" disclosure and the tool tabs share a top (12 tabs wrapped to two rows before).
    const tops = await page.$$eval('[data-testid="tab-bar"] > *', (items) =>
      items.map((item) => Math.round(item.getBoundingClientRect().top)),
    );
    expect(tops.length).toBeGreaterThanOrEqual(5);
    expect(new Set(tops).size).toBe(1);
    let titles = await lessonTitleRoom(page);
    expect(titles.widest, 'the longest lesson title fits its select').toBeLessThanOrEqual(titles.room);

    // The disclosure, by keyboard: Enter opens it, Escape closes it and gives focus back to its button.
    const toggle = page.locator('[data-testid="tab-menu"]');
    expect(await toggle.textContent()).toContain('Try: Classify text');
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('[data-testid="tab-detection"]').isVisible()).toBe(true);
    expect(await violationsInBothSchemes(page)).toEqual({});
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('tab-menu');
    await openTab(page, 'fill-mask');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await toggle.textContent()).toContain('Try: Fill the blank');
    expect(await page.getAttribute('[data-testid="tab-fill-mask"]', 'aria-pressed')).toBe('true');
    await openTab(page, 'text');

    // A phone: the titles still fit, and the settings bar is one line until its button opens it.
    await page.setViewportSize(PHONE);
    // The renderer takes the new size a moment later: measured before, the select is still desktop-sized.
    await page.waitForFunction(
      (width) => window.innerWidth === width && matchMedia('(max-width: 640px)').matches,
      PHONE.width,
    );
    titles = await lessonTitleRoom(page);
    expect(titles.widest, 'the longest lesson title fits on a phone').toBeLessThanOrEqual(titles.room);
    // The text view's bar (the fill-mask view, visited above, keeps its own, hidden).
    const bar = page.locator('[data-testid="settings-bar"]:visible');
    const settings = bar.locator('[data-testid="settings-toggle"]');
    const wasm = bar.locator('[data-testid="backend-wasm"]');
    expect(await settings.getAttribute('aria-expanded')).toBe('false');
    expect(await settings.textContent()).toMatch(/^Settings: WASM · \d threads?/);
    expect((await boxOf(page, '[data-testid="settings-bar"]:visible')).height).toBeLessThan(80);
    expect(await wasm.isVisible()).toBe(false);
    expect(await violationsInBothSchemes(page)).toEqual({});
    await settings.click();
    expect(await settings.getAttribute('aria-expanded')).toBe('true');
    expect(await wasm.isVisible()).toBe(true);
    // Wide again: no button, the bar open whatever the phone's disclosure said.
    await settings.click();
    await page.setViewportSize(VIEWPORT);
    expect(await settings.isVisible()).toBe(false);
    expect(await wasm.isVisible()).toBe(true);
    await context.close();
  });
});
