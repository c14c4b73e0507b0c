// Drives the "Open a model" tab against the local hub-like server, the way a person does: type a hub id
// or an address, pick files, watch the download, read the outcome.
import type { Page } from 'playwright-core';
import { HUB_URL_STORAGE_KEY } from '../../../src/app/shell/hub-settings.ts';
import { HUB_CATALOG } from '../../../src/lib/catalog/model-catalog.ts';

/**
 * The catalog's size lookups that fail in the tests, each logged by the browser: the local hub holds none
 * of the catalog's hub repos (it answers 404, as the real hub does for a missing repo), and this machine
 * cannot reach huggingface.co. Pages that open the Open a model tab expect exactly those (useBrowser's
 * allow); nothing else about the hub is excused.
 */
export const CATALOG_SIZE_LOOKUPS = new RegExp(
  `(status of 404 |net::ERR_NAME_NOT_RESOLVED ).*/api/models/(${HUB_CATALOG.map((entry) => entry.repo.replace(/[.]/g, '\\.')).join('|')})/tree/`,
);

/** A page whose hub address (a per-browser setting) is the local hub server, as a workshop mirror would be. */
export async function hubPage(browser: { newPage(): Promise<Page> }, hubUrl: string): Promise<Page> {
  const page = await browser.newPage();
  await page.addInitScript(
    ([key, value]) => {
      localStorage.setItem(key, value);
    },
    [HUB_URL_STORAGE_KEY, hubUrl] as const,
  );
  return page;
}

export async function openModelsTab(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}?task=models`);
  await page.waitForSelector('[data-testid="models-view"]');
}

export async function openHubId(page: Page, repo: string): Promise<void> {
  await page.fill('[data-testid="hub-id"]', repo);
  await page.click('[data-testid="hub-open"]');
}

/**
 * Waits until opening ends; returns 'opened' or the error code shown. A model that opens moves the page
 * to its task's view, which hides the models tab, so this waits for the status to be attached, not shown.
 */
export async function openOutcome(page: Page): Promise<string> {
  const status = await page.waitForSelector(
    '[data-testid="open-status"][data-status="opened"], [data-testid="open-status"][data-status="failed"]',
    { timeout: 120_000, state: 'attached' },
  );
  if ((await status.getAttribute('data-status')) === 'opened') return 'opened';
  const error = await status.$('[data-error-code]');
  return (await error?.getAttribute('data-error-code')) ?? 'failed-without-code';
}

export async function errorText(page: Page): Promise<string> {
  return (await page.textContent('[data-testid="open-status"] [data-error-code]')) ?? '';
}

export async function hubControl(hubUrl: string, action: 'offline' | 'online' | 'clear'): Promise<void> {
  const response = await fetch(`${hubUrl}/__control/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`hub control ${action}: HTTP ${response.status}`);
}

export async function hubRequests(hubUrl: string): Promise<string[]> {
  const response = await fetch(`${hubUrl}/__control/requests`);
  return (await response.json()) as string[];
}
