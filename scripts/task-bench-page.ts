// What the per-task overhead scripts (measure-task-overhead.ts, measure-image-task-overhead.ts) share: the
// app, hub and browser they run against, a view's page opened from its link, the load average, a table.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { preview } from 'vite';
import { startHubServer } from '../tests/support/hub-server.ts';
import { browserBinary } from './chromium.ts';
import { print } from './measure-overhead.ts';
import { ensureAppBuild } from './production-build.ts';

/** The machine's load average (1, 5, 15 min), as the scripts print it before and after. */
export function loadAverage(): string {
  return loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');
}

/** A context with no service worker (its offline copy would be saved meanwhile) that uses the local hub. */
export async function benchContext(browser: Browser, hubUrl: string): Promise<BrowserContext> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  await context.addInitScript((url) => localStorage.setItem('glassbox.hubUrl', url), hubUrl);
  return context;
}

/**
 * A view opened from its link (baseUrl?query); oneThread: an embedded model's key, pinned to 1 WASM thread
 * as the user's choice (so no calibration runs), else the view chooses its thread count.
 */
export async function openTaskPage(
  context: BrowserContext,
  url: string,
  oneThread: string | undefined,
): Promise<Page> {
  const page = await context.newPage();
  if (oneThread) {
    await page.addInitScript((key) => {
      const name = `glassbox.threads.v1:${navigator.hardwareConcurrency}:${key}`;
      localStorage.setItem(name, JSON.stringify({ threads: 1, source: 'user' }));
    }, oneThread);
  }
  await page.goto(url);
  return page;
}

/**
 * The production build served by Vite's preview, the local hub server and a headless Chromium with flags;
 * body gets a bench context and the app's address; everything is closed after it, whatever happens.
 */
export async function withTaskBench(
  args: string[],
  flags: readonly string[],
  body: (context: BrowserContext, baseUrl: string) => Promise<void>,
): Promise<void> {
  const root = resolve(import.meta.dirname, '..');
  print((await ensureAppBuild({ root, allowDev: args.includes('--dev') })).line);
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const hub = await startHubServer({ root });
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: [...flags] });
  try {
    const context = await benchContext(browser, hub.url);
    print(`load average before: ${loadAverage()}`);
    await body(context, server.resolvedUrls?.local[0] ?? '');
  } finally {
    await browser.close();
    await hub.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}

/** A Markdown table: its header row, the alignment row, then each row as given. */
export function printTable(header: string, alignment: string, rows: readonly string[]): void {
  print(header);
  print(alignment);
  for (const row of rows) print(row);
}
