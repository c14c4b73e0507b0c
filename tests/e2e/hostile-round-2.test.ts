// End to end in headless Chromium, the second round of hostile input (issue 27), on models the local hub
// builds at start (tests/support/hostile-models.ts): duplicate labels and outputs still render, a capture
// of values whose size ORT learns only at run time holds its budget, and after each case the page is
// contained (expectContained: no stray request, nothing cached, the text view still classifies).
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { expectContained, hubRepoPlaces, ordinaryPlaces, recordRequests } from './hostile-checks.ts';
import { CATALOG_SIZE_LOOKUPS, hubPage, openHubId, openOutcome } from './models-page.ts';
import { classify, waitUntilReady } from './text-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');

/** These cases open their models successfully (and so save them); no half-saved file is the concern. */
const NOTHING_FAILED = 'javascript:';
const RUN = '[data-testid="tensor-run"]';

/** Opens a hub repo from the models tab; returns once the page moved to the view that shows it. */
async function openRepo(page: Page, repo: string, view: 'tensor-view' | 'text-view'): Promise<void> {
  await page.click('[data-testid="tab-models"]');
  await page.waitForSelector('[data-testid="models-view"]');
  await openHubId(page, repo);
  expect(await openOutcome(page)).toBe('opened');
  if (view === 'tensor-view') await page.waitForSelector('[data-testid="tensor-view"]:visible');
}

async function runTensors(page: Page): Promise<void> {
  await page.waitForSelector(`${RUN}:not([disabled])`, { timeout: 60_000 });
  await page.click(RUN);
  await page.waitForSelector('[data-testid="tensor-outputs"]', { timeout: 60_000 });
}

function places(repo: string): string[] {
  return [...ordinaryPlaces(baseUrl, hubUrl), ...hubRepoPlaces(hubUrl, repo)];
}

describe('hostile input, round 2', () => {
  const browser = useBrowser({ webgpu: false, allow: [CATALOG_SIZE_LOOKUPS] });
  let page: Page;
  let requests: string[];

  beforeAll(async () => {
    page = await hubPage(browser, hubUrl);
    requests = recordRequests(page);
    await page.goto(baseUrl);
    await waitUntilReady(page, 'wasm');
  });

  it('draws the result of a model whose config names two classes alike (id2label 0 and 1 both "positive")', async () => {
    await openRepo(page, 'glassbox/duplicate-labels', 'text-view');
    await waitUntilReady(page, 'wasm');
    const [result] = await classify(page, 'The acting was wonderful and the story moved me.', 'wasm');
    expect(result?.label).toBe('positive');
    // Both rows are drawn, though they carry the same name.
    expect(await page.locator('[data-testid="result"] [data-testid="probability"]').count()).toBe(2);
    await expectContained(page, requests, {
      mayReach: places('glassbox/duplicate-labels'),
      nothingSaved: NOTHING_FAILED,
    });
  });

  it('renders the outputs of a graph that lists the same output twice, and looks inside its run', async () => {
    await openRepo(page, 'glassbox/duplicate-output', 'tensor-view');
    await runTensors(page);
    expect(await page.locator('[data-testid="tensor-output-y"]').count()).toBe(2);
    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="capture-facts"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="capture-facts"]')).toMatch(/1 value captured/);
    await expectContained(page, requests, {
      mayReach: places('glassbox/duplicate-output'),
      nothingSaved: NOTHING_FAILED,
    });
  });
});
