// End to end in headless Chromium: on a 1280×800 projector the inspector's graph canvas takes at least
// 70 % of the window with the summary and details panels open, and the In/Out bar covers no node.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { MODEL_CATALOG } from '../../src/lib/catalog/model-catalog.ts';
import { useBrowser } from './browser.ts';
import { waitForView } from './pages/inspector-page.ts';

const baseUrl = inject('baseUrl');
type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };

/** The canvas's visible area as a share of the window, the bar's rectangle, and every drawn node's. */
async function layout(page: Page) {
  return page.evaluate(() => {
    const rect = (element: Element | null) =>
      element ? (element.getBoundingClientRect().toJSON() as Rect) : null;
    const canvas = rect(document.querySelector('[data-testid="graph-canvas"]'));
    const visible = canvas
      ? Math.max(0, Math.min(canvas.right, innerWidth) - Math.max(canvas.left, 0)) *
        Math.max(0, Math.min(canvas.bottom, innerHeight) - Math.max(canvas.top, 0))
      : 0;
    return {
      share: visible / (innerWidth * innerHeight),
      canvas,
      bar: rect(document.querySelector('[data-testid="graph-ends"]')),
      nodes: [...document.querySelectorAll('[data-testid="graph-canvas"] [data-node-id]')].map(
        (node) => node.getBoundingClientRect().toJSON() as Rect,
      ),
      summaryOpen: !document.querySelector('#inspector-summary')?.hasAttribute('hidden'),
      detailsOpen: !document.querySelector('.details-side')?.hasAttribute('hidden'),
    };
  });
}

const overlaps = (a: Rect, b: Rect) =>
  a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;

/** The part of a node the canvas shows (the canvas clips what lies past its edges); null when none. */
function shownPart(node: Rect, canvas: Rect): Rect | null {
  const left = Math.max(node.left, canvas.left);
  const right = Math.min(node.right, canvas.right);
  const top = Math.max(node.top, canvas.top);
  const bottom = Math.min(node.bottom, canvas.bottom);
  return right > left && bottom > top
    ? { left, right, top, bottom, width: right - left, height: bottom - top }
    : null;
}

describe('the inspector on a projector', () => {
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/] });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  for (const model of MODEL_CATALOG.slice(0, 3)) {
    it(`gives ${model.id}'s graph at least 70 % of a 1280×800 window with both panels open, the In/Out bar over no node`, async () => {
      await page.goto(`${baseUrl}?task=inspect&model=${model.id}`);
      await page.waitForSelector('[data-testid="graph-canvas"] [data-node-id]', { timeout: 60_000 });
      await waitForView(page);
      // Both panels open: the summary is by default, the details open with a selection or the toggle.
      if ((await page.getAttribute('[data-testid="toggle-details"]', 'aria-pressed')) !== 'true')
        await page.click('[data-testid="toggle-details"]');
      await page.waitForSelector('.details-side:not([hidden])');
      // Scrolled to the graph, as one does on a projector (the header and the model picker go up).
      await page.evaluate(() =>
        document.querySelector('.inspector-layout')?.scrollIntoView({ block: 'start' }),
      );
      await page.waitForFunction(() => {
        const top = document.querySelector('.inspector-layout')?.getBoundingClientRect().top ?? 99;
        return Math.abs(top) < 2;
      });
      const shown = await layout(page);
      await page.screenshot({ path: `test-results/inspector-1280-${model.id}.png` });
      expect(shown.summaryOpen).toBe(true);
      expect(shown.detailsOpen).toBe(true);
      expect(shown.share).toBeGreaterThanOrEqual(0.7);
      expect(shown.bar).not.toBeNull();
      expect(shown.nodes.length).toBeGreaterThan(0);
      for (const node of shown.nodes) expect(overlaps(node, shown.bar!)).toBe(false);
    });
  }

  it('keeps the bar off the nodes on a phone too (390×844)', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}?task=inspect&model=${MODEL_CATALOG[0]?.id ?? ''}`);
    await page.waitForSelector('[data-testid="graph-canvas"] [data-node-id]', { timeout: 60_000 });
    await waitForView(page);
    const shown = await layout(page);
    await page.screenshot({ path: 'test-results/inspector-390.png' });
    // Nodes past the canvas's bottom edge are clipped away, not covered: only what the canvas shows counts.
    const visible = shown.nodes.map((node) => shownPart(node, shown.canvas!)).filter((node) => node !== null);
    expect(visible.length).toBeGreaterThan(0);
    for (const node of visible) expect(overlaps(node, shown.bar!)).toBe(false);
  });
});
