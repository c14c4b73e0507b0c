// End to end in headless Chromium against the local hub: the Generate view's own hub box lists the
// precisions the repo has (here fp32 and fp16), each with its size, before anything downloads; the one
// chosen is the file downloaded (the hub server's request log), its size is said, and it generates.
import { describe, expect, inject, it } from 'vitest';
import { useBrowser } from './browser.ts';
import { generate, setSetting, tokenIds, waitForGenerator, waitForHubModel } from './pages/generate-page.ts';
import { hubControl, hubPage, hubRequests } from './pages/models-page.ts';

const baseUrl = inject('baseUrl');
const hubUrl = inject('hubUrl');
const REPO = 'glassbox/tiny-random-gpt2';

describe('the Generate view’s hub box', () => {
  const browser = useBrowser({ webgpu: false });

  it('offers the repo’s precisions with their sizes and downloads the one chosen', async () => {
    const page = await hubPage(browser, hubUrl);
    await page.goto(`${baseUrl}?task=generate`);
    await waitForGenerator(page);
    // Before a repo is typed every precision is offered, without sizes.
    expect(await page.$$eval('[data-testid="generation-hub-dtype"] option', (o) => o.length)).toBeGreaterThan(
      2,
    );
    await page.fill('[data-testid="generation-hub-id"]', REPO);
    await page.press('[data-testid="generation-hub-id"]', 'Tab');
    await page.waitForSelector('[data-testid="generation-hub-variants"]:has-text("has fp32, fp16")');
    const options = await page.$$eval('[data-testid="generation-hub-dtype"] option', (list) =>
      list.map((option) => (option.textContent ?? '').trim()),
    );
    // fixtures: onnx/model.onnx 297,683 bytes, onnx/model_fp16.onnx 176,073 bytes.
    expect(options).toEqual(['fp32 — 290.7 KB', 'fp16 — 171.9 KB']);
    // The listing is all that reached the hub so far: nothing downloaded before the choice.
    expect(
      (await hubRequests(hubUrl)).filter((path) => path.includes('/resolve/') && path.includes(REPO)),
    ).toEqual([]);

    await page.selectOption('[data-testid="generation-hub-dtype"]', 'fp16');
    await hubControl(hubUrl, 'clear');
    await page.click('.hub-open button[type="submit"]');
    await waitForHubModel(page, 'tiny-random-gpt2');
    expect(await page.textContent('[data-testid="generation-download-size"]')).toMatch(
      /^\s*glassbox\/tiny-random-gpt2 \(fp16\) downloads 171\.9 KB\.\s*$/,
    );
    const downloads = (await hubRequests(hubUrl)).filter((path) => path.includes(`${REPO}/resolve/`));
    expect(downloads.some((path) => path.endsWith('/onnx/model_fp16.onnx'))).toBe(true);
    expect(downloads.some((path) => path.endsWith('/onnx/model.onnx'))).toBe(false);

    await setSetting(page, 'max-new-tokens', '3');
    await generate(page);
    expect(await tokenIds(page)).toHaveLength(3);
    await page.close();
  });
});
