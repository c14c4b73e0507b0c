// End to end in headless Chromium on WASM: each shipped lesson plays from the first step to the last, every
// step's state is reached, every try-it check is false before the participant acts and true after; a
// lesson file is opened from disk, and a broken one is refused naming the step and field.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, trackPageErrors } from './browser.ts';
import { setSlider } from './detection-page.ts';
import { checkIs, next, playTinyBertLesson, stepSettled } from './lesson-page.ts';

const baseUrl = inject('baseUrl');

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
    await playTinyBertLesson(page, {
      afterPair: () => page.screenshot({ path: 'test-results/lesson-1440.png' }).then(() => undefined),
    });
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
