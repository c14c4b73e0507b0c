// Launches the system Chromium through playwright-core (Playwright cannot download browsers here), and the
// shared page fixture: every page it opens is watched for Content-Security-Policy violations, console
// errors and warnings (the page's and its workers'), and uncaught errors; a test fails on any of them
// unless it says which it expects (allowProblems).
// With webgpu: true, --enable-unsafe-webgpu gives a WebGPU adapter even without a GPU (SwiftShader).
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type ConsoleMessage,
  type Page,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { BASE_FLAGS, browserBinary, SOFTWARE_WEBGPU_FLAGS } from '../../scripts/chromium.ts';

/** The two screen sizes every screen is checked at: a projector-sized desktop and a phone. */
export const SCREEN_SIZES = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;

export interface LaunchOptions {
  webgpu: boolean;
  /** 'fake' streams a test pattern, 'denied' refuses camera access. */
  camera?: 'fake' | 'denied';
}

export async function launchBrowser(options: LaunchOptions): Promise<Browser> {
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

/**
 * Collects uncaught page errors and Content-Security-Policy violations ("csp violation: …") so a test can
 * assert the page never threw and the policy never blocked anything. Call it before the page navigates:
 * the violation listener is installed for the page's next documents. (useBrowser below also fails a test
 * on console errors and warnings.)
 */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // Sent in order before the test's own navigation; a page that already had them (a second call) keeps
  // the first binding.
  void page
    .exposeBinding(VIOLATION_BINDING, (_source, text: string) => errors.push(`csp violation: ${text}`))
    .catch(() => undefined);
  void page.addInitScript(reportViolations, VIOLATION_BINDING).catch(() => undefined);
  return errors;
}

/** The name of the binding the init script reports violations through. */
const VIOLATION_BINDING = '__glassboxCspViolation';

/** Runs in the page before its own scripts: forwards every securitypolicyviolation to the test. */
function reportViolations(binding: string): void {
  document.addEventListener('securitypolicyviolation', (event) => {
    const report = (window as unknown as Record<string, (text: string) => void>)[binding];
    report?.(
      `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`,
    );
  });
}

/** Console errors and warnings as "console error: text"; everything else is not a problem. */
function consoleProblem(where: string, message: ConsoleMessage): string | null {
  const type = message.type();
  if (type !== 'error' && type !== 'warning') return null;
  // "Failed to load resource" names no address in its text; the location does.
  const { url } = message.location();
  return `${where}console ${type}: ${message.text()}${url ? ` (${url})` : ''}`;
}

/** Uncaught errors, console errors and warnings of a page and of its workers. */
function watchPageEvents(page: Page, problems: string[]): void {
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const problem = consoleProblem('', message);
    if (problem !== null) problems.push(problem);
  });
  page.on('worker', (worker) => {
    worker.on('console', (message) => {
      const problem = consoleProblem('worker ', message);
      if (problem !== null) problems.push(problem);
    });
  });
}

/**
 * Watches every page of a context: CSP violations (the document's securitypolicyviolation events; a
 * worker's violation surfaces as its error or console message), console errors and warnings of pages
 * and workers, uncaught errors. Each problem is pushed to problems as "kind: text". Call before the
 * context's pages navigate (the violation listener is installed for their next documents).
 */
export async function watchContext(context: BrowserContext, problems: string[]): Promise<void> {
  await context.exposeBinding(VIOLATION_BINDING, (_source, text: string) => {
    problems.push(`csp violation: ${text}`);
  });
  await context.addInitScript(reportViolations, VIOLATION_BINDING);
  // A persistent context opens with a page already there.
  for (const page of context.pages()) watchPageEvents(page, problems);
  context.on('page', (page) => watchPageEvents(page, problems));
}

export interface BrowserFixture {
  /** The launched browser (set from the describe's beforeAll on). */
  readonly browser: Browser;
  /**
   * Uncaught errors of every page this fixture opened, for tests that assert it themselves; the fixture
   * fails the test on them anyway.
   */
  readonly pageErrors: string[];
  /** A watched page in a fresh context (closing the page closes it). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** A fresh context whose pages are all watched. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  /**
   * This test expects problems matching these patterns (a hostile case's refused request, a logged
   * failure): they no longer fail it. Only for the test that calls it.
   */
  allowProblems(...patterns: RegExp[]): void;
}

export interface ProblemCheck {
  /** Where watchContext pushes what it sees. */
  readonly problems: string[];
  /** Only for the test that calls it: problems matching these patterns do not fail it. */
  allowProblems(...patterns: RegExp[]): void;
  /** Throws on any problem since the last check that no pattern allows, and forgets them. */
  check(): void;
}

/**
 * Fails each test (afterEach) on problems pushed to its list that neither allow nor the test's own
 * allowProblems expects. The caller checks once more in its afterAll, after closing what it watched (a
 * page can still report while it closes). For a browser this file does not launch (a persistent
 * profile); useBrowser below uses it for its own.
 */
export function failOnProblems(allow: RegExp[] = []): ProblemCheck {
  const problems: string[] = [];
  let allowed: RegExp[] = [];

  function check(): void {
    const patterns = [...allowed, ...allow];
    const found = problems.filter((problem) => !patterns.some((pattern) => pattern.test(problem)));
    problems.length = 0;
    allowed = [];
    if (found.length > 0) {
      throw new Error(`The page reported problems the test did not expect:\n${found.join('\n')}`);
    }
  }

  afterEach(check);
  return {
    problems,
    check,
    allowProblems(...patterns) {
      allowed.push(...patterns);
    },
  };
}

/**
 * Launches one browser for the enclosing describe (beforeAll/afterAll) and checks after each test, and
 * after the last, that its pages reported no problem the test did not allow. allow: problems every test
 * of the describe expects (e.g. CATALOG_SIZE_LOOKUPS from models-page.ts).
 */
export function useBrowser(options: LaunchOptions & { allow?: RegExp[] }): BrowserFixture {
  let browser: Browser | undefined;
  const watch = failOnProblems(options.allow);
  const pageErrors: string[] = [];

  async function newContext(contextOptions: BrowserContextOptions = {}): Promise<BrowserContext> {
    if (!browser) throw new Error('useBrowser: the browser starts in beforeAll');
    const context = await browser.newContext(contextOptions);
    await watchContext(context, watch.problems);
    context.on('page', (page) => page.on('pageerror', (error) => pageErrors.push(error.message)));
    return context;
  }

  beforeAll(async () => {
    browser = await launchBrowser(options);
  });
  afterAll(async () => {
    await browser?.close();
    watch.check();
  });

  return {
    get browser(): Browser {
      if (!browser) throw new Error('useBrowser: the browser starts in beforeAll');
      return browser;
    },
    pageErrors,
    newContext,
    async newPage(contextOptions = {}) {
      const context = await newContext(contextOptions);
      const page = await context.newPage();
      // The page's context goes with it (the browser may be closing already).
      page.on('close', () => void context.close().catch(() => undefined));
      return page;
    },
    allowProblems: watch.allowProblems,
  };
}
