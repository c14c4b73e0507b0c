// End to end in headless Chromium: token attributions and a minimal pair in the text view on WASM, and a
// share link that reproduces the comparison.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { openPlayground, waitUntilReady } from './text-page.ts';

const baseUrl = inject('baseUrl');

interface ShownToken {
  token: string;
  value: number;
}

function readTokens(page: Page, panel: string): Promise<ShownToken[]> {
  return page.$$eval(`[data-testid="${panel}"] [data-testid="attributed-token"]`, (items) =>
    items.map((item) => ({
      token: item.getAttribute('data-token') ?? '',
      value: Number(item.getAttribute('data-value')),
    })),
  );
}

describe('explaining a prediction in the text view', () => {
  const browser = useBrowser({ webgpu: false });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openPlayground(page, baseUrl);
  });

  it('colours the tokens of a typed sentence by attribution, with signed numbers and a legend', async () => {
    await page.fill('[data-testid="input-text"]', 'not good\nsecond line is not explained');
    await page.click('[data-testid="explain"]');
    await page.waitForSelector('[data-testid="explain-original"]');
    expect(await page.getAttribute('[data-testid="explain-original"]', 'data-label')).toBe('negative');
    const tokens = await readTokens(page, 'explain-original');
    expect(tokens.map((t) => t.token)).toEqual(['[CLS]', 'not', 'good', '[SEP]']);
    expect(tokens[1]?.value).toBeGreaterThan(0);
    expect(tokens[1]?.value).toBeGreaterThan(tokens[2]?.value ?? Infinity);
    const text = await page.textContent('[data-testid="explain-original"]');
    expect(text).toMatch(/\+0\.\d\d/);
    expect(text).toContain('pushes toward negative');
    await page.focus('[data-testid="explain-original"] [data-testid="attributed-token"][data-token="not"]');
    expect(await page.textContent('[data-testid="explain-original-detail"]')).toMatch(
      /^not: \+0\.\d{4} toward negative, −0\.\d{4} toward positive$/,
    );
    const color = await page.$eval(
      '[data-testid="explain-original"] [data-testid="attributed-token"][data-token="not"]',
      (el) => getComputedStyle(el).backgroundColor,
    );
    expect(color).toMatch(/^rgba\(37, 99, 235/);
  });

  it('switches to the smoothed view and to the other label without running again', async () => {
    const before = await readTokens(page, 'explain-original');
    await page.check('[data-testid="explain-smoothed"]');
    const smoothed = await readTokens(page, 'explain-original');
    expect(smoothed[1]?.value).not.toBe(before[1]?.value);
    await page.selectOption('[data-testid="explain-target"]', 'positive');
    const toward = await readTokens(page, 'explain-original');
    expect(toward[1]?.value).toBeCloseTo(-(smoothed[1]?.value ?? NaN), 9);
    await page.uncheck('[data-testid="explain-smoothed"]');
    await page.selectOption('[data-testid="explain-target"]', 'negative');
  });

  it('compares a minimal pair side by side, keeps a history, and shares it by link', async () => {
    await page.fill('[data-testid="pair-text"]', 'good');
    await page.click('[data-testid="compare"]');
    await page.waitForSelector('[data-testid="explain-variant"]');
    expect(await page.getAttribute('[data-testid="explain-variant"]', 'data-label')).toBe('positive');
    expect(await page.getAttribute('[data-testid="pair-verdict"]', 'data-flipped')).toBe('true');
    expect(await page.textContent('[data-testid="pair-history"]')).toContain('good');
    await page.screenshot({ path: 'test-results/explain-text-1440.png', fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/explain-text-390.png', fullPage: true });
    const url = new URL(page.url());
    expect(url.searchParams.get('pair')).toBe('good');
    expect(url.searchParams.get('text')).toBe('not good\nsecond line is not explained');

    const second = await browser.newPage();
    await second.goto(url.href);
    await waitUntilReady(second, 'wasm');
    await second.waitForSelector('[data-testid="explain-variant"]', { timeout: 60_000 });
    expect(await readTokens(second, 'explain-original')).toEqual(await readTokens(page, 'explain-original'));
    expect(await second.getAttribute('[data-testid="explain-variant"]', 'data-label')).toBe('positive');
    await second.close();
    expect(pageErrors).toEqual([]);
  });
});
