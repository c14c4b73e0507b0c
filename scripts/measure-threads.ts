// Measures the per-model WASM thread choice in headless Chromium against the production build: opens each
// embedded model in its view in a fresh profile, waits for the view's own calibration (a few interleaved
// runs at each candidate thread count on the view's real input), and prints what it measured and chose.
// Each model is calibrated --sessions times (fresh profiles); the table gives the medians of the medians.
// Usage: node scripts/run-ts.mjs scripts/measure-threads.ts [--sessions N] [--json]
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { median } from '../src/lib/runtime/thread-choice.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';

/** Each model in its view on its real input: the text view's examples, a bundled sample image. */
const MODELS = [
  { id: 'tiny-sentiment-bert', query: '' },
  { id: 'shapes-yolov8', query: '?model=shapes-yolov8&task=detection&sample=shapes-1.png' },
  { id: 'nanodet-coco', query: '?task=detection' },
] as const;

interface Stored {
  threads: number;
  source: string;
  medians?: Record<string, number>;
  flopsPerNode?: number;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const at = args.indexOf('--sessions');
  const sessions = at >= 0 ? Number(args[at + 1]) : 3;
  print((await ensureAppBuild({ root, allowDev: args.includes('--dev') })).line);
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: BASE_FLAGS });
  const recorded: Record<string, Stored[]> = {};
  try {
    print(
      `load average at start: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')} (${cpus().length} cores)`,
    );
    for (let session = 0; session < sessions; session++) {
      for (const model of MODELS) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${baseUrl}${model.query}`);
        // The view calibrates after its first result, unless one run takes too long (then its rule stands).
        await page.waitForSelector('[data-testid="wasm-threads"]:visible:not([data-threads=""])', {
          timeout: 180_000,
        });
        const handle = await page
          .waitForFunction(
            (id) => {
              for (let i = 0; i < localStorage.length; i++) {
                const key = localStorage.key(i) ?? '';
                if (!key.startsWith('glassbox.threads.v1:') || !key.includes(id)) continue;
                const value = JSON.parse(localStorage.getItem(key) ?? 'null') as { source?: string } | null;
                if (
                  value?.source === 'measured' &&
                  !document.querySelector('[data-testid="threads-measuring"]')
                ) {
                  return value;
                }
              }
              return null;
            },
            model.id,
            { timeout: 60_000, polling: 250 },
          )
          .catch(() => null);
        if (!handle) {
          const shown = await page.textContent('[data-testid="wasm-threads"]:visible');
          print(
            `${model.id} #${session + 1}: not calibrated (a run took over 400 ms?) — shown: ${shown?.trim()}`,
          );
          await context.close();
          continue;
        }
        const stored = (await handle.jsonValue()) as Stored;
        const shown = await page.textContent('[data-testid="wasm-threads"]:visible');
        (recorded[model.id] ??= []).push(stored);
        print(`${model.id} #${session + 1}: ${JSON.stringify(stored)} — shown: ${shown?.trim()}`);
        await context.close();
      }
    }
    print(
      `load average at end: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    print('');
    print('| model | medians per thread count (ms) | chosen | all cores (old default) vs chosen |');
    print('| --- | --- | --- | --- |');
    for (const [id, runs] of Object.entries(recorded)) {
      const counts = [...new Set(runs.flatMap((run) => Object.keys(run.medians ?? {})))].sort();
      const medians = Object.fromEntries(
        counts.map((count) => [
          count,
          median(runs.map((run) => run.medians?.[count] ?? NaN).filter(Number.isFinite)),
        ]),
      );
      const chosen = runs.map((run) => run.threads).join(', ');
      const most = counts.at(-1) ?? '1';
      const best = Math.min(...Object.values(medians));
      const chosenMs = medians[String(median(runs.map((run) => run.threads)))] ?? NaN;
      print(
        `| ${id} | ${counts.map((c) => `${c}: ${medians[c]?.toFixed(2)}`).join(' · ')} | ${chosen} (${(chosenMs / best).toFixed(2)}× best) | ${((medians[most] ?? NaN) / best).toFixed(2)}× best |`,
      );
    }
    if (args.includes('--json')) print(JSON.stringify(recorded));
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return 0;
}
