// Drives the architecture inspector the way a person does: open a model, search, select, expand, export.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';

/** Waits until the summary shows this file and its open timings (the first view is painted). */
export async function waitForModel(page: Page, fileName: string): Promise<void> {
  await page.waitForFunction(
    (name) =>
      document.querySelector('[data-testid="model-summary"] .file-name')?.textContent === name &&
      document.querySelector('[data-testid="open-timings"]') !== null,
    fileName,
    { timeout: 60_000 },
  );
}

export async function openFileBuffer(page: Page, name: string, bytes: Uint8Array): Promise<void> {
  await page.setInputFiles('[data-testid="inspector-file"]', {
    name,
    mimeType: 'application/octet-stream',
    buffer: Buffer.from(bytes),
  });
}

/** Types a query and clicks the first result; returns the id of the node it selects. */
export async function searchAndSelect(page: Page, query: string): Promise<string> {
  await page.fill('[data-testid="inspector-search"]', query);
  const hit = await page.waitForSelector('[data-testid="search-hit"]');
  const nodeId = (await hit.getAttribute('data-node-id')) ?? '';
  await hit.click();
  await page.waitForSelector(`[data-node-id="${nodeId}"][data-selected]`);
  return nodeId;
}

/** Waits until no new view is being laid out. */
export async function waitForView(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="inspector"][data-view-pending="false"]');
}

/** Clicks an export button and returns the downloaded file's name and bytes. */
export async function download(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${button}"]`)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(path) };
}
