// Drives the lesson player: wait for a step's state, go on, read a try-it check and the tokens' values;
// and plays "How a tiny BERT reads a sentence" from its first step to its last, checking each step.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export async function stepSettled(page: Page, index: number): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-step"][data-step="${index}"][data-applying="false"]`, {
    timeout: 120_000,
  });
}

export async function next(page: Page, index: number): Promise<void> {
  await page.click('[data-testid="lesson-next"]');
  await stepSettled(page, index);
}

export async function checkIs(page: Page, passed: boolean): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-check"][data-passed="${passed}"]`, { timeout: 120_000 });
}

export function tokenValues(page: Page, panel: string): Promise<Record<string, number>> {
  return page.$$eval(`[data-testid="${panel}"] [data-testid="attributed-token"]`, (items) =>
    Object.fromEntries(
      items.map((i) => [i.getAttribute('data-token'), Number(i.getAttribute('data-value'))]),
    ),
  );
}

/** [CLS]'s attention per token, as the attention panel shows it. */
export function clsWeights(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="cls-weight"]', (items) =>
    Object.fromEntries(
      items.map((i) => [i.getAttribute('data-token'), Number(i.getAttribute('data-weight'))]),
    ),
  );
}

/** From the lesson's first step (already opened) to its last, as a participant would; on WASM. */
export async function playTinyBertLesson(
  page: Page,
  options: { afterPair?: () => Promise<void> } = {},
): Promise<void> {
  await stepSettled(page, 0);
  expect(await page.textContent('[data-testid="lesson-title"]')).toBe('How a tiny BERT reads a sentence');
  expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 1 of 8');
  expect(await page.inputValue('[data-testid="input-text"]')).toBe('The food was good.');
  expect(await page.getAttribute('[data-testid="result"]', 'data-label')).toBe('positive');

  await next(page, 1);
  await next(page, 2);
  // Where [CLS] looks, layer 0, the heads' mean: almost all of it on "not", as the lesson says.
  expect(await page.getAttribute('[data-testid="cls-row"]', 'data-layer')).toBe('0');
  expect(await page.getAttribute('[data-testid="cls-row"]', 'data-head')).toBe('mean');
  const looks = await clsWeights(page);
  expect(Object.keys(looks)).toEqual(['[CLS]', 'the', 'food', 'was', 'not', 'good', '.', '[SEP]']);
  expect(looks.not).toBeGreaterThan(0.9);

  await next(page, 3);
  await checkIs(page, false);
  await page.waitForSelector('[data-testid="attention-stale"]');
  await page.click('[data-testid="attention-refresh"]');
  await checkIs(page, true);
  const good = await clsWeights(page);
  expect(Math.max(...Object.values(good))).toBe(good.good);

  await next(page, 4);
  expect(await page.getAttribute('[data-testid="explain-original"]', 'data-label')).toBe('negative');
  const values = await tokenValues(page, 'explain-original');
  expect(Math.max(...Object.values(values))).toBe(values.not);

  await next(page, 5);
  await checkIs(page, false);
  await page.fill('[data-testid="pair-text"]', 'The food was good.');
  await page.click('[data-testid="compare"]');
  await checkIs(page, true);
  await options.afterPair?.();

  await next(page, 6);
  await checkIs(page, false);
  await page.fill('[data-testid="input-text"]', 'The service was terrible.');
  await page.click('[data-testid="run"]');
  await checkIs(page, true);

  await next(page, 7);
  expect(await page.getAttribute('[data-testid="explain-original"]', 'data-label')).toBe('negative');
  const wrong = await tokenValues(page, 'explain-original');
  expect(Math.max(...Object.values(wrong))).toBe(wrong.bad);
  expect(Math.abs(wrong.not ?? NaN)).toBeLessThan(0.05);
  expect(await page.isDisabled('[data-testid="lesson-next"]')).toBe(true);
}
