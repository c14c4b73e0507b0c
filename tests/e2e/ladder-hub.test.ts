// End to end in headless Chromium (WASM) against the local hub: a hub model opened in the text view (from a
// link) — the precision ladder lists the repo's other dtype files with the listing's sizes before anything
// downloads; measuring one downloads exactly that file (the hub server's request log) and shows its row;
// Prepare a report on that row downloads a zip whose parts load back, naming the two variants, and whose
// one-node model, rerun here on ONNX Runtime WASM (Node), reproduces the reference's captured output.
import { readFile } from 'node:fs/promises';
import * as ort from 'onnxruntime-web';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import type { ReportFacts } from '../../src/lib/report/report-types.ts';
import { decodeTypedNpy } from '../../src/lib/report/typed-npy.ts';
import { readZip } from '../../src/lib/report/zip.ts';
import { useBrowser } from './browser.ts';
import { hubControl, hubPage, hubRequests } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');
const REPO = 'glassbox/tiny-random-nli-bert';
/** A load, a run, and the ladder's captures on a shared 2-core machine: generous. */
const TIMEOUT = 180_000;

function rowOf(page: Page, variant: string) {
  return page.locator(`[data-testid="ladder-row"][data-variant="${variant}"]`);
}

describe('precision ladder on a hub model', () => {
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  it('lists the repo’s dtype files with sizes and downloads only the one measured', async () => {
    page = await hubPage(browser, hubUrl);
    const params = new URLSearchParams({
      model: REPO,
      task: 'text',
      text: 'science is fun\nthe film was good',
    });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="result"]').length === 2, null, {
      timeout: TIMEOUT,
    });
    await page.click('[data-testid="precision-ladder"] summary');
    await page.waitForSelector('[data-testid="ladder-hub-file"]');
    const listed = await page.$$eval('[data-testid="ladder-hub"] label', (labels) =>
      labels.map((label) => (label.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
    // tests/fixtures/hub/…/onnx: model_quantized.onnx 97,716 bytes, model_q4.onnx 96,492 bytes.
    expect(listed).toEqual(['model_quantized.onnx q8, 95.4 KB', 'model_q4.onnx q4, 94.2 KB']);
    const downloads = async () =>
      (await hubRequests(hubUrl)).filter((path) => path.includes(`${REPO}/resolve/`));
    expect((await downloads()).filter((path) => /model_(q4|quantized)\.onnx$/.test(path))).toEqual([]);

    // Only the reference and the hub file: no kind made in the browser.
    for (const box of await page.$$('[data-testid^="ladder-kind-"]')) await box.uncheck();
    await page.check('[data-testid="ladder-hub-file"][data-name="model_q4.onnx"]');
    await hubControl(hubUrl, 'clear');
    await page.click('[data-testid="ladder-measure"]');
    await page.waitForSelector('[data-testid="ladder-status"]:has-text("Measured on WASM")', {
      timeout: TIMEOUT,
    });
    expect(await downloads()).toEqual([`/${REPO}/resolve/main/onnx/model_q4.onnx`]);

    expect(await page.locator('[data-testid="ladder-row"]').count()).toBe(2);
    const row = rowOf(page, 'hub:model_q4.onnx');
    expect(await row.locator('th').textContent()).toBe('model_q4.onnx (hub, q4)');
    expect(await row.locator('[data-testid="ladder-size"]').textContent()).toBe('94.2 KB');
    expect(await row.locator('[data-testid="ladder-failure"]').count()).toBe(0);
    expect(await row.locator('[data-testid="ladder-agreement"]').textContent()).toMatch(/^\d+% of 2$/);
  });

  it('prepares a report on that row whose parts load back and whose node reproduces on WASM', async () => {
    // The report's system information asks for a WebGPU adapter; this browser has none and warns so.
    browser.allowProblems(/No available adapters/);
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: TIMEOUT }),
      rowOf(page, 'hub:model_q4.onnx').locator('[data-testid="ladder-report"]').click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^glassbox-report-model_q4.onnx_hub_q4-.+\.zip$/);
    const status =
      (await (await page.waitForSelector('[data-testid="ladder-report-status"][data-file]')).textContent()) ??
      '';
    expect(status).toMatch(/its (first node under 20 dB|worst node — none falls under 20 dB)\./);
    const parts = new Map(
      readZip(new Uint8Array(await readFile((await download.path()) ?? ''))).map((p) => [p.name, p.bytes]),
    );
    const facts = JSON.parse(new TextDecoder().decode(parts.get('report.json'))) as ReportFacts;
    expect(facts.source).toMatchObject({
      kind: 'hub',
      hubId: REPO,
      revision: 'main',
      file: 'onnx/model.onnx',
    });
    expect(facts.variants).toMatchObject({
      reference: 'float32 (as loaded)',
      other: 'model_q4.onnx (hub, q4)',
    });
    expect(facts.variants?.otherSha256).toBe(
      'a02867c6254ff20cd5b312689a6b9a9f1174ffc8bcaffaa51d2c127bf1a0cf2a',
    );
    expect(new TextDecoder().decode(parts.get('README.md'))).toContain(
      '`model_q4.onnx (hub, q4)` against `float32 (as loaded)`',
    );
    const ids = facts.modelInputs.find((f) => f.name === 'input_ids');
    expect(decodeTypedNpy(parts.get(ids?.path ?? '') ?? new Uint8Array()).type).toBe('int64');

    const cutBytes = parts.get(facts.cut.path) ?? new Uint8Array();
    expect(decodeModel(cutBytes).graph.nodes).toHaveLength(1);
    const session = await ort.InferenceSession.create(cutBytes, { executionProviders: ['wasm'] });
    const feeds = Object.fromEntries(
      facts.cut.feeds.map((f) => {
        const npy = decodeTypedNpy(parts.get(f.path) ?? new Uint8Array());
        const buffer = npy.bytes.slice().buffer;
        // A MatMul, Add, Softmax… is fed float32; a Gather its int64 ids.
        return [
          f.name,
          npy.type === 'int64'
            ? new ort.Tensor('int64', new BigInt64Array(buffer), npy.dims)
            : new ort.Tensor('float32', new Float32Array(buffer), npy.dims),
        ];
      }),
    );
    const results = await session.run(feeds);
    await session.release();
    const [expected] = facts.cut.expected.reference ?? [];
    const want = decodeTypedNpy(parts.get(expected?.path ?? '') ?? new Uint8Array());
    const got = results[expected?.name ?? '']?.data as Float32Array;
    expect(
      Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(want.bytes)),
    ).toBe(0);
    expect(facts.cut.expected.variant?.[0]?.name).toBe(expected?.name);
    await page.close();
  });
});
