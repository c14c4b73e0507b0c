// Launches the system Chromium through playwright-core (Playwright cannot download browsers here).
// With webgpu: true, --enable-unsafe-webgpu gives a WebGPU adapter even without a GPU (SwiftShader).
import { chromium, type Browser, type Page } from 'playwright-core';
import { BASE_FLAGS, browserBinary, SOFTWARE_WEBGPU_FLAGS } from '../../scripts/chromium.ts';

/** webgpu: a (software) WebGPU adapter; camera: 'fake' streams a test pattern, 'denied' refuses access. */
export async function launchBrowser(options: {
  webgpu: boolean;
  camera?: 'fake' | 'denied';
}): Promise<Browser> {
  const args = [...BASE_FLAGS];
  if (options.webgpu) args.push(...SOFTWARE_WEBGPU_FLAGS);
  if (options.camera) args.push('--use-fake-device-for-media-stream');
  if (options.camera === 'fake') args.push('--use-fake-ui-for-media-stream');
  return chromium.launch({ executablePath: browserBinary(null), headless: true, args });
}

/** Collects uncaught page errors so a test can assert the page never threw. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
