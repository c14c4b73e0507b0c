// Drives the object-detection view: pick an image, read the boxes, move the sliders.
import type { Page } from 'playwright-core';
import { openTab } from './tabs.ts';

export interface DrawnBox {
  label: string;
  score: number;
  box: number[];
}

export async function openDetection(page: Page, baseUrl: string): Promise<void> {
  await page.goto(baseUrl);
  await openTab(page, 'detection');
  await waitForDetector(page);
  // The first suitable sample is detected without a click once the detector is ready.
  await waitForRun(page, 1);
}

export async function waitForDetector(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="detection-stage"] >> xpath=ancestor::div[1]', {
    state: 'attached',
  });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('[data-testid="load-status"]')].some(
        (el) => el.getAttribute('data-status') === 'ready' && (el as HTMLElement).offsetParent !== null,
      ),
    undefined,
    { timeout: 120_000 },
  );
}

export function inferenceCount(page: Page): Promise<number> {
  return page.$eval('[data-testid="detection-stage"]', (el) => Number(el.getAttribute('data-inferences')));
}

/** Waits until the number of model runs reaches at least count and the run has finished. */
export async function waitForRun(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const stage = document.querySelector('[data-testid="detection-stage"]');
      return (
        Number(stage?.getAttribute('data-inferences')) >= want &&
        ['done', 'failed'].includes(stage?.getAttribute('data-status') ?? '')
      );
    },
    count,
    { timeout: 120_000 },
  );
}

export function readBoxes(page: Page): Promise<DrawnBox[]> {
  return page.$$eval('[data-testid="box"]', (groups) =>
    groups.map((g) => ({
      label: g.getAttribute('data-label') ?? '',
      score: Number(g.getAttribute('data-score')),
      box: (g.getAttribute('data-box') ?? '').split(',').map(Number),
    })),
  );
}

/** Sets a range input as a person dragging it would, firing input events. */
export async function setSlider(page: Page, testId: string, value: number): Promise<void> {
  await page.$eval(
    `[data-testid="${testId}"]`,
    (input, v) => {
      const range = input as HTMLInputElement;
      range.value = String(v);
      range.dispatchEvent(new Event('input', { bubbles: true }));
    },
    value,
  );
}
