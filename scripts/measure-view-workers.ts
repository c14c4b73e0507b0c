// One-off measurement (not part of npm test) of what a worker per view costs, in headless Chromium
// against the production build: the page's memory (performance.measureUserAgentSpecificMemory, which
// counts workers and their WASM memory) with 0, 1 and 2 inference workers, and the start-up cost of a
// fresh worker: the same model's session creation in a new worker and in one whose runtime already started.
// Run: node --input-type=module -e "await (await import('vite')).runnerImport('./scripts/measure-view-workers.ts')"
// (builds the app, production, unless dist/ holds a production build of the current sources).
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';
import { openTab } from './app-views.ts';

const ROOT = resolve(import.meta.dirname, '..');
const MB = 1024 * 1024;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The page's memory in MB, all its workers included (needs cross-origin isolation, which preview has). */
async function memoryMb(page: Page): Promise<number> {
  const bytes = await page.evaluate(async () => {
    const measure = (
      performance as unknown as { measureUserAgentSpecificMemory(): Promise<{ bytes: number }> }
    ).measureUserAgentSpecificMemory();
    return (await measure).bytes;
  });
  return bytes / MB;
}

async function readySession(page: Page, view: 'text' | 'detection'): Promise<number> {
  await page.waitForSelector(`[data-testid="load-status"][data-status="ready"]:visible`, {
    timeout: 120_000,
  });
  return page.evaluate(
    (name) =>
      (
        window as unknown as Record<
          'glassbox',
          Record<string, { slot: { loaded: { timings: { createSessionMs: number } } } }>
        >
      ).glassbox[name]?.slot.loaded.timings.createSessionMs ?? Number.NaN,
    view,
  );
}

print((await ensureAppBuild({ root: ROOT })).line);
const server = await preview({ root: ROOT, logLevel: 'warn', preview: { port: 4330, strictPort: false } });
const url = server.resolvedUrls?.local[0] ?? '';
const browser = await chromium.launch({
  executablePath: browserBinary(null),
  headless: true,
  args: BASE_FLAGS,
});
try {
  // No service worker: its background precache would run during the measurement.
  const page = await browser.newPage({ serviceWorkers: 'block' });
  await page.goto(`${url}?task=models`);
  await page.waitForSelector('[data-testid="models-view"]');
  print(`no model view shown: ${(await memoryMb(page)).toFixed(1)} MB`);
  await openTab(page, 'text');
  const textSession = await readySession(page, 'text');
  print(
    `text view (1 inference worker): ${(await memoryMb(page)).toFixed(1)} MB; session ${textSession.toFixed(0)} ms`,
  );
  await openTab(page, 'detection');
  const fresh = await readySession(page, 'detection');
  print(
    `+ detection view (2 workers): ${(await memoryMb(page)).toFixed(1)} MB; NanoDet session in a new worker ${fresh.toFixed(0)} ms`,
  );
  await page.selectOption('[data-testid="detector-select"]', 'shapes-yolov8');
  await readySession(page, 'detection');
  await page.selectOption('[data-testid="detector-select"]', 'nanodet-coco');
  const warm = await readySession(page, 'detection');
  print(`NanoDet session again in the same worker (runtime already started): ${warm.toFixed(0)} ms`);
} finally {
  await browser.close();
  await server.close();
}
