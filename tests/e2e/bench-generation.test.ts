// End to end in headless Chromium: the Benchmark lab measures the embedded language model's generation on
// WASM 1 and 2 threads (few tokens: SwiftShader and a loaded machine), shows time to first token, prefill
// and decode tokens/s, KV cache and weight bytes and the token agreement, exports JSON that validates
// against its schema, keeps the lab's software-adapter warning, keeps the result in the lab's history
// (listed, still there after a reload, shown again on click), and Cancel stops a long run at once.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { checkGenerationResult } from '../../src/lib/bench/generation-result-schema.ts';
import { exportedText, openBenchLab, runAndWait } from './pages/bench-page.ts';
import { useBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const MODEL = 'tiny-bible-gpt';

async function choosePlan(page: Page, configs: string[], tokens: number, repeats: number): Promise<void> {
  await page.selectOption('[data-testid="bench-model"]', MODEL);
  await page.waitForSelector('[data-testid="bench-generation-plan"]');
  for (const box of await page.$$('[data-testid^="bench-config-"]')) {
    const key = ((await box.getAttribute('data-testid')) ?? '').replace('bench-config-', '');
    if ((await box.isChecked()) !== configs.includes(key)) await box.click();
  }
  await page.fill('[data-testid="bench-generation-tokens"]', String(tokens));
  await page.fill('[data-testid="bench-generation-repeats"]', String(repeats));
}

const cell = (page: Page, key: string, what: string): Promise<string> =>
  page
    .textContent(`[data-testid="bench-generation-row-${key}"] [data-testid="bench-generation-${what}"]`)
    .then((text) => (text ?? '').trim());

/** The median a figure's cell shows (its range is under it). */
const median = (page: Page, key: string, what: string): Promise<number> =>
  page
    .getAttribute(
      `[data-testid="bench-generation-row-${key}"] [data-testid="bench-generation-${what}"]`,
      'data-median',
    )
    .then(Number);

describe('the Benchmark lab measuring generation', () => {
  const browser = useBrowser({ webgpu: true });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await openBenchLab(page, baseUrl);
  });

  it('offers the embedded language model with its own plan and the lab’s software-adapter warning', async () => {
    await choosePlan(page, ['wasm-1', 'wasm-2'], 4, 2);
    expect(await page.$('[data-testid="bench-warmup"]')).toBeNull();
    expect(await page.$('[data-testid="bench-input-synthetic"]')).toBeNull();
    expect(await page.textContent('[data-testid="bench-software-adapter"]')).toMatch(/software adapter/);
    expect(pageErrors).toEqual([]);
  });

  it('measures WASM 1 and 2 threads: TTFT, prefill and decode tokens/s, KV cache and weights', async () => {
    // Two fresh workers each load the model and generate 1 + 2 times: seconds, more on a loaded machine.
    await runAndWait(page, 150_000, 'bench-generation-result');
    const result = page.locator('[data-testid="bench-generation-result"]');
    expect(await result.getAttribute('data-outcome')).toBe('complete');
    for (const key of ['wasm-1', 'wasm-2']) {
      expect(await median(page, key, 'ttft')).toBeGreaterThan(0);
      expect(await median(page, key, 'prefill')).toBeGreaterThan(0);
      expect(await median(page, key, 'decode')).toBeGreaterThan(0);
      expect(await cell(page, key, 'decode')).toMatch(/^\d+\s*\d+–\d+$/);
      // tiny-bible-gpt: 4 layers × key and value × [1, 4, prompt + 4, 32] float32.
      expect(await cell(page, key, 'cache')).toMatch(/KB$/);
    }
    expect(await page.textContent('[data-testid="bench-generation-weights"]')).toMatch(/^\d+\.\d+ MB$/);
    expect(await page.textContent('[data-testid="bench-generation-facts"]')).toMatch(
      /WASM 1 thread: 1; WASM 2 threads: 2/,
    );
    expect(await page.textContent('[data-testid="bench-generation-agreement"]')).toMatch(
      /Every configuration made the same 4 greedy tokens/,
    );
    expect((await page.textContent('[data-testid="bench-generation-text"]'))?.length).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });

  it('exports JSON that validates against the generation schema', async () => {
    const json = JSON.parse(await exportedText(page, 'bench-generation-export-json')) as unknown;
    const check = checkGenerationResult(json);
    expect(check.valid ? [] : check.errors).toEqual([]);
    if (!check.valid) return;
    const { result } = check;
    expect(result.model).toMatchObject({ id: MODEL, layers: 4 });
    expect(result.configurations.map((c) => [c.key, c.threadsUsed, c.runs.length])).toEqual([
      ['wasm-1', 1, 2],
      ['wasm-2', 2, 2],
    ]);
    for (const config of result.configurations) {
      expect(config.ids).toHaveLength(4);
      expect(config.runs.every((run) => run.cacheBytes > 0 && run.firstTokenMs > 0)).toBe(true);
      expect(config.summary.decodeTokensPerSecond?.median).toBeGreaterThan(0);
    }
  });

  it('keeps the result in the history: listed, still there after a reload, shown again on click', async () => {
    const id = await page.getAttribute('[data-testid="bench-generation-result"]', 'data-id');
    const item = `[data-testid="bench-history-item"][data-id="${id}"]`;
    await page.waitForSelector(item);
    expect(await page.getAttribute(item, 'data-kind')).toBe('generation');
    expect(await page.textContent(`${item} [data-testid="bench-history-summary"]`)).toBe(
      `${MODEL} · generation · WASM 1, 2 threads · 4 tokens`,
    );
    await openBenchLab(page, baseUrl); // a reload: only IndexedDB still has the result
    await page.click(`${item} button >> nth=0`);
    const shown = `[data-testid="bench-generation-result"][data-id="${id}"]`;
    await page.waitForSelector(shown);
    expect(await page.getAttribute(shown, 'data-outcome')).toBe('complete');
    expect(await page.getAttribute(item, 'aria-current')).toBe('true');
    expect(await page.inputValue('[data-testid="bench-model"]')).toBe(MODEL);
    expect(await page.textContent('[data-testid="bench-generation-agreement"]')).toMatch(
      /Every configuration made the same 4 greedy tokens/,
    );
    // The result read back from storage exports as the shown one does, valid against its schema.
    const check = checkGenerationResult(
      JSON.parse(await exportedText(page, 'bench-generation-export-json')) as unknown,
    );
    expect(check.valid ? check.result.id : check.errors).toBe(id);
    expect(pageErrors).toEqual([]);
  });

  it('stops a long run at once on Cancel and keeps what finished', async () => {
    await choosePlan(page, ['wasm-1'], 400, 50);
    await page.click('[data-testid="bench-run"]');
    // A timed round has started. Any round: one of 400 tokens takes well under a second on a quiet
    // machine, so "Round 1 of 50" can be replaced before a poll sees it (CI missed it once that way).
    await page.waitForSelector('[data-testid="bench-progress"] >> text=/Round \\d+ of 50/', {
      timeout: 120_000,
    });
    await page.click('[data-testid="bench-cancel"]');
    await page.waitForSelector('[data-testid="bench-generation-result"][data-outcome="cancelled"]', {
      timeout: 30_000,
    });
    expect(await page.textContent('[data-testid="bench-generation-warnings"]')).toMatch(/^Cancelled/);
    expect(pageErrors).toEqual([]);
  });
});
