// Helpers for the generate view in e2e tests: wait for the model, set settings, generate, read tokens.
import type { Page } from 'playwright-core';

export async function waitForGenerator(page: Page, backend = 'wasm'): Promise<void> {
  await page.waitForSelector(
    `[data-testid="generation-load"][data-status="ready"][data-backend="${backend}"]`,
  );
}

export async function setSetting(page: Page, testId: string, value: string): Promise<void> {
  const details = page.locator('[data-testid="generation-settings"]');
  if ((await details.getAttribute('open')) === null)
    await page.click('[data-testid="generation-settings"] summary');
  await page.fill(`[data-testid="${testId}"]`, value);
}

/** Clicks Generate and waits for the output of that generation to finish. */
export async function generate(page: Page): Promise<void> {
  // No waiting here: before the first generation there is no output.
  const output = await page.$('[data-testid="generation-output"]');
  const before = output ? await output.getAttribute('data-branch') : null;
  await page.click('[data-testid="generate"]');
  await page.waitForFunction((previous) => {
    const output = document.querySelector('[data-testid="generation-output"]');
    return (
      output?.getAttribute('data-finished') === 'true' && output.getAttribute('data-branch') !== previous
    );
  }, before);
}

export async function tokenIds(page: Page): Promise<number[]> {
  return page.$$eval('[data-testid="token"]', (chips) =>
    chips.map((chip) => Number(chip.getAttribute('data-token-id'))),
  );
}

export async function generatedText(page: Page): Promise<string> {
  return (await page.textContent('[data-testid="generated-text"]')) ?? '';
}

/** Opens the generate view on the embedded model and sets its maximum of new tokens. */
export async function openGenerator(page: Page, baseUrl: string, maxNewTokens: number): Promise<void> {
  await page.goto(`${baseUrl}?task=generate`);
  await waitForGenerator(page);
  await setSetting(page, 'max-new-tokens', String(maxNewTokens));
}

/** Types glassbox/<repo> into the generate view's hub form and submits it (the hub address set already). */
export async function submitHubRepo(page: Page, baseUrl: string, repo: string): Promise<void> {
  await page.goto(`${baseUrl}?task=generate`);
  await waitForGenerator(page);
  await page.fill('[data-testid="generation-hub-id"]', `glassbox/${repo}`);
  await page.click('.hub-open button[type="submit"]');
}

/** Waits until glassbox/<repo> is the open model and ready. */
export async function waitForHubModel(page: Page, repo: string): Promise<void> {
  await page.waitForFunction(
    (key) =>
      (
        document.querySelector('[data-testid="generation-model"]') as HTMLSelectElement | null
      )?.value.includes(key),
    repo,
  );
  await waitForGenerator(page);
}

/** Opens glassbox/<repo> from the local hub in the generate view. */
export async function openHubGenerator(page: Page, baseUrl: string, repo: string): Promise<void> {
  await submitHubRepo(page, baseUrl, repo);
  await waitForHubModel(page, repo);
}
