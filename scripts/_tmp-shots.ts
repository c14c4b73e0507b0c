import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { BASE_FLAGS, browserBinary, SOFTWARE_WEBGPU_FLAGS } from '/work/wt-synthetic/scripts/chromium.ts';
const server = await preview({ root: '/work/wt-synthetic', logLevel: 'warn', build: { outDir: '/tmp/dist-synth' }, preview: { port: 4391 } });
const url = server.resolvedUrls?.local[0] ?? '';
const browser = await chromium.launch({ executablePath: browserBinary(null), headless: true, args: [...BASE_FLAGS, ...SOFTWARE_WEBGPU_FLAGS] });
for (const [w, h] of [[1440, 900], [390, 844]]) {
  const page = await browser.newPage({ viewport: { width: w, height: h } });
  await page.goto(`${url}?task=inspect&synthetic=bert-tiny`);
  await page.waitForSelector('[data-testid="flops-model"]', { timeout: 60000 });
  await page.fill('[data-testid="inspector-search"]', '/encoder/layer.0/attention/scores/MatMul');
  const hit = await page.waitForSelector('[data-testid="search-hit"]');
  await hit.click();
  await page.waitForSelector('[data-testid="flops-node"]');
  await page.screenshot({ path: `/tmp/shot-inspector-${w}.png`, fullPage: false });
  await page.goto(`${url}?task=bench`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid^="bench-config-"]:checked').length > 0);
  for (const box of await page.$$('[data-testid^="bench-config-"]')) {
    const key = ((await box.getAttribute('data-testid')) ?? '').replace('bench-config-', '');
    if ((await box.isChecked()) !== ['wasm-1', 'wasm-2', 'webgpu'].includes(key)) await box.click();
  }
  await page.fill('[data-testid="sweep-panel"] input[type="number"] >> nth=0', '0.3');
  await page.fill('[data-testid="sweep-panel"] input[type="number"] >> nth=1', '5');
  await page.click('[data-testid="sweep-run"]');
  await page.waitForSelector('[data-testid="sweep-result"]', { timeout: 300000 });
  const panel = await page.$('[data-testid="sweep-panel"]');
  await panel?.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `/tmp/shot-sweep-${w}.png`, fullPage: false });
  await panel?.screenshot({ path: `/tmp/shot-sweep-panel-${w}.png` });
  await page.close();
}
await browser.close();
await server.close();
