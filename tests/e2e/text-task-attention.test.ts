// End to end in headless Chromium (production build, WASM): the attention panel in the entities, answer and
// zero-shot views, on the tiny random BERT heads of tests/fixtures/hub served by the local hub server. Each
// view opens from a share link, the panel captures its run, and shows where the view reads its answer: an
// entity's tokens, the answer span's tokens (split between question and text), [CLS] of each label's pair
// (split between premise and hypothesis).
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

/** Loading a model on a cold page (runtime download, session, warm-up) is slow on a shared 2-core machine. */
const LOAD_TIMEOUT = 90_000;

async function openAttention(page: Page): Promise<{ tokens: string[]; weights: number[]; caption: string }> {
  await page.click('[data-testid="attention-open"]:visible');
  await page.waitForSelector('[data-testid="cls-row"]:visible', { timeout: LOAD_TIMEOUT });
  return bars(page);
}

async function bars(page: Page): Promise<{ tokens: string[]; weights: number[]; caption: string }> {
  const tokens = await page.$$eval('[data-testid="cls-weight"]:visible', (items) =>
    items.map((item) => item.getAttribute('data-token') ?? ''),
  );
  const weights = await page.$$eval('[data-testid="cls-weight"]:visible', (items) =>
    items.map((item) => Number(item.getAttribute('data-weight'))),
  );
  const caption = (await page.textContent('[data-testid="cls-row"]:visible figcaption')) ?? '';
  return { tokens, weights, caption };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function pairShares(page: Page): Promise<{ first: number; second: number }> {
  const pair = page.locator('[data-testid="attention-pair"]:visible');
  return {
    first: Number(await pair.getAttribute('data-first')),
    second: Number(await pair.getAttribute('data-second')),
  };
}

describe('the attention panel in the entities, answer and zero-shot views (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('entities: where a chosen entity’s tokens look, one bar per token adding up to 100 %', async () => {
    const page = await hubPage(browser, hubUrl);
    const text = 'Hello Sarah Jessica Parker who Jessica lives in New York';
    await page.goto(
      `${baseUrl}?model=glassbox/tiny-random-bert-ner&task=entities&text=${encodeURIComponent(text)}`,
    );
    await page.waitForSelector('[data-testid="entities-result"][data-run="1"]', { timeout: LOAD_TIMEOUT });
    const entities = await page.$$eval('[data-testid="entity-row"]', (rows) =>
      rows.map((row) => `${row.children[0]?.textContent ?? ''} “${row.children[1]?.textContent ?? ''}”`),
    );
    expect(entities.length).toBeGreaterThan(1);
    const first = await openAttention(page);
    expect(first.tokens[0]).toBe('[CLS]');
    expect(first.tokens.at(-1)).toBe('[SEP]');
    expect(sum(first.weights)).toBeCloseTo(1, 4);
    expect(first.caption).toContain(`Where ${entities[0]} looks`);
    // Another entity reads other tokens: its row is another row.
    const options = await page.$$eval('[data-testid="attention-reader"] option', (items) =>
      items.map((item) => item.textContent ?? ''),
    );
    expect(options).toEqual(entities);
    await page.selectOption('[data-testid="attention-reader"]', '1');
    await page.waitForFunction(
      (name) => document.querySelector('[data-testid="cls-row"] figcaption')?.textContent?.includes(name),
      `Where ${entities[1]} looks`,
    );
    const second = await bars(page);
    expect(sum(second.weights)).toBeCloseTo(1, 4);
    expect(second.weights).not.toEqual(first.weights);
    // A new text makes the capture stale, and capturing again follows it.
    await page.fill('[data-testid="entities-text"]', 'Sarah lives in Paris');
    await page.waitForSelector('[data-testid="attention-stale"]');
    await page.click('[data-testid="attention-refresh"]');
    await page.waitForSelector('[data-testid="cls-row"]:visible >> text=Where', { timeout: LOAD_TIMEOUT });
    await page.waitForFunction(() => !document.querySelector('[data-testid="attention-stale"]'));
    expect((await bars(page)).tokens).toEqual(['[CLS]', 'sarah', 'lives', 'in', 'paris', '[SEP]']);
  });

  it('answer: where the answer span’s tokens look, and how much on the question and on the text', async () => {
    const context = await axeContext(browser);
    const page = await hubPage(context, hubUrl);
    const params = new URLSearchParams({
      model: 'glassbox/tiny-random-bert-qa',
      task: 'answer',
      text: 'HuggingFace was founded in Paris.',
      question: 'Where was HuggingFace founded?',
    });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForSelector('[data-testid="answer-result"]', { timeout: LOAD_TIMEOUT });
    const { tokens, weights, caption } = await openAttention(page);
    expect(tokens.filter((token) => token === '[SEP]')).toHaveLength(2);
    expect(sum(weights)).toBeCloseTo(1, 4);
    expect(caption).toMatch(/^Where “.+” \(\d/);
    const shares = await pairShares(page);
    expect(shares.first).toBeGreaterThan(0);
    expect(shares.second).toBeGreaterThan(0);
    expect(shares.first + shares.second).toBeLessThanOrEqual(1 + 1e-6);
    // The panel with its reader and pair line reads in both schemes.
    expect(await violationsInBothSchemes(page)).toEqual({});
    await context.close();
  });

  it('zero-shot: [CLS] of each label’s pair, split between premise and hypothesis', async () => {
    const page = await hubPage(browser, hubUrl);
    const params = new URLSearchParams({
      task: 'zero-shot',
      model: 'glassbox/tiny-random-nli-bert',
      text: 'Who are you voting for in 2020?',
      labels: 'politics, public health, science',
    });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForSelector('[data-testid="zero-shot-results"]', { timeout: LOAD_TIMEOUT });
    const { tokens, weights, caption } = await openAttention(page);
    expect(tokens[0]).toBe('[CLS]');
    expect(caption).toContain('Where [CLS] looks');
    expect(sum(weights)).toBeCloseTo(1, 4);
    const lines = await page.$$eval('[data-testid="attention-line"] option', (items) =>
      items.map((item) => item.textContent ?? ''),
    );
    expect(lines).toEqual([
      '1: This example is politics.',
      '2: This example is public health.',
      '3: This example is science.',
    ]);
    const shares = await pairShares(page);
    expect(shares.first).toBeGreaterThan(0);
    expect(shares.second).toBeGreaterThan(0);
    // Another label's pair: its hypothesis tokens are shown.
    await page.selectOption('[data-testid="attention-line"]', '1');
    await page.waitForSelector('[data-testid="cls-weight"][data-token="health"]:visible');
  });
});
