// End to end in headless Chromium: while the text view times its model's WASM thread counts after the
// first result, the page stays calm: one muted note beside the thread select, taking no room of its own
// (nothing below it moves), the result shown meanwhile; then what was measured, at desktop and phone width.
import { describe, expect, inject, it } from 'vitest';
import { SCREEN_SIZES, useBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('the WASM thread calibration note', () => {
  const browser = useBrowser({ webgpu: false });

  for (const viewport of SCREEN_SIZES) {
    it(`sits beside the thread select and moves nothing (${viewport.width}×${viewport.height})`, async () => {
      // A fresh context: no stored thread choice, so the view calibrates after its first result.
      const page = await browser.newPage({ viewport });
      await page.goto(baseUrl);
      // A phone folds the settings bar into one button ("Settings: WASM · 1 thread"): open it first.
      if (viewport.width < 600) await page.click('[data-testid="settings-toggle"]:visible');
      const note = page.locator('[data-testid="threads-measuring"]:visible');
      await note.waitFor({ timeout: 120_000 });
      const layout = await note.evaluate((element) => {
        const select = document.querySelector('[data-testid="thread-select"]:not([hidden])') as HTMLElement;
        const container = element.closest('.thread-choice') as HTMLElement;
        const chip = container.querySelector('[data-testid="wasm-threads"]') as HTMLElement;
        const noteBox = element.getBoundingClientRect();
        const selectBox = select.getBoundingClientRect();
        const withNote = container.getBoundingClientRect().height;
        (element as HTMLElement).style.display = 'none';
        const withoutNote = container.getBoundingClientRect().height;
        (element as HTMLElement).style.display = '';
        const style = getComputedStyle(element);
        return {
          text: element.textContent?.trim(),
          inSelectRow: noteBox.top >= selectBox.top - 1 && noteBox.bottom <= selectBox.bottom + 1,
          onScreen: noteBox.right <= window.innerWidth,
          heightChange: withNote - withoutNote,
          italic: style.fontStyle === 'italic',
          sameColourAsChip: style.color === getComputedStyle(chip).color,
        };
      });
      expect(layout).toEqual({
        // The counts being timed are text, not only a tooltip (a projector has no hover).
        text: expect.stringMatching(/^timing \d+(, \d+)*…$/),
        inSelectRow: true,
        onScreen: true,
        heightChange: 0,
        italic: false,
        sameColourAsChip: true,
      });
      // The first result stays on the page while the counts are timed.
      expect(await page.locator('[data-testid="result"]:visible').count()).toBeGreaterThan(0);
      // Then the note gives way to what was measured, in the same place.
      const medians = page.locator('[data-testid="thread-medians"]:visible');
      await medians.waitFor({ timeout: 120_000 });
      expect(await medians.textContent()).toMatch(/1 thread [\d.]+ (ms|µs) · 2 threads [\d.]+ (ms|µs)/);
      await page.close();
    });
  }
});
