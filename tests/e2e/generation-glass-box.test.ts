// End to end in headless Chromium (production build, WASM): the glass box of one generated token on the
// embedded language model — where the step that chose it looked (the attention per layer and head, with
// numbers that add up), following the token picked, and Look inside this step painting the step's run on
// the model's graph with the feeds it had (one token on a cache of the tokens before it).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { generate, openGenerator, waitForGenerator } from './pages/generate-page.ts';
import { waitForView } from './pages/inspector-page.ts';

const baseUrl = inject('baseUrl');
/** A capture creates its own session and opens the graph: generous on a loaded 2-core machine. */
const CAPTURE_TIMEOUT = 180_000;

async function pickToken(page: Page, index: number): Promise<void> {
  await page.click(`[data-testid="token"] >> nth=${index}`);
  await page.waitForSelector('[data-testid="token-glass-box"]');
}

/** The weights of the attention bars shown, and the tokens they are on. */
async function bars(page: Page): Promise<{ tokens: string[]; weights: number[] }> {
  const items = page.locator('[data-testid="token-attention-weight"]');
  const tokens = await items.evaluateAll((list) => list.map((item) => item.getAttribute('data-token') ?? ''));
  const weights = await items.evaluateAll((list) =>
    list.map((item) => Number(item.getAttribute('data-weight'))),
  );
  return { tokens, weights };
}

const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

describe('the glass box of a generated token (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('shows where the step that chose a token looked, per layer and head, with weights adding up to 1', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 8);
    await generate(page);

    // Token 5 was chosen by a cached step: it read token 4 on a cache of the prompt and tokens 1–3.
    await pickToken(page, 4);
    await page.click('[data-testid="token-attention-open"]');
    const view = page.locator('[data-testid="token-attention"]');
    await view.waitFor({ timeout: CAPTURE_TIMEOUT });
    expect(await view.getAttribute('data-layers')).toBe('4');
    expect(await page.textContent('[data-testid="token-attention-step"]')).toMatch(
      /with \d+ tokens in its key\/value cache/,
    );
    const mean = await bars(page);
    expect(mean.weights.length).toBeGreaterThan(5);
    expect(sum(mean.weights)).toBeCloseTo(1, 4);
    expect(mean.weights.every((weight) => weight >= 0)).toBe(true);
    // The last key is the token the step read; the four generated before token 5 come just before it.
    const streamed = await page.locator('[data-testid="token"]').allTextContents();
    expect(mean.tokens.length).toBeGreaterThan(4);

    // Every layer and head at once: 4 layers × 4 heads, a column per key token.
    const grid = page.locator('[data-testid="token-attention-grid"]');
    expect(await grid.getAttribute('data-rows')).toBe('16');
    expect(Number(await grid.getAttribute('data-columns'))).toBe(mean.weights.length);
    await grid.locator('canvas').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.textContent('[data-testid="token-attention-readout"]')).toMatch(/head 0 → .*: \d/);

    // One head of the last layer: its own row, still a distribution.
    await page.selectOption('[data-testid="token-attention-layer"]', '3');
    await page.selectOption('[data-testid="token-attention-head"]', '2');
    await page.waitForSelector('[data-testid="token-attention-row"][data-layer="3"][data-head="2"]');
    const head = await bars(page);
    expect(sum(head.weights)).toBeCloseTo(1, 4);
    expect(head.weights).not.toEqual(mean.weights);

    // Picking another token follows it: the first token came from the prefill over the prompt alone.
    await pickToken(page, 0);
    await page.waitForFunction(() =>
      document
        .querySelector('[data-testid="token-attention-step"]')
        ?.textContent?.includes('read the prompt'),
    );
    const first = await bars(page);
    expect(first.weights.length).toBe(mean.weights.length - 4);
    expect(sum(first.weights)).toBeCloseTo(1, 4);
    expect(streamed.length).toBe(8);
    // The prefill's square over the prompt opens in the run capture's attention viewer.
    await page.click('[data-testid="token-attention-matrix-toggle"]');
    const sums = JSON.parse(
      (await page.getAttribute('[data-testid="attention-matrix"]', 'data-row-sums')) ?? '[]',
    ) as number[];
    expect(sums).toHaveLength(first.weights.length);
    for (const rowSum of sums) expect(rowSum).toBeCloseTo(1, 4);
    await page.close();
  });

  it('looks inside the step that produced a token: its run painted on the graph, with that step’s feeds', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await openGenerator(page, baseUrl, 6);
    await generate(page);
    await pickToken(page, 3);
    const button = page.locator('[data-testid="token-glass-box"] [data-testid="look-inside-button"]');
    expect(await button.textContent()).toBe('Look inside this step');
    await button.click();
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', {
      timeout: CAPTURE_TIMEOUT,
    });
    await waitForView(page);
    expect(await page.locator('[data-testid="graph-canvas"] [data-painted="value"]').count()).toBeGreaterThan(
      0,
    );
    expect(await page.textContent('[data-testid="capture-facts"]')).toMatch(/\d+ values captured/);
    // The step's own feeds: one token, on a cache of everything before it.
    const inputs = ((await page.textContent('[data-testid="summary-inputs"]')) ?? '').replace(/\s+/g, ' ');
    expect(inputs).toMatch(/input_ids int64 \[[^\]]*\] · this run: \[1, 1\]/);
    expect(inputs).toMatch(/past_key_values\.0\.key float32 \[[^\]]*\] · this run: \[1, 4, \d+, 32\]/);
    await page.close();
  });

  it('has no serious or critical axe violation with the token’s attention open, light and dark', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await openGenerator(page, baseUrl, 4);
    await generate(page);
    await pickToken(page, 2);
    await page.click('[data-testid="token-attention-open"]');
    await page.waitForSelector('[data-testid="token-attention"]', { timeout: CAPTURE_TIMEOUT });
    expect(await violationsInBothSchemes(page)).toEqual({});
    await context.close();
  });
});

describe('the glass box of a token generated on WebGPU', () => {
  // SwiftShader is a CPU adapter: correct, slow, so 3 tokens only. The replayed cache is read back from
  // GPU buffers, the path WASM never takes.
  const browser = useBrowser({ webgpu: true });

  it('replays a cached step from the GPU cache: the same attention as on WASM', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 3);
    await generate(page);
    await pickToken(page, 2);
    await page.click('[data-testid="token-attention-open"]');
    await page.locator('[data-testid="token-attention"]').waitFor({ timeout: CAPTURE_TIMEOUT });
    const wasm = await bars(page);
    await page.check('[data-testid="generate-view"] [data-testid="backend-webgpu"]');
    await waitForGenerator(page, 'webgpu');
    await generate(page);
    await pickToken(page, 2);
    await page
      .locator('[data-testid="token-attention"][data-backend="webgpu"]')
      .waitFor({ timeout: CAPTURE_TIMEOUT });
    const webgpu = await bars(page);
    expect(webgpu.tokens).toEqual(wasm.tokens);
    expect(sum(webgpu.weights)).toBeCloseTo(1, 4);
    webgpu.weights.forEach((weight, i) => expect(weight).toBeCloseTo(wasm.weights[i]!, 4));
    await page.close();
  });
});
