// What every hostile case asserts after its own message: the page still classifies a sentence, the
// Cache API holds nothing of what failed (not even a half), and no request went anywhere but where the
// case allows. One line per case: `await expectContained(page, requests, { mayReach, nothingSaved })`.
import type { Page, Request } from 'playwright-core';
import { expect } from 'vitest';
import { HUB_CATALOG } from '../../src/lib/catalog/model-catalog.ts';
import { classify, waitUntilReady } from './pages/text-page.ts';
import { openTab } from './pages/tabs.ts';

/**
 * Every request of the page's context from now on: the page's and its workers' (downloads run in
 * workers, which the context reports and the page does not). Call before the case starts.
 */
export function recordRequests(page: Page): string[] {
  const requested: string[] = [];
  page.context().on('request', (request: Request) => requested.push(request.url()));
  return requested;
}

/** Where a page on the local hub may always send requests: its own origin and the catalog's size lookups. */
export function ordinaryPlaces(baseUrl: string, hubUrl: string): string[] {
  return [
    new URL(baseUrl).origin + '/',
    ...HUB_CATALOG.map((entry) => `${hubUrl}/api/models/${entry.repo}/`),
  ];
}

/** The places a hub repo's open may reach: its files and its tree listing, nothing else on the hub. */
export function hubRepoPlaces(hubUrl: string, repo: string): string[] {
  return [`${hubUrl}/${repo}/resolve/`, `${hubUrl}/api/models/${repo}/`];
}

export interface Containment {
  /** URL prefixes the case may reach (blob: and data: URLs of the page are always fine). */
  mayReach: readonly string[];
  /** No file whose URL contains this may be left in the Cache API. */
  nothingSaved: string;
  /** Whether to prove the page still classifies a sentence afterwards (loads a model: seconds); default true. */
  stillWorks?: boolean;
}

export async function expectContained(
  page: Page,
  requests: readonly string[],
  rules: Containment,
): Promise<void> {
  const stray = requests.filter(
    (url) => !/^(blob|data):/.test(url) && !rules.mayReach.some((prefix) => url.startsWith(prefix)),
  );
  expect(stray, 'requests that went where the case does not allow').toEqual([]);
  const cached = await page.evaluate(async () => {
    const urls: string[] = [];
    for (const name of await caches.keys()) {
      for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
    }
    return urls;
  });
  const left = cached.filter((url) => url.includes(rules.nothingSaved));
  expect(left, 'files left in the Cache API').toEqual([]);
  if (rules.stillWorks === false) return;
  await openTab(page, 'text');
  await waitUntilReady(page, 'wasm');
  const [result] = await classify(page, 'The acting was wonderful and the story moved me.', 'wasm');
  expect(result?.label, 'the page still classifies a sentence').toBe('positive');
}
