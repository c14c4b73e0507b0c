// End to end in headless Chromium: Look inside a real run — the entry point's states, hostile links, the
// capture painted on the graph, the value viewers on real captured tensors (attention rows that sum to 1,
// a conv layer's channel maps, a .npy that loads back), a link that restores it, and WASM vs WebGPU.
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { decodeNpy } from '../../src/lib/viewers/npy.ts';
import { useBrowser } from './browser.ts';
import { waitForDetector, waitForRun } from './pages/detection-page.ts';
import { searchAndSelect, waitForView } from './pages/inspector-page.ts';
import { classify, openPlayground } from './pages/text-page.ts';

const baseUrl = inject('baseUrl');
const SOFTMAX = '/bert/encoder/layer.0/attention/self/Softmax';
const CAPTURE_TIMEOUT = 180_000;

/** Waits for the inspector to show the run painted with `metric`, and returns how many boxes have data. */
async function waitForOverlay(page: Page, metric: string): Promise<number> {
  await page.waitForSelector(`[data-testid="graph-canvas"][data-overlay="${metric}"]`, {
    timeout: CAPTURE_TIMEOUT,
  });
  await waitForView(page);
  return page.locator('[data-testid="graph-canvas"] [data-painted="value"]').count();
}

describe('look inside a run', () => {
  // Fails a test on any console error or warning, uncaught error or CSP violation of its pages.
  const browser = useBrowser({ webgpu: false });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('offers Look inside once the view has run; the inspector says how to attach one', async () => {
    // The tensor view does not run by itself: before its first run, Look inside says what to do.
    await page.goto(`${baseUrl}?synthetic=matmul-128`);
    await page.waitForSelector('[data-testid="look-inside-button"]:visible', { timeout: 60_000 });
    expect(await page.isDisabled('[data-testid="look-inside-button"]:visible')).toBe(true);
    expect(await page.textContent('[data-testid="look-inside"]:visible')).toContain('Run the model first');

    await openPlayground(page, baseUrl);
    await classify(page, 'What a wonderful, warm film.', 'wasm');
    expect(await page.isEnabled('[data-testid="look-inside-button"]:visible')).toBe(true);

    await page.click('[data-testid="tab-inspect"]');
    await page.waitForSelector('[data-testid="inspector"][data-status="ready"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="run-hint"]')).toContain('Look inside this run');
  });

  it('drops a hostile overlay and node from a link with a sentence each, and still opens the graph', async () => {
    const node = encodeURIComponent('a\u0000<script>');
    await page.goto(
      `${baseUrl}?model=tiny-sentiment-bert&task=inspect&overlay=javascript%3Aalert(1)&node=${node}`,
    );
    const problems = await page.textContent('[data-testid="link-problems"]');
    expect(problems).toContain('The link’s overlay “javascript:alert(1)” is not known, so it was ignored');
    expect(problems).toContain('The link’s node was ignored: its name contains control characters.');
    await page.waitForSelector('[data-testid="inspector"][data-status="ready"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="graph-canvas"][data-overlay]').count()).toBe(0);
  });

  describe('with the capture engine', () => {
    it('classify → Look inside: graph coloured, legend shown, a node’s captured values', async () => {
      await openPlayground(page, baseUrl);
      await classify(page, 'The plot was thin but the actors were great.', 'wasm');
      await page.click('[data-testid="look-inside-button"]:visible');
      expect(await waitForOverlay(page, 'mean-abs')).toBeGreaterThan(0);
      const legend = page.locator('[data-testid="overlay-legend"]');
      expect(await legend.getAttribute('data-metric')).toBe('mean-abs');
      expect(Number(await page.textContent('[data-testid="legend-max"]'))).toBeGreaterThan(0);
      expect(await page.textContent('[data-testid="capture-facts"]')).toMatch(/\d+ values captured/);
      // The summary's inputs and outputs: the file says [batch_size, sequence_length], the run says more.
      const listed = async (list: string) =>
        ((await page.textContent(`[data-testid="${list}"]`)) ?? '').replace(/\s+/g, ' ');
      expect(await listed('summary-inputs')).toMatch(
        /input_ids int64 \[batch_size, sequence_length\] · this run: \[1, \d+\]/,
      );
      expect(await listed('summary-outputs')).toMatch(
        /logits float32 \[batch_size, 2\] · this run: \[1, 2\]/,
      );

      await searchAndSelect(page, SOFTMAX);
      const captured = page.locator(`[data-testid="captured-value"][data-value="${SOFTMAX}_output_0"]`);
      await captured.waitFor();
      expect(await captured.getAttribute('data-captured')).toBe('yes');
      // [batch 1, heads, tokens, tokens]: the run's concrete shape, not the symbolic one.
      expect(await captured.locator('[data-testid="captured-shape"]').textContent()).toMatch(
        /float32 \[1, \d+, (\d+), \1\]/,
      );
      expect(await captured.locator('[data-testid="tensor-histogram"]').count()).toBe(1);
      expect(await page.locator('[data-testid="graph-canvas"] [data-run-shape]').count()).toBeGreaterThan(0);

      // The attention viewer on the real run: the sentence's tokens, and every query's weights sum to 1.
      const viewer = captured.locator('[data-testid="attention-view"]');
      await viewer.waitFor({ timeout: 60_000 });
      const rowSums = JSON.parse(
        (await viewer.locator('[data-testid="attention-matrix"]').getAttribute('data-row-sums')) ?? '[]',
      ) as number[];
      const shape = /\[1, \d+, (\d+), \1\]/.exec(
        (await captured.locator('[data-testid="captured-shape"]').textContent()) ?? '',
      );
      expect(rowSums.length).toBe(Number(shape?.[1]));
      for (const sum of rowSums) expect(sum).toBeCloseTo(1, 4);
      await viewer.locator('[data-testid="mode-lines"]').click();
      const tokens = await viewer.locator('[data-testid="query-token"]').allTextContents();
      expect(tokens.join(' ')).toContain('[CLS]');
      expect(tokens.join(' ')).toContain('plot');
      const [file] = await Promise.all([
        page.waitForEvent('download'),
        captured.locator('[data-testid="download-npy"]').click(),
      ]);
      const npy = decodeNpy(new Uint8Array(await readFile(await file.path())));
      expect(npy.shape).toEqual([1, npy.shape[1], rowSums.length, rowSums.length]);

      await page.selectOption('[data-testid="overlay-metric"]', 'zero-share');
      await page.waitForSelector('[data-testid="overlay-legend"][data-metric="zero-share"]');
      expect(await page.textContent('[data-testid="legend-max"]')).toBe('1');
      expect(page.url()).toContain('overlay=zero-share');
    });

    it('detection sample → Look inside: a conv node shows its captured values', async () => {
      await page.goto(`${baseUrl}?task=detection`);
      await waitForDetector(page);
      await page.click('[data-testid="sample-astronaut.jpg"]');
      await waitForRun(page, 1);
      await page.click('[data-testid="look-inside-button"]:visible');
      await waitForOverlay(page, 'mean-abs');
      await searchAndSelect(page, 'Conv');
      const captured = page.locator('[data-testid="captured-value"]').first();
      await captured.waitFor();
      expect(await captured.getAttribute('data-captured')).toBe('yes');
      expect(await captured.locator('[data-testid="captured-shape"]').textContent()).toMatch(
        /\[1, \d+, \d+, \d+\]/,
      );
      // The conv layer's output as a grid of channel maps, one drawn canvas per channel on the page.
      const grid = captured.locator('[data-testid="channel-grid"]');
      await grid.waitFor({ timeout: 60_000 });
      expect(Number(await grid.getAttribute('data-channel-count'))).toBeGreaterThan(1);
      expect(await grid.locator('[data-testid="channel-cell"]').count()).toBeGreaterThan(1);
    });

    it('a link with overlay and node reruns the view and restores both', async () => {
      const text = encodeURIComponent('I would watch it again.');
      await page.goto(
        `${baseUrl}?model=tiny-sentiment-bert&task=inspect&text=${text}&overlay=std&node=${encodeURIComponent(SOFTMAX)}`,
      );
      await waitForOverlay(page, 'std');
      await page.waitForSelector('[data-testid="graph-canvas"] [data-selected]', {
        timeout: CAPTURE_TIMEOUT,
      });
      expect(await page.textContent('[data-testid="node-name"]')).toBe(SOFTMAX);
      expect(await page.locator('[data-testid="link-problems"]').count()).toBe(0);
    });
  });
});

// The tiny BERT, not a detector: the comparison captures every value of the run on both backends, and on
// SwiftShader (a CPU pretending to be a GPU) the shapes detector's convolutions took 3 min on a quiet
// machine and over 10 min under load; the BERT's take seconds, and the path under test is the same.
describe('WASM vs WebGPU on the tiny BERT (SwiftShader)', () => {
  const browser = useBrowser({ webgpu: true });
  let page: Page;

  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  });

  it('names the first divergent node with its numbers, or says the backends agree', async () => {
    await openPlayground(page, baseUrl);
    await classify(page, 'The plot was thin but the actors were great.', 'wasm');
    await page.click('[data-testid="look-inside-button"]:visible');
    await waitForOverlay(page, 'mean-abs');
    await page.click('[data-testid="compare-backends"]');
    // Waits for the answer, not a time; the limit only stops a hang (a loaded 2-core machine is slow).
    const result = await page.waitForSelector('[data-testid="comparison-result"]', { timeout: 300_000 });
    const sentence = (await result.textContent()) ?? '';
    if ((await result.getAttribute('data-divergent')) === 'true') {
      expect(sentence).toMatch(/first disagree at .+: value .+, max abs diff [\d.e+-]+, max rel diff/);
      expect(await page.locator('[data-testid="graph-canvas"] [data-divergent]').count()).toBe(1);
    } else {
      expect(sentence).toMatch(/agree within the tolerance .* on all \d+ compared values/);
    }
    expect(await page.getAttribute('[data-testid="graph-canvas"]', 'data-overlay')).toBe('divergence');
  }, 420_000);
});
