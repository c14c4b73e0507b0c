// End to end in headless Chromium: the cold path from page open to the first classified example. A fresh
// browser context (empty HTTP cache) shows the runtime's download as its own stage with bytes, loads only
// the plain WASM build, and classifies the examples without a click; opened again, the runtime comes
// from the cache; WebGPU alone brings the JSEP build.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BASE_FLAGS, browserBinary, SOFTWARE_WEBGPU_FLAGS } from '../../scripts/chromium.ts';
import { failOnProblems, useBrowser, watchContext } from './browser.ts';
import { selectBackend, waitUntilReady } from './pages/text-page.ts';

const baseUrl = inject('baseUrl');

/** Records every text the runtime's stage row shows, from the first frame (stages can pass quickly). */
const RECORD_RUNTIME_STAGE = `
  window.__runtimeStage = [];
  new MutationObserver(() => {
    const row = document.querySelector('[data-testid="load-stage-runtime"]');
    const text = row && row.textContent.trim();
    if (text && window.__runtimeStage.at(-1) !== text) window.__runtimeStage.push(text);
  }).observe(document, { subtree: true, childList: true, characterData: true });
`;

interface RuntimeTimings {
  build: string;
  source: string;
  bytes: number | null;
  ortFetch?: string | null;
}

async function runtimeTimings(page: Page): Promise<RuntimeTimings> {
  return page.evaluate(
    () =>
      (
        window as unknown as {
          glassbox: { text: { slot: { loaded: { timings: { runtime: RuntimeTimings } } } } };
        }
      ).glassbox.text.slot.loaded.timings.runtime,
  );
}

async function firstResult(page: Page): Promise<void> {
  await page.goto(`${baseUrl}?task=text`);
  await page.waitForSelector('[data-testid="results"] [data-testid="result"]', { timeout: 120_000 });
}

describe('the cold path to the first classified example', () => {
  // A profile on disk, as a person's browser has: its HTTP cache keeps the 14 MB runtime for the next
  // visit (a private window's in-memory cache does not; see the last test).
  const profile = mkdtempSync(join(tmpdir(), 'glassbox-cold-path-'));
  // useBrowser cannot launch a persistent profile: the same checks, on this context. Fails a test on any
  // console error or warning, uncaught error or CSP violation of the page or its workers.
  const watch = failOnProblems();
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];
  const wasmRequests: string[] = [];

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browserBinary(null),
      headless: true,
      args: [...BASE_FLAGS, ...SOFTWARE_WEBGPU_FLAGS],
      // The production build's service worker would precache every runtime build in the background and
      // answer later loads itself: this test is about the browser's HTTP cache (docs/offline.md).
      serviceWorkers: 'block',
    });
    await context.addInitScript(() =>
      Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }),
    );
    await context.addInitScript(RECORD_RUNTIME_STAGE);
    context.on('request', (request) => {
      if (request.url().endsWith('.wasm')) wasmRequests.push(request.url().split('/').pop() ?? '');
    });
    await watchContext(context, watch.problems);
    page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
    watch.check();
  });

  it('shows the runtime download with bytes, then a classified example without any click', async () => {
    await firstResult(page);
    const stages = await page.evaluate(
      () => (window as unknown as { __runtimeStage: string[] }).__runtimeStage,
    );
    expect(stages.some((text) => /^Downloading the runtime — [\d.]+ of 13\.6 MB$/.test(text))).toBe(true);
    expect(await page.textContent('[data-testid="load-summary"]')).toMatch(
      /^runtime 13\.6 MB in [\d.]+ m?s, model downloaded in [\d.]+ m?s, session/,
    );
    const runtime = await runtimeTimings(page);
    expect(runtime).toMatchObject({ build: 'wasm', source: 'network', bytes: 14_239_897 });
    // ORT compiled the bytes just downloaded: no second fetch of the .wasm.
    expect(runtime.ortFetch).toBe('bytes-handed');
    // Only the plain WASM build: the 28 MB JSEP (WebGPU) build is not fetched for a WASM session.
    expect(wasmRequests.every((name) => /^ort-wasm-simd-threaded-[\w-]+\.wasm$/.test(name))).toBe(true);
    expect(await page.locator('[data-testid="result"]').count()).toBe(3);
  });

  it('says "runtime from cache" when the page is opened again', async () => {
    await firstResult(page);
    // The runtime is not fetched at all (immutable hashed asset); the model is revalidated (304).
    expect(await page.textContent('[data-testid="load-summary"]')).toMatch(
      /^runtime from cache, model from the browser cache, session/,
    );
    // From the cache, ORT fetches the file itself (streaming compile) and the cache answers.
    expect(await runtimeTimings(page)).toMatchObject({ source: 'http-cache', ortFetch: 'http-cache' });
  });

  it('fetches the WebGPU build only when WebGPU is chosen, with the model already loaded', async () => {
    const before = wasmRequests.length;
    await selectBackend(page, 'webgpu');
    await waitUntilReady(page, 'webgpu');
    expect(wasmRequests.slice(before).some((name) => name.includes('.jsep'))).toBe(true);
    const summary = await page.textContent('[data-testid="load-summary"]');
    expect(summary).toMatch(/^runtime 27\.0 MB in [\d.]+ m?s, model already loaded, session/);
    expect(summary).toContain('warm-up with shader compilation');
    expect(summary).not.toContain('0.00 ms');
    expect(pageErrors).toEqual([]);
  });
});

describe('the cold path in a private window', () => {
  const browser = useBrowser({ webgpu: false });

  it('hands the downloaded runtime to ORT in a private window too (its small cache does not keep it)', async () => {
    const page = await browser.newPage();
    await firstResult(page);
    const runtime = await runtimeTimings(page);
    expect(runtime).toMatchObject({ build: 'wasm', source: 'network', bytes: 14_239_897 });
    expect(runtime.ortFetch).toBe('bytes-handed');
  });
});
