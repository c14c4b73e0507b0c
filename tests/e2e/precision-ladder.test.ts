// End to end in headless Chromium (WASM): the precision ladder on the embedded tiny BERT — the model as
// loaded against the fp16 variant made in the page's worker (and every other kind: measured when its maker
// is built, its sentence in the row until then), a file that is not a model (its row says why), sizes,
// agreement on the view's examples, the error per block, the graph painted with the variant's error and
// its legend, and a download that is a smaller .onnx.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeModelMessage } from '../../src/lib/capture/capture-variant.ts';
import { useBrowser } from './browser.ts';
import { waitForView } from './pages/inspector-page.ts';
import { openPlayground, readResults } from './pages/text-page.ts';

const baseUrl = inject('baseUrl');
// Five variants, each loaded, run on three sentences, timed ten times and captured whole, on a shared
// 2-core machine: generous.
const LADDER_TIMEOUT = 240_000;

function rowOf(page: Page, variant: string) {
  return page.locator(`[data-testid="ladder-row"][data-variant="${variant}"]`);
}

describe('precision ladder', () => {
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('measures fp32 against the fp16 made in the browser: sizes, agreement, error per block', async () => {
    await openPlayground(page, baseUrl);
    // The view classifies its examples by itself; the ladder measures on them.
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result"]').length === 3, null, {
      timeout: 120_000,
    });
    expect((await readResults(page)).length).toBe(3);
    await page.click('[data-testid="precision-ladder"] summary');
    expect(await page.textContent('[data-testid="ladder-threshold-text"]')).toContain('falls under 20 dB');
    await page.setInputFiles('[data-testid="ladder-file"]', {
      name: 'not-a-model.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('this is not an onnx file'),
    });
    await page.click('[data-testid="ladder-measure"]');
    await page.waitForSelector('[data-testid="ladder-status"]:has-text("Measured on WASM")', {
      timeout: LADDER_TIMEOUT,
    });

    const reference = rowOf(page, 'reference');
    const fp16 = rowOf(page, 'made:fp16');
    const sizeOf = async (row: ReturnType<typeof rowOf>) =>
      (await row.locator('[data-testid="ladder-size"]').textContent()) ?? '';
    expect(await sizeOf(reference)).toMatch(/^\d+(\.\d+)? MB$/);
    const mb = (text: string) => Number(text.replace(' MB', ''));
    const ratio = mb(await sizeOf(fp16)) / mb(await sizeOf(reference));
    expect(ratio).toBeGreaterThan(0.45);
    expect(ratio).toBeLessThan(0.6);
    expect(await fp16.locator('[data-testid="ladder-agreement"]').textContent()).toBe('100% of 3');
    expect(await fp16.locator('[data-testid="ladder-first-past"]').textContent()).toContain('none');

    // Every kind is offered and made in the worker, and each measures: no row gives a failure sentence.
    for (const kind of ['fp16-simulated', 'int8-weights', 'int8-dynamic', 'q4']) {
      const row = rowOf(page, `made:${kind}`);
      expect(await row.locator('[data-testid="ladder-failure"]').count()).toBe(0);
      expect(await row.locator('[data-testid="ladder-agreement"]').textContent()).toMatch(/% of 3$/);
    }
    const junk = rowOf(page, 'file:not-a-model.onnx');
    expect(await junk.locator('[data-testid="ladder-failure"]').textContent()).toBeTruthy();

    const details = page.locator('[data-testid="ladder-details"]');
    expect(await details.locator('[data-testid="ladder-alignment"]').textContent()).toMatch(
      /\d+ values aligned: \d+ by name, \d+ by structure/,
    );
    expect(await details.locator('[data-testid="ladder-summary"]').textContent()).toMatch(
      /No computed value falls under 20 dB; the worst is \d+\.\d dB/,
    );
    expect(await details.locator('[data-testid="ladder-constants"]').textContent()).toContain('LayerNorm');
    const blocks = await details.locator('[data-testid="ladder-blocks"] tbody tr').count();
    expect(blocks).toBeGreaterThan(4);

    // fp16 headroom of the reference run: the figure under the table, a column per block, a row per node.
    expect(await page.textContent('[data-testid="ladder-headroom"]')).toMatch(
      /\d+ nodes? exceeds? fp16's range \(65,504\), \d+ falls? below its smallest normal .* The least room: \//,
    );
    expect(await details.locator('[data-testid="block-headroom"]').first().textContent()).toMatch(
      /bits|overflows|saturates|all zero/,
    );
    expect(await details.locator('[data-testid="headroom-node"]').count()).toBeGreaterThan(100);
  });

  it('downloads the fp16 variant as a valid .onnx half the size', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rowOf(page, 'made:fp16').locator('[data-testid="ladder-download"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/_fp16\.onnx$/);
    const bytes = await readFile((await download.path()) ?? '');
    const original = await readFile(
      new URL('../../models/tiny-sentiment-bert/onnx/model.onnx', import.meta.url),
    );
    expect(bytes.byteLength / original.byteLength).toBeLessThan(0.6);
    expect(decodeModelMessage(new Uint8Array(bytes)).graph?.node?.length).toBeGreaterThan(100);
  });

  it('paints the fp16 variant’s error on the graph with a legend', async () => {
    await rowOf(page, 'made:fp16').locator('[data-testid="ladder-paint"]').click();
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="variant-error"]', {
      timeout: LADDER_TIMEOUT,
    });
    await waitForView(page);
    expect(await page.locator('[data-testid="graph-canvas"] [data-painted="value"]').count()).toBeGreaterThan(
      0,
    );
    expect(await page.getAttribute('[data-testid="overlay-legend"]', 'data-metric')).toBe('variant-error');
    expect(await page.inputValue('[data-testid="overlay-metric"]')).toBe('variant-error');
  });

  it('measures the ladder a link names, with its threshold, and writes it back into the page’s link', async () => {
    await page.goto(
      `${baseUrl}?model=tiny-sentiment-bert&task=text&text=Great+film&variants=fp16&threshold=65`,
    );
    await page.waitForSelector('[data-testid="ladder-status"]:has-text("Measured on WASM")', {
      timeout: LADDER_TIMEOUT,
    });
    expect(await page.locator('[data-testid="ladder-row"]').count()).toBe(2);
    expect(await page.textContent('[data-testid="ladder-threshold-text"]')).toContain('falls under 65 dB');
    // float16's worst computed value is under 65 dB (57.6 measured in Node): the row names its node.
    expect(await rowOf(page, 'made:fp16').locator('[data-testid="ladder-first-past"]').textContent()).toMatch(
      /\//,
    );
    await page.waitForFunction(() => window.location.search.includes('variants=fp16'));
    expect(new URL(page.url()).searchParams.get('threshold')).toBe('65');
  });
});
