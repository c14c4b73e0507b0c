// Measures the fixed cost of the text view on a small input in headless Chromium against the production
// build, 1 WASM thread on every side (docs/benchmark.md, "Small-input overhead"):
// - the text service's worker call (comlink, tokenizer, tensors, session.run, post-processing, the result's
//   copy back), timed on the page, against a bare ONNX Runtime session.run on the same feeds timed inside
//   the same worker, and the service's own time inside the worker (tokenize + run + post-processing);
//   interleaved rounds with rotating order, back to back and after 50 ms idle (as a person's clicks come);
// - real clicks on Run (Chromium input events): click → the worker's answer on the page (the app's
//   'glassbox:text-answer' User Timing mark) → the results in the DOM → the frame that shows them, and
//   whether that frame is the first one after the answer ("within one frame of the worker's answer").
// Prints medians and ratios of medians with 95 % bootstrap intervals.
// Usage: node scripts/run-ts.mjs scripts/measure-overhead.ts [--rounds N] [--clicks N] [--sentence "..."]
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { summarizeOverhead } from '../src/lib/bench/overhead.ts';
import { percentile } from '../src/lib/bench/statistics.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { ensureAppBuild } from './production-build.ts';

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

export function argument(args: string[], name: string, fallback: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? fallback) : fallback;
}

interface CallRounds {
  bare: number[];
  call: number[];
  inWorker: number[];
}

interface Click {
  /** ms from the click event to the answer mark, to the results in the DOM, to the frame showing them. */
  answer: number;
  dom: number;
  frame: number;
  /** Animation frames that began between the answer and the DOM update (0: shown in the first frame). */
  framesBetween: number;
}

/** Interleaved worker calls and bare runs; idleMs > 0 waits that long before each (the worker sleeps). */
function callRounds(page: Page, rounds: number, idleMs: number, sentence: string): Promise<CallRounds> {
  return page.evaluate(
    async ({ rounds, idleMs, sentence }) => {
      type Service = {
        classify(
          key: string,
          backend: string,
          texts: string[],
        ): Promise<{ tokenizeMs: number; inferenceMs: number }>;
        timeRuns(task: string, key: string, backend: string, count: number): Promise<number[]>;
      };
      const text = (
        window as unknown as {
          glassbox: {
            text: {
              slot: { loaded: { info: { modelKey: string } } | null };
              runtime: { call<T>(task: (service: Service) => Promise<T>): Promise<T> };
            };
          };
        }
      ).glassbox.text;
      const key = text.slot.loaded?.info.modelKey ?? '';
      const idle = (): Promise<unknown> =>
        idleMs > 0 ? new Promise((resolve) => setTimeout(resolve, idleMs)) : Promise.resolve();
      const out = { bare: [] as number[], call: [] as number[], inWorker: [] as number[] };
      const call = async (): Promise<void> => {
        await idle();
        const started = performance.now();
        const run = await text.runtime.call((service) => service.classify(key, 'wasm', [sentence]));
        out.call.push(performance.now() - started);
        out.inWorker.push(run.tokenizeMs + run.inferenceMs);
      };
      // The bare run times the feeds of the last classify: the same sentence.
      const bare = async (): Promise<void> => {
        await idle();
        const times = await text.runtime.call((service) =>
          service.timeRuns('text-classification', key, 'wasm', 1),
        );
        out.bare.push(times[0] ?? NaN);
      };
      for (let i = 0; i < 10; i++) await call(); // warm-up: JIT, caches
      out.call.length = 0;
      out.inWorker.length = 0;
      for (let round = 0; round < rounds; round++) {
        // Rotating order, so neither side always follows the other.
        if (round % 2 === 0) {
          await call();
          await bare();
        } else {
          await bare();
          await call();
        }
      }
      return out;
    },
    { rounds, idleMs, sentence },
  );
}

/** Arms the observers for one click on Run; the returned promise settles once its results are painted. */
async function armClick(page: Page, line: string): Promise<void> {
  await page.evaluate((line) => {
    const results = document.querySelector('[data-testid="results"]')?.parentElement ?? document.body;
    const button = document.querySelector<HTMLButtonElement>('[data-testid="run"]');
    const frames: number[] = [];
    let clickAt = NaN;
    let counting = true;
    const countFrames = (): void => {
      frames.push(performance.now());
      if (counting) requestAnimationFrame(countFrames);
    };
    requestAnimationFrame(countFrames);
    document.addEventListener('click', (event) => (clickAt = event.timeStamp), { capture: true, once: true });
    (window as unknown as { __click: Promise<unknown> }).__click = new Promise((resolve) => {
      const observer = new MutationObserver(() => {
        if (!results.textContent?.includes(line) || button?.textContent?.trim() !== 'Run') return;
        observer.disconnect();
        const dom = performance.now();
        requestAnimationFrame(() => {
          const frame = performance.now();
          counting = false;
          const answer = performance.getEntriesByName('glassbox:text-answer').at(-1)?.startTime ?? NaN;
          resolve({
            answer: answer - clickAt,
            dom: dom - clickAt,
            frame: frame - clickAt,
            framesBetween: frames.filter((at) => at > answer && at < dom).length,
          });
        });
      });
      observer.observe(results, { subtree: true, childList: true, characterData: true });
    });
  }, line);
}

async function clicks(page: Page, count: number, sentence: string): Promise<Click[]> {
  const out: Click[] = [];
  for (let i = 0; i < count; i++) {
    const line = `${sentence} ${i}`;
    await page.fill('[data-testid="input-text"]', line);
    await armClick(page, line);
    await page.click('[data-testid="run"]');
    out.push(
      (await page.evaluate(() => (window as unknown as { __click: Promise<unknown> }).__click)) as Click,
    );
    await page.waitForTimeout(50);
  }
  return out;
}

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const rounds = Number(argument(args, '--rounds', '60'));
  const clickCount = Number(argument(args, '--clicks', '20'));
  const sentence = argument(args, '--sentence', 'Not bad at all, I would come back.');
  print((await ensureAppBuild({ root, allowDev: args.includes('--dev') })).line);
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: BASE_FLAGS });
  try {
    // No service worker: its offline copy (tens of MB, saved after the first result) would run meanwhile.
    const context = await browser.newContext({ serviceWorkers: 'block' });
    const page = await context.newPage();
    // Equal threads on both sides: the tiny BERT on 1 WASM thread (the user's choice, so no calibration).
    await page.addInitScript(() => {
      localStorage.setItem(
        'glassbox.threads.v1:' + navigator.hardwareConcurrency + ':embedded:tiny-sentiment-bert',
        JSON.stringify({ threads: 1, source: 'user' }),
      );
    });
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="result"]', { timeout: 180_000 });
    const load = (): string =>
      loadavg()
        .map((v) => v.toFixed(2))
        .join(' ');
    print(`load average before: ${load()}`);
    const hot = await callRounds(page, rounds, 0, sentence);
    const idle = await callRounds(page, rounds, 50, sentence);
    const clicked = await clicks(page, clickCount, sentence);
    print(`load average after: ${load()}`);

    const ms = (value: number | null | undefined): string => `${(value ?? NaN).toFixed(2)} ms`;
    const median = (values: readonly number[]): string => ms(percentile(values, 50));
    print(`sentence: "${sentence}", ${rounds} interleaved rounds each, WASM 1 thread`);
    for (const [name, result] of [
      ['back to back', hot],
      ['after 50 ms idle', idle],
    ] as const) {
      const overhead = summarizeOverhead('wasm-1', result.bare, result.call);
      const r = overhead.ratio;
      print(
        `${name}: worker call ${ms(overhead.pathMedianMs)} (service in the worker ${median(result.inWorker)}) vs bare session.run ${ms(overhead.bareMedianMs)}: ` +
          `${r ? `${r.ratio.toFixed(2)}× (${r.low.toFixed(2)}–${r.high.toFixed(2)})` : 'n/a'}; fastest vs fastest ${overhead.floorRatio?.toFixed(2)}×`,
      );
    }
    const inFirstFrame = clicked.filter((click) => click.framesBetween === 0).length;
    print(
      `${clicked.length} clicks on Run: click → answer on the page ${median(clicked.map((c) => c.answer))}, → results in the DOM ${median(clicked.map((c) => c.dom))}, → the frame showing them ${median(clicked.map((c) => c.frame))}; ` +
        `answer → DOM ${median(clicked.map((c) => c.dom - c.answer))}; shown in the first frame after the answer: ${inFirstFrame} of ${clicked.length}`,
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return 0;
}
