// End to end in headless Chromium: the architecture inspector on each embedded model (search, node panel
// with weight statistics, SVG export), groups that open and fold, keyboard moves, bad files with their
// precise errors, and hostile names that stay text.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { HUB_FILES, MODEL_CATALOG } from '../../src/lib/catalog/model-catalog.ts';
import { encodeModel } from '../../src/lib/onnx/index.ts';
import { REPO_ROOT } from '../support/file-fetch.ts';
import { bertNodeNames, chainFromNames } from '../unit/graph/scoped-models.ts';
import { FLOAT, model, node, valueInfo } from '../unit/onnx/model-builders.ts';
import { useBrowser } from './browser.ts';
import {
  download,
  openFileBuffer,
  searchAndSelect,
  waitForModel,
  waitForView,
} from './pages/inspector-page.ts';
import { longestMainThreadTask } from './main-thread-tasks.ts';

const baseUrl = inject('baseUrl');
// Every catalog model is embedded and committed: a missing file must fail its test, not skip it.
const EMBEDDED = MODEL_CATALOG;
const WEIGHTED_OPS = ['Conv', 'MatMul', 'Gemm'];
/**
 * Where a model keeps its weights on other nodes: tiny-bible-bert was exported without constant folding
 * (so its tied embedding matrix is stored once), and each MatMul reads its weight through a Transpose of
 * the initializer: the Transpose is the node whose input is the weight.
 */
const WEIGHTED_OPS_OF: Record<string, string[]> = { 'tiny-bible-bert': ['Transpose'] };

type Rect = { left: number; right: number; top: number; bottom: number; width: number; height: number };
const within = (inner: Rect, outer: Rect): boolean =>
  inner.left >= outer.left - 1 &&
  inner.right <= outer.right + 1 &&
  inner.top >= outer.top - 1 &&
  inner.bottom <= outer.bottom + 1;

/** Screen rectangles of the canvas, its inputs-and-outputs bar, and the given graph nodes (null: not drawn). */
async function endRects(page: Page) {
  return page.evaluate(() => {
    type Glassbox = { inspector: { view: { nodes: Array<{ id: string; kind: string }> } } };
    const nodes = (window as unknown as { glassbox: Glassbox }).glassbox.inspector.view.nodes;
    const ids = nodes
      .filter((node) => node.kind === 'input' || node.kind === 'output')
      .map((node) => node.id);
    const svg = document.querySelector('[data-testid="graph-canvas"]');
    const rect = (element: Element | null | undefined) =>
      element ? (element.getBoundingClientRect().toJSON() as Rect) : null;
    return {
      ids,
      listed: [...document.querySelectorAll('[data-testid="graph-ends"] [data-end-id]')].map((b) =>
        b.getAttribute('data-end-id'),
      ),
      canvas: rect(svg),
      bar: rect(document.querySelector('[data-testid="graph-ends"]')),
      innerHeight: window.innerHeight,
      drawn: ids.map((id) => rect(svg?.querySelector(`[data-node-id="${CSS.escape(id)}"]`))),
    };
  });
}

/**
 * The first view shows the graph's inputs and outputs: as boxes inside the canvas when the whole graph fits
 * legibly (the BERT model), and always in the inputs-and-outputs bar, where one click brings the node
 * itself into view. The bar never covers the graph: on wide screens ('beside') it heads the side column,
 * right of the canvas; on phones ('below') it sits under the graph; on screen either way.
 */
async function expectEndsInReach(
  page: Page,
  wholeGraphFits: boolean,
  bar: 'beside' | 'below' = 'beside',
): Promise<void> {
  await waitForView(page);
  const first = await endRects(page);
  expect(first.ids.length).toBeGreaterThan(1);
  expect(first.listed.sort()).toEqual([...first.ids].sort());
  if (bar === 'beside') {
    const { canvas, bar: ends, innerHeight } = first;
    expect(canvas && ends).toBeTruthy();
    if (!canvas || !ends) return;
    expect(ends.left).toBeGreaterThanOrEqual(canvas.right);
    expect(ends.top).toBeLessThan(innerHeight);
  } else {
    const { canvas, bar: ends, innerHeight } = first;
    expect(canvas && ends).toBeTruthy();
    if (!canvas || !ends) return;
    expect(ends.top).toBeGreaterThanOrEqual(canvas.bottom);
    expect(ends.bottom).toBeLessThanOrEqual(innerHeight);
    expect(ends.left >= canvas.left - 1 && ends.right <= canvas.right + 1).toBe(true);
  }
  if (wholeGraphFits) {
    for (const drawn of first.drawn) expect(drawn && first.canvas && within(drawn, first.canvas)).toBe(true);
  }
  const lastOutput = first.ids.at(-1) ?? '';
  await page.click(`[data-testid="graph-ends"] [data-end-id="${lastOutput}"]`);
  await page.waitForSelector(`[data-node-id="${lastOutput}"][data-selected]`);
  const after = await endRects(page);
  const shown = after.drawn[after.ids.indexOf(lastOutput)];
  expect(shown && after.canvas && within(shown, after.canvas)).toBe(true);
}

/** Whether the view draws Constants as boxes, and how many Constant boxes it has (drawn or culled). */
async function constantBoxes(page: Page): Promise<{ shown: boolean; count: number }> {
  return page.evaluate(() => {
    type View = { constantsShown: boolean; nodes: Array<{ title: string }> };
    const view = (window as unknown as { glassbox: { inspector: { view: View } } }).glassbox.inspector.view;
    return { shown: view.constantsShown, count: view.nodes.filter((n) => n.title === 'Constant').length };
  });
}

describe('architecture inspector', () => {
  const browser = useBrowser({ webgpu: false });
  const { pageErrors } = browser;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${baseUrl}?task=inspect&model=${EMBEDDED[0]?.id ?? ''}`);
  });

  it.each(EMBEDDED.map((entry) => [entry.id, entry] as const))(
    'opens %s, finds a weighted node, shows its weight statistics and exports the view as SVG',
    async (id, entry) => {
      await page.click(`[data-testid="inspect-${entry.id}"]`);
      await waitForModel(page, `${id}/${HUB_FILES.model}`);
      expect(await page.textContent('[data-testid="summary-node-count"]')).toMatch(/\d/);
      await expectEndsInReach(page, id === 'tiny-sentiment-bert');

      const opTypes = await page.$$eval('[data-testid="op-histogram"] li', (rows) =>
        rows.map((row) => row.getAttribute('data-key')?.replace(/^\//, '') ?? ''),
      );
      const weighted = WEIGHTED_OPS_OF[id] ?? WEIGHTED_OPS;
      const opType = opTypes.find((op) => weighted.includes(op));
      expect(opType, `one of ${weighted.join(', ')} in ${opTypes.join(', ')}`).toBeDefined();
      await searchAndSelect(page, opType ?? '');
      expect((await page.textContent('[data-testid="node-op-type"]'))?.trim()).toMatch(
        new RegExp(`^${opType}`),
      );
      await page.waitForSelector('[data-testid="tensor-stats"] [data-stat="std"]');
      expect(await page.$$('[data-testid="tensor-histogram"] rect')).not.toHaveLength(0);
      expect(
        await page.$('[data-testid="node-attributes"], [data-testid="node-panel"] .muted'),
      ).not.toBeNull();

      // Models with name scopes: open the first closed block from the outline, fold it from its frame.
      const closedBlock = await page.$('[data-testid="outline-row"][aria-expanded="false"]');
      const path = await closedBlock?.getAttribute('data-path');
      if (closedBlock && path) {
        await closedBlock.click();
        await waitForView(page);
        expect(await page.$(`[data-node-id="group:${path}"]`)).toBeNull();
        await page.click(`[data-collapse-path="${path}"]`);
        await page.waitForSelector(`[data-node-id="group:${path}"][data-selected]`);
      }

      const drawnNodes = Number(await page.getAttribute('[data-testid="graph-canvas"]', 'data-node-count'));
      const svg = await download(page, 'export-svg');
      const text = svg.bytes.toString('utf8');
      expect(svg.name).toBe(`${id}.svg`);
      expect(text).toMatch(/^<\?xml[^>]*>\n<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      expect(text.match(/data-node-id=/g)).toHaveLength(drawnNodes);
      expect(text).not.toContain('data-viewport="" transform');
    },
  );

  it('folds the BERT’s Constants into their consumers, shows them again, and leads a link naming one there', async () => {
    await page.goto(
      `${baseUrl}?task=inspect&model=tiny-sentiment-bert&node=${encodeURIComponent('/bert/Constant_4')}`,
    );
    await waitForModel(page, 'tiny-sentiment-bert/onnx/model.onnx');
    // The link names a folded Constant: its consumer is selected, and a sentence says why.
    const note = await page.waitForSelector('[data-testid="reveal-note"]');
    expect(await note.textContent()).toContain(
      'The Constant “/bert/Constant_4” is folded into the Mul node “/bert/Mul”',
    );
    await page.waitForSelector('[data-node-id][data-selected]');
    expect(await page.textContent('[data-testid="node-name"]')).toBe('/bert/Mul');
    const folded = page.locator('[data-testid="node-panel"] [data-value-kind="constant"]');
    expect(await folded.locator('[data-testid="constant-value"]').textContent()).toBe('float32[] = -10000');
    expect(await constantBoxes(page)).toEqual({ shown: false, count: 0 });

    await page.click('[data-testid="toggle-constants"]');
    await waitForView(page);
    const shown = await constantBoxes(page);
    expect(shown.shown).toBe(true);
    expect(shown.count).toBeGreaterThan(4);
    expect(await page.$('[data-testid="reveal-note"]')).toBeNull();

    // A Constant's own panel: its value, statistics and the values themselves.
    await searchAndSelect(page, '/bert/Constant_4');
    expect((await page.textContent('[data-testid="node-op-type"]'))?.trim()).toMatch(/^Constant/);
    expect(await page.textContent('[data-testid="node-panel"] [data-testid="constant-value"]')).toBe(
      'float32[] = -10000',
    );
    expect(await page.textContent('[data-testid="node-panel"] [data-testid="tensor-values"]')).toBe('-10000');

    await page.click('[data-testid="toggle-constants"]');
    await waitForView(page);
    expect(await constantBoxes(page)).toEqual({ shown: false, count: 0 });
  });

  it('keeps the open graph when a bad file is opened, with advice for a file from disk', async () => {
    const selected = await searchAndSelect(page, 'Gemm');
    const html = new TextEncoder().encode('<!doctype html><html><body>Model card</body></html>');
    await openFileBuffer(page, 'saved-page.onnx', html);
    const failure = await page.waitForSelector('[data-testid="open-failure"] [data-error-code]');
    expect(await failure.textContent()).toContain('saved-page.onnx could not be opened');
    expect(await failure.textContent()).toContain('tiny-sentiment-bert/onnx/model.onnx is still open');
    const remedy = (await page.textContent('[data-testid="open-failure"] .remedy')) ?? '';
    expect(remedy).toContain('saved web page');
    expect(remedy).not.toMatch(/server/i);
    // Still open and usable: the graph is drawn and a search selects a node.
    await page.waitForSelector('[data-testid="inspector"][data-status="ready"]');
    expect(await page.textContent('[data-testid="model-summary"] .file-name')).toBe(
      'tiny-sentiment-bert/onnx/model.onnx',
    );
    await page.waitForSelector(`[data-node-id="${selected}"][data-selected]`);
    expect((await page.textContent('[data-testid="node-op-type"]'))?.trim()).toMatch(/^Gemm/);
    await page.click('[data-testid="open-failure"] button:text("Dismiss")');
    expect(await page.$('[data-testid="open-failure"]')).toBeNull();
    await searchAndSelect(page, 'Softmax');
    expect((await page.textContent('[data-testid="node-op-type"]'))?.trim()).toMatch(/^Softmax/);
  });

  it('opens and folds a group of a BERT-style model, marks identical layers, and exports PNG and JSON', async () => {
    await openFileBuffer(page, 'bert-layers.onnx', encodeModel(model(chainFromNames(bertNodeNames(12)))));
    await waitForModel(page, 'bert-layers.onnx');
    expect(await page.textContent('[data-testid="repeated-blocks"]')).toContain('12 ×');
    await page.click('[data-testid="zoom-fit"]');
    const group = '[data-node-id="group:/bert/encoder/layer.3"]';
    expect(await page.textContent(`${group} text`)).toBe('layer.3');
    expect(await page.$$eval(`${group} text`, (texts) => texts.map((t) => t.textContent))).toContain('4/12');

    await page.click(group);
    await waitForView(page);
    expect(await page.$(group)).toBeNull();
    const header = '[data-collapse-path="/bert/encoder/layer.3"]';
    expect(await page.textContent(header)).toContain('block 4 of 12');
    expect(await page.$('[data-node-id^="group:/bert/encoder/layer.3/"]')).not.toBeNull();

    await page.click(header);
    await page.waitForSelector(`${group}[data-selected]`);
    expect(await page.$(header)).toBeNull();
    expect(await page.textContent('[data-testid="group-repeat"]')).toContain('Block 4 of 12');

    const png = await download(page, 'export-png');
    expect(png.name).toBe('bert-layers.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    const json = await download(page, 'export-json');
    const summary = JSON.parse(json.bytes.toString('utf8')) as { summary: { nodeCount: number } };
    expect(summary.summary.nodeCount).toBe(bertNodeNames(12).length);
  });

  it('walks along edges with the arrow keys', async () => {
    await page.focus('[data-testid="graph-canvas"]');
    await page.keyboard.press('Escape');
    await page.keyboard.press('ArrowDown');
    await page.waitForSelector('[data-node-id="input:x"][data-selected]');
    await page.keyboard.press('ArrowDown');
    const next = await page.waitForSelector('[data-selected]:not([data-node-id="input:x"])');
    expect(await next.getAttribute('data-node-id')).toMatch(/^n0$/);
    expect((await page.textContent('[data-testid="node-op-type"]'))?.trim()).toMatch(/^Gather/);
    await page.keyboard.press('ArrowUp');
    await page.waitForSelector('[data-node-id="input:x"][data-selected]');
  });

  it('explains a random-bytes file and a truncated file precisely', async () => {
    let seed = 11;
    const random = Uint8Array.from({ length: 2048 }, () => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    await openFileBuffer(page, 'broken.onnx', random);
    const error = await page.waitForSelector('[data-error-code="model-file-invalid"]');
    expect(await error.textContent()).toContain('Not an ONNX model (broken.onnx)');

    const nanodet = resolve(REPO_ROOT, 'models/nanodet-coco/onnx/model.onnx');
    await openFileBuffer(page, 'cut.onnx', new Uint8Array(readFileSync(nanodet)).subarray(0, 50_000));
    await page.waitForFunction(() =>
      document
        .querySelector('[data-error-code="model-file-invalid"]')
        ?.textContent?.includes('Truncated file (cut.onnx)'),
    );
    expect(await page.textContent('[data-error-code="model-file-invalid"] .remedy')).toContain('download');
  });

  it('renders names containing HTML and control characters as text', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    const bytes = encodeModel(
      model(
        {
          node: [node('Relu', [hostile], ['y\u0007'], { name: hostile })],
          input: [valueInfo(hostile, FLOAT, [1, 4])],
          output: [valueInfo('y\u0007', FLOAT, [1, 4])],
        },
        {
          metadata_props: [
            { key: 'note', value: '<script>alert(2)</script>' },
            { key: 'author\u202e', value: 'bell\u0007 nul\u0000 esc\u001b rlo\u202eexe.txt' },
          ],
        },
      ),
    );
    await openFileBuffer(page, 'hostile.onnx', bytes);
    await waitForModel(page, 'hostile.onnx');
    await searchAndSelect(page, '<img');
    expect(await page.textContent('[data-testid="node-name"]')).toBe(hostile);
    expect(await page.textContent('[data-node-id="output:y\u0007"] text')).toBe('y\u2407');
    expect(await page.textContent('[data-testid="summary-inputs"]')).toContain(hostile);
    expect(await page.textContent('[data-testid="summary-metadata"]')).toContain(
      'author⟨U+202E⟩ bell␇ nul␀ esc␛ rlo⟨U+202E⟩exe.txt',
    );
    expect(await page.$$('[data-testid="inspector"] img, [data-testid="inspector"] script')).toHaveLength(0);
    expect(dialogs).toEqual([]);
  });

  it(
    'opens a 1,000,000-input node and a 100,000-character name with no main-thread task over 200 ms',
    { timeout: 240_000 },
    async () => {
      const longName = `long${'\u202e'}${'n'.repeat(100_000)}`;
      const bytes = encodeModel(
        model({
          node: [
            node(
              'Sum',
              Array.from({ length: 1_000_000 }, (_, i) => `x${i}`),
              ['s'],
              { name: 'wide_sum' },
            ),
            { ...node('Relu', ['s'], ['y'], { name: longName }), doc_string: 'd'.repeat(100_000) },
          ],
          input: [valueInfo('x0', FLOAT, [1])],
          output: [valueInfo('y', FLOAT, [1])],
        }),
      );
      // Measured by CPU time, so a busy machine (a task waiting for a core) does not fail it
      // (main-thread-tasks.ts).
      const longest = await longestMainThreadTask(browser.browser, page, async () => {
        // From a file on disk: a buffer would be handed over by script inside the page, a long task itself.
        const file = join(mkdtempSync(join(tmpdir(), 'glassbox-')), 'exhausting.onnx');
        writeFileSync(file, bytes);
        await page.setInputFiles('[data-testid="inspector-file"]', file);
        await page.waitForFunction(
          () =>
            document.querySelector('[data-testid="model-summary"] .file-name')?.textContent ===
            'exhausting.onnx',
          undefined,
          { timeout: 180_000 },
        );
        await searchAndSelect(page, 'wide_sum');
        await page.waitForSelector('[data-testid="more-inputs"]');
        expect((await page.textContent('[data-testid="more-inputs"]'))?.replace(/\s+/g, ' ')).toContain(
          '999,800 more inputs (1,000,000 in all)',
        );
        await searchAndSelect(page, 'nnnnnnnn');
        const name = await page.waitForSelector('[data-testid="node-name"]');
        const clipped = (await name.textContent()) ?? '';
        expect(clipped).toContain('long⟨U+202E⟩nnn');
        expect(clipped).toContain('Show all (100,012 characters)');
        expect(clipped.length).toBeLessThan(300);
        await page.click('[data-testid="node-name"] button');
        await page.waitForFunction(
          () => (document.querySelector('[data-testid="node-name"]')?.textContent?.length ?? 0) > 100_000,
        );
        await page.click('[data-testid="node-doc"] button');
        // Two frames after the last click, so its layout and paint are counted too.
        await page.evaluate(
          () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
        );
      });
      expect(longest.tasks).toBeGreaterThan(0);
      expect(
        longest.cpuMs,
        `longest main-thread task: ${longest.cpuMs} ms CPU, ${longest.wallMs} ms wall`,
      ).toBeLessThan(200);
    },
  );

  it('has not thrown an uncaught error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});

describe.each([
  [1440, 900],
  [390, 844],
])('inspector layout at %i×%i', (width, height) => {
  const browser = useBrowser({ webgpu: false });
  const { pageErrors } = browser;
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width, height } });
  });

  /** The canvas's rectangle and the window's height, as a person first sees them (not scrolled). */
  const canvasOnScreen = () =>
    page.evaluate(() => ({
      canvas: document
        .querySelector('[data-testid="graph-canvas"]')
        ?.getBoundingClientRect()
        .toJSON() as Rect,
      innerHeight: window.innerHeight,
      scrollY: window.scrollY,
    }));

  it.each(EMBEDDED.map((entry) => [entry.id] as const))(
    'opens %s with the graph starting above the fold and its inputs and outputs in reach',
    async (id) => {
      await page.goto(`${baseUrl}?task=inspect&model=${id}`);
      await waitForModel(page, `${id}/${HUB_FILES.model}`);
      const { canvas, innerHeight, scrollY } = await canvasOnScreen();
      expect(scrollY).toBe(0);
      expect(canvas.top).toBeGreaterThan(0);
      // Above the fold with room to spare: at least 40% of the window is graph.
      expect(canvas.top).toBeLessThan(innerHeight * 0.6);
      // On a wide screen the graph owns the window once scrolled to: its bottom is on screen too.
      if (width >= 1200) {
        await page.evaluate(() =>
          document.querySelector('.inspector-layout')?.scrollIntoView({ block: 'start' }),
        );
        await page.waitForFunction(
          () => Math.abs(document.querySelector('.inspector-layout')?.getBoundingClientRect().top ?? 99) < 2,
        );
        const bottom = await page.evaluate(
          () => document.querySelector('[data-testid="graph-canvas"]')?.getBoundingClientRect().bottom ?? 0,
        );
        expect(bottom).toBeLessThanOrEqual(innerHeight + 2);
        await page.evaluate(() => window.scrollTo(0, 0));
      }
      // No lesson is open: the lesson player takes no room (the header's picker starts one).
      expect(await page.$('[data-testid="lesson-dock"]')).toBeNull();
      await expectEndsInReach(
        page,
        id === 'tiny-sentiment-bert' && width >= 1200,
        width <= 600 ? 'below' : 'beside',
      );
      expect(pageErrors).toEqual([]);
    },
  );

  it('folds the side panels, shows the Blocks outline on screen, and goes full screen and back', async () => {
    await page.goto(`${baseUrl}?task=inspect&model=${EMBEDDED[0]?.id ?? ''}`);
    await waitForModel(page, `${EMBEDDED[0]?.id ?? ''}/${HUB_FILES.model}`);
    const before = await canvasOnScreen();
    if (width >= 1200) {
      const blocks = await page.$eval('[data-testid="blocks-outline"]', (e) => e.getBoundingClientRect().top);
      expect(blocks).toBeLessThan(before.innerHeight);
      await page.click('[data-testid="toggle-summary"]');
      await page.waitForSelector('#inspector-summary[hidden]', { state: 'attached' });
      await page.waitForFunction(
        (previous) =>
          (document.querySelector('[data-testid="graph-canvas"]')?.getBoundingClientRect().width ?? 0) >
          previous,
        before.canvas.width,
      );
      await page.click('[data-testid="toggle-summary"]');
    }
    await page.click('[data-testid="toggle-full-screen"]');
    const full = await page.$eval(
      '[data-testid="inspector"]',
      (e) => e.getBoundingClientRect().toJSON() as Rect,
    );
    expect(full.top).toBe(0);
    expect(full.bottom).toBeCloseTo(height, 0);
    const inFull = await canvasOnScreen();
    // More of the graph on screen than before, unscrolled (the normal view's canvas runs below the fold).
    const onScreen = (canvas: Rect, innerHeight: number) =>
      Math.min(canvas.bottom, innerHeight) - Math.max(canvas.top, 0);
    expect(onScreen(inFull.canvas, inFull.innerHeight)).toBeGreaterThan(
      onScreen(before.canvas, before.innerHeight),
    );
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="toggle-full-screen"][aria-pressed="false"]');
    expect(pageErrors).toEqual([]);
  });
});
