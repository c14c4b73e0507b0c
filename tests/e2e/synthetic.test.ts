// End to end in headless Chromium: a tiny scale sweep in the Benchmark lab (two MatMul sizes, WASM and
// SwiftShader WebGPU) with its charts, crossover, software-adapter flag and exports; a synthetic model
// opened by link in the inspector (FLOPs of the model and a node) and in the tensor view; the picker in
// Open a model (facts, Open, Inspect, Benchmark) and the link it leaves, reopened in a fresh page;
// hostile synthetic= values; the WebGPU path's configurations (outputs on the GPU, graph capture, fp16)
// on a tiny MatMul on SwiftShader.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { sweepResultProblems, type SweepResult } from '../../src/lib/bench/sweep.ts';
import {
  exportedText,
  fillPlan,
  openBenchLab,
  runAndWait,
  shownResult,
  tickLabels,
} from './pages/bench-page.ts';
import { trackPageErrors, useBrowser } from './browser.ts';
import { searchAndSelect } from './pages/inspector-page.ts';
import { CATALOG_SIZE_LOOKUPS } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');

describe('synthetic models in the app', () => {
  // The picker lives in Open a model, whose catalog asks the (local) hub for sizes.
  const browser = useBrowser({ webgpu: true, allow: [CATALOG_SIZE_LOOKUPS] });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
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
      // The FLOPs labels under the x axis never touch ("5.00 MFLOP10.0 MFLOP" once did).
      const touching = await page.$$eval(
        `[data-testid="sweep-chart-${measure}"] [data-testid="sweep-x-label"]`,
        (labels) => {
          const boxes = labels.map((label) => label.getBoundingClientRect());
          return boxes.slice(1).filter((box, i) => box.left < (boxes[i]?.right ?? 0) + 2).length;
        },
      );
      expect(touching).toBe(0);
    }
    await page.screenshot({ path: 'test-results/sweep-1440.png', fullPage: true });
    await page
      .locator('[data-testid="sweep-chart-latency"]')
      .screenshot({ path: 'test-results/sweep-chart.png' });
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

  it('the picker shows each preset’s parameters and FLOPs and opens one in the tensor view', async () => {
    await page.goto(`${baseUrl}?task=models`);
    await page.waitForSelector('[data-testid="synthetic-picker"]');
    expect(await page.textContent('[data-testid="synthetic-note"]')).toContain(
      'random weights — for speed, not answers',
    );
    // Counted in a worker once the tab is shown: MatMul 128 is 128² parameters and 2 · 128³ FLOPs.
    const row = '[data-testid="synthetic-row"][data-preset="matmul-128"]';
    await page.waitForFunction(
      (selector) =>
        !document.querySelector(`${selector} [data-testid="synthetic-flops"]`)?.textContent?.includes('…'),
      row,
    );
    expect(await page.textContent(`${row} [data-testid="synthetic-parameters"]`)).toBe('16.4K');
    expect(await page.textContent(`${row} [data-testid="synthetic-flops"]`)).toBe('4.19 MFLOP');
    expect(
      await page.textContent(
        '[data-testid="synthetic-row"][data-preset="bert-base"] [data-testid="synthetic-parameters"]',
      ),
    ).toBe('109M');
    await page.check('[data-testid="synthetic-choose-matmul-128"]');
    await page.click('[data-testid="synthetic-open"]');
    await page.waitForSelector('[data-testid="tensor-view"]:visible', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="tensor-view"]')).toContain('random weights');
    await page.waitForFunction(() => location.search.includes('synthetic=matmul-128'));
    expect(new URL(page.url()).searchParams.get('task')).toBe('tensors');
    expect(pageErrors).toEqual([]);
  });

  it('a copied link with synthetic= reopens the same model in a fresh page, and runs it', async () => {
    const link = page.url();
    const fresh = await browser.newPage();
    const freshErrors = trackPageErrors(fresh);
    await fresh.goto(link);
    await fresh.waitForSelector('[data-testid="tensor-view"]:visible', { timeout: 60_000 });
    expect(await fresh.textContent('[data-testid="tensor-view"]')).toContain('MatMul 128 × 128');
    await fresh.waitForSelector('[data-testid="tensor-run"]:not([disabled])', { timeout: 60_000 });
    await fresh.click('[data-testid="tensor-run"]');
    expect(await (await fresh.waitForSelector('[data-testid="tensor-output-y"]')).textContent()).toContain(
      '128',
    );
    expect(freshErrors).toEqual([]);
    await fresh.close();
  });

  it('refuses a hostile synthetic= value with a sentence, shown as text', async () => {
    await page.goto(
      `${baseUrl}?task=tensors&synthetic=${encodeURIComponent('<img src=x onerror=alert(1)>')}`,
    );
    const problems = (await page.textContent('[data-testid="link-problems"]')) ?? '';
    expect(problems).toContain('The link’s synthetic model “<img src=x onerror=alert(1)>” is not known');
    expect(await page.$('[data-testid="link-problems"] img')).toBeNull();
    expect(await page.textContent('[data-testid="tensors-empty"]')).toContain('Open a model');
    expect(pageErrors).toEqual([]);
  });

  it('the picker’s Inspect and Benchmark open the preset there, and the link names it', async () => {
    await page.goto(`${baseUrl}?task=models`);
    await page.check('[data-testid="synthetic-choose-bert-tiny"]');
    await page.click('[data-testid="synthetic-inspect"]');
    await page.waitForSelector('[data-testid="flops-model"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="model-summary"] .file-name')).toContain('BERT-tiny shape');
    await page.waitForFunction(() => location.search === '?synthetic=bert-tiny&task=inspect');

    await page.click('[data-testid="tab-models"]');
    await page.check('[data-testid="synthetic-choose-matmul-256"]');
    await page.click('[data-testid="synthetic-bench"]');
    expect(await page.inputValue('[data-testid="bench-model"]')).toBe('synthetic:matmul-256');
    await page.waitForFunction(() => location.search === '?synthetic=matmul-256&task=bench');
    expect(pageErrors).toEqual([]);
  });

  it('runs the WebGPU path’s configurations on a tiny MatMul on SwiftShader, each checked against WASM', async () => {
    await page.goto(`${baseUrl}?task=bench&synthetic=matmul-128`);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid^="bench-config-"]:checked').length > 0,
    );
    await fillPlan(page, {
      model: 'synthetic:matmul-128',
      input: 'synthetic',
      configs: ['wasm-1', 'webgpu-gpu-outputs', 'webgpu-graph-capture', 'webgpu-fp16', 'wasm-1-fp16'],
      warmUp: 1,
      iterations: 2,
      profileRuns: 0,
      overheadPairs: 1,
    });
    await runAndWait(page);
    const result = await shownResult(page);
    const status = Object.fromEntries(result.backends.map((b) => [b.key, b]));
    // Outputs kept on the GPU: timed runs read nothing back; the first run's read-back agrees with WASM.
    expect(status['webgpu-gpu-outputs']?.status).toBe('ok');
    expect(status['webgpu-gpu-outputs']?.samplesMs).toHaveLength(2);
    const agreement = Object.fromEntries(result.correctness.map((c) => [c.candidate, c]));
    expect(agreement['webgpu-gpu-outputs']?.agrees).toBe(true);
    // Graph capture: a single MatMul qualifies (every node on the WebGPU EP, fixed shapes).
    expect(status['webgpu-graph-capture']?.status, status['webgpu-graph-capture']?.error?.message).toBe('ok');
    expect(agreement['webgpu-graph-capture']?.agrees).toBe(true);
    // SwiftShader has no shader-f16: the fp16 WebGPU configuration is refused in words.
    expect(status['webgpu-fp16']?.status).toBe('failed');
    expect(await page.textContent('[data-testid="status-webgpu-fp16"]')).toContain(
      'has no shader-f16 feature',
    );
    // fp16 weights on WASM: the correctness panel shows the float16 rounding against fp32.
    expect(status['wasm-1-fp16']?.status).toBe('ok');
    const fp16 = agreement['wasm-1-fp16']?.outputs[0];
    expect(fp16?.maxAbsDiff).toBeGreaterThan(0);
    expect(fp16?.maxAbsDiff).toBeLessThan(0.05);
    expect(await page.textContent('[data-testid="correctness-wasm-1-fp16"]')).toMatch(/\d/);
    // The playground path (one overhead pair) reads outputs kept on the GPU back; graph capture says why
    // it has none.
    expect(result.overhead.map((o) => o.backend)).toContain('webgpu-gpu-outputs');
    expect(status['webgpu-graph-capture']?.profileNote).toContain(
      'graph capture takes them only from GPU buffers',
    );
    expect(result.environment.webgpu.available && result.environment.webgpu.isSoftware).toBe(true);
    expect(pageErrors).toEqual([]);
  });
});
