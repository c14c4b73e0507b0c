// End to end in headless Chromium: a tiny scale sweep in the Benchmark lab (two MatMul sizes, WASM and
// SwiftShader WebGPU) with its charts, crossover, software-adapter flag and exports; a synthetic model
// opened by link in the inspector (FLOPs of the model and a node) and in the tensor view.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepResultProblems, type SweepResult } from '../../src/lib/bench/sweep.ts';
import { exportedText, openBenchLab, tickLabels } from './bench-page.ts';
import { launchBrowser, trackPageErrors } from './browser.ts';
import { searchAndSelect } from './inspector-page.ts';

const baseUrl = inject('baseUrl');

describe('synthetic models in the app', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: true });
    page = await browser.newPage();
    pageErrors = trackPageErrors(page);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sweeps two MatMul sizes on WASM and SwiftShader WebGPU, flags the adapter and exports', async () => {
    await openBenchLab(page, baseUrl);
    for (const box of await page.$$('[data-testid^="bench-config-"]')) {
      const key = ((await box.getAttribute('data-testid')) ?? '').replace('bench-config-', '');
      if ((await box.isChecked()) !== ['wasm-1', 'webgpu'].includes(key)) await box.click();
    }
    await page.selectOption('[data-testid="sweep-family"]', 'matmul');
    for (const id of ['matmul-128', 'matmul-256', 'matmul-512']) {
      const box = `[data-testid="sweep-size-${id}"]`;
      if ((await page.isChecked(box)) !== (id !== 'matmul-512')) await page.click(box);
    }
    await page.fill('[data-testid="sweep-panel"] input[type="number"] >> nth=0', '0.3');
    await page.fill('[data-testid="sweep-panel"] input[type="number"] >> nth=1', '5');
    expect(await page.textContent('[data-testid="sweep-panel"]')).toContain(
      'random weights — for speed, not answers',
    );
    await page.click('[data-testid="sweep-run"]');
    await page.waitForSelector('[data-testid="sweep-result"]', { timeout: 170_000 });

    expect(await page.$('[data-testid="sweep-chart-latency"] circle')).not.toBeNull();
    expect(await page.$('[data-testid="sweep-chart-throughput"] circle')).not.toBeNull();
    for (const measure of ['latency', 'throughput']) {
      const ticks = await tickLabels(page, `[data-testid="sweep-chart-${measure}"]`);
      expect(ticks.count).toBeGreaterThanOrEqual(3);
      expect(ticks.smallestPx).toBeGreaterThanOrEqual(12);
    }
    await page.screenshot({ path: 'test-results/sweep-1440.png', fullPage: true });
    expect(await page.$$eval('[data-testid="sweep-table"] tbody tr', (rows) => rows.length)).toBe(2);
    expect(await page.textContent('[data-testid="sweep-warning"]')).toContain('software adapter');
    expect(await page.textContent('[data-testid="sweep-crossover-text"]')).toMatch(/not a GPU|Not reached/);

    const json = JSON.parse(await exportedText(page, 'sweep-export-json')) as SweepResult;
    expect(sweepResultProblems(json)).toEqual([]);
    expect(json.points.map((p) => [p.presetId, p.flops])).toEqual([
      ['matmul-128', 2 * 128 ** 3],
      ['matmul-256', 2 * 256 ** 3],
    ]);
    for (const point of json.points) {
      for (const backend of point.backends) {
        expect(backend.status, `${point.presetId} ${backend.key}`).toBe('ok');
        expect(backend.medianMs).toBeGreaterThan(0);
        expect(backend.gflopsPerSecond).toBeCloseTo((point.flops ?? 0) / ((backend.medianMs ?? 1) * 1e6), 6);
      }
    }
    expect(json.environment?.webgpu.available && json.environment.webgpu.isSoftware).toBe(true);
    const csv = await exportedText(page, 'sweep-export-csv');
    expect(csv.split('\n')[0]).toBe(
      'family,size,flops,config,status,median_ms,p90_ms,iterations,gflops_per_s,note',
    );
    expect(csv.trim().split('\n')).toHaveLength(1 + 2 * 2);
    expect(pageErrors).toEqual([]);
  });

  it('opens ?synthetic=bert-tiny in the inspector with FLOPs for the model and a node', async () => {
    await page.goto(`${baseUrl}?task=inspect&synthetic=bert-tiny`);
    await page.waitForSelector('[data-testid="flops-model"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="model-summary"] .file-name')).toContain(
      'random weights — for speed, not answers',
    );
    // 117.5 M in MatMuls plus the element-wise estimate, at input_ids [1, 128].
    expect(await page.textContent('[data-testid="flops-model"]')).toMatch(/119 MFLOP.*input_ids \[1, 128\]/);
    await searchAndSelect(page, '/encoder/layer.0/attention/scores/MatMul');
    expect(await page.textContent('[data-testid="flops-node"]')).toContain('4.19 MFLOP');
    expect(pageErrors).toEqual([]);
  });

  it('opens ?synthetic=matmul-128 in the tensor view and runs it', async () => {
    await page.goto(`${baseUrl}?synthetic=matmul-128`);
    await page.waitForSelector('[data-testid="tensor-view"]:visible', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="tensor-view"]')).toContain('random weights');
    await page.waitForSelector('[data-testid="tensor-run"]:not([disabled])', { timeout: 60_000 });
    await page.click('[data-testid="tensor-run"]');
    expect(await (await page.waitForSelector('[data-testid="tensor-output-y"]')).textContent()).toContain(
      '128',
    );
    expect(pageErrors).toEqual([]);
  });
});
