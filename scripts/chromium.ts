// The Chromium that the e2e tests and the command-line benchmark drive: which binary, the headless flags
// that work on a closed network, and the flags for the software WebGPU adapter or for a real GPU.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const BINARIES = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/bin/google-chrome',
  '/opt/google/chrome/chrome',
  '/usr/bin/chromium-browser',
];

export const BASE_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  // A benchmark in a background tab or an occluded window would be throttled.
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

/** WebGPU on Linux is behind a flag; without a GPU this gives SwiftShader (correct, not fast). */
export const SOFTWARE_WEBGPU_FLAGS = ['--enable-unsafe-webgpu'];

/**
 * Hardware WebGPU in (headless) Chrome on Linux goes through Vulkan; --disable-vulkan-surface lets it run
 * without a display. On Windows and macOS, Chrome has WebGPU on by default and these are harmless.
 */
export const GPU_FLAGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-angle=vulkan',
  '--disable-vulkan-surface',
  '--ignore-gpu-blocklist',
];

export function browserBinary(requested: string | null): string {
  const candidates = [requested, process.env.CHROMIUM_PATH, ...BINARIES];
  const found = candidates.find(
    (path): path is string => typeof path === 'string' && path !== '' && existsSync(path),
  );
  if (!found) {
    throw new Error(
      'No Chrome or Chromium found: install one (apt-get install -y chromium), or pass --chromium <path> / set CHROMIUM_PATH.',
    );
  }
  return found;
}

export function launchBenchBrowser(options: {
  binary: string;
  gpu: boolean;
  headed: boolean;
  extraArgs: readonly string[];
}): Promise<Browser> {
  return chromium.launch({
    executablePath: options.binary,
    headless: !options.headed,
    args: [...BASE_FLAGS, ...(options.gpu ? GPU_FLAGS : SOFTWARE_WEBGPU_FLAGS), ...options.extraArgs],
  });
}
