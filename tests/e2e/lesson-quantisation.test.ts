// End to end in headless Chromium (WASM): the lesson "What does quantisation cost?" played as a participant
// would — the ladder measured by a step, the try-it checks failing until the participant acts (paint the
// float16 error, set a stricter threshold and measure again) and passing after.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { checkIs, next, stepSettled } from './pages/lesson-page.ts';

const baseUrl = inject('baseUrl');
const LADDER_TIMEOUT = 240_000;

describe('lesson: what does quantisation cost?', () => {
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('plays from the model as loaded to the whole ladder', async () => {
    await page.goto(`${baseUrl}?lesson=quantisation-cost`);
    await stepSettled(page, 0);
    expect(await page.textContent('[data-testid="lesson-title"]')).toBe('What does quantisation cost?');
    await next(page, 1);
    // The step measured the reference and the float16 copy made in the page's worker.
    await page.waitForSelector(
      '[data-testid="ladder-row"][data-variant="made:fp16"] [data-testid="ladder-size"]',
      {
        timeout: LADDER_TIMEOUT,
      },
    );
    await next(page, 2);
    await checkIs(page, true);

    await next(page, 3);
    await checkIs(page, false);
    await page.click('[data-testid="ladder-row"][data-variant="made:fp16"] [data-testid="ladder-paint"]');
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="variant-error"]', {
      timeout: LADDER_TIMEOUT,
    });
    await checkIs(page, true);

    await next(page, 4);
    expect(await page.textContent('[data-testid="ladder-constants"]')).toContain('LayerNorm');
    await next(page, 5);
    await checkIs(page, false);
    await page.fill('[data-testid="ladder-threshold"]', '65');
    await page.click('[data-testid="ladder-measure"]');
    await checkIs(page, true);
    expect(
      await page.textContent(
        '[data-testid="ladder-row"][data-variant="made:fp16"] [data-testid="ladder-first-past"]',
      ),
    ).not.toContain('none');

    await next(page, 6);
    await page.waitForSelector('[data-testid="ladder-row"][data-variant="made:q4"] td:not(.muted)', {
      timeout: LADDER_TIMEOUT,
    });
    await next(page, 7);
    await checkIs(page, true);
  });
});
