// The README's screenshots, one scene each: how to reach the view from a fresh page and bring it to a
// result (a run, a measurement, a board), with deterministic inputs (the views' own samples and examples,
// fixed plans). Each scene ends with the result scrolled into the 1280×800 viewport, which is what gets
// shot. The page helpers are the e2e tests' own, so a scene breaks when the test of its view would.
import type { Page } from 'playwright-core';
import { APP_VIEWS } from './app-views.ts';
import { fillPlan, runAndWait } from '../tests/e2e/pages/bench-page.ts';
import { generate, openGenerator } from '../tests/e2e/pages/generate-page.ts';
import { classResultFiles } from '../tests/support/class-board-files.ts';

export interface Scene {
  /** docs/screenshots/<id>.png */
  id: string;
  /** Query of the first address (task=…, synthetic=…). */
  query: string;
  /** Brings the view to its result from a fresh page at `query`. */
  act: (page: Page, url: string) => Promise<void>;
  /**
   * Scrolled to near the top of the viewport before the shot (the settings above it stay a scroll away),
   * so that the input, its action and the result are in the picture.
   */
  show?: string;
  /** Pixels kept above `show` (its label or heading); 48 unless said. */
  above?: number;
}

// A first load compiles ONNX Runtime's WASM; the ladder measures five variants: slow on a busy 2-core machine.
const LONG = { timeout: 240_000 };

function viewReady(id: (typeof APP_VIEWS)[number]['id']): Scene['act'] {
  return async (page) => {
    const view = APP_VIEWS.find((candidate) => candidate.id === id);
    if (!view) throw new Error(`No app view ${id}`);
    await view.ready(page);
  };
}

async function stageDone(page: Page, stage: string): Promise<void> {
  await page.waitForFunction(
    (testId) => {
      const element = document.querySelector(`[data-testid="${testId}"]`);
      return (
        Number(element?.getAttribute('data-inferences')) >= 1 &&
        element?.getAttribute('data-status') === 'done'
      );
    },
    stage,
    LONG,
  );
}

async function textExamplesClassified(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="result"]').length >= 3,
    null,
    LONG,
  );
}

export const SCENES: readonly Scene[] = [
  { id: 'text', query: '?task=text', show: '[data-testid="input-text"]', act: textExamplesClassified },
  {
    id: 'detection',
    query: '?task=detection',
    show: '[data-testid="detection-stage"]',
    act: viewReady('detection'),
  },
  {
    id: 'classify',
    query: '?task=classify',
    show: '[data-testid="classify-stage"]',
    act: viewReady('classify'),
  },
  {
    id: 'fill-mask',
    query: '?task=fill-mask',
    show: '[data-testid="fill-mask-text"]',
    act: async (page) => {
      await page.waitForSelector('[data-testid="fill-mask-results"] [data-testid="filler"]', LONG);
    },
  },
  {
    id: 'generate',
    query: '?task=generate',
    show: '[data-testid="generate"]',
    above: 150,
    act: async (page, url) => {
      await openGenerator(page, url, 24);
      // Folded again: the settings would push the generated tokens off the picture.
      await page.click('[data-testid="generation-settings"] summary');
      await generate(page);
    },
  },
  {
    id: 'segment',
    query: '?task=segment',
    show: '[data-testid="segment-stage"]',
    act: (page) => stageDone(page, 'segment-stage'),
  },
  {
    id: 'depth',
    query: '?task=depth',
    show: '[data-testid="depth-stage"]',
    act: (page) => stageDone(page, 'depth-stage'),
  },
  {
    // The text view's run, looked inside: the graph painted with each node's mean |value|.
    id: 'inspect',
    query: '?task=text',
    show: '[data-testid="graph-canvas"]',
    above: 64,
    act: async (page) => {
      await textExamplesClassified(page);
      await page.click('[data-testid="look-inside-button"]:visible');
      await page.waitForSelector('[data-testid="graph-canvas"][data-overlay="mean-abs"]', LONG);
      await page.waitForSelector('[data-testid="inspector"][data-view-pending="false"]', LONG);
    },
  },
  {
    id: 'ladder',
    query: '?task=text',
    show: '[data-testid="ladder-measure"]',
    above: 16,
    act: async (page) => {
      await textExamplesClassified(page);
      await page.click('[data-testid="precision-ladder"] summary');
      await page.click('[data-testid="ladder-measure"]');
      await page.waitForSelector('[data-testid="ladder-status"]:has-text("Measured on WASM")', LONG);
    },
  },
  {
    // A short fixed plan on the embedded text classifier: WASM with 1 and 2 threads.
    id: 'bench',
    query: '?task=bench',
    show: '[data-testid="bench-result"]',
    act: async (page) => {
      await viewReady('bench')(page, '');
      await fillPlan(page, {
        model: 'tiny-sentiment-bert',
        input: 'current',
        configs: ['wasm-1', 'wasm-2'],
        warmUp: 1,
        iterations: 10,
        profileRuns: 1,
        overheadPairs: 0,
      });
      await runAndWait(page, LONG.timeout);
    },
  },
  {
    // The test suite's generated result files (several devices), not measurements: the README says so.
    id: 'class-board',
    query: '?task=bench',
    show: '[data-testid="class-board-status"]',
    above: 170,
    act: async (page) => {
      await viewReady('bench')(page, '');
      const files = classResultFiles(30).filter((file) => !file.bad);
      await page.setInputFiles(
        '[data-testid="class-board-files"]',
        files.map((file) => ({
          name: file.name,
          mimeType: 'application/json',
          buffer: Buffer.from(file.text),
        })),
      );
      await page.waitForFunction(() => {
        const status = document.querySelector('[data-testid="class-board-status"]');
        return status?.getAttribute('data-pending') === '0' && !status.textContent?.includes('reading');
      });
    },
  },
  { id: 'models', query: '?task=models', act: viewReady('models') },
  {
    // A synthetic MatMul (fixed shapes) run once with the inputs the view fills in.
    id: 'tensors',
    query: '?synthetic=matmul-128',
    show: '[data-testid="tensor-run"]',
    above: 160,
    act: async (page) => {
      await page.waitForSelector('[data-testid="tensor-run"]:not([disabled])', LONG);
      await page.click('[data-testid="tensor-run"]');
      await page.waitForSelector('[data-testid="tensor-outputs"]', LONG);
    },
  },
];

/** Opens a scene in `page`, brings it to its result and scrolls that result into view. */
export async function playScene(page: Page, baseUrl: string, scene: Scene): Promise<void> {
  await page.goto(`${baseUrl}${scene.query}`);
  await scene.act(page, baseUrl);
  if (scene.show)
    await page
      .locator(scene.show)
      .first()
      .evaluate((element, above) => {
        window.scrollTo(0, element.getBoundingClientRect().top + window.scrollY - above);
      }, scene.above ?? 48);
  else await page.evaluate(() => window.scrollTo(0, 0));
  // Let layout and transitions settle before anyone looks.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}
