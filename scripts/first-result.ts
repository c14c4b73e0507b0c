// Measures page open → first classified example (the text view classifies its examples without a click)
// in headless Chromium against the production build on WASM: cold (a fresh profile, empty HTTP and
// model caches) and warm (the same profile reloaded). Prints one line per run and the medians.
// Usage: npm run first-result -- [--runs N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { existsSync } from 'node:fs';
import { BASE_FLAGS, browserBinary } from './chromium.ts';

/** ms from navigation start until the first result is on screen, read from the page's own clock. */
async function timeToFirstResult(page: Page, url: string): Promise<number> {
  await page.goto(url);
  await page.waitForSelector('[data-testid="results"]', { timeout: 180_000 });
  return page.evaluate(() => performance.now());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const runsIndex = args.indexOf('--runs');
  const runs = runsIndex >= 0 ? Number(args[runsIndex + 1]) : 3;
  if (!existsSync(resolve(root, 'dist/index.html'))) await build({ root, logLevel: 'warn' });
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { port: 4331, strictPort: false, open: false },
  });
  const url = `${server.resolvedUrls?.local[0] ?? ''}?task=text`;
  const cold: number[] = [];
  const warm: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      const profile = mkdtempSync(join(tmpdir(), 'glassbox-first-result-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: browserBinary(null),
        headless: true,
        args: BASE_FLAGS,
      });
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        cold.push(await timeToFirstResult(page, url));
        warm.push(await timeToFirstResult(page, url));
        process.stdout.write(
          `run ${run + 1}: cold ${cold.at(-1)?.toFixed(0)} ms, warm ${warm.at(-1)?.toFixed(0)} ms\n`,
        );
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    process.stdout.write(
      `median of ${runs}: cold ${median(cold).toFixed(0)} ms, warm ${median(warm).toFixed(0)} ms\n`,
    );
    return 0;
  } finally {
    await server.close();
  }
}
