// Checks the Benchmark lab's duration estimate against real runs: for each embedded model the lab offers,
// a fresh profile opens the lab, keeps its default plan, reads the estimate the form shows, runs, and
// compares with the result's own duration. It also records every "time left" the progress showed, to
// report how far it ever rose. Production build, headless Chromium, as a user gets it.
// Usage: node scripts/run-ts.mjs scripts/measure-estimate.ts [--repeats N] [--models a,b] [--webgpu]
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { MODEL_CATALOG } from '../src/lib/catalog/model-catalog.ts';
import { taskRow } from '../src/lib/tasks/registry.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

const load = () =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(' ');

interface Measured {
  probeGflops: number;
  wasm1MedianMs: number;
  modelGflops: number | null;
  model: string;
  configs: string;
  estimateMs: number;
  actualMs: number;
  /** Largest rise of the shown time left between two readings, and over the whole run, in ms. */
  largestRiseMs: number;
  totalRiseMs: number;
  load: string;
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const at = args.indexOf('--repeats');
  const repeats = at >= 0 ? Number(args[at + 1]) : 1;
  const only = args.includes('--models') ? (args[args.indexOf('--models') + 1] ?? '').split(',') : null;
  const models = MODEL_CATALOG.filter((entry) => taskRow(entry.task).features.bench).filter(
    (entry) => !only || only.includes(entry.id),
  );
  print((await ensureAppBuild({ root, allowDev: false })).line);
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const flags = args.includes('--webgpu') ? [...BASE_FLAGS, '--enable-unsafe-webgpu'] : BASE_FLAGS;
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: flags });
  const rows: Measured[] = [];
  try {
    print(`load average at start: ${load()} (${cpus().length} cores)`);
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const model of models) {
        const context = await browser.newContext();
        const page = await context.newPage();
        await page.goto(`${baseUrl}?task=bench`);
        await page.waitForFunction(
          () => document.querySelectorAll('[data-testid^="bench-config-"]:checked').length > 0,
        );
        await page.selectOption('[data-testid="bench-model"]', model.id);
        // The estimate is scaled to this machine's speed once the lab's speed probe answers.
        await page.waitForSelector('[data-testid="bench-estimate"]:not([data-speed=""])', {
          timeout: 60_000,
        });
        const estimateMs = Number(await page.getAttribute('[data-testid="bench-estimate"]', 'data-ms'));
        const probe = await page.evaluate(
          () =>
            (window as unknown as { glassbox: { bench: { speed: { result: { gflops: number } | null } } } })
              .glassbox.bench.speed.result,
        );
        const configs = await page.$$eval('[data-testid^="bench-config-"]:checked', (boxes) =>
          boxes.map((box) => box.getAttribute('data-testid')?.replace('bench-config-', '')).join('+'),
        );
        // Every reading of the time left, sampled often enough to see each change.
        await page.evaluate(() => {
          const seen: number[] = [];
          (window as unknown as { etaSeen: number[] }).etaSeen = seen;
          setInterval(() => {
            const value = document
              .querySelector('[data-testid="bench-eta"]')
              ?.getAttribute('data-remaining-ms');
            if (value) seen.push(Number(value));
          }, 200);
          // When each configuration's stage began, as the progress reported it (read every 20 ms).
          const stages: { key: string; at: number }[] = [];
          (window as unknown as { stagesSeen: typeof stages }).stagesSeen = stages;
          setInterval(() => {
            const status = (
              window as unknown as {
                glassbox: { bench: { status: { progress?: { configIndex: number; stage: string } | null } } };
              }
            ).glassbox.bench.status;
            const key = status.progress ? `${status.progress.configIndex}:${status.progress.stage}` : 'idle';
            if (stages.at(-1)?.key !== key) stages.push({ key, at: performance.now() });
          }, 20);
        });
        const estimatedStages = await page.evaluate(
          () =>
            (
              window as unknown as {
                glassbox: {
                  bench: { estimate: { configs: { key: string; stages: Record<string, number> }[] } | null };
                };
              }
            ).glassbox.bench.estimate?.configs.map((config) => ({
              key: config.key,
              stages: config.stages,
            })) ?? null,
        );
        await page.click('[data-testid="bench-run"]');
        await page.waitForFunction(
          () =>
            !document.querySelector('[data-testid="bench-progress"]') &&
            document.querySelector('[data-testid="bench-result"]') !== null,
          undefined,
          { timeout: 20 * 60_000, polling: 500 },
        );
        const { actualMs, wasm1MedianMs } = await page.evaluate(() => {
          const { result } = (
            window as unknown as {
              glassbox: {
                bench: {
                  result: { durationMs: number; backends: { key: string; samplesMs: number[] }[] };
                };
              };
            }
          ).glassbox.bench;
          const samples = [...(result.backends.find((b) => b.key === 'wasm-1')?.samplesMs ?? [])].sort(
            (a, b) => a - b,
          );
          return { actualMs: result.durationMs, wasm1MedianMs: samples[Math.floor(samples.length / 2)] ?? 0 };
        });
        // Per configuration: each stage as estimated before the run, and as the result measured it (the
        // rest of the configuration's time, worker start, profiling and overhead pairs, is not timed apart).
        const measuredStages = await page.evaluate(() => {
          const { bench } = (
            window as unknown as {
              glassbox: {
                bench: {
                  result: {
                    backends: {
                      key: string;
                      coldStart: { fetchMs: number; createSessionMs: number; firstRunMs: number } | null;
                      warmUpMs: number[];
                      samplesMs: number[];
                    }[];
                  };
                };
              };
            }
          ).glassbox;
          const total = (values: number[]) => values.reduce((a, b) => a + b, 0);
          return bench.result.backends.map((backend) => ({
            key: backend.key,
            measured: {
              fetch: backend.coldStart?.fetchMs ?? null,
              'create-session': backend.coldStart?.createSessionMs ?? null,
              'first-run': backend.coldStart?.firstRunMs ?? null,
              'warm-up': total(backend.warmUpMs),
              measure: total(backend.samplesMs),
              runs: backend.samplesMs.length,
            },
          }));
        });
        const stagesSeen = await page.evaluate(
          () => (window as unknown as { stagesSeen: { key: string; at: number }[] }).stagesSeen,
        );
        const wall: Record<string, number> = {};
        for (let i = 0; i + 1 < stagesSeen.length; i++) {
          const stage = stagesSeen[i];
          const next = stagesSeen[i + 1];
          if (stage && next && stage.key !== 'idle')
            wall[stage.key] = Math.round((wall[stage.key] ?? 0) + next.at - stage.at);
        }
        print(`  wall time per stage, as the progress showed it: ${JSON.stringify(wall)}`);
        for (const measured of measuredStages) {
          const estimated = estimatedStages?.find((config) => config.key === measured.key)?.stages ?? {};
          const rounded = Object.fromEntries(Object.entries(estimated).map(([k, v]) => [k, Math.round(v)]));
          print(`  ${measured.key} estimated ${JSON.stringify(rounded)}`);
          print(`  ${measured.key} measured  ${JSON.stringify(measured.measured)}`);
        }
        const seen = await page.evaluate(() => (window as unknown as { etaSeen: number[] }).etaSeen);
        let largestRiseMs = 0;
        let totalRiseMs = 0;
        for (let i = 1; i < seen.length; i++) {
          const rise = (seen[i] ?? 0) - (seen[i - 1] ?? 0);
          if (rise > 0) {
            largestRiseMs = Math.max(largestRiseMs, rise);
            totalRiseMs += rise;
          }
        }
        const row = {
          model: model.id,
          configs,
          estimateMs,
          actualMs,
          largestRiseMs,
          totalRiseMs,
          load: load(),
          probeGflops: probe?.gflops ?? 0,
          // The model's own rate on one WASM thread beside the probe's: their ratio calibrates the
          // probe's reference (REFERENCE_PROBE_GFLOPS in src/lib/bench/estimate.ts).
          wasm1MedianMs,
          modelGflops: model.flops ? model.flops / (wasm1MedianMs * 1e6) : null,
        };
        rows.push(row);
        print(JSON.stringify(row));
        await context.close();
      }
    }
    print(`load average at end: ${load()}`);
    print('');
    print(
      '| model | configurations | probe | estimate | real | real ÷ estimate | largest rise of time left | model ÷ probe rate | load |',
    );
    print('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const row of rows) {
      const ratio = row.modelGflops === null ? '—' : (row.modelGflops / row.probeGflops).toFixed(2);
      print(
        `| ${row.model} | ${row.configs} | ${row.probeGflops.toFixed(1)} GFLOP/s | ${(row.estimateMs / 1000).toFixed(1)} s | ${(row.actualMs / 1000).toFixed(1)} s | ${(row.actualMs / row.estimateMs).toFixed(2)} | ${(row.largestRiseMs / 1000).toFixed(1)} s (${((100 * row.largestRiseMs) / row.estimateMs).toFixed(0)} % of the estimate) | ${ratio} | ${row.load} |`,
      );
    }
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return 0;
}
