// Drives the text-classification playground the way a person does: type, press Run, read the results.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

export interface LineResult {
  label: string;
  probabilities: Record<string, number>;
}

export async function openPlayground(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await waitUntilReady(page, 'wasm');
}

export async function waitUntilReady(page: Page, backend: 'wasm' | 'webgpu'): Promise<void> {
  await page.waitForSelector('[data-testid="load-status"][data-status="ready"]', { timeout: 120_000 });
  expect(await page.textContent('[data-testid="ready"]:visible')).toContain(
    backend === 'wasm' ? 'WASM' : 'WebGPU',
  );
}

/** The number of the text view's last finished run (the results' data-run), or -1 before any. */
function lastRunNumber(page: Page): Promise<number> {
  return page.evaluate(() =>
    Number(document.querySelector('[data-testid="results"]')?.getAttribute('data-run') ?? -1),
  );
}

/**
 * Types text, presses Ctrl+Enter and waits for that run's results: a newer run number on backend (a fast
 * run shows no busy state, so the Run button's label cannot tell when it ended).
 */
export async function classify(page: Page, text: string, backend: 'wasm' | 'webgpu'): Promise<LineResult[]> {
  await page.fill('[data-testid="input-text"]', text);
  const before = await lastRunNumber(page);
  await page.focus('[data-testid="input-text"]');
  await page.keyboard.press('Control+Enter');
  await page.waitForFunction(
    ([before, backend]) => {
      const results = document.querySelector('[data-testid="results"]');
      return (
        Number(results?.getAttribute('data-run') ?? -1) > Number(before) &&
        results?.getAttribute('data-backend') === backend
      );
    },
    [before, backend] as const,
    { timeout: 120_000 },
  );
  return readResults(page);
}

export function readResults(page: Page): Promise<LineResult[]> {
  return page.$$eval('[data-testid="result"]', (items) =>
    items.map((item) => ({
      label: item.getAttribute('data-label') ?? '',
      probabilities: Object.fromEntries(
        [...item.querySelectorAll('[data-testid="probability"]')].map((bar) => [
          bar.getAttribute('data-label') ?? '',
          Number(bar.getAttribute('data-probability')),
        ]),
      ),
    })),
  );
}

export async function selectBackend(page: Page, backend: 'wasm' | 'webgpu'): Promise<void> {
  await page.check(`[data-testid="backend-${backend}"]:visible`);
}
