// Drives the Benchmark lab: fill in a plan, run it, read the result the page shows or exports.
import type { Page } from 'playwright-core';
import type { BenchResult } from '../../../src/lib/bench/result-types.ts';

export interface BenchForm {
  model: string;
  input: 'synthetic' | 'current';
  configs: string[];
  warmUp: number;
  iterations?: number;
  /** Seconds; switches to the time-budget rule. */
  budgetSeconds?: number;
  /** The time budget's cap on timed runs (the form's default otherwise). */
  maxIterations?: number;
  profileRuns: number;
  overheadPairs: number;
}

export async function openBenchLab(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}?task=bench`);
  // The WebGPU checkbox is settled once the lab has captured the environment.
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid^="bench-config-"]:checked').length > 0,
  );
}

export async function fillPlan(page: Page, form: BenchForm): Promise<void> {
  await page.selectOption('[data-testid="bench-model"]', form.model);
  await page.check(`[data-testid="bench-input-${form.input}"]`);
  for (const box of await page.$$('[data-testid^="bench-config-"]')) {
    const key = ((await box.getAttribute('data-testid')) ?? '').replace('bench-config-', '');
    if ((await box.isChecked()) !== form.configs.includes(key)) await box.click();
  }
  await page.fill('[data-testid="bench-warmup"]', String(form.warmUp));
  if (form.budgetSeconds !== undefined) {
    await page.check('[data-testid="bench-stop-time"]');
    await page.fill('[data-testid="bench-budget"]', String(form.budgetSeconds));
    if (form.maxIterations !== undefined)
      await page.fill('[data-testid="bench-max-iterations"]', String(form.maxIterations));
  } else {
    await page.check('input[name="bench-stop"][value="iterations"]');
    await page.fill('[data-testid="bench-iterations"]', String(form.iterations ?? 3));
  }
  await page.fill('[data-testid="bench-profile-runs"]', String(form.profileRuns));
  await page.fill('[data-testid="bench-overhead-pairs"]', String(form.overheadPairs));
}

/** Clicks Run and waits until the lab is idle again with a result newer than the one shown before. */
/**
 * Clicks Run and waits for a new result: `result` is the result's test id (the lab's benchmark result, or
 * bench-generation-result for a language model's run).
 */
export async function runAndWait(page: Page, timeout = 170_000, result = 'bench-result'): Promise<void> {
  const selector = `[data-testid="${result}"]`;
  // Read without waiting: page.getAttribute would wait its 30 s default for a lab with no result yet.
  const before = await page.evaluate(
    (query) => document.querySelector(query)?.getAttribute('data-id') ?? null,
    selector,
  );
  await page.click('[data-testid="bench-run"]');
  await page.waitForFunction(
    ({ query, previous }) => {
      const shown = document.querySelector(query);
      const running = document.querySelector('[data-testid="bench-progress"]');
      return !running && shown !== null && shown.getAttribute('data-id') !== previous;
    },
    { query: selector, previous: before },
    { timeout },
  );
}

/** The result the lab shows, read through its JSON export (what a user downloads). */
export async function exportedJson(page: Page): Promise<unknown> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click('[data-testid="bench-export-json"]'),
  ]);
  const path = await download.path();
  const { readFile } = await import('node:fs/promises');
  return JSON.parse(await readFile(path, 'utf8')) as unknown;
}

export async function exportedText(page: Page, testId: string): Promise<string> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.click(`[data-testid="${testId}"]`),
  ]);
  const { readFile } = await import('node:fs/promises');
  return readFile(await download.path(), 'utf8');
}

export function shownResult(page: Page): Promise<BenchResult> {
  return page.evaluate(() => {
    const lab = (window as unknown as { glassbox: { bench: { result: BenchResult } } }).glassbox.bench;
    return JSON.parse(JSON.stringify(lab.result)) as BenchResult;
  });
}

/** A chart's axis labels: how many, and the smallest as drawn on screen (font size × the SVG's scale). */
export function tickLabels(page: Page, chart: string): Promise<{ count: number; smallestPx: number }> {
  return page.$eval(chart, (figure) => {
    const sizes = [...figure.querySelectorAll<SVGTextElement>('text.tick')].map(
      (text) => parseFloat(getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0),
    );
    return { count: sizes.length, smallestPx: Math.min(...sizes) };
  });
}
