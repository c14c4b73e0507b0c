// End to end in headless Chromium: the lesson bar's "Open lesson file…" is the app's file button (a labelled
// button, not the browser's "Choose File / No file chosen"), named for screen readers, reached and used
// with the keyboard alone, at desktop and phone width.
import { describe, expect, inject, it } from 'vitest';
import { SCREEN_SIZES, useBrowser } from './browser.ts';
import { stepSettled } from './pages/lesson-page.ts';

const baseUrl = inject('baseUrl');

const LESSON = '---\nid: mine\ntitle: My lesson\n---\n\n## Hello\nview: text\ntext: good\n\nHi.\n';

describe('the lesson bar’s file button', () => {
  const browser = useBrowser({ webgpu: false });

  for (const viewport of SCREEN_SIZES) {
    it(`is a labelled button that the keyboard opens (${viewport.width}×${viewport.height})`, async () => {
      const page = await browser.newPage({ viewport });
      await page.goto(baseUrl);
      const button = page.locator('[data-testid="lesson-file-button"]');
      await button.waitFor();
      // The screen-reader name of the file input is the button's words.
      const input = page.getByLabel('Open lesson file…');
      expect(await input.getAttribute('data-testid')).toBe('lesson-file');
      // The native control is not drawn: no "Choose File / No file chosen" beside the button.
      const drawn = await input.evaluate((el) => {
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        return { opacity: style.opacity, width: box.width };
      });
      expect(drawn).toEqual({ opacity: '0', width: 1 });
      // Styled as the app's buttons: at least the control height, fully on screen at this width.
      const box = await button.boundingBox();
      expect(box?.height).toBeGreaterThanOrEqual(32);
      expect((box?.x ?? -1) >= 0 && (box?.x ?? 0) + (box?.width ?? 0) <= viewport.width).toBe(true);

      // Listening first: Playwright takes over the file dialog only once it is asked to.
      const opened = page.waitForEvent('filechooser');
      // Keyboard only: Tab from "Start lesson" reaches it, the ring shows on the button, Space opens it.
      const ring = (): Promise<string> => button.evaluate((el) => getComputedStyle(el).boxShadow);
      expect(await ring()).toBe('none');
      await page.focus('[data-testid="lesson-start"]');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
        'lesson-file',
      );
      expect(await ring()).not.toBe('none');
      await page.keyboard.press('Space');
      const chooser = await opened;
      await chooser.setFiles({ name: 'mine.md', mimeType: 'text/markdown', buffer: Buffer.from(LESSON) });
      await stepSettled(page, 0);
      expect(await page.textContent('[data-testid="lesson-title"]')).toBe('My lesson');
      await page.close();
    });
  }
});
