// End to end in headless Chromium (production build, WASM): the lessons of the entities, answer, zero-shot
// and embeddings views, each played from its link to its last step, every try-it check failing before the
// participant acts and passing after, and what each step's words say checked on the screen. Entities,
// answer and zero-shot have no embedded model: their links open the tiny random test models of
// tests/fixtures/hub from the local hub server (lessons/README.md says so); embeddings runs on the embedded
// classifier's encoder.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { checkIs, next, stepSettled } from './pages/lesson-page.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

/** Loading a model on a cold page (runtime download, session, warm-up) is slow on a shared 2-core machine. */
const LOAD_TIMEOUT = 120_000;

async function open(page: Page, query: string, title: string, steps: number): Promise<void> {
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${baseUrl}?${query}`);
  await stepSettled(page, 0);
  expect(await page.textContent('[data-testid="lesson-title"]')).toBe(title);
  expect(await page.textContent('[data-testid="lesson-progress"]')).toBe(`Step 1 of ${steps}`);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function zeroShotScores(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="zero-shot-score"]', (items) =>
    items.map((item) => Number(item.getAttribute('data-score'))),
  );
}

describe('the text tasks’ lessons, each to its end (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('find-entities: labels per token, a strategy switch, attributions, attention, a sentence of one’s own', async () => {
    const page = await hubPage(browser, hubUrl);
    await open(
      page,
      'model=glassbox/tiny-random-bert-ner&task=entities&lesson=find-entities',
      'Find names in a text: one label per token',
      5,
    );
    await page.waitForSelector('[data-testid="entities-result"][data-strategy="simple"]', {
      timeout: LOAD_TIMEOUT,
    });
    expect(await page.locator('[data-testid="entity-row"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="entity-mark"]').count()).toBeGreaterThan(0);

    await next(page, 1);
    await checkIs(page, false);
    const run = await page.getAttribute('[data-testid="entities-result"]', 'data-run');
    await page.check('[data-testid="strategy-first"]');
    await checkIs(page, true);
    // "without running the model again"
    expect(await page.getAttribute('[data-testid="entities-result"]', 'data-run')).toBe(run);

    await next(page, 2);
    await page.waitForSelector('[data-testid="entity-attribution"]', { timeout: LOAD_TIMEOUT });
    await next(page, 3);
    await page.waitForSelector('[data-testid="cls-row"]:visible', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="cls-row"] figcaption')).toMatch(/^\s*Where (PER|LOC|ORG) “/);

    await next(page, 4);
    await checkIs(page, false);
    await page.click('[data-testid="entities-run"]');
    await checkIs(page, true);
    expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 5 of 5');
  });

  it('answer-from-text: start and end, another question, attributions, attention, windows', async () => {
    const page = await hubPage(browser, hubUrl);
    await open(
      page,
      'model=glassbox/tiny-random-bert-qa&task=answer&lesson=answer-from-text',
      'Answer a question from a text: start and end',
      5,
    );
    await page.waitForSelector('[data-testid="answer-result"]', { timeout: LOAD_TIMEOUT });
    expect(await page.locator('[data-testid="answer-row"]').count()).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="answer-highlight"]');

    await next(page, 1);
    await checkIs(page, false);
    await page.click('[data-testid="answer-run"]');
    await checkIs(page, true);

    await next(page, 2);
    await page.waitForSelector('[data-testid="answer-attribution"]', { timeout: LOAD_TIMEOUT });
    await next(page, 3);
    await page.waitForSelector('[data-testid="attention-pair"]:visible', { timeout: LOAD_TIMEOUT });

    await next(page, 4);
    const windows = (await page.textContent('[data-testid="answer-windows"]')) ?? '';
    expect(windows).toMatch(/read in \d+ overlapping windows/);
    expect(windows).toMatch(/this answer comes from window \d+/);
  });

  it('zero-shot-labels: competing labels, a fifth label, multi-label, attributions, attention', async () => {
    const page = await hubPage(browser, hubUrl);
    await open(
      page,
      'model=glassbox/tiny-random-nli-bert&task=zero-shot&lesson=zero-shot-labels',
      'Classify with labels the model never saw',
      5,
    );
    await page.waitForSelector('[data-testid="zero-shot-results"]', { timeout: LOAD_TIMEOUT });
    const single = await zeroShotScores(page);
    expect(single).toHaveLength(4);
    expect(sum(single)).toBeCloseTo(1, 5);

    await next(page, 1);
    await checkIs(page, false);
    await page.fill('[data-testid="zero-shot-labels"]', 'sports, politics, cooking, science, music');
    await page.click('[data-testid="zero-shot-run"]');
    await checkIs(page, true);

    await next(page, 2);
    expect(await page.isChecked('[data-testid="zero-shot-multi"]')).toBe(true);
    const multi = await zeroShotScores(page);
    expect(multi).toHaveLength(5);
    expect(Math.abs(sum(multi) - 1)).toBeGreaterThan(0.01);

    await next(page, 3);
    await page.waitForSelector('[data-testid="zero-shot-attribution"]', { timeout: LOAD_TIMEOUT });
    await next(page, 4);
    await page.waitForSelector('[data-testid="attention-pair"]:visible', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="cls-row"] figcaption')).toContain('Where [CLS] looks');
  });

  it('sentence-embeddings: a matrix, a map, a search, and negation (offline model)', async () => {
    const page = await browser.newPage();
    await open(page, 'lesson=sentence-embeddings', 'Sentences as vectors: similarity and search', 4);
    await page.waitForSelector('[data-testid="embeddings-results"]', { timeout: LOAD_TIMEOUT });
    await page.waitForSelector('[data-testid="classifier-encoder-note"]');
    const cells = async () =>
      page.$$eval('[data-testid="similarity-cell"]', (items) =>
        items.map((item) => Number(item.textContent)),
      );
    const matrix = await cells();
    expect(matrix).toHaveLength(25);
    for (let i = 0; i < 5; i++) {
      expect(matrix[i * 5 + i]).toBe(1);
      for (let j = 0; j < 5; j++) expect(matrix[i * 5 + j]).toBe(matrix[j * 5 + i]);
    }

    await next(page, 1);
    expect(await page.getAttribute('[data-testid="embedding-map"]', 'data-points')).toBe('5');

    await next(page, 2);
    await checkIs(page, false);
    await page.click(
      '[data-testid="embeddings-query"] ~ button, form:has([data-testid="embeddings-query"]) button',
    );
    await checkIs(page, true);

    await next(page, 3);
    await page.waitForSelector('[data-testid="embeddings-results"][data-count="4"]', {
      timeout: LOAD_TIMEOUT,
    });
    // The numbers the step's words quote: one word apart, −0.93; no word in common, 1.00; 0.96.
    const negation = await cells();
    expect(negation[1]).toBe(-0.93);
    expect(negation[2]).toBe(1);
    expect(negation[1 * 4 + 3]).toBe(0.96);
    expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 4 of 4');
  });
});
