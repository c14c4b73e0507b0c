// End to end in headless Chromium (production build): "Compare WASM and WebGPU" in the generate view, and
// the generate view's bad input. WebGPU is SwiftShader here (a software adapter, 50–600× slower than
// WASM), so its tests use the embedded tiny model and few tokens. Bad input, on WASM, from the local hub:
// a model whose scores turn NaN (the step and the first NaN node named), a prompt longer than the
// context, a tokenizer without a chat template, a chat template that throws, a model without a KV cache,
// a model listed as 2.5 GB on a phone (warned, downloaded when told to) and one over 4 GB (refused).
// After each, the view still generates.
import { describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { useBrowser } from './browser.ts';
import {
  generate,
  openGenerator,
  openHubGenerator,
  setSetting,
  submitHubRepo,
  tokenIds,
  waitForHubModel,
} from './pages/generate-page.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

/** The tiny random GPT-2 fixture's reference prompt (tests/fixtures/hub/glassbox/tiny-random-gpt2). */
const REFERENCE_PROMPT = 'Hello, world. The king said';

/**
 * On SwiftShader the WebGPU session's creation and warm-up take seconds to tens of seconds, and a token
 * about a second, on a loaded 2-core machine (measured: 20 s for a 3-token comparison at load 20).
 */
const WEBGPU_WAIT_MS = 150_000;

async function compare(page: Page): Promise<void> {
  await page.click('[data-testid="compare-backends"]');
  await page.waitForSelector(
    '[data-testid="compare-verdict"], [data-testid="generation-compare"] [role="alert"]',
    { timeout: WEBGPU_WAIT_MS },
  );
}

/** Which backends the generation worker's loaded model holds a session on now. */
function workerSessions(page: Page): Promise<{ wasm: boolean; webgpu: boolean }> {
  return page.evaluate(async () => {
    type Service = { hasSession(backend: string): Promise<boolean> };
    const { client } = (
      window as unknown as {
        glassbox: { generation: { client: { call<T>(task: (s: Service) => Promise<T>): Promise<T> } } };
      }
    ).glassbox.generation;
    return {
      wasm: await client.call((service) => service.hasSession('wasm')),
      webgpu: await client.call((service) => service.hasSession('webgpu')),
    };
  });
}

describe('bad input in the generate view (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('without WebGPU, Compare says why in one sentence, and Generate still works', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 3);
    await compare(page);
    const alert = page.locator('[data-testid="generation-compare"] [role="alert"]');
    expect(await alert.getAttribute('data-error-code')).toBe('webgpu-unavailable');
    expect(await alert.textContent()).toContain('WASM and WebGPU cannot be compared here:');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(3);
    await page.close();
  });

  it('stops on NaN scores, naming the step and the first NaN node, and generates again', async () => {
    const page = await hubPage(browser, hubUrl);
    await openHubGenerator(page, baseUrl, 'tiny-random-gpt2-nan');
    await page.fill('[data-testid="generation-prompt"]', REFERENCE_PROMPT);
    await setSetting(page, 'max-new-tokens', '8');
    await generate(page);
    // Tokens 1–3 are the fixture's greedy 50, 50, 142; token 142 embeds as NaN, so step 4 cannot go on.
    expect(await tokenIds(page)).toEqual([50, 50, 142]);
    const sentence = await page.textContent('[data-testid="finish-sentence"]');
    expect(sentence).toContain("The model's scores for step 4 are not numbers");
    expect(sentence).toContain(
      'A capture of step 4 finds the first NaN at node /transformer/wte/Gather (Gather)',
    );
    await page.fill('[data-testid="generation-prompt"]', 'The king');
    await setSetting(page, 'max-new-tokens', '2');
    await generate(page);
    expect((await tokenIds(page)).length).toBeGreaterThan(0);
    await page.close();
  });

  it('keeps the end of a prompt longer than the context, saying how many tokens were left out; no chat template is said', async () => {
    const page = await hubPage(browser, hubUrl);
    await openHubGenerator(page, baseUrl, 'tiny-random-gpt2');
    // The size was said before the download.
    expect(await page.textContent('[data-testid="generation-download-size"]')).toMatch(
      /^\s*glassbox\/tiny-random-gpt2 \(fp32\) downloads \d+\.\d+ KB\.\s*$/,
    );
    await page.click('[data-testid="generation-settings"] summary');
    expect(await page.textContent('[data-testid="no-chat-template"]')).toContain(
      'This model has no chat template, so the prompt is read as plain text.',
    );
    await page.fill('[data-testid="generation-prompt"]', 'The king said to his people: '.repeat(30));
    await setSetting(page, 'max-new-tokens', '3');
    await generate(page);
    expect(await page.textContent('[data-testid="generation-notice"]')).toMatch(
      /^\s*The prompt has \d+ tokens and the model reads at most 128, so its first \d+ tokens were left out to leave room for the answer\.\s*$/,
    );
    expect((await tokenIds(page)).length).toBe(3);
    await page.close();
  });

  it('reads the prompt as plain text when the chat template throws, with one sentence', async () => {
    const page = await hubPage(browser, hubUrl);
    await openHubGenerator(page, baseUrl, 'tiny-random-llama-bad-template');
    await setSetting(page, 'max-new-tokens', '3');
    expect(await page.isChecked('[data-testid="use-chat-template"]')).toBe(true);
    await generate(page);
    expect(await page.textContent('[data-testid="generation-notice"]')).toMatch(
      /The model's chat template could not be rendered \(.*Only system roles are supported.*\), so the prompt is used as plain text\./,
    );
    expect((await tokenIds(page)).length).toBe(3);
    await page.close();
  });

  it('on a phone-sized memory, warns before downloading a 2.5 GB model, and downloads it when told to', async () => {
    const page = await hubPage(browser, hubUrl);
    // A phone: Chrome reports its memory rounded, 0.25–8 GB.
    await page.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => 2, configurable: true }),
    );
    await submitHubRepo(page, baseUrl, 'huge-causal-lm');
    const warning = await page.waitForSelector('[data-testid="generation-size-warning"]');
    expect(await warning.textContent()).toContain(
      'glassbox/huge-causal-lm (fp32) downloads 2.50 GB. This device reports 2 GB of memory, and the page holds the weights about twice while it loads them: it may run out of memory and close the tab.',
    );
    // Nothing was downloaded: the embedded model is still the one open, and it generates.
    expect(await page.inputValue('[data-testid="generation-model"]')).toMatch(/^embedded:/);
    await setSetting(page, 'max-new-tokens', '2');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(2);
    // The listing overstates this repo's size (it serves the tiny GPT-2): told to, it downloads and runs.
    await page.click('[data-testid="download-anyway"]');
    await waitForHubModel(page, 'huge-causal-lm');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(2);
    await page.close();
  });

  it('refuses a model over what a browser can load, with one sentence, keeping the model open', async () => {
    const page = await hubPage(browser, hubUrl);
    await submitHubRepo(page, baseUrl, 'too-large-causal-lm');
    const refusal = await page.waitForSelector('[data-testid="generation-size-refused"]');
    expect(await refusal.textContent()).toContain(
      'glassbox/too-large-causal-lm (fp32) downloads 5.00 GB, more than the 4.00 GB ONNX Runtime can hold in a browser',
    );
    expect(await page.inputValue('[data-testid="generation-model"]')).toMatch(/^embedded:/);
    await setSetting(page, 'max-new-tokens', '2');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(2);
    await page.close();
  });

  it('generates with a model without a KV cache, saying it is slower', async () => {
    const page = await hubPage(browser, hubUrl);
    await openHubGenerator(page, baseUrl, 'tiny-random-gpt2-no-cache');
    await setSetting(page, 'max-new-tokens', '3');
    await generate(page);
    const notices = await page.$$eval('[data-testid="generation-notice"]', (all) =>
      all.map((notice) => notice.textContent?.trim()),
    );
    expect(notices).toContain(
      'This model has no key/value cache: every step reads the whole text again, so it is slower.',
    );
    expect((await tokenIds(page)).length).toBe(3);
    await page.close();
  });
});

describe('Compare WASM and WebGPU (WebGPU on SwiftShader)', () => {
  const browser = useBrowser({ webgpu: true });

  it('generates greedily on both and reports the same tokens (or where and why they part), on a software adapter said so', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 3);
    await compare(page);
    const verdict = page.locator('[data-testid="compare-verdict"]');
    const agreement = await verdict.getAttribute('data-agreement');
    const runs = page.locator('[data-testid="compare-run"]');
    expect(await runs.count()).toBe(2);
    expect(await runs.nth(0).getAttribute('data-backend')).toBe('wasm');
    expect(await runs.nth(1).getAttribute('data-backend')).toBe('webgpu');
    if (agreement === 'same') {
      expect((await verdict.textContent())?.trim()).toBe(
        'WASM (CPU) and WebGPU generate the same 3 greedy tokens.',
      );
      expect(await runs.nth(0).locator('[data-testid="compare-token"]').count()).toBe(3);
      expect(await page.$('[data-testid="compare-step"]')).toBeNull();
    } else {
      // A future runtime that parts: the token and the step's first divergent node (or a near tie) are named.
      expect(await verdict.textContent()).toMatch(/first differ at token \d+|agree on the first/);
      expect(await page.textContent('[data-testid="compare-step"]')).toMatch(
        /first disagree at|agree within the tolerance/,
      );
    }
    expect(await page.textContent('[data-testid="compare-software-adapter"]')).toMatch(
      /WebGPU here is a software adapter.*swiftshader/s,
    );
    // The WebGPU session the comparison made for itself is released once it ends; the view's stays.
    expect(await workerSessions(page)).toEqual({ wasm: true, webgpu: false });
    // The view's own generation is untouched and still runs.
    await generate(page);
    expect((await tokenIds(page)).length).toBe(3);
    await page.close();
  });

  it('stops mid-comparison, and the view generates again', async () => {
    const page = await browser.newPage();
    await openGenerator(page, baseUrl, 200);
    await page.click('[data-testid="compare-backends"]');
    // SwiftShader makes each WebGPU token slow: the comparison is still generating there when Stop comes.
    await page.waitForFunction(
      () =>
        /Generating on WebGPU: [1-9]/.test(
          document.querySelector('[data-testid="compare-stage"]')?.textContent ?? '',
        ),
      null,
      { timeout: WEBGPU_WAIT_MS },
    );
    await page.click('[data-testid="compare-stop"]');
    // Stop is honoured between two WebGPU steps, each about a second here.
    const verdict = await page.waitForSelector('[data-testid="compare-verdict"]', {
      timeout: WEBGPU_WAIT_MS,
    });
    expect(await verdict.getAttribute('data-agreement')).toBe('stopped');
    expect(await verdict.textContent()).toMatch(/Stopped/);
    await page.waitForSelector('[data-testid="compare-backends"]:not([disabled])');
    await setSetting(page, 'max-new-tokens', '2');
    await generate(page);
    expect((await tokenIds(page)).length).toBe(2);
    await page.close();
  });
});
