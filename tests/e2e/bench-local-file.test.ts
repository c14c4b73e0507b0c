// End to end in headless Chromium (WASM): a model file picked in the Benchmark lab joins its model list and
// is benchmarked from its bytes (each configuration's worker gets a copy; nothing is fetched), with an
// estimate from its size; an empty file is refused by name.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fillPlan, openBenchLab, runAndWait, shownResult } from './pages/bench-page.ts';
import { useBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
// The embedded shapes CNN (283 KB): fixed image shapes, so the synthetic input of its shapes is what it expects.
const MODEL_FILE = resolve(import.meta.dirname, '../../models/shapes-classifier/onnx/model.onnx');

describe('a local model file in the Benchmark lab', () => {
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/] });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openBenchLab(page, baseUrl);
  });

  it('refuses an empty file by its name', async () => {
    await page.setInputFiles('[data-testid="bench-local-file"]', {
      name: 'empty.onnx',
      mimeType: 'application/octet-stream',
      buffer: Buffer.alloc(0),
    });
    expect(await page.textContent('[data-testid="bench-local-problem"]')).toBe(
      'empty.onnx is empty: choose an .onnx model file.',
    );
  });

  it('offers a picked file in the model list and benchmarks its bytes on WASM', async () => {
    await page.setInputFiles('[data-testid="bench-local-file"]', {
      name: 'my <b>shapes</b>.onnx',
      mimeType: 'application/octet-stream',
      buffer: await readFile(MODEL_FILE),
    });
    const id = 'file:my <b>shapes</b>.onnx';
    await page.waitForFunction(
      (value) => (document.querySelector('[data-testid="bench-model"]') as HTMLSelectElement).value === value,
      id,
    );
    // The name is text, not markup; the estimate comes from the file's size.
    expect(await page.locator('[data-testid="bench-model"] option:checked').textContent()).toBe(
      'my <b>shapes</b>.onnx',
    );
    expect(await page.isChecked('[data-testid="bench-input-synthetic"]')).toBe(true);
    await fillPlan(page, {
      model: id,
      input: 'synthetic',
      configs: ['wasm-1'],
      warmUp: 0,
      iterations: 3,
      profileRuns: 0,
      overheadPairs: 0,
    });
    expect(Number(await page.getAttribute('[data-testid="bench-estimate"]', 'data-ms'))).toBeGreaterThan(0);
    // One short configuration of a small model; the first compiles ONNX Runtime's WASM on a busy machine.
    await runAndWait(page, 120_000);
    const result = await shownResult(page);
    expect(result.model.name).toBe('my <b>shapes</b>.onnx');
    expect(result.backends[0]?.status).toBe('ok');
    expect(result.backends[0]?.samplesMs.length).toBe(3);
    expect(result.model.fileBytes).toBe((await readFile(MODEL_FILE)).byteLength);
  });
});
