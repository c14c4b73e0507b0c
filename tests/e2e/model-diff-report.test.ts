// End to end in headless Chromium: the model diff of the tiny BERT against a copy with one changed layer
// lists exactly that change, paints it and jumps to it; two unrelated models say nothing aligns; and after
// WASM vs WebGPU, Prepare a report downloads a zip whose parts load back — its one-node model, rerun here
// on ONNX Runtime WASM (Node), reproduces the captured WASM output bit for bit. The value diff of the
// changed copy on a WASM run's input names the changed layer as the first node whose values differ.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeModel } from '../../src/lib/onnx/index.ts';
import type { ReportFacts } from '../../src/lib/report/report-types.ts';
import { decodeTypedNpy } from '../../src/lib/report/typed-npy.ts';
import { readZip } from '../../src/lib/report/zip.ts';
import { bertWithOneChangedLayer } from '../support/altered-bert.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { waitForView } from './pages/inspector-page.ts';
import { classify, openPlayground } from './pages/text-page.ts';

const baseUrl = inject('baseUrl');

async function compareWith(page: Page, name: string, bytes: Uint8Array): Promise<string> {
  await page.setInputFiles('[data-testid="diff-file"]', {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  });
  const summary = await page.waitForSelector('[data-testid="diff-summary"]', { timeout: 60_000 });
  return (await summary.textContent())?.trim() ?? '';
}

describe('model diff in the inspector', () => {
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('lists exactly the one changed layer, paints it and jumps to its node', async () => {
    const altered = await bertWithOneChangedLayer();
    await page.goto(`${baseUrl}?model=tiny-sentiment-bert&task=inspect`);
    await page.waitForSelector('[data-testid="inspector"][data-status="ready"]', { timeout: 60_000 });
    const summary = await compareWith(page, 'bert-one-layer-changed.onnx', altered.bytes);
    expect(summary).toMatch(
      /^\d+ nodes aligned \(\d+ by name, 0 by structure\): 1 changed \(1 weight changed\), 0 removed, 0 added\.$/,
    );
    const changes = page.locator('[data-testid="diff-change"]');
    expect(await changes.count()).toBe(1);
    expect(await changes.first().textContent()).toContain(altered.node);
    const details = (await page.textContent('[data-testid="diff-changes"] .details')) ?? '';
    expect(details).toContain(`weight ${altered.weight}`);
    expect(details).toMatch(/relative norm 0\.01\b/);
    // Painted: the changed node, or the collapsed block holding it.
    await waitForView(page);
    expect(await page.locator('[data-testid="graph-canvas"] [data-diff="changed"]').count()).toBeGreaterThan(
      0,
    );
    expect(await page.locator('[data-testid="diff-legend"] li').count()).toBe(3);
    await changes.first().click();
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="node-name"]')?.textContent === name,
      altered.node,
      { timeout: 60_000 },
    );
    expect(
      await page.locator(`[data-testid="graph-canvas"] [data-selected][data-diff="changed"]`).count(),
    ).toBe(1);
  });

  it('has no serious or critical axe violation with a diff listed, light and dark', async () => {
    const context = await axeContext(browser);
    const axePage = await context.newPage();
    await axePage.goto(`${baseUrl}?model=tiny-sentiment-bert&task=inspect`);
    await axePage.waitForSelector('[data-testid="inspector"][data-status="ready"]', { timeout: 60_000 });
    await compareWith(axePage, 'bert-one-layer-changed.onnx', (await bertWithOneChangedLayer()).bytes);
    expect(await violationsInBothSchemes(axePage)).toEqual({});
    await context.close();
  });

  it('says nothing aligns for an unrelated model, with counts', async () => {
    const detector = new Uint8Array(
      await readFile(resolve(REPO_ROOT, 'models/shapes-yolov8/onnx/model.onnx')),
    );
    const summary = await compareWith(page, 'shapes-yolov8.onnx', detector);
    expect(summary).toMatch(
      /^Nothing aligns: none of the \d+ nodes of .+ pairs with any of the \d+ nodes of shapes-yolov8\.onnx/,
    );
    expect(await page.getAttribute('[data-testid="diff-summary"]', 'data-nothing-aligns')).toBe('true');
    await page.click('[data-testid="diff-close"]');
    expect(await page.locator('[data-testid="graph-canvas"] [data-diff]').count()).toBe(0);
  });

  it('compares the values of a copy with one changed layer on a run’s input: that layer differs first', async () => {
    const altered = await bertWithOneChangedLayer();
    await openPlayground(page, baseUrl);
    await classify(page, 'The plot was thin but the actors were great.', 'wasm');
    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', { timeout: 180_000 });
    await compareWith(page, 'bert-one-layer-changed.onnx', altered.bytes);
    await page.click('[data-testid="value-diff-run"]');
    // The answer or the failure's sentence, whichever comes: a failure then reads in the assertion.
    await page.waitForSelector(
      '[data-testid="value-diff"] :is([data-testid="value-diff-summary"], [role="alert"])',
      { timeout: 120_000 },
    );
    expect(await page.textContent('[data-testid="value-diff"]')).toContain(`The first: ${altered.node}`);
    expect(
      Number(await page.getAttribute('[data-testid="value-diff-summary"]', 'data-differing')),
    ).toBeGreaterThan(0);
    expect(await page.textContent('[data-testid="diff-change-values"]')).toMatch(
      /Values on the run: max \|Δ\| /,
    );
  });
});

describe('Prepare a report after WASM vs WebGPU (SwiftShader)', () => {
  const browser = useBrowser({ webgpu: true });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('downloads a zip whose parts load back and whose one-node model reproduces the WASM output', async () => {
    await openPlayground(page, baseUrl);
    await classify(page, 'The plot was thin but the actors were great.', 'wasm');
    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', { timeout: 180_000 });
    await page.click('[data-testid="compare-backends"]');
    // Waits for the answer, not a time; the limit only stops a hang (SwiftShader on a loaded 2-core machine).
    const result = await page.waitForSelector('[data-testid="comparison-result"]', { timeout: 300_000 });
    const divergent = (await result.getAttribute('data-divergent')) === 'true';
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120_000 }),
      page.click('[data-testid="prepare-report-button"]'),
    ]);
    expect(file.suggestedFilename()).toMatch(/^glassbox-report-.+\.zip$/);
    await page.waitForSelector('[data-testid="report-ready"]');
    const parts = new Map(
      readZip(new Uint8Array(await readFile(await file.path()))).map((p) => [p.name, p.bytes]),
    );
    const facts = JSON.parse(new TextDecoder().decode(parts.get('report.json'))) as ReportFacts;
    expect(facts.divergence.divergent).toBe(divergent);
    expect(facts.environment).toMatchObject({ reference: 'wasm', other: 'webgpu' });
    expect(facts.environment.adapter?.architecture).toBeTruthy();
    expect(facts.environment.userAgent).toContain('Chrome');
    expect(facts.source).toMatchObject({ kind: 'embedded' });
    expect(facts.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    const readme = new TextDecoder().decode(parts.get('README.md'));
    expect(readme).toContain('### ONNX Runtime Version or Commit ID');
    expect(readme).toContain(facts.node.name);
    const ids = decodeTypedNpy(parts.get(facts.modelInputs[0]?.path ?? '') ?? new Uint8Array());
    expect(ids.type).toBe('int64');

    const cutBytes = parts.get(facts.cut.path) ?? new Uint8Array();
    expect(decodeModel(cutBytes).graph.nodes.map((n) => n.opType)).toEqual([facts.node.opType]);
    const session = await ort.InferenceSession.create(cutBytes, { executionProviders: ['wasm'] });
    const feeds: Record<string, ort.Tensor> = {};
    for (const feed of facts.cut.feeds) {
      const npy = decodeTypedNpy(parts.get(feed.path) ?? new Uint8Array());
      // Feeds are float32 activations, or the int64 ids when the node reads the model's input.
      feeds[feed.name] =
        npy.type === 'int64'
          ? new ort.Tensor('int64', new BigInt64Array(npy.bytes.slice().buffer), npy.dims)
          : new ort.Tensor('float32', new Float32Array(npy.bytes.slice().buffer), npy.dims);
    }
    const outputs = await session.run(feeds);
    for (const expected of facts.cut.expected.wasm ?? []) {
      const want = decodeTypedNpy(parts.get(expected.path) ?? new Uint8Array());
      const got = outputs[expected.name]?.data as Float32Array;
      expect(Buffer.from(got.buffer, got.byteOffset, got.byteLength).equals(Buffer.from(want.bytes))).toBe(
        true,
      );
    }
    expect(facts.cut.expected.webgpu?.length).toBeGreaterThan(0);
    await session.release();
  }, 600_000);
});
