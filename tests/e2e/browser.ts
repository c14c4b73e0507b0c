// Launches the system Chromium through playwright-core (Playwright cannot download browsers here).
// With webgpu: true, --enable-unsafe-webgpu gives a WebGPU adapter even without a GPU (SwiftShader).
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];

export function chromiumPath(): string {
  const found = CANDIDATES.find((path): path is string => typeof path === 'string' && existsSync(path));
  if (!found) throw new Error('No Chromium found: apt-get install -y chromium, or set CHROMIUM_PATH.');
  return found;
}

const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** webgpu: a (software) WebGPU adapter; camera: 'fake' streams a test pattern, 'denied' refuses access. */
export async function launchBrowser(options: {
  webgpu: boolean;
  camera?: 'fake' | 'denied';
}): Promise<Browser> {
  const args = [...BASE_FLAGS];
  if (options.webgpu) args.push('--enable-unsafe-webgpu');
  if (options.camera) args.push('--use-fake-device-for-media-stream');
  if (options.camera === 'fake') args.push('--use-fake-ui-for-media-stream');
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args });
}

/** Collects uncaught page errors so a test can assert the page never threw. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
