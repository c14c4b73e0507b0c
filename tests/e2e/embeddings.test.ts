// End to end in headless Chromium (production build, WASM): the zero-shot and embeddings views, each
// from a share link with its result on screen and no click — the NLI and sentence-transformers test
// models from the local hub server (their scores equal the recipe's PyTorch/NumPy goldens), the embedded
// classifier's encoder offline-ready with its warning — and 10,000 sentences with progress and Stop.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

const FIXTURES = 'tests/fixtures/hub/glassbox';
const nli = JSON.parse(readFileSync(`${FIXTURES}/tiny-random-nli-bert/reference.json`, 'utf8')) as {
  cases: Array<{
    premise: string;
    candidateLabels: string[];
    hypothesisTemplate: string;
    singleLabel: { labels: string[]; scores: number[] };
    multiLabel: { labels: string[]; scores: number[] };
  }>;
};
const sentence = JSON.parse(readFileSync(`${FIXTURES}/tiny-random-sentence-bert/reference.json`, 'utf8')) as {
  sentences: string[];
  similarity: number[][];
};

/** Generous: the shared test machine may be busy, and a first load compiles ONNX Runtime's WASM. */
const RESULT_TIMEOUT_MS = 90_000;

/** Look inside the view's last run: the inspector paints captured values on the graph. */
async function lookInside(page: Page): Promise<number> {
  await page.click('[data-testid="look-inside-button"]:visible');
  await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', {
    timeout: RESULT_TIMEOUT_MS,
  });
  return page.locator('[data-testid="graph-canvas"] [data-painted="value"]').count();
}

async function scoresOnScreen(page: Page): Promise<Array<{ label: string; score: number }>> {
  return page.$$eval('[data-testid="zero-shot-score"]', (items) =>
    items.map((item) => ({
      label: item.getAttribute('data-label') ?? '',
      score: Number(item.getAttribute('data-score')),
    })),
  );
}

describe('zero-shot and embeddings views (WASM)', () => {
  const browser = useBrowser({ webgpu: false });

  it('scores labels from a share link with no click, single- and multi-label, as the golden says', async () => {
    const page = await hubPage(browser, hubUrl);
    const [single, multi] = nli.cases as [(typeof nli.cases)[0], (typeof nli.cases)[0]];
    const params = new URLSearchParams({
      task: 'zero-shot',
      model: 'glassbox/tiny-random-nli-bert',
      text: single.premise,
      labels: single.candidateLabels.join(', '),
    });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForSelector('[data-testid="zero-shot-results"]', { timeout: RESULT_TIMEOUT_MS });
    const shown = await scoresOnScreen(page);
    expect(shown.map((entry) => entry.label)).toEqual(single.singleLabel.labels);
    shown.forEach((entry, i) => expect(entry.score).toBeCloseTo(single.singleLabel.scores[i]!, 4));
    // The address keeps the labels: the link shares what is on screen.
    expect(new URL(page.url()).searchParams.get('labels')).toBe(single.candidateLabels.join(', '));

    // Multi-label with the second template, by hand: each label on its own.
    await page.fill('[data-testid="zero-shot-template"]', multi.hypothesisTemplate);
    await page.check('[data-testid="zero-shot-multi"]');
    const before = await page.getAttribute('[data-testid="zero-shot-results"]', 'data-run');
    await page.click('[data-testid="zero-shot-run"]');
    await page.waitForSelector(`[data-testid="zero-shot-results"][data-run="${Number(before) + 1}"]`);
    const multiShown = await scoresOnScreen(page);
    expect(multiShown.map((entry) => entry.label)).toEqual(multi.multiLabel.labels);
    multiShown.forEach((entry, i) => expect(entry.score).toBeCloseTo(multi.multiLabel.scores[i]!, 4));

    // No candidate labels: a sentence says so.
    await page.fill('[data-testid="zero-shot-labels"]', ' , ');
    await page.click('[data-testid="zero-shot-run"]');
    await page.waitForSelector('text=There are no candidate labels');

    // The labels back and a run; which words decide the top label (occlusion against its entailment).
    await page.fill('[data-testid="zero-shot-labels"]', single.candidateLabels.join(', '));
    await page.click('[data-testid="zero-shot-run"]');
    await page.waitForSelector(`[data-testid="zero-shot-results"][data-run="${Number(before) + 2}"]`);
    await page.click('[data-testid="zero-shot-explain"]');
    await page.waitForSelector('[data-testid="zero-shot-attribution"]', { timeout: RESULT_TIMEOUT_MS });
    // Only the text's tokens are hidden; the hypothesis reads as never hidden.
    const hidden = await page.$$eval(
      '[data-testid="zero-shot-attribution"] [data-testid="attributed-token"]:not(.special)',
      (items) => items.map((item) => item.getAttribute('data-token')),
    );
    expect(hidden).toContain('voting');
    expect(hidden).not.toContain('politics');
    // Look inside the last run: its values on the graph.
    expect(await lookInside(page)).toBeGreaterThan(0);
    await page.close();
  });

  it('embeds a sentence-transformers model’s sentences from a share link: similarities equal the golden', async () => {
    const page = await hubPage(browser, hubUrl);
    const params = new URLSearchParams({
      task: 'embeddings',
      model: 'glassbox/tiny-random-sentence-bert',
      text: sentence.sentences.join('\n'),
    });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForSelector('[data-testid="embeddings-results"]', { timeout: RESULT_TIMEOUT_MS });
    expect(await page.textContent('[data-testid="embeddings-facts"]')).toContain(
      'mean pooling, L2-normalised',
    );
    expect(await page.$('[data-testid="classifier-encoder-note"]')).toBeNull();
    const cells = await page.$$eval('[data-testid="similarity-cell"]', (items) =>
      items.map((item) => Number(item.textContent)),
    );
    expect(cells).toEqual(sentence.similarity.flat().map((value) => Number(value.toFixed(2))));
    // Each row names its sentence whole, wrapped, not cut by an ellipsis with the rest in a tooltip.
    const rows = await page.$$eval('[data-testid="similarity-sentence"]', (items) =>
      items.map((item) => ({ text: item.textContent, cut: item.scrollWidth > item.clientWidth })),
    );
    expect(rows.length).toBeGreaterThan(1);
    expect(rows).toEqual(
      sentence.sentences.slice(0, rows.length).map((text, i) => ({ text: `${i + 1}. ${text}`, cut: false })),
    );
    expect(await page.getAttribute('[data-testid="embedding-map"]', 'data-points')).toBe('5');
    // The query's nearest neighbours come with the result (no click either).
    await page.waitForSelector('[data-testid="neighbour"]');
    await page.close();
  });

  it('embeds with the embedded classifier’s encoder from a link, saying it is not a trained sentence embedding', async () => {
    const page = await browser.newPage();
    const params = new URLSearchParams({ task: 'embeddings', text: 'good food\ngreat food\nbroken phone' });
    await page.goto(`${baseUrl}?${params.toString()}`);
    await page.waitForSelector('[data-testid="embeddings-results"]', { timeout: RESULT_TIMEOUT_MS });
    expect(await page.textContent('[data-testid="classifier-encoder-note"]')).toContain(
      'Not a trained sentence embedding',
    );
    expect(await page.getAttribute('[data-testid="embeddings-results"]', 'data-count')).toBe('3');
    // Look inside works on the classifier's encoder variant too.
    expect(await lookInside(page)).toBeGreaterThan(0);
    await page.close();
  });

  it('embeds 10,000 sentences with progress, and Stop keeps what was embedded', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?task=embeddings`);
    await page.waitForSelector('[data-testid="embeddings-results"]', { timeout: RESULT_TIMEOUT_MS });
    const many = Array.from({ length: 10_000 }, (_, i) => `review number ${i}: the food was fine`).join('\n');
    // Set as a paste would (one input event): Playwright's fill of 380 KB outlasts its 30 s timeout.
    await page.evaluate((text) => {
      const box = document.querySelector<HTMLTextAreaElement>('[data-testid="embeddings-text"]');
      if (!box) throw new Error('no sentences box');
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }, many);
    await page.click('[data-testid="embeddings-run"]');
    await page.waitForSelector('[data-testid="embeddings-progress"]');
    await page.click('[data-testid="embeddings-stop"]');
    await page.waitForSelector('[data-testid="embeddings-stopped"]', { timeout: RESULT_TIMEOUT_MS });
    const count = Number(await page.getAttribute('[data-testid="embeddings-results"]', 'data-count'));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(10_000);
    expect(await page.textContent('[data-testid="embeddings-stopped"]')).toContain('of 10,000 sentences');
    // The page answers: the view can embed again.
    await page.waitForSelector('[data-testid="embeddings-run"]:not([disabled])');
    await page.close();
  });
});
