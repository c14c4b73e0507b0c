// End to end: offline, the Open a model tab says so plainly and disables what needs the network (hub,
// addresses, saving for offline use), with the reason; embedded models stay usable; back online, all return.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { CATALOG_SIZE_LOOKUPS, openModelsTab } from './models-page.ts';

const baseUrl = inject('baseUrl');

describe('offline', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });
  const { pageErrors: errors } = browser;

  it('disables the hub actions with the reason while offline, and enables them again online', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await openModelsTab(page, baseUrl);
    await page.fill('[data-testid="hub-id"]', 'Xenova/some-model');
    expect(await page.isEnabled('[data-testid="hub-open"]')).toBe(true);
    expect(await page.$('[data-testid="offline-notice"]')).toBeNull();

    await context.setOffline(true);
    const notice = await page.waitForSelector('[data-testid="offline-notice"]');
    expect(await notice.textContent()).toContain('You are offline');
    expect(await page.isDisabled('[data-testid="hub-open"]')).toBe(true);
    expect(await page.textContent('[data-testid="hub-variants"]')).toContain('Offline');
    for (const button of await page.$$('[data-testid="catalog-hub-open"]')) {
      expect(await button.isDisabled()).toBe(true);
    }
    expect(await page.isDisabled('[data-testid="pack-save"]')).toBe(true);
    // Embedded models need no network and stay available.
    const embedded = await page.$$('[data-testid="catalog-item"][data-model="tiny-sentiment-bert"] button');
    expect(await embedded[0]?.isEnabled()).toBe(true);

    await context.setOffline(false);
    await page.waitForSelector('[data-testid="offline-notice"]', { state: 'detached' });
    expect(await page.isEnabled('[data-testid="hub-open"]')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
