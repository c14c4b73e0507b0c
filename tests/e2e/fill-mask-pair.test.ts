// End to end in headless Chromium (production build, WASM): the fill-mask view's minimal pair on the
// embedded tiny-bible-bert. The text in the box and a second text with one word changed are filled side by
// side: the first text's column equals the view's own run, the second's differs, the changed word is named,
// and a second text without the blank gets a sentence instead of a run.
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');

/** Loading a model on a cold page (runtime download, session, warm-up) is slow on a shared 2-core machine. */
const LOAD_TIMEOUT = 90_000;

describe('the fill-mask minimal pair (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('fills two texts one word apart and shows how each filler’s probability moves', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}?task=fill-mask`);
    await page.waitForSelector('[data-testid="fill-mask-results"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    const own = await page.$$eval('[data-testid="blank"] [data-testid="filler"]', (items) =>
      items.map((item) => Number(item.getAttribute('data-probability'))),
    );

    // The second text starts as a copy of the first.
    await page.click('[data-testid="fill-mask-pair-copy"]');
    expect(await page.inputValue('[data-testid="fill-mask-pair-text"]')).toBe(
      await page.inputValue('[data-testid="fill-mask-text"]'),
    );
    // No blank in the second text: a sentence, no run.
    await page.fill(
      '[data-testid="fill-mask-pair-text"]',
      'In the beginning, God created the sky and the earth.',
    );
    await page.click('[data-testid="fill-mask-pair-run"]');
    expect(await page.textContent('[data-testid="fill-mask-pair-hint"]')).toBe(
      'The second sentence needs the blank too: write [MASK] in it.',
    );

    await page.fill(
      '[data-testid="fill-mask-pair-text"]',
      'In the beginning, God created the [MASK] and the sea.',
    );
    await page.click('[data-testid="fill-mask-pair-run"]');
    await page.waitForSelector('[data-testid="fill-mask-pair-result"]', { timeout: LOAD_TIMEOUT });
    expect((await page.textContent('[data-testid="fill-mask-pair-change"]'))?.replace(/\s+/g, ' ')).toBe(
      'Changed: earth. → sea..',
    );
    const rows = await page.$$eval('[data-testid="pair-filler"]', (items) =>
      items.map((item) => ({
        filler: item.getAttribute('data-filler') ?? '',
        first: item.getAttribute('data-first'),
        second: item.getAttribute('data-second'),
      })),
    );
    expect(rows.length).toBeGreaterThanOrEqual(5);
    // The first column is the view's own run of the same text.
    rows.slice(0, own.length).forEach((row, i) => expect(Number(row.first)).toBeCloseTo(own[i] ?? NaN, 6));
    // One word changed what the model puts in the blank.
    const moved = rows.filter((row) => row.first !== '' && row.second !== '' && row.first !== row.second);
    expect(moved.length).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="fill-mask-pair-blank"] caption')).toMatch(/top filler/);
    // The table and its coloured changes read in both schemes.
    expect(await violationsInBothSchemes(page)).toEqual({});

    // Editing the first text makes the pair stale.
    await page.fill('[data-testid="fill-mask-text"]', 'The [MASK] is my shepherd.');
    await page.waitForSelector('[data-testid="fill-mask-pair-stale"]');
    await context.close();
  });
});
