// End to end in headless Chromium at 1280×800: the logit-lens grid on a hand-made lens, served by the
// viewer harness (scripts/viewer-harness/lens.html, never in the app bundle). One cell per layer ×
// position, hostile token texts shown as text, the arrow keys walk the cells with one tab stop, each cell
// is labelled for a screen reader, Enter chooses a cell, and axe-core finds no serious violation.
import { createRequire } from 'node:module';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LENS_TOKENS, lensSample } from '../../scripts/viewer-harness/lens-sample.ts';
import { shownProbability, shownToken } from '../../src/lib/tasks/text-generation/logit-lens/lens-cells.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { launchBrowser, trackPageErrors } from './browser.ts';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const SCREENSHOTS = resolve(REPO_ROOT, 'test-results/logit-lens-grid');

async function focusedCell(page: Page): Promise<string> {
  return page.evaluate(() => {
    const cell = document.activeElement;
    return `${cell?.getAttribute('data-layer')},${cell?.getAttribute('data-position')}`;
  });
}

describe('logit-lens grid (dev harness)', () => {
  let server: ViteDevServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    server = await createServer({
      configFile: resolve(REPO_ROOT, 'scripts/viewer-harness/vite.config.ts'),
      server: { port: 5183, strictPort: false },
    });
    await server.listen();
    browser = await launchBrowser({ webgpu: false });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    pageErrors = trackPageErrors(page);
    await page.goto(`${server.resolvedUrls?.local[0] ?? ''}lens.html`);
    // A cold Vite dev server transforms the page's modules on first request: slow on a shared 2-core machine.
    await page.waitForSelector('[data-testid="logit-lens-grid"]', { timeout: 60_000 });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows one cell per layer × position, token texts as text', async () => {
    const cells = await page.$$('[data-testid="lens-cell"]');
    expect(cells).toHaveLength(4 * LENS_TOKENS.length);
    expect(await page.getAttribute('[data-testid="logit-lens-grid"]', 'data-layers')).toBe('4');
    // Markup in a token is text: no element was made from it and nothing ran.
    expect(
      await page.$$('[data-testid="logit-lens-grid"] img, [data-testid="logit-lens-grid"] b'),
    ).toHaveLength(0);
    expect(await page.evaluate(() => (window as { __lensInjected?: number }).__lensInjected)).toBeUndefined();
    const headers = await page.$$eval('thead th', (ths) => ths.map((th) => th.textContent ?? ''));
    // The override character is shown as a stand-in, spaces as "·", the line break as a control picture.
    expect(headers.slice(1)).toEqual([
      'In',
      '·the',
      '·beginning',
      '<img·src=x·…',
      '⟨U+202E⟩evil',
      '␊',
      '·God',
      '·created',
    ]);
    expect(headers.join('')).not.toContain('\u202E');
    const top = lensSample()[3]?.[0];
    expect(await page.textContent('[data-layer="3"][data-position="0"]')).toContain(
      `${Math.round((top?.probability ?? 0) * 100)}%`,
    );
  });

  it('walks the cells with the arrow keys from a single tab stop, each cell labelled', async () => {
    expect(await page.$$('[data-testid="lens-cell"][tabindex="0"]')).toHaveLength(1);
    await page.focus('[data-testid="lens-cell"][tabindex="0"]');
    expect(await focusedCell(page)).toBe('0,0');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toBe('1,1');
    await page.keyboard.press('End');
    expect(await focusedCell(page)).toBe(`1,${LENS_TOKENS.length - 1}`);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focusedCell(page)).toBe(`3,${LENS_TOKENS.length - 1}`);
    const label = await page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    const cell = lensSample()[3]?.[LENS_TOKENS.length - 1];
    expect(label).toBe(
      `Layer 4 (output), after “ created” (position 8): predicts “${cell?.tokenText}”, ${shownProbability(cell?.probability ?? 0)}`,
    );
    expect(await page.$$('[data-testid="lens-cell"][tabindex="0"]')).toHaveLength(1);
    // The readout lists the cell's five candidates.
    expect(await page.$$('[data-testid="lens-readout"] .candidate')).toHaveLength(5);
  });

  it('tells the view which cell was chosen (Enter, or a click)', async () => {
    await page.keyboard.press('Enter');
    expect(await page.textContent('[data-testid="lens-chosen"]')).toBe(
      `layer 3, position ${LENS_TOKENS.length - 1}`,
    );
    await page.click('[data-layer="2"][data-position="1"]');
    expect(await page.textContent('[data-testid="lens-chosen"]')).toBe('layer 2, position 1');
    // A token its column header cuts short (43 characters) is written whole in the readout, on screen.
    await page.click('[data-layer="0"][data-position="3"]');
    const whole = shownToken(LENS_TOKENS[3] ?? '', 200);
    expect(whole).not.toContain('…');
    expect(await page.textContent('[data-testid="lens-readout-token"]')).toBe(whole);
  });

  it('is legible at 1280×800 and has no serious axe violation', async () => {
    const size = await page.$eval('[data-testid="lens-cell"] .text', (el) =>
      parseFloat(getComputedStyle(el).fontSize),
    );
    expect(size).toBeGreaterThanOrEqual(13);
    const grid = await page.$eval(
      '[data-testid="logit-lens-grid"] table',
      (el) => el.getBoundingClientRect().width,
    );
    expect(grid).toBeLessThanOrEqual(1280);
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: resolve(SCREENSHOTS, 'grid-1280x800.png') });
    await page.addScriptTag({ path: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } }).axe;
      const result = (await axe.run(document)) as { violations: Array<{ id: string; impact: string }> };
      return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => v.id);
    });
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
