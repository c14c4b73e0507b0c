// End to end in headless Chromium on WASM: each shipped lesson plays from the first step to the last, every
// step's state is reached, every try-it check is false before the participant acts and true after; a
// lesson file is opened from disk, and a broken one is refused naming the step and field.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, trackPageErrors } from './browser.ts';
import { setSlider } from './detection-page.ts';

const baseUrl = inject('baseUrl');

async function stepSettled(page: Page, index: number): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-step"][data-step="${index}"][data-applying="false"]`, {
    timeout: 120_000,
  });
}

async function next(page: Page, index: number): Promise<void> {
  await page.click('[data-testid="lesson-next"]');
  await stepSettled(page, index);
}

async function checkIs(page: Page, passed: boolean): Promise<void> {
  await page.waitForSelector(`[data-testid="lesson-check"][data-passed="${passed}"]`, { timeout: 120_000 });
}

function tokenValues(page: Page, panel: string): Promise<Record<string, number>> {
  return page.$$eval(`[data-testid="${panel}"] [data-testid="attributed-token"]`, (items) =>
    Object.fromEntries(
      items.map((i) => [i.getAttribute('data-token'), Number(i.getAttribute('data-value'))]),
    ),
  );
}

describe('lessons', () => {
  let browser: Browser;
  let pageErrors: string[];

  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: false });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('plays "How a tiny BERT reads a sentence" from a ?lesson= link to its end', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = trackPageErrors(page);
    await page.goto(`${baseUrl}?lesson=tiny-bert-reads`);
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
    await page.screenshot({ path: 'test-results/lesson-1440.png' });

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
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/lesson-390.png' });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('plays "How a detector finds objects" from the lesson list to its end', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    pageErrors = trackPageErrors(page);
    await page.goto(baseUrl);
    await page.selectOption('[data-testid="lesson-select"]', 'detector-finds-objects');
    await page.click('[data-testid="lesson-start"]');
    await stepSettled(page, 0);
    expect(await page.inputValue('[data-testid="detector-select"]')).toBe('shapes-yolov8');
    expect(await page.$$eval('[data-testid="box"]', (boxes) => boxes.length)).toBeGreaterThan(0);

    await next(page, 1);
    await checkIs(page, false);
    await setSlider(page, 'score-threshold', 0.15);
    await checkIs(page, true);

    await next(page, 2);
    await checkIs(page, false);
    await setSlider(page, 'iou-threshold', 0.92);
    await checkIs(page, true);

    await next(page, 3);
    expect(await page.inputValue('[data-testid="score-threshold"]')).toBe('0.35');
    await checkIs(page, false);
    await page.selectOption('[data-testid="occlusion-grid"]', '4');
    await page.click('[data-testid="occlusion-run"]');
    await checkIs(page, true);

    await next(page, 4);
    expect(await page.inputValue('[data-testid="detector-select"]')).toBe('nanodet-coco');
    await page.waitForFunction(() =>
      [...document.querySelectorAll('[data-testid="box"]')].some(
        (box) => box.getAttribute('data-label') === 'dining table',
      ),
    );
    const labels = await page.$$eval('[data-testid="box"]', (boxes) =>
      boxes.map((b) => b.getAttribute('data-label')),
    );
    expect(labels).not.toContain('cup');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('opens a lesson file, and refuses a broken one naming the step and the field', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.setInputFiles('[data-testid="lesson-file"]', {
      name: 'broken.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from('---\nid: broken\ntitle: Broken\n---\n\n## Try it: go\nview: kitchen\n\nWords.\n'),
    });
    const problems = await page.textContent('[data-testid="lesson-problems"]');
    expect(problems).toContain('Step 1 (“Try it: go”), field view: “kitchen” is not one of');
    expect(problems).toContain('Step 1 (“Try it: go”), field check:');
    await page.setInputFiles('[data-testid="lesson-file"]', {
      name: 'mine.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(
        '---\nid: mine\ntitle: My lesson\n---\n\n## Hello\nview: text\ntext: good\n\nHi.\n',
      ),
    });
    await stepSettled(page, 0);
    expect(await page.textContent('[data-testid="lesson-title"]')).toBe('My lesson');
    expect(await page.inputValue('[data-testid="input-text"]')).toBe('good');
    await page.close();
  });
});
