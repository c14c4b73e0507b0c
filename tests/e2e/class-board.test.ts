// End to end in headless Chromium: the teacher builds the class board in the Benchmark lab from 30
// participants' result files, some malformed (each refused with its file name and reason), by keyboard
// alone; a file over the size limit dropped on it is refused unread; the board is axe-clean, light and dark.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AXE, violationsInBothSchemes } from './axe-checks.ts';
import { openBenchLab } from './pages/bench-page.ts';
import { useBrowser } from './browser.ts';
import { buildClassBoard } from '../../src/lib/bench/class-board.ts';
import type { BenchResult } from '../../src/lib/bench/result-types.ts';
import { classResultFiles } from '../support/class-board-files.ts';

const baseUrl = inject('baseUrl');

async function boardSettled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const status = document.querySelector('[data-testid="class-board-status"]');
    return status?.getAttribute('data-pending') === '0' && !status.textContent?.includes('reading');
  });
}

describe('the class results board', () => {
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/] });
  let page: Page;
  const files = classResultFiles(30);

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
    await page.context().addInitScript({ path: AXE });
    await openBenchLab(page, baseUrl);
  });
  afterAll(async () => {
    await page?.close();
  });

  it('is reached by keyboard and builds one table and chart by device from 30 files, refusing the bad ones by name', async () => {
    // Tab from the top of the page to the board's file button, then open it with the keyboard.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    let reached = false;
    for (let presses = 0; presses < 250 && !reached; presses++) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(
        () => document.activeElement?.getAttribute('data-testid') === 'class-board-files',
      );
    }
    expect(reached).toBe(true);
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.keyboard.press('Space')]);
    expect(chooser.isMultiple()).toBe(true);
    await chooser.setFiles(
      files.map((file) => ({
        name: file.name,
        mimeType: 'application/json',
        buffer: Buffer.from(file.text),
      })),
    );
    await boardSettled(page);

    // Refused one by one, each sentence starting with its file's name and giving the reason.
    const refusals = await page.$$eval('[data-testid="class-board-refusal"]', (items) =>
      items.map((item) => ({ name: item.getAttribute('data-name'), text: item.textContent ?? '' })),
    );
    const bad = files.filter((file) => file.bad);
    expect(refusals.map((r) => r.name)).toEqual(bad.map((file) => file.name));
    for (const [index, refusal] of refusals.entries()) {
      expect(refusal.text.startsWith(`${refusal.name} `)).toBe(true);
      expect(refusal.text).toContain(bad[index]!.bad);
    }

    // The table: the rows the grouping gives for the good files, software adapters marked.
    const good = files.filter((file) => !file.bad).map((file) => JSON.parse(file.text) as BenchResult);
    const expected = buildClassBoard(good);
    const rows = await page.$$eval('[data-testid="class-board-row"]', (trs) =>
      trs.map((tr) => ({
        head: tr.querySelector('th')?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
        software: tr.getAttribute('data-software') === 'true',
        marked: tr.querySelector('[data-testid="class-board-software"]') !== null,
      })),
    );
    expect(rows).toHaveLength(expected.rows.length);
    expect(expected.devices).toHaveLength(3);
    rows.forEach((row, index) => {
      const device = expected.rows[index]!.device;
      expect(row.head).toContain(`${device.cores} cores`);
      expect(row.head).toContain(device.browser);
      expect(row.marked).toBe(device.softwareGpu);
    });
    expect(rows.some((row) => row.software)).toBe(true);
    expect(await page.textContent('[data-testid="class-board-status"]')).toContain(
      `${good.length} results on the board from 3 devices; ${bad.length} files refused`,
    );
    // One chart per model, each with a bar group per device that ran it.
    expect(await page.locator('[data-testid="class-board-chart"]').count()).toBe(expected.models.length);

    // What a projector and a phone show (looked at by hand; the assertions above are the test).
    for (const [width, height] of [
      [1280, 800],
      [390, 844],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('[data-testid="class-board-table"]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/class-board-table-${width}.png` });
      await page.locator('[data-testid="class-board-chart"]').first().scrollIntoViewIfNeeded();
      await page.screenshot({ path: `test-results/class-board-chart-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('refuses a dropped file over the size limit without reading it', async () => {
    const before = await page.locator('[data-testid="class-board-refusal"]').count();
    await page.evaluate(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(6 * 1024 * 1024)], 'a-video.json'));
      const zone = document.querySelector('[data-testid="class-board"] .drop');
      zone?.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    });
    await page.waitForFunction(
      (count) => document.querySelectorAll('[data-testid="class-board-refusal"]').length > count,
      before,
    );
    const last = await page.locator('[data-testid="class-board-refusal"]').last().textContent();
    expect(last).toMatch(
      /^a-video\.json is 6\.00 MB, over the 5\.00 MB limit for a result file, so it was not read\.$/,
    );
  });

  it('has no serious or critical axe finding with the board built, light and dark', async () => {
    expect(await violationsInBothSchemes(page)).toEqual({});
  });
});
