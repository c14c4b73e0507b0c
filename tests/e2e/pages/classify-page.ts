// Drives the image-classification view: wait for the classifier and its runs, read the top classes.
import type { Page } from 'playwright-core';

export async function waitForClassifierRun(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (want) => {
      const stage = document.querySelector('[data-testid="classify-stage"]');
      return (
        Number(stage?.getAttribute('data-inferences')) >= want &&
        ['done', 'failed'].includes(stage?.getAttribute('data-status') ?? '')
      );
    },
    count,
    // The first run waits for the model and ONNX Runtime to load, slow on a busy 2-core machine.
    { timeout: 120_000 },
  );
}

export function classifierRuns(page: Page): Promise<number> {
  return page.$eval('[data-testid="classify-stage"]', (el) => Number(el.getAttribute('data-inferences')));
}

export function readTopClasses(page: Page): Promise<Array<{ label: string; probability: number }>> {
  return page.$$eval('[data-testid="top-classes"] li', (items) =>
    items.map((li) => ({
      label: li.getAttribute('data-label') ?? '',
      probability: Number(li.getAttribute('data-probability')),
    })),
  );
}
