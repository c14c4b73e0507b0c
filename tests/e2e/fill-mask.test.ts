// End to end in headless Chromium on WASM: the fill-mask view from a share link (?task=fill-mask&text=…)
// shows the embedded tiny-bible-bert's fillers with no click, the recipe's golden on top; clicking a filler
// puts it in the text (and a text with no blank left gets one sentence); the mask button puts a blank
// back; Look inside, the fillers' attributions and the attention panel work on its run; and the lesson
// "What BERT learned: fill the blank" plays to its end.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { checkIs, next, stepSettled } from './pages/lesson-page.ts';

const baseUrl = inject('baseUrl');

interface Golden {
  cases: Array<{ text: string; masks: Array<{ fillers: Array<{ token: string; probability: number }> }> }>;
}
const golden = JSON.parse(
  readFileSync(resolve(__dirname, '../../models/tiny-bible-bert/reference.json'), 'utf8'),
) as Golden;
const [first] = golden.cases;
/** The golden sentence with two blanks. */
const twoBlanks = golden.cases.find((entry) => entry.masks.length === 2);
const asRead = (token: string | undefined) => (token ?? '').replace(/^##/, '');

/** The fillers shown, blank by blank: [token, probability]. */
function shownFillers(page: Page): Promise<Array<Array<[string, number]>>> {
  return page.$$eval('[data-testid="blank"]', (blanks) =>
    blanks.map((blank) =>
      Array.from(blank.querySelectorAll('[data-testid="filler"]')).map(
        (item) =>
          [item.getAttribute('data-token') ?? '', Number(item.getAttribute('data-probability'))] as [
            string,
            number,
          ],
      ),
    ),
  );
}

async function resultsAfter(page: Page, run: number): Promise<void> {
  await page.waitForFunction(
    (after) =>
      Number(document.querySelector('[data-testid="fill-mask-results"]')?.getAttribute('data-run')) > after,
    run,
    // A first load compiles ONNX Runtime's WASM on a shared, busy machine: allow for it.
    { timeout: 120_000 },
  );
}

/** Finished runs of the view so far (the results, which carry it, are hidden while a hint shows). */
const runNumber = (page: Page) =>
  page.evaluate(
    () =>
      (window as unknown as { glassbox: { fillMask: { finishedRuns: number } } }).glassbox.fillMask
        .finishedRuns,
  );

describe('the fill-mask view', () => {
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('shows the fillers of a share link’s text with no click, the recipe’s golden first', async () => {
    if (!first) throw new Error('no golden case');
    await page.goto(`${baseUrl}?task=fill-mask&text=${encodeURIComponent(first.text)}`);
    await resultsAfter(page, 0);
    expect(await page.inputValue('[data-testid="fill-mask-text"]')).toBe(first.text);
    const [blank] = await shownFillers(page);
    const want = first.masks[0]?.fillers ?? [];
    expect(blank?.map(([token]) => token)).toEqual(want.map((filler) => filler.token));
    blank?.forEach(([, probability], i) =>
      expect(Math.abs(probability - (want[i]?.probability ?? NaN))).toBeLessThan(1e-4),
    );
    expect(page.url()).toContain('task=fill-mask');
  });

  it('puts a clicked filler in the text; with no blank left it says so in one sentence', async () => {
    const before = await page.inputValue('[data-testid="fill-mask-text"]');
    const top = first?.masks[0]?.fillers[0]?.token;
    await page.click('[data-testid="filler-choose"] >> nth=0');
    await page.waitForSelector('[data-testid="fill-mask-hint"]');
    expect(await page.inputValue('[data-testid="fill-mask-text"]')).toBe(
      before.replace('[MASK]', asRead(top)),
    );
    expect(await page.textContent('[data-testid="fill-mask-hint"]')).toBe(
      'Put [MASK] where a word should be guessed — the model fills each [MASK] in the text.',
    );
  });

  it('puts the mask token back with its button, and fills two blanks from one run', async () => {
    if (!twoBlanks) throw new Error('no golden case with two blanks');
    await page.fill('[data-testid="fill-mask-text"]', twoBlanks.text.replace('[MASK] ', ''));
    await page.focus('[data-testid="fill-mask-text"]');
    // The caret after "The": the blank goes back where the golden sentence has it.
    await page.$eval('[data-testid="fill-mask-text"]', (box) =>
      (box as HTMLTextAreaElement).setSelectionRange(3, 3),
    );
    await page.click('[data-testid="insert-mask"]');
    expect(await page.inputValue('[data-testid="fill-mask-text"]')).toBe(twoBlanks.text);
    const run = await runNumber(page);
    await page.click('[data-testid="fill-mask-run"]');
    await resultsAfter(page, run);
    const shown = await shownFillers(page);
    expect(shown.map((blank) => blank[0]?.[0])).toEqual(
      twoBlanks.masks.map((mask) => mask.fillers[0]?.token),
    );
  });

  it('looks inside its run, explains a filler and shows where the model looks', async () => {
    await page.click('[data-testid="fill-mask-explain"]:visible');
    await page.waitForSelector('[data-testid="fill-mask-attributions"]', { timeout: 120_000 });
    const tokens = await page.$$eval(
      '[data-testid="fill-mask-attributions"] [data-testid="attributed-token"]',
      (items) => items.map((item) => item.getAttribute('data-token')),
    );
    expect(tokens[0]).toBe('[CLS]');
    expect(tokens).toContain('[MASK]');

    await page.click('[data-testid="attention-open"]:visible');
    await page.waitForSelector('[data-testid="cls-row"]:visible', { timeout: 120_000 });
    expect(await page.locator('[data-testid="cls-weight"]:visible').count()).toBe(tokens.length);

    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', { timeout: 120_000 });
  });
});

describe('the lesson “What BERT learned: fill the blank”', () => {
  const browser = useBrowser({ webgpu: false });

  it('plays from a ?lesson= link to its end', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}?lesson=bert-fill-blank`);
    await stepSettled(page, 0);
    expect(await page.textContent('[data-testid="lesson-title"]')).toBe('What BERT learned: fill the blank');
    const [blank] = await shownFillers(page);
    expect(blank?.[0]?.[0]).toBe(first?.masks[0]?.fillers[0]?.token);

    await next(page, 1);
    await checkIs(page, false);
    await page.click('[data-testid="fill-mask-run"]');
    await checkIs(page, true);

    await next(page, 2);
    await page.waitForSelector('[data-testid="fill-mask-attributions"]');
    await next(page, 3);
    await page.waitForSelector('[data-testid="cls-row"]:visible');
    await next(page, 4);
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', { timeout: 120_000 });
    await next(page, 5);
    expect(await page.locator('[data-testid="blank"]:visible').count()).toBe(2);
    await next(page, 6);
    await page.waitForSelector('[data-testid="fill-mask-results"]:visible');
    expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 7 of 7');
    await page.close();
  });
});
