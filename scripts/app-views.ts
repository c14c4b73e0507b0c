// The main views of the app and how to tell each one has finished its first paint: shared by the
// screenshot script and the accessibility test, which both walk every view in one page by its tabs.
import type { Page } from 'playwright-core';

export interface AppView {
  /** Tab id (data-testid="tab-<id>") and screenshot name. */
  id: 'text' | 'detection' | 'classify' | 'models' | 'tensors' | 'inspect' | 'bench';
  /** Waits until the view shows what a person would look at first. */
  ready: (page: Page) => Promise<void>;
}

const LONG = { timeout: 120_000 };

export const APP_VIEWS: readonly AppView[] = [
  {
    id: 'text',
    // The examples are classified without a click once the model is ready.
    ready: async (page) => {
      await page.waitForSelector('[data-testid="results"]', LONG);
    },
  },
  {
    id: 'detection',
    // A sample's boxes are drawn without a click once the detector is ready.
    ready: async (page) => {
      await page.waitForSelector('[data-testid="detection-stage"][data-status="done"]', LONG);
      await page.waitForSelector('[data-testid="box"]', { ...LONG, state: 'attached' });
    },
  },
  {
    id: 'classify',
    // The first sample is classified without a click; its class activation map follows.
    ready: async (page) => {
      await page.waitForSelector('[data-testid="classify-stage"][data-status="done"]', LONG);
      await page.waitForSelector('[data-testid="cam-map"]', LONG);
    },
  },
  {
    id: 'models',
    ready: async (page) => {
      await page.waitForSelector('[data-testid="models-view"]', LONG);
    },
  },
  {
    id: 'tensors',
    ready: async (page) => {
      await page.waitForSelector('[data-testid="tensors-empty"]', LONG);
    },
  },
  {
    id: 'inspect',
    ready: async (page) => {
      await page.waitForSelector('[data-testid="open-timings"]', LONG);
      await page.waitForSelector('[data-testid="inspector"][data-view-pending="false"]', LONG);
    },
  },
  {
    id: 'bench',
    ready: async (page) => {
      await page.waitForFunction(
        () => document.querySelectorAll('[data-testid^="bench-config-"]:checked').length > 0,
        undefined,
        LONG,
      );
    },
  },
];

/**
 * Clicks a view's tab as a person would: a task view's tab sits in the header's "Try" disclosure
 * (src/ui/shell/TaskTabs.svelte), which is opened first when the tab is not on screen.
 */
export async function openTab(page: Page, id: string): Promise<void> {
  const tab = page.locator(`[data-testid="tab-${id}"]`);
  if (!(await tab.isVisible())) await page.click('[data-testid="tab-menu"]');
  await tab.click();
}

/** Shows a view by clicking its tab, as a person would, and waits for its first paint. */
export async function showView(page: Page, view: AppView): Promise<void> {
  await openTab(page, view.id);
  await view.ready(page);
  // Let layout and transitions settle before anyone looks.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}
