// End to end in headless Chromium (production build, WASM): the generate view on the embedded language
// model — tokens stream in before the end, Stop ends a generation mid-way, a candidate click branches, a
// share link restores prompt, settings and seed and gives the same text — and a causal LM in the hub
// layout from the local hub server generates. WebGPU: one short generation equal to WASM's.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import {
  generate,
  generatedText,
  openGenerator,
  setSetting,
  tokenIds,
  waitForGenerator,
} from './pages/generate-page.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

describe('the generate view (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('streams tokens into the page before the generation ends, with a speed line', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 120);
    // Record, at every change of the stream, how many tokens it shows and whether it is still running.
    await page.evaluate(() => {
      const seen: Array<{ tokens: number; running: string | null }> = [];
      (window as unknown as { seen: typeof seen }).seen = seen;
      new MutationObserver(() => {
        const stream = document.querySelector('[data-testid="token-stream"]');
        if (stream)
          seen.push({
            tokens: stream.querySelectorAll('[data-testid="token"]').length,
            running: stream.getAttribute('data-running'),
          });
      }).observe(document.body, { childList: true, subtree: true, attributes: true });
    });
    await generate(page);
    const ids = await tokenIds(page);
    expect(ids.length).toBe(120);
    const seen = await page.evaluate(
      () => (window as unknown as { seen: Array<{ tokens: number; running: string | null }> }).seen,
    );
    expect(
      seen.some((entry) => entry.running === 'true' && entry.tokens > 0 && entry.tokens < ids.length),
    ).toBe(true);
    expect(await page.textContent('[data-testid="decode-rate"]')).toMatch(/tok\/s/);
    expect(await page.textContent('[data-testid="kv-bytes"]')).toMatch(/KB|MB/);
    await page.close();
  });

  it('runs on the thread count the rule gives a decode step, then measures the counts once', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 16);
    // A decode step of the embedded GPT is little work per node: the rule's 1 thread, said so.
    const threads = page.locator('[data-testid="generation-threads"]');
    expect(await threads.getAttribute('data-threads')).toBe('1');
    expect(await threads.getAttribute('data-source')).toBe('rule');
    await generate(page);
    // The calibration loads the model in a worker per count and times a few greedy generations: seconds
    // on a loaded 2-core machine, hence the long wait. Which count wins depends on the machine.
    await page.waitForSelector(
      '[data-testid="generation-threads"][data-source="measured"], [data-testid="generation-threads-next"]',
      { timeout: 60_000 },
    );
    const stored = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.includes('generate:embedded:tiny-bible-gpt')),
    );
    expect(stored).toHaveLength(1);
    await page.close();
  });

  it('stops a long generation mid-way, keeping the tokens so far', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 240);
    await page.click('[data-testid="generate"]');
    await page.waitForSelector('[data-testid="token"] >> nth=2');
    await page.click('[data-testid="generate-stop"]');
    await page.waitForSelector('[data-testid="generation-output"][data-finished="true"]');
    expect(await page.textContent('[data-testid="finish-sentence"]')).toBe('Stopped.');
    const count = (await tokenIds(page)).length;
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThan(240);
    // The view is usable again: Generate is back.
    await page.waitForSelector('[data-testid="generate"]:not([disabled])');
    await page.close();
  });

  it('branches from a candidate and keeps both branches', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 8);
    await generate(page);
    const original = await tokenIds(page);
    await page.click('[data-testid="token"] >> nth=2');
    await page.waitForSelector('[data-testid="candidates"]');
    const button = page.locator('[data-testid="branch"]').first();
    const chosen = Number(await button.getAttribute('data-candidate-id'));
    await button.click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="branch-tab"]').length === 2);
    await page.waitForSelector('[data-testid="generation-output"][data-finished="true"]');
    const branched = await tokenIds(page);
    expect(branched.slice(0, 2)).toEqual(original.slice(0, 2));
    expect(branched[2]).toBe(chosen);
    expect(branched.length).toBe(3 + 8);
    await page.click('[data-testid="branch-tab"] >> nth=0');
    expect(await tokenIds(page)).toEqual(original);
    await page.close();
  });

  it('shows the logit lens of the generated text: one row per layer, one column per token', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 4);
    await generate(page);
    await page.click('[data-testid="show-lens"]');
    const grid = await page.waitForSelector('[data-testid="logit-lens-grid"]');
    expect(await grid.getAttribute('data-layers')).toBe('4');
    const prompt = await page.$$('[data-testid="lens-cell"]');
    expect(prompt.length).toBeGreaterThan(4 * 4);
    await page.close();
  });

  it('a share link restores prompt, settings and seed, and gives the same text', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?task=generate`);
    await waitForGenerator(page);
    await page.fill('[data-testid="generation-prompt"]', 'And the LORD spake');
    await setSetting(page, 'max-new-tokens', '12');
    await page.check('[data-testid="mode-sample"]');
    await setSetting(page, 'seed', '7');
    await setSetting(page, 'temperature', '1.1');
    await generate(page);
    const text = await generatedText(page);
    await page.waitForFunction(() => new URLSearchParams(location.search).get('seed') === '7');
    const link = page.url();
    expect(new URL(link).searchParams.get('sampling')).toBe('sample');
    await page.close();

    const again = await browser.newPage();
    await again.goto(link);
    await again.waitForSelector('[data-testid="generation-output"][data-finished="true"]');
    expect(await again.inputValue('[data-testid="generation-prompt"]')).toBe('And the LORD spake');
    expect(await generatedText(again)).toBe(text);
    await again.close();
  });

  it('generates with a causal LM in the hub layout from the local hub server', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.goto(`${baseUrl}?task=generate`);
    await waitForGenerator(page);
    await page.fill('[data-testid="generation-hub-id"]', 'glassbox/tiny-bible-gpt');
    await page.click('.hub-open button[type="submit"]');
    await page.waitForFunction(() =>
      (
        document.querySelector('[data-testid="generation-model"]') as HTMLSelectElement | null
      )?.value.startsWith('hub:'),
    );
    await waitForGenerator(page);
    expect(await page.textContent('[data-testid="generation-model-facts"]')).toMatch(/GPT2LMHeadModel/);
    await setSetting(page, 'max-new-tokens', '5');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(5);
    // The Benchmark lab offers the model open in Generate and measures its generation (from the cache).
    // This browser has no WebGPU: the lab's adapter probe logs that Chromium offered none.
    browser.allowProblems(/No available adapters/);
    await page.click('[data-testid="tab-bench"]');
    const option = await page.waitForSelector('[data-testid="bench-open-language-model"]', {
      state: 'attached',
    });
    expect(await option.textContent()).toMatch(/tiny-bible-gpt.*\(open in Generate\)/);
    await page.selectOption('[data-testid="bench-model"]', 'generate:open');
    await page.waitForSelector('[data-testid="bench-generation-plan"]');
    for (const box of await page.$$('[data-testid^="bench-config-"]')) {
      const key = ((await box.getAttribute('data-testid')) ?? '').replace('bench-config-', '');
      if ((await box.isChecked()) !== (key === 'wasm-1')) await box.click();
    }
    await page.fill('[data-testid="bench-generation-tokens"]', '2');
    await page.fill('[data-testid="bench-generation-repeats"]', '1');
    await page.click('[data-testid="bench-run"]');
    const result = await page.waitForSelector('[data-testid="bench-generation-result"]', {
      timeout: 120_000,
    });
    expect(await result.getAttribute('data-outcome')).toBe('complete');
    expect(await result.textContent()).toContain('tiny-bible-gpt');
    await page.close();
  });
});

describe('the generate view on WebGPU', () => {
  // SwiftShader is a CPU adapter: correct, slow, so 3 tokens only.
  const browser = useBrowser({ webgpu: true });

  it('generates the same 3 greedy tokens as WASM', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 3);
    await generate(page);
    const wasm = await tokenIds(page);
    await page.check('[data-testid="generate-view"] [data-testid="backend-webgpu"]');
    await waitForGenerator(page, 'webgpu');
    // SwiftShader: the lab's warning that this speed is not a GPU's.
    expect(await page.textContent('[data-testid="generation-software-adapter"]')).toContain(
      'software adapter',
    );
    await generate(page);
    expect(await tokenIds(page)).toEqual(wasm);
    expect(await page.textContent('[data-testid="speed-line"]')).toContain('WebGPU');
    await page.close();
  });
});
