// End to end in headless Chromium: the page sends nothing to another server before the user asks. Every
// request of a fresh page is recorded; the hub (here the local stand-in, set as this browser's hub address)
// is first contacted when the user opens the Open a model tab, whose catalog then asks for its sizes.
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, trackPageErrors } from './browser.ts';
import { hubControl, hubPage, hubRequests } from './models-page.ts';
import { openPlayground } from './text-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

describe('no request leaves the page before the user asks', () => {
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const requested: string[] = [];

  beforeAll(async () => {
    browser = await launchBrowser({ webgpu: false });
    page = await hubPage(browser, hubUrl);
    pageErrors = trackPageErrors(page);
    page.on('request', (request: Request) => requested.push(request.url()));
    // Workers' requests (models, runtime) are reported by the context, not the page.
    page.context().on('request', (request: Request) => requested.push(request.url()));
    await hubControl(hubUrl, 'clear');
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('classifies the examples with requests to its own origin only, then asks the hub when the tab opens', async () => {
    await openPlayground(page, baseUrl);
    await page.waitForSelector('[data-testid="result"]', { timeout: 120_000 });
    const origin = new URL(baseUrl).origin;
    const foreign = requested.filter((url) => !url.startsWith(origin) && !/^(blob|data):/.test(url));
    expect(foreign).toEqual([]);
    expect(await hubRequests(hubUrl)).toEqual([]);

    await page.click('[data-testid="tab-models"]');
    await expect.poll(async () => (await hubRequests(hubUrl)).length, { timeout: 30_000 }).toBeGreaterThan(0);
    for (const path of await hubRequests(hubUrl)) expect(path).toContain('/api/models/');
    expect(pageErrors).toEqual([]);
  });

  it('is served with the isolation and defence-in-depth headers', async () => {
    const response = await fetch(baseUrl);
    expect(response.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(response.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
  });
});
