// Measures opening a synthetic model by link (?synthetic=<preset>) in headless Chromium against a
// production build: how long generating it takes and every main-thread long task (> 50 ms) from
// navigation until the tensor view has the model. Prints one line per run.
// Usage: node scripts/run-ts.mjs scripts/measure-synthetic-open.ts [--preset bert-base] [--runs 2]
//        [--dist <folder of another build>] (to measure an older build the same way; a development build is
//        refused unless --dev). Without --dist: dist/, built (production) unless it holds a production build of
//        the current sources.
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild, existingAppBuild } from './production-build.ts';

function option(args: string[], name: string, fallback: string): string {
  const index = args.indexOf(name);
  return index >= 0 ? (args[index + 1] ?? fallback) : fallback;
}

interface OpenMeasure {
  readyMs: number;
  buildMs: number | null;
  longTasks: number[];
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const preset = option(args, '--preset', 'bert-base');
  const runs = Number(option(args, '--runs', '2'));
  const allowDev = args.includes('--dev');
  let dist = resolve(root, 'dist');
  if (args.includes('--dist')) {
    dist = resolve(option(args, '--dist', dist));
    const existing = await existingAppBuild(root, dist, {
      allowDev,
      remedy: 'Give --dist a production build (npm run build makes one).',
    });
    if ('refusal' in existing) {
      process.stderr.write(`${existing.refusal}\n`);
      return 1;
    }
    process.stdout.write(`${existing.line}\n`);
  } else {
    process.stdout.write(`${(await ensureAppBuild({ root, outDir: dist, allowDev })).line}\n`);
  }
  const server = await preview({
    root,
    logLevel: 'warn',
    build: { outDir: dist },
    preview: { port: 4332, strictPort: false, open: false },
  });
  const url = `${server.resolvedUrls?.local[0] ?? ''}?synthetic=${encodeURIComponent(preset)}`;
  const browser = await chromium.launch({
    executablePath: browserBinary(null),
    headless: true,
    args: BASE_FLAGS,
  });
  try {
    for (let run = 0; run < runs; run++) {
      const page = await browser.newPage();
      // Observe long tasks from the very start of the page.
      await page.addInitScript(() => {
        const tasks: number[] = [];
        (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) tasks.push(entry.duration);
        }).observe({ type: 'longtask', buffered: true });
      });
      await page.goto(url);
      await page.waitForSelector('[data-testid="tensor-run"]:not([disabled])', { timeout: 300_000 });
      const measured = await page.evaluate(
        (id): OpenMeasure => ({
          readyMs: performance.now(),
          buildMs: performance.getEntriesByName(`glassbox:synthetic-build:${id}`)[0]?.duration ?? null,
          longTasks: (window as unknown as { __longTasks: number[] }).__longTasks,
        }),
        preset,
      );
      const tasks = [...measured.longTasks].sort((a, b) => b - a);
      process.stdout.write(
        `run ${run + 1}: ${preset} ready in ${measured.readyMs.toFixed(0)} ms; generation ${
          measured.buildMs === null
            ? 'not marked (main-thread build)'
            : `${measured.buildMs.toFixed(0)} ms in a worker`
        }; ${tasks.length} long tasks, longest ${(tasks[0] ?? 0).toFixed(0)} ms, total ${tasks
          .reduce((a, b) => a + b, 0)
          .toFixed(0)} ms [${tasks
          .slice(0, 6)
          .map((t) => t.toFixed(0))
          .join(', ')}]\n`,
      );
      await page.close();
    }
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}
