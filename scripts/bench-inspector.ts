// One-off benchmark of the architecture inspector in headless Chromium against the production build (not
// part of npm test). Measures open → first paint of each embedded model, the 10,000-node synthetic graph's
// open time and longest main-thread task while panning and zooming, and a 100 MB model's open.
// Run: node --input-type=module -e "await (await import('vite')).runnerImport('./scripts/bench-inspector.ts')"
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { ensureAppBuild } from './production-build.ts';
import { HUB_FILES, hubFileUrl, MODEL_CATALOG } from '../src/lib/catalog/model-catalog.ts';
import { generateSyntheticModel } from '../src/lib/graph/synthetic-model.ts';
import { encodeModel } from '../src/lib/onnx/encode-model.ts';
import type { ModelMessage } from '../src/lib/onnx/index.ts';

const ROOT = resolve(import.meta.dirname, '..');
const RUNS = 3;

interface Timings {
  totalMs: number;
  readMs: number;
  decodeMs: number;
  analyseMs: number;
  layoutMs: number;
  renderMs: number;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function readTimings(page: Page, name: string): Promise<Timings> {
  const selector = '[data-testid="open-timings"]';
  await page.waitForFunction(
    (file) => document.querySelector('.model-summary .file-name')?.textContent === file,
    name,
    { timeout: 120_000 },
  );
  await page.waitForSelector(selector, { timeout: 120_000 });
  return page.$eval(selector, (element) => {
    const ms = (stage: string) => Number(element.getAttribute(`data-${stage}-ms`));
    return {
      totalMs: ms('total'),
      readMs: ms('read'),
      decodeMs: ms('decode'),
      analyseMs: ms('analyse'),
      layoutMs: ms('layout'),
      renderMs: ms('render'),
    };
  });
}

/** Starts recording main-thread long tasks (> 50 ms) and the longest gap between animation frames. */
async function startRecording(page: Page): Promise<void> {
  await page.evaluate(() => {
    const state = { longTasks: [] as number[], longestFrameGap: 0, running: true };
    (window as unknown as { benchState: typeof state }).benchState = state;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longTasks.push(entry.duration);
    }).observe({ type: 'longtask' });
    let last = performance.now();
    const frame = (now: number) => {
      state.longestFrameGap = Math.max(state.longestFrameGap, now - last);
      last = now;
      if (state.running) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  });
}

async function stopRecording(
  page: Page,
): Promise<{ longestTaskMs: number; longTasks: number; longestFrameGapMs: number }> {
  return page.evaluate(() => {
    const state = (
      window as unknown as { benchState: { longTasks: number[]; longestFrameGap: number; running: boolean } }
    ).benchState;
    state.running = false;
    return {
      longestTaskMs: Math.max(0, ...state.longTasks),
      longTasks: state.longTasks.length,
      longestFrameGapMs: state.longestFrameGap,
    };
  });
}

/** Drags across the canvas in several directions and zooms in and out with the wheel. */
async function panAndZoom(page: Page): Promise<void> {
  const box = await page.locator('[data-testid="graph-canvas"]').boundingBox();
  if (!box) throw new Error('no graph canvas');
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  for (const [dx, dy] of [
    [300, 200],
    [-400, -300],
    [200, -250],
    [-100, 350],
  ] as const) {
    await page.mouse.move(cx, cy);
    await page.mouse.down();
    await page.mouse.move(cx + dx, cy + dy, { steps: 30 });
    await page.mouse.up();
  }
  await page.mouse.move(cx, cy);
  for (let i = 0; i < 20; i++) {
    await page.mouse.wheel(0, i < 10 ? -120 : 120);
    await page.waitForTimeout(16);
  }
  await page.click('[data-testid="zoom-fit"]');
  await page.waitForTimeout(100);
}

function largeModel(targetBytes: number): ModelMessage {
  const side = 1024;
  const tensorBytes = side * side * 4;
  const count = Math.ceil(targetBytes / tensorBytes);
  const initializer = Array.from({ length: count }, (_, i) => ({
    name: `/layer.${i}/weight`,
    data_type: 1,
    dims: [side, side],
    raw_data: new Uint8Array(new Float32Array(side * side).map((_, k) => Math.sin(i + k)).buffer),
  }));
  const node = initializer.map((tensor, i) => ({
    name: `/layer.${i}/MatMul`,
    op_type: 'MatMul',
    input: [i === 0 ? 'x' : `h${i - 1}`, tensor.name],
    output: [`h${i}`],
  }));
  const info = (name: string) => ({
    name,
    type: { tensor_type: { elem_type: 1, shape: { dim: [{ dim_param: 'batch' }, { dim_value: side }] } } },
  });
  return {
    ir_version: 8,
    opset_import: [{ domain: '', version: 17 }],
    graph: { name: 'large', node, initializer, input: [info('x')], output: [info(`h${count - 1}`)] },
  };
}

async function measuredMemory(page: Page): Promise<number | null> {
  return page.evaluate(async () => {
    const measure = (
      performance as unknown as { measureUserAgentSpecificMemory?: () => Promise<{ bytes: number }> }
    ).measureUserAgentSpecificMemory;
    if (!measure || !crossOriginIsolated) return null;
    return (await measure.call(performance)).bytes;
  });
}

async function main(): Promise<void> {
  print((await ensureAppBuild({ root: ROOT })).line);
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 4391, strictPort: false } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({
    executablePath: ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((path) => existsSync(path)),
    headless: true,
    args: ['--no-sandbox', '--enable-blink-features=ForceEagerMeasureMemory'],
  });
  const scratch = await mkdtemp(join(tmpdir(), 'glassbox-bench-'));
  try {
    print('## Embedded models: open → first paint (ms; fresh page each run, median of 3)');
    for (const entry of MODEL_CATALOG) {
      if (!existsSync(resolve(ROOT, hubFileUrl(entry.folder, HUB_FILES.model)))) {
        print(`${entry.id}: missing, skipped`);
        continue;
      }
      const runs: Timings[] = [];
      for (let run = 0; run < RUNS; run++) {
        const page = await browser.newPage({
          viewport: { width: 1600, height: 1000 },
          serviceWorkers: 'block',
        });
        await page.goto(`${baseUrl}?task=inspect&model=${entry.id}`);
        runs.push(await readTimings(page, `${entry.id}/${HUB_FILES.model}`));
        await page.close();
      }
      const stage = (key: keyof Timings) => median(runs.map((r) => r[key])).toFixed(0);
      print(
        `${entry.id}: total ${stage('totalMs')} (read ${stage('readMs')}, decode ${stage('decodeMs')}, ` +
          `analyse ${stage('analyseMs')}, layout ${stage('layoutMs')}, render ${stage('renderMs')}); ` +
          `runs ${runs.map((r) => r.totalMs.toFixed(0)).join(', ')}`,
      );
    }

    print('\n## Synthetic 10,000-node graph');
    const syntheticPath = join(scratch, 'synthetic-10000.onnx');
    const synthetic = encodeModel(generateSyntheticModel({ nodeCount: 10_000 }));
    await writeFile(syntheticPath, synthetic);
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 }, serviceWorkers: 'block' });
    await page.goto(`${baseUrl}?task=inspect&model=nanodet-coco`);
    await page.waitForSelector('[data-testid="open-timings"]', { timeout: 120_000 });
    await startRecording(page);
    await page.setInputFiles('[data-testid="inspector-file"]', syntheticPath);
    const opened = await readTimings(page, 'synthetic-10000.onnx');
    const duringOpen = await stopRecording(page);
    const boxes = await page.$eval('[data-testid="graph-canvas"]', (svg) =>
      svg.getAttribute('data-node-count'),
    );
    print(
      `file ${(synthetic.byteLength / 1e6).toFixed(1)} MB; open → first paint ${opened.totalMs.toFixed(0)} ms ` +
        `(decode ${opened.decodeMs.toFixed(0)}, layout ${opened.layoutMs.toFixed(0)}); ${boxes} boxes drawn; ` +
        `main thread during open: longest task ${duringOpen.longestTaskMs.toFixed(0)} ms`,
    );
    await startRecording(page);
    await panAndZoom(page);
    const interaction = await stopRecording(page);
    print(
      `pan + zoom: longest main-thread task ${interaction.longestTaskMs.toFixed(0)} ms ` +
        `(${interaction.longTasks} tasks over 50 ms), longest gap between frames ${interaction.longestFrameGapMs.toFixed(0)} ms`,
    );
    await startRecording(page);
    const expandStarted = Date.now();
    await page.locator('[data-testid="outline-row"]').nth(5).click();
    await page.waitForSelector('[data-testid="inspector"][data-view-pending="false"] .frame', {
      timeout: 60_000,
    });
    const expandMs = Date.now() - expandStarted;
    const duringExpand = await stopRecording(page);
    print(
      `expand one block: new layout shown after ${expandMs} ms; longest main-thread task ${duringExpand.longestTaskMs.toFixed(0)} ms`,
    );
    await page.close();

    print('\n## 100 MB model');
    const largePath = join(scratch, 'large-100mb.onnx');
    const large = encodeModel(largeModel(100 * 1024 * 1024));
    await writeFile(largePath, large);
    const largePage = await browser.newPage({
      viewport: { width: 1600, height: 1000 },
      serviceWorkers: 'block',
    });
    await largePage.goto(`${baseUrl}?task=inspect&model=nanodet-coco`);
    await largePage.waitForSelector('[data-testid="open-timings"]', { timeout: 120_000 });
    const memoryBefore = await measuredMemory(largePage);
    await startRecording(largePage);
    await largePage.setInputFiles('[data-testid="inspector-file"]', largePath);
    const largeOpened = await readTimings(largePage, 'large-100mb.onnx');
    const largeMainThread = await stopRecording(largePage);
    const memoryAfter = await measuredMemory(largePage);
    const grown =
      memoryBefore !== null && memoryAfter !== null
        ? `${((memoryAfter - memoryBefore) / 1e6).toFixed(0)} MB`
        : 'n/a';
    print(
      `file ${(large.byteLength / 1e6).toFixed(1)} MB; open → first paint ${largeOpened.totalMs.toFixed(0)} ms ` +
        `(decode ${largeOpened.decodeMs.toFixed(0)}); main thread during open: longest task ` +
        `${largeMainThread.longestTaskMs.toFixed(0)} ms, longest frame gap ${largeMainThread.longestFrameGapMs.toFixed(0)} ms; ` +
        `page + workers memory grew by ${grown}`,
    );
    await largePage.close();
  } finally {
    await browser.close();
    await server.close();
    await rm(scratch, { recursive: true, force: true });
  }
}

await main();
