// `npm run screenshots`: builds the app (production) unless dist/ holds a production build of the current
// sources (always with --build), serves it with vite preview, and writes a screenshot of each main view
// (from the real app, real models) to docs/screenshots/<view>.png.
// --review also writes every view in light and dark at 1440×900 and 390×844 (for looking, not for docs).
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { APP_VIEWS, showView } from './app-views.ts';
import { ensureAppBuild } from './production-build.ts';

interface Shot {
  scheme: 'light' | 'dark';
  width: number;
  height: number;
  suffix: string;
}

const DOCS: Shot = { scheme: 'light', width: 1280, height: 800, suffix: '' };
const REVIEW: Shot[] = [
  { scheme: 'light', width: 1440, height: 900, suffix: '-light-1440' },
  { scheme: 'dark', width: 1440, height: 900, suffix: '-dark-1440' },
  { scheme: 'light', width: 390, height: 844, suffix: '-light-390' },
  { scheme: 'dark', width: 390, height: 844, suffix: '-dark-390' },
];

export async function main(args: string[]): Promise<number> {
  const root = resolve(import.meta.dirname, '..');
  const review = args.includes('--review');
  const outIndex = args.indexOf('--out');
  const out = resolve(root, outIndex >= 0 ? (args[outIndex + 1] ?? '') : 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  const app = await ensureAppBuild({
    root,
    rebuild: args.includes('--build'),
    allowDev: args.includes('--dev'),
  });
  process.stdout.write(`${app.line}\n`);
  const server = await preview({
    root,
    logLevel: 'warn',
    preview: { port: 4330, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  const browser = await chromium.launch({
    executablePath: browserBinary(null),
    headless: true,
    args: BASE_FLAGS,
  });
  try {
    if (!url) throw new Error('vite preview did not report a URL');
    for (const shot of review ? REVIEW : [DOCS]) {
      const context = await browser.newContext({
        viewport: { width: shot.width, height: shot.height },
        colorScheme: shot.scheme,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      await page.goto(url);
      for (const view of APP_VIEWS) {
        await showView(page, view);
        const file = resolve(out, `${view.id}${shot.suffix}.png`);
        await page.screenshot({ path: file, fullPage: review });
        process.stdout.write(`${file}\n`);
      }
      await context.close();
    }
    return 0;
  } finally {
    await browser.close();
    await server.close();
  }
}
