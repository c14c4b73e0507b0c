// End to end at the projector's 1280 × 800 (issue 26): on a fresh profile (a new browser context: no stored
// calibration, nothing cached), every shipped lesson plays from its first step to its last, and each step
// that points at something (its focus: field, or the Generate view's default) has that thing outlined and
// on screen when the step opens: the target's top inside the viewport, and all of it when it fits; a segment
// or depth step with action: occlude shows its occlusion map.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { MODEL_CATALOG } from '../../src/lib/catalog/model-catalog.ts';
import { parseLesson, type Lesson } from '../../src/lib/lessons/lesson-format.ts';
import { useBrowser } from './browser.ts';
import { hubPage } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');
/**
 * The lessons of views with no embedded model open from a link that names a tiny test model of
 * tests/fixtures/hub, served by the local hub server (as tests/e2e/lesson-text-tasks.test.ts opens them).
 */
const LINKS: Record<string, string> = {
  'find-entities': 'model=glassbox/tiny-random-bert-ner&task=entities&',
  'answer-from-text': 'model=glassbox/tiny-random-bert-qa&task=answer&',
  'zero-shot-labels': 'model=glassbox/tiny-random-nli-bert&task=zero-shot&',
};
const VIEWPORT = { width: 1280, height: 800 };
const ROOT = resolve(import.meta.dirname, '../..');

function shippedLessons(): Lesson[] {
  const context = {
    modelIds: MODEL_CATALOG.map((entry) => entry.id),
    sampleNames: readdirSync(resolve(ROOT, 'public/samples')).filter((file) => /\.(png|jpg)$/.test(file)),
  };
  return readdirSync(resolve(ROOT, 'lessons'))
    .filter((file) => file.endsWith('.md') && file !== 'README.md')
    .map((file) => parseLesson(readFileSync(resolve(ROOT, 'lessons', file), 'utf8'), context, file))
    .map((parsed) => {
      if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
      return parsed.lesson;
    });
}

/** Waits until step index is set and its focus was looked for (data-focus leaves "pending"). */
async function stepOpened(page: Page, index: number): Promise<string> {
  const step = `[data-testid="lesson-step"][data-step="${index}"][data-applying="false"]`;
  // A step loads models and runs them: generous on a loaded 2-core machine.
  await page.waitForSelector(`${step}:not([data-focus="pending"])`, { timeout: 150_000 });
  return (await page.getAttribute(step, 'data-focus')) ?? '';
}

describe('lesson focus at 1280 × 800', () => {
  // The lab asks for a WebGPU adapter, which this browser (WebGPU off) answers with a console warning.
  const browser = useBrowser({ webgpu: false, allow: [/No available adapters/] });

  it.each(shippedLessons().map((lesson) => [lesson.id, lesson] as const))(
    '%s plays to its end, each step’s focus on screen when it opens',
    async (id, lesson) => {
      // A new context each: a fresh profile, with this run's hub address set.
      const page = await hubPage(browser, hubUrl);
      await page.setViewportSize(VIEWPORT);
      await page.goto(`${baseUrl}?${LINKS[id] ?? ''}lesson=${id}`);
      let focused = 0;
      for (const [index, step] of lesson.steps.entries()) {
        if (index > 0) await page.click('[data-testid="lesson-next"]');
        const state = await stepOpened(page, index);
        const where = `${id} step ${index + 1} (“${step.title}”)`;
        if (step.focus) expect(state, `${where}: its focus was found`).toBe('shown');
        // A segment or depth step that occludes shows its map by the time the step has opened.
        if (step.action === 'occlude' && (step.view === 'segment' || step.view === 'depth')) {
          const map = page.locator(`[data-testid="${step.view}-occlusion-map"]:visible`);
          expect(await map.count(), `${where}: its occlusion map is shown`).toBe(1);
        }
        if (state !== 'shown') continue;
        focused++;
        // The step's run may still reshape the page (a result list growing): the view keeps its target in
        // view while it settles (lesson-focus.ts, keepInView), so the check waits a moment for that.
        await page
          .waitForFunction(
            (limit) => {
              const box = document.querySelector('[data-lesson-focus]')?.getBoundingClientRect();
              return !!box && box.top >= 0 && (box.height > limit || box.bottom <= limit);
            },
            VIEWPORT.height,
            { timeout: 3000 },
          )
          .catch(() => undefined); // the assertions below then say what is wrong
        const box = await page.locator('[data-lesson-focus]').boundingBox();
        expect(box, `${where}: the target is laid out`).not.toBeNull();
        const { y, height } = box!;
        expect(y, `${where}: top`).toBeGreaterThanOrEqual(0);
        expect(y, `${where}: top`).toBeLessThan(VIEWPORT.height - 16);
        if (height <= VIEWPORT.height) {
          expect(y + height, `${where}: bottom`).toBeLessThanOrEqual(VIEWPORT.height);
        }
        // Screen readers hear what the step points at.
        expect(await page.textContent('[data-testid="lesson-focus-said"]')).toMatch(/^This step points at /);
      }
      expect(focused).toBeGreaterThan(0);
      expect(await page.isDisabled('[data-testid="lesson-next"]')).toBe(true);
      await page.close();
    },
    300_000,
  );
});
