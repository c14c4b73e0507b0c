// End to end: axe-core (the standard accessibility engine) finds no serious or critical violation on any
// view, in the light and the dark scheme, at desktop and phone width; the keyboard reaches every control
// with a visible focus ring; the graph's selection is announced; the first result needs no click.
import { describe, expect, inject, it } from 'vitest';
import { APP_VIEWS, showView } from '../../scripts/app-views.ts';
import { SCREEN_SIZES, useBrowser } from './browser.ts';
import {
  AXE,
  axeContext,
  SCHEMES,
  schemeApplied,
  seriousViolations,
  violationsInBothSchemes,
  type Violation,
} from './axe-checks.ts';
import { CATALOG_SIZE_LOOKUPS } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');

describe('accessibility', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation. The lab asks for a
  // WebGPU adapter, which this browser (WebGPU off) answers with a console warning; the Open a model view
  // asks the hub for its catalog's sizes, which this offline machine cannot reach.
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/, CATALOG_SIZE_LOOKUPS] });

  for (const size of SCREEN_SIZES) {
    it(`has no serious or critical axe violation on any view, light and dark, at ${size.width}×${size.height}`, async () => {
      // Reduced motion: no colour transition is half-way when axe reads the colours after a scheme change.
      const context = await browser.newContext({ viewport: size, reducedMotion: 'reduce' });
      // An init script runs through the DevTools protocol, so the page's own security policy cannot block it.
      await context.addInitScript({ path: AXE });
      const page = await context.newPage();
      await page.goto(baseUrl);
      // The first result comes without a click: the examples are classified once the model is ready.
      await page.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
      const found: Record<string, Violation[]> = {};
      for (const view of APP_VIEWS) {
        await showView(page, view);
        await page.mouse.move(0, size.height - 1);
        for (const colorScheme of SCHEMES) {
          await page.emulateMedia({ colorScheme });
          await schemeApplied(page);
          const violations = await seriousViolations(page);
          if (violations.length > 0) found[`${view.id} ${colorScheme}`] = violations;
        }
      }
      expect(found).toEqual({});
      await context.close();
    });
  }

  it('has no serious or critical axe violation with the explanations and the attention lines open, light and dark', async () => {
    const context = await axeContext(browser);
    const page = await context.newPage();
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
    // Explanations open: the token buttons' names must contain their visible numbers (label in name).
    await page.click('[data-testid="explain"]');
    await page.waitForSelector('[data-testid="explain-original"] [data-testid="attributed-token"]', {
      timeout: 120_000,
    });
    // The attention panel with its full matrix, switched to Lines; the pointer stays on the pressed
    // toggle, as after a click (its hover state once hid the text: 1.1:1).
    await page.click('[data-testid="attention-open"]');
    await page.waitForSelector('[data-testid="cls-row"]', { timeout: 120_000 });
    await page.click('[data-testid="attention-matrix-toggle"]');
    await page.click('[data-testid="mode-lines"]');
    expect(await page.getAttribute('[data-testid="mode-lines"]', 'aria-pressed')).toBe('true');
    expect(await violationsInBothSchemes(page)).toEqual({});
    await page.screenshot({ path: 'test-results/accessibility-lines-1280.png', fullPage: true });
    await context.close();
  });

  it('reaches every control of the text view by keyboard, each with a visible focus ring', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
    const reached: Array<{ id: string; ring: boolean }> = [];
    for (let step = 0; step < 40; step++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const element = document.activeElement as HTMLElement | null;
        if (!element || element === document.body) return null;
        const style = getComputedStyle(element);
        const ring =
          (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) ||
          style.boxShadow !== 'none';
        return {
          id: element.dataset.testid ?? `${element.tagName.toLowerCase()} ${element.textContent?.trim()}`,
          ring,
        };
      });
      if (focused) reached.push(focused);
    }
    const ids = reached.map((entry) => entry.id);
    for (const control of ['tab-models', 'tab-bench', 'share-link', 'backend-wasm', 'input-text', 'run']) {
      expect(ids).toContain(control);
    }
    expect(reached.filter((entry) => !entry.ring)).toEqual([]);
    await page.close();
  });

  it('offers a skip link as the first Tab stop, which takes the keyboard to the text box', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="results"]', { timeout: 120_000 });
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement;
      const box = element.getBoundingClientRect();
      return { id: element.dataset.testid, text: element.textContent?.trim(), visible: box.top >= 0 };
    });
    expect(skip).toEqual({ id: 'skip-link', text: 'Skip to the text box', visible: true });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.testid)).toBe(
      'input-text',
    );
    // The address, which carries the page's state, is left alone.
    expect(new URL(page.url()).hash).toBe('');
    await page.close();
  });

  it('announces the graph selection to screen readers', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`${baseUrl}?task=inspect`);
    const inspect = APP_VIEWS.find((view) => view.id === 'inspect');
    await inspect?.ready(page);
    const live = page.locator('[data-testid="selection-announcement"]');
    expect(await live.getAttribute('aria-live')).toBe('polite');
    await page.click('[data-testid="graph-canvas"] [data-node-id]');
    await page.waitForFunction(() =>
      document.querySelector('[data-testid="selection-announcement"]')?.textContent?.includes('Selected'),
    );
    await page.close();
  });
});
