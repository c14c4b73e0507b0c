// One-off benchmark of explanations in headless Chromium against the production build (not part of npm
// test): token attributions for a 20-token sentence with the tiny BERT, and 8 × 8 occlusion maps for the
// shapes detector and NanoDet, on WASM, through the real worker. Prints milliseconds and model runs.
// Run: node --input-type=module -e "await (await import('vite')).runnerImport('./scripts/bench-explain.ts')"
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { ensureAppBuild } from './production-build.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { openTab } from './app-views.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SENTENCE =
  'The staff were friendly but the room was small, noisy and far too expensive for what it was.';
const RUNS = 3;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function ready(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="load-status"]')].some(
        (el) => el.getAttribute('data-status') === 'ready' && (el as HTMLElement).offsetParent !== null,
      ),
    undefined,
    { timeout: 120_000 },
  );
}

async function tokenAttributions(page: Page, windows: number[]): Promise<string> {
  const result = await page.evaluate(
    async ({ text, windows, runs }) => {
      type Service = { explainText: (...args: unknown[]) => Promise<Record<string, unknown>> };
      const g = (window as unknown as { glassbox: Record<string, any> }).glassbox; // eslint-disable-line @typescript-eslint/no-explicit-any
      const loaded = g.text.slot.loaded;
      const call = () =>
        g.workbench.client.call((s: Service) =>
          s.explainText(loaded.info.modelKey, loaded.backend, text, { windows }),
        );
      await call();
      const times: number[] = [];
      let last: Record<string, unknown> = {};
      for (let i = 0; i < runs; i++) {
        const started = performance.now();
        last = await call();
        times.push(performance.now() - started);
      }
      return {
        times,
        tokens: (last.tokens as unknown[]).length,
        sequences: last.sequences,
        modelRuns: last.modelRuns,
      };
    },
    { text: SENTENCE, windows, runs: RUNS },
  );
  const sorted = [...result.times].sort((a, b) => a - b);
  return `${result.tokens} tokens, windows ${windows.join('+')}: ${result.sequences} sequences in ${result.modelRuns} model run(s), median ${sorted[1]?.toFixed(0)} ms (min ${sorted[0]?.toFixed(0)}, max ${sorted[2]?.toFixed(0)}) over ${RUNS}`;
}

async function occlusionMap(page: Page, detector: string, sample: string): Promise<string> {
  await page.selectOption('[data-testid="detector-select"]', detector);
  await ready(page);
  await page.click(`[data-testid="sample-${sample}"]`);
  await page.waitForSelector('[data-testid="occlusion-run"]', { timeout: 120_000 });
  await page.selectOption('[data-testid="occlusion-grid"]', '8');
  await page.click('[data-testid="occlusion-run"]');
  await page.waitForSelector('[data-testid="occlusion-map"]', { timeout: 600_000 });
  const map = await page.evaluate(() => {
    const g = (window as unknown as { glassbox: Record<string, any> }).glassbox; // eslint-disable-line @typescript-eslint/no-explicit-any
    const { map } = g.occlusion.status;
    return { ms: map.totalMs as number, runs: map.modelRuns as number, batch: map.batchSize as number };
  });
  return `${detector} on ${sample}, 8 × 8 patches: ${map.runs} model runs (${map.batch} image per run), ${map.ms.toFixed(0)} ms`;
}

async function main(): Promise<void> {
  print((await ensureAppBuild({ root: ROOT })).line);
  const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 4392, strictPort: false } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({
    executablePath: browserBinary(null),
    headless: true,
    args: [...BASE_FLAGS],
  });
  try {
    // No service worker: its background precache would run during the measurement.
    const page = await browser.newPage({ serviceWorkers: 'block' });
    await page.goto(baseUrl);
    await ready(page);
    print('## Token attributions, tiny-sentiment-bert on WASM');
    print(await tokenAttributions(page, [1]));
    print(await tokenAttributions(page, [1, 2, 3]));
    await openTab(page, 'detection');
    await ready(page);
    print('## Occlusion maps on WASM (one map each)');
    print(await occlusionMap(page, 'shapes-yolov8', 'shapes-1.png'));
    print(await occlusionMap(page, 'nanodet-coco', 'chelsea.jpg'));
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
