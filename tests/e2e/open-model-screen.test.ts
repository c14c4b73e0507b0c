// End to end in headless Chromium against the local hub-like server: "Open a model" fits a phone's width
// (390 px) with its precision box and Open buttons on screen; a failed open is brought into view at
// 1280×800 and said in words; a hub that does not answer is explained in words on the precision line,
// with the browser's own message on a second, smaller line.
import { afterEach, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import {
  CATALOG_SIZE_LOOKUPS,
  errorText,
  hubControl,
  hubPage,
  openHubId,
  openModelsTab,
  openOutcome,
} from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

describe('the Open a model screen', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });

  afterEach(async () => {
    await hubControl(hubUrl, 'online');
  });

  it('fits 390 px: nothing is cut off or scrolls sideways', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.setViewportSize({ width: 390, height: 844 });
    await openModelsTab(page, baseUrl);
    const layout = await page.evaluate(() => {
      const right = (id: string) =>
        document.querySelector(`[data-testid="${id}"]`)?.getBoundingClientRect().right ?? Infinity;
      return {
        pageWidth: document.documentElement.scrollWidth,
        rights: ['hub-id', 'hub-dtype', 'hub-open', 'url-input', 'url-open'].map(right),
      };
    });
    expect(layout.pageWidth).toBeLessThanOrEqual(390);
    for (const edge of layout.rights) expect(edge).toBeLessThanOrEqual(390);
    await page.locator('.open-model').screenshot({ path: 'test-results/open-model-390.png' });
    await page.close();
  });

  it('brings a failed open into view at 1280×800, in words', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.setViewportSize({ width: 1280, height: 800 });
    // The hub answers 404 for a repo it does not have, which the browser logs.
    browser.allowProblems(/status of 404 .*\/glassbox\/no-such-model\//);
    await openModelsTab(page, baseUrl);
    await openHubId(page, 'glassbox/no-such-model');
    expect(await openOutcome(page)).toBe('model-not-found');
    expect(await errorText(page)).toContain('There is no model glassbox/no-such-model on the hub');
    const box = await page.locator('[data-testid="open-status"] [data-error-code]').boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(800);
    // The precision line names the repo in words; the hub's address and status are the detail.
    await page
      .locator('[data-testid="hub-variants"]')
      .filter({ hasText: 'The hub has no model glassbox/no-such-model, or it has no onnx/ folder.' })
      .waitFor();
    expect(await page.textContent('[data-testid="hub-variants-detail"]')).toContain('HTTP 404 from');
    await page.screenshot({ path: 'test-results/open-model-error-1280.png' });
    await page.close();
  });

  it('says in words that the hub did not answer, with the browser’s message on a second line', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.setViewportSize({ width: 1280, height: 800 });
    await openModelsTab(page, baseUrl);
    // A dropped connection, as on a network that blocks the hub; the browser logs each failed request
    // (this one and the catalog size lookups still under way).
    browser.allowProblems(/net::ERR_EMPTY_RESPONSE \(http:\/\/127\.0\.0\.1:\d+\/api\/models\//);
    await hubControl(hubUrl, 'offline');
    await page.fill('[data-testid="hub-id"]', 'glassbox/tiny-sentiment-bert');
    await page.dispatchEvent('[data-testid="hub-id"]', 'change');
    const line = page.locator('[data-testid="hub-variants"]');
    await line.filter({ hasText: 'Could not reach the hub at' }).waitFor({ timeout: 60_000 });
    const text = (await line.textContent()) ?? '';
    expect(text).toContain('Every precision is offered');
    expect(text).not.toContain('Failed to fetch');
    expect(await page.textContent('[data-testid="hub-variants-detail"]')).toContain('Failed to fetch');
    await page.close();
  });
});
