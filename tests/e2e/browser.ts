// Launches the system Chromium through playwright-core (Playwright cannot download browsers here).
// With webgpu: true, --enable-unsafe-webgpu gives a WebGPU adapter even without a GPU (SwiftShader).
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
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
  const browser = await chromium.launch({ executablePath: browserBinary(null), headless: true, args });
  return blockServiceWorkers(browser);
}

/**
 * New contexts and pages of this browser start without the production build's service worker unless a
 * test asks for it ({ serviceWorkers: 'allow' }, as the offline test does): its precache download (tens
 * of MB) would compete with what other tests measure and record. The page also sees no
 * navigator.serviceWorker there (as in a browser without one), so it never tries to register and
 * Playwright's "registration blocked" console warning does not appear.
 */
function blockServiceWorkers(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  const withoutWorkers = async (context: BrowserContext, options: BrowserContextOptions) => {
    if (options.serviceWorkers !== 'allow') {
      await context.addInitScript(() =>
        Object.defineProperty(Navigator.prototype, 'serviceWorker', { get: () => undefined }),
      );
    }
    return context;
  };
  browser.newContext = async (options = {}) =>
    withoutWorkers(await newContext({ serviceWorkers: 'block', ...options }), options);
  browser.newPage = async (options = {}) => {
    const page = await newPage({ serviceWorkers: 'block', ...options });
    await withoutWorkers(page.context(), options);
    return page;
  };
  return browser;
}

/** Collects uncaught page errors so a test can assert the page never threw. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}
