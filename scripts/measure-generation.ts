// Measures text generation in headless Chromium against the production build (docs/benchmark.md, "Text
// generation"): time to first token, prefill and decode tokens per second of the generate view on the
// embedded model, WASM with 1 thread (the page served without cross-origin isolation, so ORT cannot use
// more) and with the default (isolated: up to 4 threads), in interleaved rounds, as the speed line shows them.
// The speed line's times are the worker's: from the start of the generation loop (after tokenizing) to the
// first token, so the page→worker hop (about a millisecond) is not in TTFT.
// Usage: node scripts/run-ts.mjs scripts/measure-generation.ts [--rounds N] [--tokens N]
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { BASE_FLAGS, browserBinary } from './chromium.ts';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function argument(args: string[], name: string, fallback: number): number {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1] ?? fallback) : fallback;
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** ms from the speed line's formatMs text ("12.3 ms", "1.20 s"). */
function parseMs(text: string): number {
  const value = Number.parseFloat(text);
  return text.trim().endsWith(' s') ? value * 1000 : value;
}

interface Round {
  ttftMs: number;
  prefill: number;
  decode: number;
}

async function generateOnce(page: Page): Promise<Round> {
  const output = await page.$('[data-testid="generation-output"]');
  const before = output ? await output.getAttribute('data-branch') : null;
  await page.click('[data-testid="generate"]');
  await page.waitForFunction((previous) => {
    const shown = document.querySelector('[data-testid="generation-output"]');
    return shown?.getAttribute('data-finished') === 'true' && shown.getAttribute('data-branch') !== previous;
  }, before);
  const text = async (id: string): Promise<string> => (await page.textContent(`[data-testid="${id}"]`)) ?? '';
  return {
    ttftMs: parseMs(await text('ttft')),
    prefill: Number.parseFloat(await text('prefill-rate')),
    decode: Number.parseFloat(await text('decode-rate')),
  };
}

export async function main(args: string[]): Promise<number> {
  const rounds = argument(args, '--rounds', 7);
  const tokens = argument(args, '--tokens', 64);
  const loadBefore = loadavg();
  const root = resolve(import.meta.dirname, '..');
  if (!existsSync(resolve(root, 'dist/index.html'))) await build({ root, logLevel: 'warn' });
  const server = await preview({ root, logLevel: 'error', preview: { port: 0 } });
  const baseUrl = server.resolvedUrls?.local[0] ?? '';
  const browser = await chromium.launch({ executablePath: browserBinary(null), args: BASE_FLAGS });
  try {
    const pages: Array<{ label: string; page: Page }> = [];
    for (const isolated of [false, true]) {
      const context = await browser.newContext();
      if (!isolated) {
        // Without COOP/COEP on the page, it is not cross-origin isolated and ORT runs 1 thread.
        await context.route('**/*', async (route) => {
          if (!route.request().isNavigationRequest()) return route.continue();
          const response = await route.fetch();
          const headers = { ...response.headers() };
          delete headers['cross-origin-opener-policy'];
          delete headers['cross-origin-embedder-policy'];
          await route.fulfill({ response, headers });
        });
      }
      const page = await context.newPage();
      await page.goto(`${baseUrl}?task=generate`);
      await page.waitForSelector('[data-testid="generation-load"][data-status="ready"]');
      const facts = (await page.textContent('[data-testid="generation-model-facts"]')) ?? '';
      const threads = /(\d+) WASM thread/.exec(facts)?.[1] ?? '?';
      await page.click('[data-testid="generation-settings"] summary');
      await page.fill('[data-testid="max-new-tokens"]', String(tokens));
      await page.fill('[data-testid="generation-prompt"]', 'In the beginning God created');
      await generateOnce(page); // warm: first generation pays for kernel setup
      pages.push({ label: `WASM ${threads} thread${threads === '1' ? '' : 's'}`, page });
    }
    const results = new Map<string, Round[]>(pages.map(({ label }) => [label, []]));
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [...pages].reverse() : pages;
      for (const { label, page } of order) results.get(label)!.push(await generateOnce(page));
    }
    print(`load average (1/5/15 min) before: ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`);
    print(`tiny-bible-gpt, greedy, ${tokens} new tokens, ${rounds} interleaved rounds, medians:`);
    for (const [label, list] of results) {
      print(
        `${label}: TTFT ${median(list.map((r) => r.ttftMs)).toFixed(1)} ms, prefill ${median(list.map((r) => r.prefill)).toFixed(0)} tok/s, decode ${median(list.map((r) => r.decode)).toFixed(0)} tok/s (range ${Math.min(...list.map((r) => r.decode)).toFixed(0)}–${Math.max(...list.map((r) => r.decode)).toFixed(0)})`,
      );
    }
    print(
      `load average after: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await browser.close();
    await new Promise<void>((done) => server.httpServer.close(() => done()));
  }
  return 0;
}
