// End to end in headless Chromium: the page sends nothing to another server before the user asks. Every
// request of a fresh page is recorded; the hub (here the local stand-in, set as this browser's hub address)
// is first contacted when the user opens the Open a model tab, whose catalog then asks for its sizes.
import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { headerPolicy, metaPolicy } from '../../scripts/security-headers.ts';
import { IMMUTABLE } from '../../scripts/vite-plugin-immutable-assets.ts';
import { useBrowser } from './browser.ts';
import { CATALOG_SIZE_LOOKUPS, hubControl, hubPage, hubRequests } from './pages/models-page.ts';
import { openPlayground } from './pages/text-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

describe('no request leaves the page before the user asks', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });
  const { pageErrors } = browser;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    page = await hubPage(browser, hubUrl);
    page.on('request', (request: Request) => requested.push(request.url()));
    // Workers' requests (models, runtime) are reported by the context, not the page.
    page.context().on('request', (request: Request) => requested.push(request.url()));
    await hubControl(hubUrl, 'clear');
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
    expect(response.headers.get('content-security-policy')).toBe(headerPolicy());
    // Hashed build files may be kept for good (a restarted worker then reuses ONNX Runtime's .wasm).
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(await response.text())?.[1];
    const asset = await fetch(new URL(script ?? '/assets/missing.js', baseUrl));
    expect(asset.headers.get('cache-control')).toBe(IMMUTABLE);
    expect(asset.headers.get('content-security-policy')).toBe(headerPolicy());
  });

  it('carries the same Content-Security-Policy in the page, where only frame-ancestors cannot go', async () => {
    const header = (await fetch(baseUrl)).headers.get('content-security-policy') ?? '';
    const meta = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    expect(meta).toBe(metaPolicy());
    expect(header).toBe(`${meta}; frame-ancestors 'none'`);
    for (const directive of [
      "script-src 'self' 'wasm-unsafe-eval'",
      "object-src 'none'",
      "base-uri 'none'",
    ]) {
      expect(meta).toContain(directive);
    }
    expect(meta).not.toMatch(/unsafe-inline|'unsafe-eval'/);
    // The page classified the examples and opened the hub tab under it (the fixture fails the file on
    // any violation); a script the policy forbids is refused and reported.
    browser.allowProblems(/csp violation: script-src-elem blocked inline/, /Content Security Policy/);
    const blocked = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          document.addEventListener('securitypolicyviolation', (event) => resolve(event.effectiveDirective), {
            once: true,
          });
          const script = document.createElement('script');
          script.textContent = 'window.__ran = true';
          document.head.append(script);
        }),
    );
    expect(blocked).toBe('script-src-elem');
    expect(await page.evaluate(() => (window as unknown as { __ran?: boolean }).__ran)).toBeUndefined();
  });
});
