// End to end in headless Chromium (production build, WASM): the entities and answer views on the tiny
// random BERT heads of tests/fixtures/hub, served by the local hub server. Each opens from a share link
// and shows its result with no click, equal to the recipe's goldens; a strategy switch needs no run;
// "Why?" gives attributions; Look inside captures the run; bad input gets a sentence.
import type { Page } from 'playwright-core';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { useBrowser } from './browser.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

const fixture = <T>(repo: string): T =>
  JSON.parse(
    readFileSync(resolve(REPO_ROOT, 'tests/fixtures/hub/glassbox', repo, 'reference.json'), 'utf8'),
  ) as T;
const NER = fixture<{ cases: Array<{ text: string; entities: Record<string, Array<{ word: string }>> }> }>(
  'tiny-random-bert-ner',
);
const QA = fixture<{
  cases: Array<{ question: string; context: string; topK: number; answers: Array<{ answer: string }> }>;
}>('tiny-random-bert-qa');

/** Loading a model on a cold page (runtime download, session, warm-up) is slow on a shared 2-core machine. */
const LOAD_TIMEOUT = 90_000;

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical rule ids on the page in each colour scheme. */
async function axeFindings(page: Page): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme, reducedMotion: 'reduce' });
    // Colours settle first: a transition shows its start colours until the next frame.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    const ids = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (d: Document) => Promise<unknown> } }).axe;
      const result = (await axe.run(document)) as {
        violations: Array<{ id: string; impact: string | null }>;
      };
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id);
    });
    if (ids.length > 0) found[colorScheme] = ids;
  }
  return found;
}

async function lookInside(page: Page): Promise<void> {
  await page.click('[data-testid="look-inside-button"]:visible');
  await page.waitForSelector('[data-testid="run-overlay"] [data-testid="capture-facts"]', {
    timeout: LOAD_TIMEOUT,
  });
}

describe('text tasks from share links (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('entities: a link shows the entities inline with no click, strategies switch without a run, Why? explains', async () => {
    const golden = NER.cases[0];
    if (!golden) throw new Error('no NER golden');
    const page = await hubPage(browser, hubUrl);
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-ner&task=entities&text=${encodeURIComponent(golden.text)}`,
    );
    await page.waitForSelector('[data-testid="entities-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    const words = async () =>
      page.$$eval('[data-testid="entity-row"] td:nth-child(2)', (cells) =>
        cells.map((cell) => cell.textContent ?? ''),
      );
    expect(await words()).toEqual(golden.entities.simple?.map((entity) => entity.word));
    expect(await page.locator('[data-testid="entity-mark"]').count()).toBeGreaterThan(0);
    // The link keeps naming the model, the view and the text.
    expect(page.url()).toContain('task=entities');
    await page.check('[data-testid="strategy-first"]');
    await page.waitForSelector('[data-testid="entities-result"][data-strategy="first"]');
    expect(await words()).toEqual(golden.entities.first?.map((entity) => entity.word));
    expect(await page.getAttribute('[data-testid="entities-result"]', 'data-run')).toBe('1');
    await page.click('[data-testid="entity-explain"] >> nth=0');
    await page.waitForSelector('[data-testid="entity-attribution"]', { timeout: LOAD_TIMEOUT });
    const values = await page.$$eval(
      '[data-testid="entity-attribution"] [data-testid="attributed-token"]',
      (tokens) => tokens.map((token) => Number(token.getAttribute('data-value'))),
    );
    expect(values.some((value) => value !== 0)).toBe(true);
    await lookInside(page);
    await page.close();
  });

  it('answer: a link with question and context highlights the answer with no click; Why? explains', async () => {
    const golden = QA.cases.find((entry) => entry.topK === 1 && entry.context.length < 100);
    if (!golden) throw new Error('no QA golden');
    const page = await hubPage(browser, hubUrl);
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-qa&task=answer&text=${encodeURIComponent(golden.context)}&question=${encodeURIComponent(golden.question)}`,
    );
    await page.waitForSelector('[data-testid="answer-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    expect(await page.inputValue('[data-testid="answer-question"]')).toBe(golden.question);
    expect(await page.textContent('[data-testid="answer-text"] >> nth=0')).toBe(golden.answers[0]?.answer);
    expect(await page.textContent('[data-testid="answer-highlight"]')).toBe(golden.answers[0]?.answer);
    expect(page.url()).toContain('question=');
    await page.click('[data-testid="answer-explain"] >> nth=0');
    await page.waitForSelector('[data-testid="answer-attribution"]', { timeout: LOAD_TIMEOUT });
    expect(
      await page.locator('[data-testid="answer-attribution"] [data-testid="attributed-token"]').count(),
    ).toBeGreaterThan(5);
    await lookInside(page);
    // The inspect view's link reruns this answer (question and context) and looks inside it again.
    await page.waitForFunction(
      () => location.search.includes('task=inspect') && location.search.includes('question='),
    );
    const inspectLink = page.url();
    await page.close();
    const again = await hubPage(browser, hubUrl);
    await again.goto(inspectLink);
    await again.waitForSelector('[data-testid="run-overlay"] [data-testid="capture-facts"]', {
      timeout: LOAD_TIMEOUT,
    });
    const asked = await again.evaluate(
      () => (window as unknown as { glassbox: { answer: { question: string } } }).glassbox.answer.question,
    );
    expect(asked).toBe(golden.question);
    await again.close();
  });

  it('answer: a context longer than the model is read in stated windows; an empty question gets a sentence', async () => {
    const golden = QA.cases.find((entry) => entry.topK === 1 && entry.context.length > 100);
    if (!golden) throw new Error('no long QA golden');
    const page = await hubPage(browser, hubUrl);
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-qa&task=answer&text=${encodeURIComponent(golden.context)}&question=${encodeURIComponent(golden.question)}`,
    );
    await page.waitForSelector('[data-testid="answer-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="answer-windows"]')).toMatch(
      /2 overlapping\s+windows\s+of up to 64 tokens, neighbours sharing 32/,
    );
    expect(await page.textContent('[data-testid="answer-text"] >> nth=0')).toBe(golden.answers[0]?.answer);
    await page.fill('[data-testid="answer-question"]', '   ');
    await page.click('[data-testid="answer-run"]');
    expect(await page.textContent('[data-testid="answer-hint"]')).toBe('Type a question about the text.');
    await page.close();
  });

  it('has no serious axe violation with results and attributions open, light and dark', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.addInitScript({ path: AXE });
    await page.goto(`${baseUrl}?model=glassbox/tiny-random-bert-ner&task=entities`);
    await page.waitForSelector('[data-testid="entities-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    await page.click('[data-testid="entity-explain"] >> nth=0');
    await page.waitForSelector('[data-testid="entity-attribution"]', { timeout: LOAD_TIMEOUT });
    expect(await axeFindings(page)).toEqual({});
    await page.goto(`${baseUrl}?model=glassbox/tiny-random-bert-qa&task=answer`);
    await page.waitForSelector('[data-testid="answer-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    await page.click('[data-testid="answer-explain"] >> nth=0');
    await page.waitForSelector('[data-testid="answer-attribution"]', { timeout: LOAD_TIMEOUT });
    expect(await axeFindings(page)).toEqual({});
    await page.close();
  });

  it('without a model, each view says where to get one; its tab shows only once a link or a model opens it', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?task=entities`);
    await page.waitForSelector('[data-testid="entities-empty"]');
    // A hub-only task's tab is not in the bar until something opens its view.
    expect(await page.$('[data-testid="tab-answer"]')).toBeNull();
    await page.goto(`${baseUrl}?task=answer`);
    await page.waitForSelector('[data-testid="answer-empty"]');
    expect(await page.$('[data-testid="tab-answer"]')).not.toBeNull();
    await page.close();
  });
});

describe('text tasks on WebGPU', () => {
  // SwiftShader is a CPU adapter: correct, slow, so one short sentence per view.
  const browser = useBrowser({ webgpu: true });

  it('finds the same entities and the same answer as the goldens', async () => {
    const ner = NER.cases[1];
    const qa = QA.cases.find((entry) => entry.topK === 1 && entry.context.length < 100);
    if (!ner || !qa) throw new Error('no goldens');
    const page = await hubPage(browser, hubUrl);
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-ner&task=entities&backend=webgpu&text=${encodeURIComponent(ner.text)}`,
    );
    await page.waitForSelector('[data-testid="entities-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="entities-result"]')).toMatch(/model [0-9.]+ ms on\s+WebGPU/);
    const words = await page.$$eval('[data-testid="entity-row"] td:nth-child(2)', (cells) =>
      cells.map((cell) => cell.textContent ?? ''),
    );
    expect(words).toEqual(ner.entities.simple?.map((entity) => entity.word));
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-qa&task=answer&backend=webgpu&text=${encodeURIComponent(qa.context)}&question=${encodeURIComponent(qa.question)}`,
    );
    await page.waitForSelector('[data-testid="answer-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    expect(await page.textContent('[data-testid="answer-text"] >> nth=0')).toBe(qa.answers[0]?.answer);
    await page.close();
  });
});
