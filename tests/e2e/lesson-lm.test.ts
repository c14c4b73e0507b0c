// End to end in headless Chromium on WASM, from the production build with the embedded tiny-bible-gpt (its
// files are in the build: no network): "How a language model picks the next word" plays from its first step
// to its last at 1280×800. Every figure a step states is read back from the page (the model's text, its
// candidates, their probabilities after temperature and top-k, the logit lens's rows, both branches), so a
// change in the model's behaviour fails here; each step's subject is on screen beside the lesson card when
// the step opens; and each try-it check is false before the participant acts and true after.
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { generate, generatedText, setSetting, tokenIds } from './pages/generate-page.ts';
import { checkIs, next, stepSettled } from './pages/lesson-page.ts';

const baseUrl = inject('baseUrl');
const VIEWPORT = { width: 1280, height: 800 };
const GREEDY = ' day, the king of the king of the king';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical rule ids on the lesson card and the Generate view as they are now. */
function axeProblems(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    type Axe = {
      run: (context: unknown) => Promise<{ violations: Array<{ id: string; impact: string | null }> }>;
    };
    const { violations } = await (window as unknown as { axe: Axe }).axe.run({
      include: [['[data-testid="lesson-dock"]'], ['[data-testid="generate-view"]']],
    });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  });
}

/** Whether the first element matching selector lies wholly inside the viewport, unscrolled. */
async function expectOnScreen(page: Page, selector: string): Promise<void> {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is rendered`).not.toBeNull();
  expect(box!.y, `${selector} top`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${selector} bottom`).toBeLessThanOrEqual(VIEWPORT.height);
}

/** The step's words and its subject are both on screen; a screenshot for the record. */
async function seen(page: Page, step: number, subjects: string[]): Promise<void> {
  await expectOnScreen(page, '[data-testid="lesson-step"]');
  await expectOnScreen(page, '[data-testid="lesson-next"]');
  for (const subject of subjects) await expectOnScreen(page, subject);
  await page.screenshot({ path: `test-results/lesson-lm-step-${step + 1}.png` });
}

/** The candidates table's first rows: [token as shown, model's %, after settings %]. */
async function candidates(page: Page, rows = 3): Promise<string[][]> {
  const all = await page.$$eval('[data-testid="candidates"] tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent?.trim() ?? '')),
  );
  return all.slice(0, rows);
}

const firstRows = (n: number) => `[data-testid="candidates"] tbody tr:nth-child(-n + ${n})`;

/** The logit lens's top token and probability at one position, layer by layer. */
function lensColumn(page: Page, position: number): Promise<string[]> {
  return page.$$eval(`[data-testid="lens-cell"][data-position="${position}"]`, (cells) =>
    cells.map((cell) => cell.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
  );
}

describe('lesson: how a language model picks the next word', () => {
  const browser = useBrowser({ webgpu: false });

  // Ten steps, eight generations and two lens runs on a loaded 2-core machine: more than the default
  // per-test limit.
  it('plays to its end on WASM, and what each step says is on screen', async () => {
    const context = await browser.newContext({ viewport: VIEWPORT });
    await context.addInitScript({ path: AXE });
    const page = await context.newPage();
    // The model is embedded: nothing is fetched from anywhere but the app's own server.
    const elsewhere: string[] = [];
    const origin = new URL(baseUrl).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(origin) && !request.url().startsWith('data:'))
        elsewhere.push(request.url());
    });
    await page.goto(`${baseUrl}?lesson=lm-next-word`);

    // 1. One token at a time: greedy, 10 tokens.
    await stepSettled(page, 0);
    expect(await page.textContent('[data-testid="lesson-title"]')).toBe(
      'How a language model picks the next word',
    );
    expect(await page.textContent('[data-testid="lesson-progress"]')).toBe('Step 1 of 10');
    expect(await page.inputValue('[data-testid="generation-prompt"]')).toBe('God rested on the seventh');
    expect(await page.textContent('[data-testid="settings-summary"]')).toBe('greedy, 10 tokens');
    expect(await generatedText(page)).toBe(GREEDY);
    const facts = (await page.textContent('[data-testid="generation-model-facts"]')) ?? '';
    expect(facts).toContain('4 layers');
    expect(facts).toContain('6.27 MB');
    await seen(page, 0, ['[data-testid="token-stream"]', '[data-testid="generation-model-facts"]']);

    // 2. The distribution of token 1.
    await next(page, 1);
    expect(await candidates(page)).toEqual(
      [
        ['·day', '28.5%', '28.5%'],
        ['·month', '19.1%', '19.1%'],
        ['·year', '9.5%', '9.5%'],
      ].map(([token, model]) => [token!, model!, expect.any(String) as unknown as string]),
    );
    await seen(page, 1, [firstRows(3), '[data-testid="token-stream"]']);

    // 3. Sampling at T 0.7, top-k 40, seed 42: the same seed gives the same text again.
    await next(page, 2);
    expect(await page.textContent('[data-testid="settings-summary"]')).toBe(
      'sampling (T 0.7, top-k 40, top-p 1, seed 42), 10 tokens',
    );
    const cool = ' year of the month, the law of the month';
    expect(await generatedText(page)).toBe(cool);
    expect(await candidates(page)).toEqual([
      ['·day', '28.5%', '51.2%'],
      ['·month', '19.1%', '28.9%'],
      ['·year', '9.5%', '10.6%'],
    ]);
    expect(new Set(await tokenIds(page)).size).toBe(6);
    await seen(page, 2, [firstRows(3), '[data-testid="generated-text"]']);
    await generate(page);
    expect(await generatedText(page)).toBe(cool);
    await setSetting(page, 'seed', '7');
    await generate(page);
    expect(await generatedText(page)).not.toBe(cool);

    // 4. T 1.5, same seed: flatter, and no token twice.
    await next(page, 3);
    expect(await page.textContent('[data-testid="settings-summary"]')).toBe(
      'sampling (T 1.5, top-k 40, top-p 1, seed 42), 10 tokens',
    );
    expect(await generatedText(page)).toBe(' time of Judah to the law; who dwell in');
    expect((await candidates(page)).map((row) => [row[0], row[2]])).toEqual([
      ['·day', '21.2%'],
      ['·month', '16.2%'],
      ['·year', '10.2%'],
    ]);
    expect(new Set(await tokenIds(page)).size).toBe(10);
    await seen(page, 3, [firstRows(3), '[data-testid="generated-text"]']);

    // 5. Try it: top-k 1 gives greedy's text at any temperature.
    await next(page, 4);
    await checkIs(page, false);
    await seen(page, 4, ['[data-testid="generation-settings"]', '[data-testid="generate"]']);
    await setSetting(page, 'top-k', '1');
    await generate(page);
    await checkIs(page, true);
    expect(await generatedText(page)).toBe(GREEDY);

    // 6. Try it: the logit lens; “ Armies” first at layer 4.
    await next(page, 5);
    expect(await generatedText(page)).toBe(' Armies,');
    await checkIs(page, false);
    await seen(page, 5, ['[data-testid="show-lens"]', '[data-testid="token-stream"]']);
    await page.click('[data-testid="show-lens"]');
    await page.waitForSelector('[data-testid="logit-lens-grid"]');
    await checkIs(page, true);

    // 7. The answer forms layer by layer (the column after “·of”, the prompt's fifth token).
    await next(page, 6);
    await page.waitForSelector('[data-testid="logit-lens-grid"]');
    const headers = await page.$$eval('[data-testid="logit-lens-grid"] thead th', (ths) =>
      ths.map((th) => th.textContent?.trim()),
    );
    expect(headers.slice(1, 6)).toEqual(['Th', 'us', '·says', '·Yahweh', '·of']);
    expect(await lensColumn(page, 4)).toEqual(['·the 56%', '·the 20%', '·Israel 18%', '·Armies 18%']);
    await seen(page, 6, ['[data-testid="logit-lens-grid"]']);
    expect(await axeProblems(page)).toEqual([]);

    // 8. Try it: branch from “ month”.
    await next(page, 7);
    expect(await generatedText(page)).toBe(GREEDY);
    await checkIs(page, false);
    await seen(page, 7, [firstRows(2)]);
    const month = page.locator('[data-testid="candidates"] tbody tr', { hasText: '·month' });
    await month.locator('[data-testid="branch"]').click();
    await page.waitForSelector('[data-testid="generation-output"][data-finished="true"]');
    await checkIs(page, true);

    // 9. Both branches, side by side.
    await next(page, 8);
    const branches = await page.$$eval('[data-testid="branch-row"]', (rows) =>
      rows.map((row) => [row.querySelector('th')?.textContent, row.querySelector('td')?.textContent]),
    );
    expect(branches).toEqual([
      ['1. Original', GREEDY],
      ['2. token 1 → “ month”', ' month, the month, the month, the month,'],
    ]);
    await seen(page, 8, ['[data-testid="branch-compare"]']);
    expect(await axeProblems(page)).toEqual([]);

    // 10. Confidently wrong: “ father” at 32.1%, “ mother” third; more than any first token before.
    await next(page, 9);
    expect(await generatedText(page)).toBe(' father, and your father,');
    expect((await candidates(page)).map((row) => row.slice(0, 2))).toEqual([
      ['·father', '32.1%'],
      ['·son', '6.0%'],
      ['·mother', '4.8%'],
    ]);
    await seen(page, 9, [firstRows(3), '[data-testid="generated-text"]']);
    expect(await page.isDisabled('[data-testid="lesson-next"]')).toBe(true);
    expect(elsewhere).toEqual([]);
    // On a phone the card stays above the view (no room beside it) and the page is left where it is.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: 'test-results/lesson-lm-390.png' });
    await context.close();
  }, 600_000);
});
