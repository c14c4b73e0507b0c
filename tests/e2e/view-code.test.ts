// End to end in headless Chromium: each view but the text view is its own file of the build, fetched the
// first time the view is shown (LazyView), so opening the page evaluates only the text view's code. A view
// whose file cannot be fetched says so in a sentence, and the rest of the page keeps working.
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { classify, openPlayground } from './pages/text-page.ts';
import { openTab } from './pages/tabs.ts';

const baseUrl = inject('baseUrl');

/** The files of the views loaded on demand, as the build names them (after the component). */
const VIEW_FILES =
  /\/assets\/(ModelsView|DetectionView|TensorView|inspector-with-values|BenchView)-[\w-]+\.js$/;

function recordViewFiles(page: Page): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const match = VIEW_FILES.exec(request.url());
    if (match?.[1]) fetched.push(match[1]);
  });
  return fetched;
}

describe('views load their code when first shown', () => {
  // The lab asks for a WebGPU adapter, which this browser (WebGPU off) answers with a console warning.
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/] });

  it('opens on the text view without fetching another view, and fetches one on its first showing', async () => {
    const page = await browser.newPage();
    const fetched = recordViewFiles(page);
    await openPlayground(page, baseUrl);
    await page.waitForSelector('[data-testid="result"]', { timeout: 120_000 });
    expect(fetched).toEqual([]);

    await page.click('[data-testid="tab-inspect"]');
    await page.waitForSelector('[data-testid="inspector"]', { timeout: 60_000 });
    await page.click('[data-testid="tab-bench"]');
    await page.waitForSelector('[data-testid="bench-lab"]', { timeout: 60_000 });
    expect(fetched).toEqual(['inspector-with-values', 'BenchView']);

    // Shown again, a view is kept as it was: nothing is fetched or built a second time.
    await page.click('[data-testid="tab-inspect"]');
    await openTab(page, 'text');
    expect(fetched).toEqual(['inspector-with-values', 'BenchView']);
    await page.close();
  });

  it('says when a view cannot be loaded, and the text view keeps classifying', async () => {
    const page = await browser.newPage();
    await page.route(/\/assets\/BenchView-[\w-]+\.js$/, (route) => route.abort('internetdisconnected'));
    browser.allowProblems(/Failed to load resource|BenchView/);
    await openPlayground(page, baseUrl);

    await page.click('[data-testid="tab-bench"]');
    const notice = page.locator('[role="alert"]', { hasText: 'This view did not load' });
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('The benchmark view could not be loaded.');
    expect(await notice.textContent()).toContain('reload the page');
    expect(await page.locator('[data-testid="bench-lab"]').count()).toBe(0);

    await openTab(page, 'text');
    const results = await classify(page, 'What a wonderful, heartfelt film.', 'wasm');
    expect(results[0]?.label).toBe('positive');
    await page.close();
  });
});
