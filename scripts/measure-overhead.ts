// Measures the fixed cost of the text view on a small input in headless Chromium against the production
// build: the text service's worker call (comlink, tokenizer, tensors, session.run, post-processing, the
// result's copy back) timed on the page, against a bare ONNX Runtime session.run on the same feeds timed
// inside the same worker; interleaved rounds with rotating order, 1 WASM thread on both sides. Also click
// → results on screen (the next animation frame after the DOM changed) against the worker call.
// Prints ratios of medians with 95 % bootstrap intervals.
// Usage: node scripts/run-ts.mjs scripts/measure-overhead.ts [--rounds N] [--sentence "..."]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';
import { summarizeOverhead } from '../src/lib/bench/overhead.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function argument(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
}

interface Rounds {
  bare: number[];
  call: number[];
  click: number[];
  callBeforeClick: number[];
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const rounds = Number(argument(args, '--rounds', '60'));
  const sentence = argument(args, '--sentence', 'Not bad at all, I would come back.');
  if (!existsSync(resolve(root, 'dist/index.html'))) await build({ root, logLevel: 'warn' });
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: BASE_FLAGS });
  try {
    const page = await browser.newPage();
    // Equal threads on both sides: the tiny BERT on 1 WASM thread (the user's choice, so no calibration).
    await page.addInitScript(() => {
      localStorage.setItem(
        'glassbox.threads.v1:' + navigator.hardwareConcurrency + ':embedded:tiny-sentiment-bert',
        JSON.stringify({ threads: 1, source: 'user' }),
      );
    });
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="result"]', { timeout: 180_000 });
    print(
      `load average before: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    const result = (await page.evaluate(
      async ({ rounds, sentence }) => {
        type Service = {
          classify(key: string, backend: string, texts: string[]): Promise<unknown>;
          timeRuns(task: string, key: string, backend: string, count: number): Promise<number[]>;
        };
        const text = (
          window as unknown as {
            glassbox: {
              text: {
                text: string;
                slot: { loaded: { info: { modelId: string } } | null };
                runtime: { call<T>(task: (service: Service) => Promise<T>): Promise<T> };
              };
            };
          }
        ).glassbox.text;
        const key = text.slot.loaded?.info.modelId ?? '';
        const call = async (): Promise<number> => {
          const started = performance.now();
          await text.runtime.call((service) => service.classify(key, 'wasm', [sentence]));
          return performance.now() - started;
        };
        // The bare run times the feeds of the last classify: the same sentence.
        const bare = async (): Promise<number> =>
          (
            await text.runtime.call((service) => service.timeRuns('text-classification', key, 'wasm', 1))
          )[0] ?? NaN;
        const input = document.querySelector<HTMLTextAreaElement>('[data-testid="input-text"]');
        const button = document.querySelector<HTMLButtonElement>('[data-testid="run"]');
        const results = document.querySelector('[data-testid="results"]')?.parentElement ?? document.body;
        // Click → the results list changed → the next frame (when the browser paints it).
        const click = async (round: number): Promise<number> => {
          if (!input || !button) return NaN;
          const line = `${sentence} ${round}`;
          input.value = line;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await new Promise((resolve) => requestAnimationFrame(resolve));
          const shown = new Promise<void>((resolve) => {
            const observer = new MutationObserver(() => {
              if (results.textContent?.includes(line) && button.textContent?.trim() === 'Run') {
                observer.disconnect();
                resolve();
              }
            });
            observer.observe(results, { subtree: true, childList: true, characterData: true });
          });
          const started = performance.now();
          button.click();
          await shown;
          await new Promise((resolve) => requestAnimationFrame(resolve));
          return performance.now() - started;
        };
        for (let i = 0; i < 10; i++) await call(); // warm-up: JIT, caches
        const out = {
          bare: [] as number[],
          call: [] as number[],
          click: [] as number[],
          callBeforeClick: [] as number[],
        };
        for (let round = 0; round < rounds; round++) {
          // Rotating order, so neither side always follows the other.
          if (round % 2 === 0) {
            out.call.push(await call());
            out.bare.push(await bare());
          } else {
            const bareMs = await bare();
            out.call.push(await call());
            out.bare.push(bareMs);
          }
          if (round % 3 === 0) {
            out.callBeforeClick.push(await call());
            out.click.push(await click(round));
          }
        }
        return out;
      },
      { rounds, sentence },
    )) as Rounds;
    print(
      `load average after: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
    const overhead = summarizeOverhead('wasm-1', result.bare, result.call);
    const render = summarizeOverhead('wasm-1', result.callBeforeClick, result.click);
    const ms = (value: number | null | undefined): string => `${(value ?? NaN).toFixed(2)} ms`;
    const ratio = (r: typeof overhead.ratio): string =>
      r ? `${r.ratio.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)})` : 'n/a';
    print(`sentence: "${sentence}", ${rounds} interleaved rounds, WASM 1 thread`);
    print(
      `worker call ${ms(overhead.pathMedianMs)} vs bare session.run ${ms(overhead.bareMedianMs)}: ${ratio(overhead.ratio)}; fastest vs fastest ${overhead.floorRatio?.toFixed(2)}×`,
    );
    print(
      `click → rendered ${ms(render.pathMedianMs)} vs worker call ${ms(render.bareMedianMs)}: ${ratio(render.ratio)} (${result.click.length} clicks)`,
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return 0;
}
