// axe-core (the standard accessibility engine) in a page: its serious and critical findings, and the
// wait for a colour scheme to be painted before reading colours. Shared by the accessibility tests.
import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';

/** The path of axe-core's script, for context.addInitScript. */
export const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
export const SCHEMES = ['light', 'dark'] as const;

export interface Violation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  // Colours settle first: even cut to 0.01 ms by reduced motion, a transition (a toggle pressed, the
  // colour scheme switched) shows its start colours until the next frame, which a loaded machine delays;
  // axe read those once (white on white). Waiting for the state, not a time.
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => animation.playState !== 'running'),
  );
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<unknown> } }).axe;
    const result = (await axe.run(document)) as {
      violations: Array<{
        id: string;
        impact: string | null;
        help: string;
        nodes: Array<{ target: unknown[]; failureSummary?: string }>;
      }>;
    };
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact ?? '',
        help: v.help,
        targets: v.nodes
          .slice(0, 5)
          .map(
            (node) =>
              `${node.target.map(String).join(' ')}: ${node.failureSummary?.split('\n').at(-1) ?? ''}`,
          ),
      }));
  });
}

/**
 * Chromium repaints some backgrounds only frames after a scheme change: wait until the header's background
 * is the panel colour of the new scheme (as a fresh element computes it).
 */
export async function schemeApplied(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const probe = document.createElement('div');
    probe.style.background = 'var(--panel)';
    document.body.append(probe);
    const want = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const header = document.querySelector('.app-header');
    return header !== null && getComputedStyle(header).backgroundColor === want;
  });
}

/** A desktop-sized context with reduced motion (no colour transition half-way) and axe-core loaded. */
export async function axeContext(browser: Pick<Browser, 'newContext'>): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    reducedMotion: 'reduce',
  });
  await context.addInitScript({ path: AXE });
  return context;
}

/** The serious and critical findings in the light and the dark scheme, by scheme (empty when none). */
export async function violationsInBothSchemes(page: Page): Promise<Record<string, Violation[]>> {
  const found: Record<string, Violation[]> = {};
  for (const colorScheme of SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await schemeApplied(page);
    const violations = await seriousViolations(page);
    if (violations.length > 0) found[colorScheme] = violations;
  }
  return found;
}
