// End to end in headless Chromium: token attributions and a minimal pair in the text view on WASM, a
// share link that reproduces the comparison, and the attention panel (captured only when opened).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { classify, openPlayground, waitUntilReady } from './pages/text-page.ts';

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
    // The two sentences stack on a phone instead of widening the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
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

  it('shows where [CLS] looks for a typed sentence, per layer and head, and the matrix on demand', async () => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await classify(page, 'The waiter was rude.', 'wasm');
    // Nothing is captured before the panel is opened.
    expect(await page.$('[data-testid="cls-row"]')).toBeNull();
    await page.click('[data-testid="attention-open"]');
    await page.waitForSelector('[data-testid="cls-row"]', { timeout: 60_000 });
    const readRow = () =>
      page.$$eval('[data-testid="cls-weight"]', (items) =>
        items.map((item) => ({
          token: item.getAttribute('data-token') ?? '',
          weight: Number(item.getAttribute('data-weight')),
        })),
      );
    const mean = await readRow();
    expect(mean.map((entry) => entry.token)).toEqual(['[CLS]', 'the', 'waiter', 'was', 'rude', '.', '[SEP]']);
    const sum = (row: Array<{ weight: number }>) => row.reduce((total, entry) => total + entry.weight, 0);
    expect(sum(mean)).toBeCloseTo(1, 4);
    expect(
      await page.$$eval('[data-testid="attention-layer"] option', (o) => o.map((x) => x.textContent)),
    ).toEqual(['layer 0', 'layer 1']);
    await page.selectOption('[data-testid="attention-layer"]', { label: 'layer 1' });
    await page.selectOption('[data-testid="attention-head"]', { label: 'Head 1' });
    expect(await page.getAttribute('[data-testid="cls-row"]', 'data-head')).toBe('1');
    const head1 = await readRow();
    expect(sum(head1)).toBeCloseTo(1, 4);
    expect(head1.map((entry) => entry.weight)).not.toEqual(mean.map((entry) => entry.weight));
    expect(await page.textContent('[data-testid="cls-weight"][data-token="rude"] .visually-hidden')).toMatch(
      /^rude: \d+\.\d%$/,
    );
    await page.click('[data-testid="attention-matrix-toggle"]');
    await page.waitForSelector('[data-testid="attention-panel"] [data-testid="attention-matrix"]');
    const sums = JSON.parse(
      (await page.getAttribute(
        '[data-testid="attention-panel"] [data-testid="attention-matrix"]',
        'data-row-sums',
      )) ?? '[]',
    ) as number[];
    expect(sums).toHaveLength(7);
    for (const rowSum of sums) expect(rowSum).toBeCloseTo(1, 4);
    await page
      .locator('[data-testid="attention-panel"]')
      .screenshot({ path: 'test-results/attention-1440.png' });
    await page.setViewportSize({ width: 390, height: 844 });
    await page
      .locator('[data-testid="attention-panel"]')
      .screenshot({ path: 'test-results/attention-390.png' });
    // Nothing in the panel sticks out sideways on a phone.
    expect(
      await page.$eval('[data-testid="attention-panel"]', (panel) => panel.scrollWidth - panel.clientWidth),
    ).toBeLessThanOrEqual(0);
    await page.setViewportSize({ width: 1440, height: 900 });

    // Editing the text makes the attention stale until it is captured again.
    await page.fill('[data-testid="input-text"]', 'Lovely food.');
    await page.waitForSelector('[data-testid="attention-stale"]');
    await page.click('[data-testid="attention-refresh"]');
    await page.waitForSelector('[data-testid="attention-stale"]', { state: 'detached' });
    await page.waitForSelector('[data-testid="cls-weight"][data-token="lovely"]');
    expect(await page.getAttribute('[data-testid="result"]', 'data-label')).toBe('positive');
    expect(pageErrors).toEqual([]);
  });
});
