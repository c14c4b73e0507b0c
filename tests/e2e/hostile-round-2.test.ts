// End to end in headless Chromium, the second round of hostile input (issue 27), on models the local hub
// builds at start (tests/support/hostile-models.ts): duplicate labels and outputs still render, a capture
// of values whose size ORT learns only at run time holds its budget, and after each case the page is
// contained (expectContained: no stray request, nothing cached, the text view still classifies).
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { expectContained, hubRepoPlaces, ordinaryPlaces, recordRequests } from './hostile-checks.ts';
import { TEXT_VALUE, WIDE_VALUE } from '../support/hostile-models.ts';
import { CATALOG_SIZE_LOOKUPS, hubPage, openHubId, openOutcome } from './pages/models-page.ts';
import { classify, waitUntilReady } from './pages/text-page.ts';

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

const MB = 1e6;

/** What the cases measured, written to test-results/hostile-round-2.json for docs/run-capture.md. */
const figures: Record<string, number> = {};
afterAll(() => {
  mkdirSync('test-results', { recursive: true });
  writeFileSync('test-results/hostile-round-2.json', `${JSON.stringify(figures, null, 2)}\n`);
});

/**
 * Resident memory of this test's Chromium renderers (the page and its workers live there), in bytes: the
 * sum of VmRSS over the processes descended from this test process whose command line says
 * --type=renderer, read from /proc (Linux).
 */
function rendererBytes(): number {
  const parent = new Map<number, number>();
  const renderers: number[] = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parent.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) renderers.push(pid);
    } catch {
      // The process ended while being read.
    }
  }
  const ours = (pid: number): boolean => {
    for (let at = pid; at > 1; at = parent.get(at) ?? 0) if (at === process.pid) return true;
    return false;
  };
  let bytes = 0;
  for (const pid of renderers.filter(ours)) {
    try {
      const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      bytes += Number(rss?.[1] ?? 0) * 1024;
    } catch {
      // Ended meanwhile.
    }
  }
  return bytes;
}

/** Runs work while sampling rendererBytes every 50 ms; returns the highest sample. */
async function peakRendererBytes(work: () => Promise<void>): Promise<number> {
  let peak = rendererBytes();
  const timer = setInterval(() => (peak = Math.max(peak, rendererBytes())), 50);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rendererBytes());
}

/** Look inside from the tensor view; resolves when the capture is painted or has failed. */
async function lookInside(page: Page): Promise<void> {
  await page.click('[data-testid="tab-tensors"]');
  await page.click('[data-testid="look-inside-button"]:visible');
  await page.waitForSelector('[data-testid="run-overlay"] [data-testid="capture-facts"]', {
    timeout: 180_000,
  });
  await page.waitForSelector('[data-testid="capture-stage"]', { state: 'detached', timeout: 180_000 });
}

/** The repos these cases open, one page for all: each case's requests are checked with the earlier ones. */
const REPOS = [
  'duplicate-labels',
  'duplicate-output',
  'unknown-size',
  'slow-loop',
  'hostile-names',
  'many-outputs',
];

/** The longest main-thread task (Long Tasks API: only tasks over 50 ms are reported) while work runs. */
async function longestTask(page: Page, work: () => Promise<void>): Promise<number> {
  await page.evaluate(() => {
    const state = window as unknown as { longest: number; longObserver?: PerformanceObserver };
    state.longest = 0;
    state.longObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) state.longest = Math.max(state.longest, entry.duration);
    });
    state.longObserver.observe({ type: 'longtask' });
  });
  await work();
  // Long tasks are reported after they end: one more frame lets the last one arrive.
  return page.evaluate(
    () =>
      new Promise<number>((resolve) =>
        requestAnimationFrame(() =>
          setTimeout(() => {
            const state = window as unknown as { longest: number; longObserver?: PerformanceObserver };
            state.longObserver?.disconnect();
            resolve(state.longest);
          }, 0),
        ),
      ),
  );
}

/** Milliseconds from a click on `button` to `shown` appearing, both seen by the page itself. */
async function clickAndTime(page: Page, button: string, shown: string): Promise<number> {
  const appeared = page.evaluate(
    (selector) =>
      new Promise<number>((resolve) => {
        let clicked = 0;
        document.addEventListener('click', () => (clicked = performance.now()), {
          capture: true,
          once: true,
        });
        const observer = new MutationObserver(() => {
          if (clicked > 0 && document.querySelector(selector)) {
            observer.disconnect();
            resolve(performance.now() - clicked);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
      }),
    shown,
  );
  await page.click(button);
  return appeared;
}

function places(): string[] {
  return [
    ...ordinaryPlaces(baseUrl, hubUrl),
    ...REPOS.flatMap((repo) => hubRepoPlaces(hubUrl, `glassbox/${repo}`)),
  ];
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
      mayReach: places(),
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
      mayReach: places(),
      nothingSaved: NOTHING_FAILED,
    });
  });

  it('holds the capture budget for values whose size ONNX Runtime learns only at run time', async () => {
    await openRepo(page, 'glassbox/unknown-size', 'tensor-view');
    await runTensors(page);
    // The default budget (256 MiB) against six values of 64.1 MiB each: captured, three to a run.
    await lookInside(page);
    const facts = await page.textContent('[data-testid="capture-facts"]');
    expect(facts).toMatch(/block by block in [2-9] runs/);
    expect(facts).not.toMatch(/skipped/);
    // The smallest budget (64 MiB): each value alone is over it, so none is fetched, each with a sentence.
    await page.selectOption('[data-testid="capture-budget"]', String(64 * 1024 * 1024));
    const before = rendererBytes();
    const peak = await peakRendererBytes(() => lookInside(page));
    const after = rendererBytes();
    Object.assign(figures, {
      rendererBeforeMB: Math.round(before / MB),
      rendererPeakMB: Math.round(peak / MB),
      rendererAfterMB: Math.round(after / MB),
    });
    expect(await page.textContent('[data-testid="capture-facts"]')).toMatch(
      /6 skipped · [\d.]+ [KM]?B kept of a 64\.0 MB budget/,
    );
    // Before the fix all six were fetched in one chunk (403 MB in ONNX Runtime's heap and as many again
    // as copies); now none is. The margin is for the garbage collector's timing, not for the values.
    expect(peak - before).toBeLessThan(200 * MB);
    await page.fill('[data-testid="inspector-search"]', '/big/Add3');
    await page.click('[data-testid="search-hit"]');
    expect(await page.textContent('[data-testid="captured-skipped"]')).toContain(
      'Not captured: v3 holds 64.1 MB on this input, more than the capture’s whole budget of 64.0 MB: choose a larger budget to capture it.',
    );
    await page.selectOption('[data-testid="capture-budget"]', String(256 * 1024 * 1024));
    await expectContained(page, requests, {
      mayReach: places(),
      nothingSaved: NOTHING_FAILED,
    });
  });

  it('stops a capture within 2 s, and the view runs again', async () => {
    await openRepo(page, 'glassbox/slow-loop', 'tensor-view');
    await runTensors(page);
    await page.click('[data-testid="look-inside-button"]:visible');
    await page.waitForSelector('[data-testid="look-inside-stage"]:visible');
    // Timed in the page (click → notice), not by the test's polling, which a busy renderer slows.
    const stoppedAfter = await clickAndTime(
      page,
      '[data-testid="capture-stop"]:visible',
      '[data-error-code="run-stopped"]',
    );
    figures.captureStopMs = Math.round(stoppedAfter);
    expect(stoppedAfter).toBeLessThan(2000);
    expect(await page.textContent('[data-testid="look-inside"]:visible')).toContain('You stopped it');
    await page.waitForSelector(`${RUN}:not([disabled])`, { timeout: 60_000 });
    await expectContained(page, requests, {
      mayReach: places(),
      nothingSaved: NOTHING_FAILED,
    });
  });

  it('shows a value of 200,000 batch items with a number field, and names with invisible characters visibly', async () => {
    await openRepo(page, 'glassbox/hostile-names', 'tensor-view');
    await runTensors(page);
    await lookInside(page);
    const longest = await longestTask(page, async () => {
      await page.fill('[data-testid="inspector-search"]', '/wide/Expand');
      await page.click('[data-testid="search-hit"]');
      await page.waitForSelector('[data-testid="value-viewer"][data-viewer="channels"]', { timeout: 60_000 });
    });
    figures.batchViewerLongestTaskMs = Math.round(longest);
    // One <option> per item took 2.7–4.9 s; the margin is for this shared 2-core machine's load.
    expect(longest).toBeLessThan(1000);
    expect(await page.locator('[data-testid="batch-picker"]').count()).toBe(0);
    const field = page.locator('[data-testid="batch-number"]');
    expect(await field.getAttribute('max')).toBe('199999');
    await field.fill('150000');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('150000');
    await field.fill('9999999');
    await field.press('Enter');
    expect(await field.inputValue()).toBe('199999');
    // The name's right-to-left override and BEL are shown as visible symbols, to the eye and to a reader.
    const shown = 'wide⟨U+202E⟩yfi␇';
    expect(WIDE_VALUE).not.toBe(shown);
    expect(await page.textContent('[data-testid="value-viewer"] h3')).toBe(shown);
    expect(await page.getAttribute('[data-testid="value-viewer"]', 'aria-label')).toBe(`Values of ${shown}`);
    await page.fill('[data-testid="inspector-search"]', '/text/Cast');
    await page.click('[data-testid="search-hit"]');
    const skipped = (await page.textContent('[data-testid="captured-skipped"]')) ?? '';
    expect(skipped).toContain('text␀␇␛');
    expect(skipped).not.toContain(TEXT_VALUE);
    await expectContained(page, requests, { mayReach: places(), nothingSaved: NOTHING_FAILED });
  });

  it('draws the first 50 of 5,000 outputs and counts the rest', async () => {
    await openRepo(page, 'glassbox/many-outputs', 'tensor-view');
    await page.waitForSelector(`${RUN}:not([disabled])`, { timeout: 120_000 });
    const longest = await longestTask(page, async () => {
      await page.click(RUN);
      await page.waitForSelector('[data-testid="tensor-outputs-more"]', { timeout: 120_000 });
    });
    figures.manyOutputsLongestTaskMs = Math.round(longest);
    // Every output drawn took tasks of 1.9–2.6 s; the margin is for this shared machine's load.
    expect(longest).toBeLessThan(1000);
    expect(await page.locator('[data-testid="tensor-outputs"] article').count()).toBe(50);
    expect(await page.textContent('[data-testid="tensor-outputs-more"]')).toContain(
      '… and 4,950 more outputs',
    );
    await expectContained(page, requests, { mayReach: places(), nothingSaved: NOTHING_FAILED });
  });
});

describe('hostile lesson files and links', () => {
  const browser = useBrowser({ webgpu: false });

  async function openLessonFile(page: Page, text: string): Promise<void> {
    await page.setInputFiles('[data-testid="lesson-file"]', {
      name: 'hostile.md',
      mimeType: 'text/markdown',
      buffer: Buffer.from(text),
    });
  }

  it('lists the first problems of a lesson file with 99,000 and counts the rest', async () => {
    const page = await browser.newPage();
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="lesson-file"]', { state: 'attached' });
    // 198 KB, under both size limits: every line of the front matter is a problem.
    const file = `---\n${'x\n'.repeat(99_000)}---\n`;
    const longest = await longestTask(page, async () => {
      await openLessonFile(page, file);
      await page.waitForSelector('[data-testid="lesson-problems-more"]');
    });
    figures.lessonProblemsLongestTaskMs = Math.round(longest);
    // 99,000 list items took 19.7–24.5 s; parsing the file is most of what is left.
    expect(longest).toBeLessThan(1000);
    expect(await page.locator('[data-testid="lesson-problems"] li').count()).toBe(21);
    expect(await page.textContent('[data-testid="lesson-problems-more"]')).toMatch(/… and 9[\d,]+ more/);
    await page.close();
  });

  it('shows a lesson’s invisible characters as symbols and wraps its 100,000-character word', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(baseUrl);
    await page.waitForSelector('[data-testid="lesson-file"]', { state: 'attached' });
    const word = 'w'.repeat(100_000);
    await openLessonFile(
      page,
      `---\nid: hostile\ntitle: Read \u202etxt.exe\u0000\n---\n\n## Step \u001b one\nview: text\n\n${word} and \u0007 more.\n`,
    );
    await page.waitForSelector('[data-testid="lesson-step"][data-applying="false"]', { timeout: 120_000 });
    expect(await page.textContent('[data-testid="lesson-title"]')).toBe('Read ⟨U+202E⟩txt.exe␀');
    expect(await page.textContent('[data-testid="lesson-step"] h3')).toBe('Step ␛ one');
    expect(await page.textContent('[data-testid="lesson-step"] p')).toContain('and ␇ more.');
    const widths = await page.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      window: window.innerWidth,
    }));
    expect(widths.page).toBeLessThanOrEqual(widths.window);
    await page.close();
  });

  it('names a lesson that does not exist with visible symbols', async () => {
    const page = await browser.newPage();
    await page.goto(`${baseUrl}?lesson=${encodeURIComponent('\u202eevil\u0000')}`);
    const problems = page.locator('[data-testid="lesson-problems"]');
    await problems.waitFor({ timeout: 60_000 });
    expect(await problems.textContent()).toContain('There is no lesson “⟨U+202E⟩evil␀”');
    await page.close();
  });

  it('says why a synthetic model’s link drops overlay and node, and still opens its lesson', async () => {
    const page = await browser.newPage();
    await page.goto(
      `${baseUrl}?synthetic=matmul-128&task=inspect&overlay=time&node=a&lesson=tiny-bert-reads`,
    );
    const problems = (await page.textContent('[data-testid="link-problems"]')) ?? '';
    expect(problems).toContain(
      'The link’s overlay was ignored: a synthetic model has no run to look inside yet.',
    );
    expect(problems).toContain('The link’s node was ignored: a synthetic model opens at its overview.');
    await page.waitForSelector('[data-testid="lesson-title"]', { timeout: 120_000 });
    await page.close();
  });

  it('times the nodes for a link with overlay=time, and opens its lesson too', async () => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    const text = encodeURIComponent('A warm and funny film.');
    await page.goto(
      `${baseUrl}?model=tiny-sentiment-bert&task=inspect&overlay=time&text=${text}&lesson=tiny-bert-reads`,
    );
    // The lesson opens after the inspection and its first step moves the page to the text view, so
    // the inspector's state is read attached, not visible.
    const attached = { state: 'attached', timeout: 180_000 } as const;
    await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="time"]', attached);
    await page.waitForSelector('[data-testid="timing-result"]', attached);
    // Before the fix the metric was restored with no times: "no data · 0 of 14 boxes have a value". (The
    // boxes themselves are not drawn while the inspector is hidden; its legend still counts them.)
    const legend = (await page.textContent('[data-testid="overlay-legend"]')) ?? '';
    const [, painted] = /(\d+) of \d+ boxes have a value/.exec(legend) ?? [];
    expect(Number(painted)).toBeGreaterThan(0);
    // ORT ran the tiny BERT's LayerNorms, Gelus and scaled MatMuls as fused kernels the model does not
    // name; their time is mapped back to the graph, none dropped (issue 26).
    await page.waitForSelector('[data-testid="fused-result"]', attached);
    const fused = page.locator('[data-testid="fused-result"]');
    expect(await fused.getAttribute('data-unmapped')).toBe('false');
    expect(await fused.textContent()).toMatch(/LayerNormalization ×5.*All of it mapped back/s);
    await page.waitForSelector('[data-testid="lesson-title"]', { timeout: 120_000 });
    await page.close();
  });
});
