// End to end in headless Chromium: the text playground on WASM and WebGPU, and its failure paths.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MODEL_BASE_STORAGE_KEY } from '../../src/app/workbench/model-source.ts';
import { useBrowser, type BrowserFixture } from './browser.ts';
import { FIXTURE_MODELS } from './global-setup.ts';
import { classify, openPlayground, readResults, selectBackend, waitUntilReady } from './pages/text-page.ts';

const SENTENCES = [
  'I absolutely loved this phone, the battery lasts for days and the screen is great.',
  'Terrible food, rude staff, I will never come back.',
  'The acting was wonderful and the story moved me.',
  'This is the worst product I have ever bought, a complete waste of money.',
];
const EXPECTED_LABELS = ['positive', 'negative', 'positive', 'negative'];

const baseUrl = inject('baseUrl');

describe('text classification with WebGPU available', () => {
  const browser = useBrowser({ webgpu: true });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await openPlayground(page, baseUrl);
  });

  it('classifies a batch on WASM in a cross-origin isolated page, saying how many threads run', async () => {
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    expect(await page.textContent('[data-testid="wasm-threads"]:visible')).toMatch(/WASM · [12] threads? \(/);
    const results = await classify(page, SENTENCES.join('\n'), 'wasm');
    expect(results.map((r) => r.label)).toEqual(EXPECTED_LABELS);
    for (const result of results) {
      const sum = Object.values(result.probabilities).reduce((s, p) => s + p, 0);
      expect(sum).toBeCloseTo(1, 5);
    }
    // The token list is built when it is opened.
    expect(await page.$('[data-testid="tokens"]')).toBeNull();
    await page.click('[data-testid="result"]:first-child details.tokens summary');
    const firstTokens = (await (await page.waitForSelector('[data-testid="tokens"]')).textContent()) ?? '';
    expect(firstTokens).toContain('[CLS]101');
    expect(firstTokens).toContain('[SEP]102');
    expect(await page.textContent('[data-testid="run-latency"]')).toContain('WASM');
    expect(await page.textContent('[data-testid="model-card"]:visible')).toContain('demo model');
  });

  it('gives the same probabilities on WebGPU (within 1e-3) as on WASM', async () => {
    const wasm = await classify(page, SENTENCES.join('\n'), 'wasm');
    await selectBackend(page, 'webgpu');
    await waitUntilReady(page, 'webgpu');
    expect(await page.textContent('[data-testid="webgpu-adapter"]:visible')).toContain('software adapter');
    const webgpu = await classify(page, SENTENCES.join('\n'), 'webgpu');
    expect(webgpu.map((r) => r.label)).toEqual(wasm.map((r) => r.label));
    webgpu.forEach((result, i) => {
      for (const [label, probability] of Object.entries(result.probabilities)) {
        expect(Math.abs(probability - (wasm[i]?.probabilities[label] ?? NaN))).toBeLessThan(1e-3);
      }
    });
    await selectBackend(page, 'wasm');
    await waitUntilReady(page, 'wasm');
  });

  it('shows a hint and runs nothing for empty input', async () => {
    await page.fill('[data-testid="input-text"]', '   \n  ');
    await page.click('[data-testid="run"]');
    expect(await page.textContent('[data-testid="hint"]')).toContain('Type a sentence');
    expect(await page.$('[data-testid="results"]')).toBeNull();
  });

  it('truncates text longer than the model reads, and says so', async () => {
    const long = 'this film was great and '.repeat(60);
    const [result] = await classify(page, long, 'wasm');
    expect(result?.label).toBeTruthy();
    expect(await page.textContent('[data-testid="truncated"]')).toMatch(/Truncated: the text has \d+ tokens/);
  });

  it('tokenizes emoji, CJK and control characters without failing', async () => {
    const results = await classify(
      page,
      'I love it 😀👍\n这部电影很好看\nbad\u0007\u0000 service\u200b',
      'wasm',
    );
    expect(results).toHaveLength(3);
    expect(await page.$('[role="alert"]')).toBeNull();
  });

  it('recovers from a worker crash and keeps working', async () => {
    await page.evaluate(() => {
      type Hook = { glassbox: { workbench: { views: { text: { client: { simulateCrash(): void } } } } } };
      (window as unknown as Hook).glassbox.workbench.views.text.client.simulateCrash();
    });
    await page.waitForSelector('[data-error-code="worker-crashed"]');
    await waitUntilReady(page, 'wasm');
    const [result] = await classify(page, SENTENCES[1] ?? '', 'wasm');
    expect(result?.label).toBe('negative');
    expect(await page.$('[data-error-code="worker-crashed"]')).toBeNull();
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** A page whose embedded models come from folder: the app's configuration, as a mirror would set it. */
async function pageWithModelsFrom(browser: BrowserFixture, folder: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(([key, value]) => localStorage.setItem(key, value), [
    MODEL_BASE_STORAGE_KEY,
    folder,
  ] as const);
  return page;
}

describe('text classification with a missing or corrupt model file', () => {
  const browser = useBrowser({ webgpu: false });

  it('names the missing file when the server answers with index.html', async () => {
    const page = await pageWithModelsFrom(browser, FIXTURE_MODELS.missingModelFile);
    await page.goto(baseUrl);
    const error = await page.waitForSelector('[role="alert"]:visible');
    expect(await error.getAttribute('data-error-code'), (await error.textContent()) ?? '').toBe(
      'model-file-missing',
    );
    expect(await error.textContent()).toContain('tiny-sentiment-bert/onnx/model.onnx');
    expect(await error.textContent()).toContain('HTML page');
    // The page stays usable: the text is kept, and trying again says the same thing instead of breaking.
    await page.fill('[data-testid="input-text"]', 'kept text');
    await page.click('[data-testid="retry-load"]:visible');
    await page.waitForSelector('[data-error-code="model-file-missing"]');
    expect(await page.inputValue('[data-testid="input-text"]')).toBe('kept text');
    await page.close();
  });

  it('says the model is corrupt when its bytes are not ONNX', async () => {
    const page = await pageWithModelsFrom(browser, FIXTURE_MODELS.corruptModelFile);
    await page.goto(baseUrl);
    const error = await page.waitForSelector('[data-error-code="model-file-invalid"]');
    // The decoder names the file and where it stopped making sense.
    expect(await error.textContent()).toMatch(/model\.onnx/);
    expect(await error.textContent()).toMatch(/byte \d+/);
    expect(await readResults(page)).toEqual([]);
    await page.close();
  });

  it('ignores a link’s models folder, says so, and loads the embedded model', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?models=${FIXTURE_MODELS.corruptModelFile}`);
    expect((await page.textContent('[data-testid="link-problems"]'))?.replace(/\s+/g, ' ')).toContain(
      'The link’s models was ignored: where the embedded models come from is set in this app’s configuration, never by a link.',
    );
    await waitUntilReady(page, 'wasm');
    expect((await classify(page, 'Terrible food, rude staff.', 'wasm'))[0]?.label).toBe('negative');
    await page.close();
  });

  it('explains why WebGPU is unavailable and offers WASM', async () => {
    const page = await browser.newPage();
    await openPlayground(page, baseUrl);
    expect(await page.textContent('[data-testid="webgpu-unavailable"]:visible')).toContain(
      'WebGPU unavailable',
    );
    await selectBackend(page, 'webgpu');
    const error = await page.waitForSelector('[data-error-code="webgpu-unavailable"]');
    expect(await error.textContent()).toMatch(/no GPU adapter|navigator\.gpu/);
    await page.click('[data-testid="use-wasm"]:visible');
    await waitUntilReady(page, 'wasm');
    await page.close();
  });
});
