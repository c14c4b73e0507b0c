// Parity with transformers.js for text generation: the same model files (the embedded tiny-bible-gpt, in the
// hub layout), backend (WASM), thread count and prompt, greedy, in one headless Chromium, interleaved with
// rotating order. Glassbox's side is the app's production build and its Generate view's worker code
// (window.glassbox.generationBench: the page → the generation worker → back, timed on the page);
// transformers.js's side is pipeline('text-generation') on a page of its own (scripts/parity/page, on the
// page's thread as transformers.js runs it).
// Both sides are timed the same way, on their page, for a whole call: decode tokens/s = (N − 1) / (T(N) −
// T(1)) from the medians of calls making N tokens and 1 token, so neither side's own instrumentation
// decides. Each side's own figures are printed too (Glassbox: worker-side model time of the decode steps;
// transformers.js: its streamer's token times on the page). Same tokens: every call's ids compared.
// Usage: node scripts/run-ts.mjs scripts/parity-generation.ts [--rounds N] [--threads N] [--tokens N]
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';
import type { GenerationBenchOpened, GenerationBenchTimedRun } from '../src/app/generate/generation-bench.ts';
import { firstDifference, spreadOf } from '../src/lib/bench/generation-summary.ts';
import { speedupWithSpread } from '../src/lib/bench/speedup.ts';
import { median } from '../src/lib/runtime/thread-choice.ts';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { buildParityPage, ensureTransformersJs, HEADERS, PARITY } from './parity.ts';
import { ensureAppBuild } from './production-build.ts';
import { embeddedModels } from './vite-plugin-models.ts';

const ROOT = resolve(import.meta.dirname, '..');
const PROMPT = 'In the beginning God created';

interface Call {
  ms: number;
  ids: number[];
  promptTokens: number;
  /** The side's own figures: first token ms and decode tokens/s (see the header). */
  firstTokenMs: number | null;
  decodeRate: number | null;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function option(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

const load = (): string =>
  loadavg()
    .map((v) => v.toFixed(2))
    .join(' ');

async function glassboxCall(page: Page, id: number, tokens: number): Promise<Call> {
  return page.evaluate(
    async ({ id, tokens }) => {
      const bench = (
        window as unknown as {
          glassbox: { generationBench: { run(id: number, n: number): Promise<GenerationBenchTimedRun> } };
        }
      ).glassbox.generationBench;
      const started = performance.now();
      const run = await bench.run(id, tokens);
      return {
        ms: performance.now() - started,
        ids: run.ids,
        promptTokens: run.promptTokens,
        firstTokenMs: run.firstTokenMs,
        decodeRate: run.decodeTokensPerSecond,
      };
    },
    { id, tokens },
  );
}

async function transformersCall(page: Page, tokens: number): Promise<Call> {
  return page.evaluate(
    async ({ prompt, tokens }) => {
      type Output = { ms: number; ids: number[]; promptTokens: number; firstTokenMs: number | null };
      const parity = (window as unknown as { parity: { generate(p: string, n: number): Promise<Output> } })
        .parity;
      const out = await parity.generate(prompt, tokens);
      const decodeMs = out.firstTokenMs === null ? 0 : out.ms - out.firstTokenMs;
      return {
        ...out,
        decodeRate: out.ids.length > 1 && decodeMs > 0 ? ((out.ids.length - 1) * 1000) / decodeMs : null,
      };
    },
    { prompt: PROMPT, tokens },
  );
}

export async function main(args: string[]): Promise<number> {
  const rounds = option(args, '--rounds', 15);
  const threads = option(args, '--threads', 1);
  const tokens = option(args, '--tokens', 32);
  ensureTransformersJs();
  print((await ensureAppBuild({ root: ROOT, allowDev: args.includes('--dev') })).line);
  await buildParityPage();
  const servers: PreviewServer[] = [];
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: BASE_FLAGS });
  try {
    const app = await preview({ root: ROOT, logLevel: 'error', preview: { port: 0 } });
    servers.push(app);
    const parity = await preview({
      root: resolve(PARITY, 'page'),
      configFile: false,
      logLevel: 'error',
      plugins: [embeddedModels(ROOT)],
      build: { outDir: resolve(PARITY, 'dist') },
      preview: { port: 0, headers: HEADERS },
    });
    servers.push(parity);
    const glassbox = await (await browser.newContext({ serviceWorkers: 'block' })).newPage();
    await glassbox.goto(`${app.resolvedUrls?.local[0] ?? ''}?task=bench`);
    await glassbox.waitForFunction(() =>
      Boolean((window as unknown as { glassbox?: { generationBench?: unknown } }).glassbox?.generationBench),
    );
    const opened = await glassbox.evaluate(
      async ({ threads, prompt, tokens }) =>
        (
          window as unknown as {
            glassbox: { generationBench: { start(r: unknown): Promise<GenerationBenchOpened> } };
          }
        ).glassbox.generationBench.start({
          model: { catalogId: 'tiny-bible-gpt' },
          backend: 'wasm',
          threads,
          prompt,
          maxNewTokens: tokens,
        }),
      { threads, prompt: PROMPT, tokens },
    );
    // Its own window (another context), in front like Glassbox's: see scripts/parity.ts on background tabs.
    const transformers = await (await browser.newContext()).newPage();
    await transformers.goto(`${parity.resolvedUrls?.local[0] ?? ''}?task=text-generation&threads=${threads}`);
    await transformers.waitForFunction(
      () => document.getElementById('status')?.textContent !== 'loading transformers.js…',
      undefined,
      { timeout: 180_000 },
    );
    const status = await transformers.textContent('#status');
    if (status !== 'ready') throw new Error(`transformers.js page: ${status}`);
    const facts = await transformers.evaluate(
      () => (window as unknown as { parity: { threads: number; ortVersion: string } }).parity,
    );
    // Warm-up on both sides (JIT, kernels), untimed.
    for (const n of [1, tokens, 1, tokens]) {
      await glassboxCall(glassbox, opened.id, n);
      await transformersCall(transformers, n);
    }
    const loadBefore = load();
    const calls = {
      glassbox: { 1: [] as Call[], n: [] as Call[] },
      transformers: { 1: [] as Call[], n: [] as Call[] },
    };
    for (let round = 0; round < rounds; round++) {
      // Rotating order: which side goes first, and whether the long or the short call does.
      const sides =
        round % 2 === 0 ? (['glassbox', 'transformers'] as const) : (['transformers', 'glassbox'] as const);
      const lengths = round % 4 < 2 ? ([tokens, 1] as const) : ([1, tokens] as const);
      for (const n of lengths) {
        for (const side of sides) {
          const call =
            side === 'glassbox'
              ? await glassboxCall(glassbox, opened.id, n)
              : await transformersCall(transformers, n);
          calls[side][n === 1 ? 1 : 'n'].push(call);
        }
      }
    }
    const loadAfter = load();
    const decodeRate = (side: 'glassbox' | 'transformers'): number => {
      const long = calls[side].n;
      const made = median(long.map((call) => call.ids.length));
      return ((made - 1) * 1000) / (median(long.map((c) => c.ms)) - median(calls[side][1].map((c) => c.ms)));
    };
    // The ratio of per-token decode times with an interval: bootstrap over the long calls' (T(N) − median T(1)).
    const perToken = (side: 'glassbox' | 'transformers'): number[] => {
      const short = median(calls[side][1].map((c) => c.ms));
      return calls[side].n.map((c) => (c.ms - short) / Math.max(1, c.ids.length - 1));
    };
    const ratio = speedupWithSpread(perToken('glassbox'), perToken('transformers'));
    const mismatches: string[] = [];
    const reference = calls.glassbox.n[0]?.ids ?? [];
    for (const side of ['glassbox', 'transformers'] as const) {
      for (const call of calls[side].n) {
        const at = firstDifference(reference, call.ids);
        if (at !== null) mismatches.push(`${side}: differs at new token ${at + 1}`);
      }
    }
    const promptTokens = `${calls.glassbox.n[0]?.promptTokens} vs ${calls.transformers.n[0]?.promptTokens}`;
    print(`load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}`);
    print(
      `tiny-bible-gpt, WASM ${threads} thread(s) (Glassbox's worker: ${opened.wasmThreads}; transformers.js reports ${facts.threads}, its ORT ${facts.ortVersion}); ` +
        `greedy, "${PROMPT}" (prompt tokens ${promptTokens}), ${tokens} new tokens and 1, ${rounds} interleaved rounds`,
    );
    const f = (value: number | null | undefined, digits = 1): string =>
      value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(digits);
    const own = (side: 'glassbox' | 'transformers') => ({
      ttft: spreadOf(calls[side].n.map((c) => c.firstTokenMs))?.median,
      rate: spreadOf(calls[side].n.map((c) => c.decodeRate))?.median,
    });
    print(
      '| side | call, 1 token | call, N tokens | decode tok/s, T(N)−T(1) on the page | own figures: first token, decode tok/s |',
    );
    print('| --- | ---: | ---: | ---: | ---: |');
    for (const side of ['glassbox', 'transformers'] as const) {
      const label = side === 'glassbox' ? 'Glassbox (worker)' : 'transformers.js pipeline (page thread)';
      print(
        `| ${label} | ${f(median(calls[side][1].map((c) => c.ms)), 2)} ms | ${f(median(calls[side].n.map((c) => c.ms)), 1)} ms | ` +
          `${f(decodeRate(side), 0)} | ${f(own(side).ttft, 2)} ms, ${f(own(side).rate, 0)} |`,
      );
    }
    print(
      `decode time per token, Glassbox / transformers.js: ${ratio ? `${ratio.ratio.toFixed(2)}× (95 % CI ${ratio.low.toFixed(2)}–${ratio.high.toFixed(2)})` : 'n/a'}` +
        ` — below 1: Glassbox decodes faster; decode tok/s ratio Glassbox / transformers.js ${(decodeRate('glassbox') / decodeRate('transformers')).toFixed(2)}`,
    );
    print(
      mismatches.length === 0
        ? `same greedy tokens: yes, every call (${reference.length} new tokens)`
        : `same greedy tokens: no — ${mismatches.length} calls differ; first: ${mismatches[0]}`,
    );
    return mismatches.length === 0 ? 0 : 1;
  } finally {
    await browser.close();
    for (const server of servers) await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
}
