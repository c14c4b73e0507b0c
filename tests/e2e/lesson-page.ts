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

/** From the lesson's first step (already opened) to its last, as a participant would; on WASM. */
export async function playTinyBertLesson(
  page: Page,
  options: { afterPair?: () => Promise<void> } = {},
): Promise<void> {
  await stepSettled(page, 0);
  expect(await page.textContent('[data-testid="lesson-title"]')).toBe('How a tiny BERT reads a sentence');
  expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 1 of 6');
  expect(await page.inputValue('[data-testid="input-text"]')).toBe('The food was good.');
  expect(await page.getAttribute('[data-testid="result"]', 'data-label')).toBe('positive');

  await next(page, 1);
  await next(page, 2);
  expect(await page.getAttribute('[data-testid="explain-original"]', 'data-label')).toBe('negative');
  const values = await tokenValues(page, 'explain-original');
  expect(Math.max(...Object.values(values))).toBe(values.not);

  await next(page, 3);
  await checkIs(page, false);
  await page.fill('[data-testid="pair-text"]', 'The food was good.');
  await page.click('[data-testid="compare"]');
  await checkIs(page, true);
  await options.afterPair?.();

  await next(page, 4);
  await checkIs(page, false);
  await page.fill('[data-testid="input-text"]', 'The service was terrible.');
  await page.click('[data-testid="run"]');
  await checkIs(page, true);

  await next(page, 5);
  expect(await page.getAttribute('[data-testid="explain-original"]', 'data-label')).toBe('negative');
  const wrong = await tokenValues(page, 'explain-original');
  expect(Math.max(...Object.values(wrong))).toBe(wrong.bad);
  expect(Math.abs(wrong.not ?? NaN)).toBeLessThan(0.05);
  expect(await page.isDisabled('[data-testid="lesson-next"]')).toBe(true);
}
