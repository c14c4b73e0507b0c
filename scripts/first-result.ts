// Measures page open → first classified example (the text view classifies its examples without a click)
// in headless Chromium against the production build on WASM: cold (a fresh profile, empty HTTP and
// model caches) and warm (the same profile, opened again once the first visit has saved its offline copy
// and calibrated its threads). Prints one line per run — with the main
// thread's long tasks (> 50 ms) on the way and what the load-status stages reported (the runtime's
// bytes and time, the model's source, session creation) — and the medians.
// Builds the app (production) unless dist/ holds a production build of the current sources.
// Usage: npm run first-result -- [--runs N] [--dev: measure a development build already in dist/]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { IncomingMessage } from 'node:http';
import { chromium, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';

interface FirstResult {
  /** ms from navigation start until the first result is on screen, by the page's own clock. */
  ms: number;
  /** Main-thread tasks over 50 ms before the result (PerformanceObserver 'longtask'), in ms. */
  longTasks: number[];
  /** Requests for .wasm files that reached the server (the HTTP cache answered the others). */
  wasmAtServer: string[];
  /** The text view's load timings as the app reports them. */
  timings: unknown;
}

/** Collects the main thread's long tasks from the very start of every document. */
const LONG_TASK_OBSERVER = `
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
`;

/**
 * Waits until the first visit has finished what it does after its first result — the thread calibration
 * and saving the offline copy (tens of MB, docs/offline.md) — as a returning visitor's earlier visit had:
 * a reload straight after the first result would be timed against that background work.
 */
async function firstVisitSettled(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="thread-medians"]', { timeout: 180_000 });
  await page.waitForSelector('[data-testid="offline-status"][data-state="ready"]', {
    state: 'attached',
    timeout: 180_000,
  });
}

async function firstResult(server: PreviewServer, page: Page, url: string): Promise<FirstResult> {
  const wasmAtServer: string[] = [];
  const onRequest = (request: IncomingMessage): void => {
    const path = request.url ?? '';
    if (path.endsWith('.wasm')) wasmAtServer.push(path.split('/').pop() ?? path);
  };
  server.httpServer.on('request', onRequest);
  try {
    await page.goto(url);
    await page.waitForSelector('[data-testid="results"]', { timeout: 180_000 });
    const { ms, longTasks, timings } = await page.evaluate(() => {
      const now = performance.now();
      const tasks = (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks;
      const glassbox = (window as unknown as { glassbox?: { text?: { slot?: { loaded?: unknown } } } })
        .glassbox;
      const loaded = glassbox?.text?.slot?.loaded as { timings?: unknown } | null | undefined;
      return {
        ms: now,
        longTasks: tasks.filter(([start]) => start < now).map(([, duration]) => duration),
        timings: JSON.parse(JSON.stringify(loaded?.timings ?? null)) as unknown,
      };
    });
    return { ms, longTasks, wasmAtServer, timings };
  } finally {
    server.httpServer.off('request', onRequest);
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function describe(label: string, result: FirstResult): string {
  const over = result.longTasks.map((ms) => ms.toFixed(0));
  return [
    `  ${label}: ${result.ms.toFixed(0)} ms`,
    `long tasks > 50 ms: ${over.length === 0 ? 'none' : over.join(', ') + ' ms'}`,
    `.wasm requests at the server: ${result.wasmAtServer.join('; ') || 'none'}`,
    `timings: ${JSON.stringify(result.timings)}`,
  ].join(' | ');
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const runsIndex = args.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
  const app = await ensureAppBuild({ root, allowDev: args.includes('--dev') });
  process.stdout.write(`${app.line}\n`);
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { port: 4331, strictPort: false, open: false },
  });
  const url = `${server.resolvedUrls?.local[0] ?? ''}?task=text`;
  const cold: FirstResult[] = [];
  const warm: FirstResult[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const profile = mkdtempSync(join(tmpdir(), 'glassbox-first-result-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: browserBinary(null),
        headless: true,
        args: BASE_FLAGS,
      });
      try {
        await context.addInitScript(LONG_TASK_OBSERVER);
        const page = context.pages()[0] ?? (await context.newPage());
        cold.push(await firstResult(server, page, url));
        await firstVisitSettled(page);
        warm.push(await firstResult(server, page, url));
        process.stdout.write(`run ${run + 1}:\n`);
        process.stdout.write(`${describe('cold', cold.at(-1) as FirstResult)}\n`);
        process.stdout.write(`${describe('warm', warm.at(-1) as FirstResult)}\n`);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    const worst = (results: FirstResult[]): string =>
      Math.max(0, ...results.flatMap((r) => r.longTasks)).toFixed(0);
    process.stdout.write(
      `median of ${runs}: cold ${median(cold.map((r) => r.ms)).toFixed(0)} ms, warm ` +
        `${median(warm.map((r) => r.ms)).toFixed(0)} ms; longest main-thread task: cold ${worst(cold)} ms, ` +
        `warm ${worst(warm)} ms; ${app.stamp.production ? 'production' : 'DEVELOPMENT'} build\n`,
    );
    return 0;
  } finally {
    await server.close();
  }
}
