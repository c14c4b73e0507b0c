// End to end in headless Chromium: "Try other preprocessing" in the image-classification view. Absurd values
// get a sentence and no run, Reset brings the model's values back, and Python-like values (ImageNet's mean
// and std, nearest resampling) run the same image and show how the top classes change, again after the
// image changes.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { classifierRuns, readTopClasses, waitForClassifierRun } from './pages/classify-page.ts';

const baseUrl = inject('baseUrl');

async function trialRuns(page: Page): Promise<number> {
  const result = await page.$('[data-testid="trial-result"]');
  return result ? Number(await result.getAttribute('data-runs')) : 0;
}

async function waitForTrialRun(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (want) =>
      Number(document.querySelector('[data-testid="trial-result"]')?.getAttribute('data-runs')) >= want,
    count,
    // A model run on a busy 2-core machine: the limit only stops a hang.
    { timeout: 60_000 },
  );
}

describe('try other preprocessing', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of the page or its workers.
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage();
    await page.goto(`${baseUrl}?task=classify&model=shapes-classifier&sample=shape-1.png`);
    await waitForClassifierRun(page, 1);
    await page.click('[data-testid="preprocessing-trial"] summary');
  });

  it('starts from the model’s values', async () => {
    expect(await page.inputValue('[data-testid="trial-width"]')).toBe('32');
    expect(await page.inputValue('[data-testid="trial-resample"]')).toBe('bilinear');
    expect(await page.inputValue('[data-testid="trial-mean-0"]')).toBe('0.5');
    expect(await page.inputValue('[data-testid="trial-std-2"]')).toBe('0.5');
  });

  it('refuses absurd values with a sentence each, and runs nothing', async () => {
    await page.fill('[data-testid="trial-std-0"]', '0');
    await page.fill('[data-testid="trial-width"]', '100000');
    await page.click('[data-testid="trial-run"]');
    const problems = page.locator('[data-testid="trial-problems"] li');
    await problems.first().waitFor();
    const texts = await problems.allTextContents();
    expect(texts).toHaveLength(2);
    expect(texts.join(' ')).toContain('The R std is 0: normalising divides by it.');
    expect(texts.join(' ')).toContain('The resize width must be a whole number of pixels from 8 to 1024');
    expect(await page.$('[data-testid="trial-result"]')).toBeNull();
  });

  it('says the model’s size when the values make another', async () => {
    await page.fill('[data-testid="trial-std-0"]', '0.5');
    await page.fill('[data-testid="trial-width"]', '40');
    await page.click('[data-testid="trial-run"]');
    await page.waitForSelector('[data-testid="trial-problems"] >> text=The model takes 32 × 32 images');
  });

  it('Reset brings back the model’s values and clears the sentences', async () => {
    await page.click('[data-testid="trial-reset"]');
    expect(await page.inputValue('[data-testid="trial-width"]')).toBe('32');
    expect(await page.$('[data-testid="trial-problems"]')).toBeNull();
  });

  it('runs the image with ImageNet’s mean and std and nearest resampling, beside the model’s top classes', async () => {
    const values: Array<[string, string]> = [
      ['trial-mean-0', '0.485'],
      ['trial-mean-1', '0.456'],
      ['trial-mean-2', '0.406'],
      ['trial-std-0', '0.229'],
      ['trial-std-1', '0.224'],
      ['trial-std-2', '0.225'],
    ];
    for (const [id, value] of values) await page.fill(`[data-testid="${id}"]`, value);
    await page.selectOption('[data-testid="trial-resample"]', 'nearest');
    await page.click('[data-testid="trial-run"]');
    await waitForTrialRun(page, 1);
    const model = await readTopClasses(page);
    const trial = await page.$$eval('[data-testid="trial-top"] li', (items) =>
      items.map((li) => ({
        label: li.getAttribute('data-label') ?? '',
        probability: Number(li.getAttribute('data-probability')),
      })),
    );
    expect(trial).toHaveLength(4);
    expect(trial.reduce((sum, entry) => sum + entry.probability, 0)).toBeCloseTo(1, 5);
    // Other normalisation gives other probabilities for the same class.
    const first = trial[0];
    const same = model.find((entry) => entry.label === first?.label);
    expect(Math.abs((same?.probability ?? 0) - (first?.probability ?? 0))).toBeGreaterThan(1e-4);
    expect(await page.textContent('[data-testid="trial-verdict"]')).toMatch(/top class/);
    expect(await page.textContent('[data-testid="trial-top"]')).toContain('with the model’s:');
  });

  it('runs the trial again when the image changes, and Reset drops it', async () => {
    const before = await trialRuns(page);
    const runs = await classifierRuns(page);
    await page.click('[data-testid="sample-shape-2.png"]');
    await waitForClassifierRun(page, runs + 1);
    await waitForTrialRun(page, before + 1);
    await page.click('[data-testid="trial-reset"]');
    expect(await page.$('[data-testid="trial-result"]')).toBeNull();
    expect(await page.inputValue('[data-testid="trial-mean-0"]')).toBe('0.5');
  });

  it('has not thrown an uncaught error in the page', () => {
    expect(browser.pageErrors).toEqual([]);
  });
});
