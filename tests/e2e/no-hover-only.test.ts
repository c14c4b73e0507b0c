// End to end in headless Chromium (WASM): what used to live only in tooltips is on the page for a projector
// or a touch screen: the shown sample image's credit is visible text, the inspector's keyboard shortcuts
// are a list reached and opened by keyboard alone (axe-clean open, light and dark), an explanation writes
// its strongest token's numbers before anyone points, the demo badge and a precision say what they mean.
import { describe, expect, inject, it } from 'vitest';
import { axeContext, violationsInBothSchemes } from './axe-checks.ts';
import { useBrowser } from './browser.ts';
import { CATALOG_SIZE_LOOKUPS } from './pages/models-page.ts';
import { waitForDetector } from './pages/detection-page.ts';
import { openTab } from './pages/tabs.ts';
import { DTYPE_DESCRIPTIONS, type Dtype } from '../../src/lib/sources/hub.ts';

const baseUrl = inject('baseUrl');

describe('no hover-only information', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });

  it('shows the credit of the sample image on screen as text', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}?task=detection`);
    await waitForDetector(page);
    const credit = page.locator('[data-testid="sample-credit"]');
    await credit.waitFor();
    expect(await credit.isVisible()).toBe(true);
    expect(await credit.textContent()).toBe('Sample: Chelsea the cat (CC0)');
    // Another sample: its own credit.
    await page.click('[data-testid="sample-astronaut.jpg"]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="sample-credit"]')?.textContent?.includes('NASA'),
    );
    expect(await credit.textContent()).toBe('Sample: Astronaut (NASA, public domain)');
    await page.close();
  });

  it('lists the graph’s shortcut keys, reached and opened by keyboard', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}?task=inspect`);
    // The first graph waits for its model to load and be laid out on a shared 2-core machine.
    await page.waitForSelector('[data-testid="inspector"][data-view-pending="false"]', { timeout: 120_000 });
    const list = page.locator('[data-testid="graph-keys-list"]');
    expect(await list.isVisible()).toBe(false);
    await page.focus('[data-testid="export-json"]');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Keys');
    await page.keyboard.press('Enter');
    expect(await list.isVisible()).toBe(true);
    const text = (await list.textContent()) ?? '';
    for (const does of ['zoom in and out', 'fit the graph', 'leave full screen', 'fold the selected block'])
      expect(text).toContain(does);
    // The toolbar's buttons name their keys to assistive technology as well.
    expect(await page.getAttribute('[data-testid="zoom-fit"]', 'aria-keyshortcuts')).toBe('0');
    // What each short button does is text in the same panel, and the button's description (no tooltip).
    const buttons = (await page.textContent('[data-testid="graph-buttons-list"]')) ?? '';
    expect(buttons).toContain('download the summary, checks and repeated blocks as JSON');
    const described = await page.evaluate(() =>
      ['zoom-out', 'zoom-in', 'zoom-fit', 'export-svg', 'export-png', 'export-json'].map((id) => {
        const button = document.querySelector(`[data-testid="${id}"]`);
        const line = document.getElementById(button?.getAttribute('aria-describedby') ?? '');
        return line?.textContent ?? null;
      }),
    );
    expect(described.every((text) => text !== null && text.length > 5)).toBe(true);
    // The inspector's drop hint is visible text, and the file input's description.
    const hint = page.locator('[data-testid="inspector-drop-hint"]');
    expect(await hint.isVisible()).toBe(true);
    expect(await page.getAttribute('[data-testid="inspector-file"]', 'aria-describedby')).toBe(
      await hint.getAttribute('id'),
    );
    expect(await violationsInBothSchemes(page)).toEqual({});
    await context.close();
  });

  it('writes an explanation’s numbers, the demo badge’s meaning and a precision’s description on screen', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${baseUrl}?task=text`);
    await page.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
    expect(await page.locator('[data-testid="demo-note"]:visible').textContent()).toBe(
      'Demo model: trained by this project for teaching.',
    );
    await page.fill('[data-testid="input-text"]', 'not good');
    await page.click('[data-testid="explain"]');
    await page.waitForSelector('[data-testid="explain-original"]');
    // Before any pointing: the strongest token's exact numbers ("not" outweighs "good" here).
    expect(await page.textContent('[data-testid="explain-original-detail"]')).toMatch(
      /^Strongest, not: [+−]0\.\d{4} toward negative, [+−]0\.\d{4} toward positive\. Tap or tab/,
    );
    expect(await page.$$('[data-testid="attributed-token"][title]')).toHaveLength(0);
    await openTab(page, 'models');
    const select = page.locator('[data-testid="hub-dtype"]');
    await select.waitFor();
    const dtype = (await select.inputValue()) as Dtype;
    expect(await page.textContent('[data-testid="hub-dtype-description"]')).toBe(DTYPE_DESCRIPTIONS[dtype]);
    await page.close();
  });
});
