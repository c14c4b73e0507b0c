// `npm run screenshots`: builds the app (production) unless dist/ holds a production build of the current
// sources (always with --build), serves it with vite preview, and writes a screenshot of each main view
// (from the real app, real models) to docs/screenshots/<view>.png: at 1280×800 (a projector), each showing a
// result (scripts/screenshot-scenes.ts). --only text,bench shoots those scenes alone.
// --review instead writes every view in light and dark at 1440×900 and 390×844 (for looking, not for docs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { preview } from 'vite';
import { chromium } from 'playwright-core';
import { BASE_FLAGS, browserBinary } from './chromium.ts';
import { APP_VIEWS, showView } from './app-views.ts';
import { ensureAppBuild } from './production-build.ts';
import { playScene, SCENES } from './screenshot-scenes.ts';

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

// Photographs in a shot make PNGs of 400+ KB; the README's stay under about 250 KB.
const MAX_BYTES = 250_000;

/** Quantises a shot over MAX_BYTES to 256 colours with pngquant when it is installed; says what it did. */
function shrink(file: string): string {
  const before = statSync(file).size;
  if (before <= MAX_BYTES) return `${Math.round(before / 1000)} KB`;
  const result = spawnSync('pngquant', ['--force', '--skip-if-larger', '--output', file, '256', file]);
  if (result.error || result.status !== 0)
    return `${Math.round(before / 1000)} KB (over ${MAX_BYTES / 1000} KB: install pngquant to shrink it)`;
  return `${Math.round(before / 1000)} KB → ${Math.round(statSync(file).size / 1000)} KB (256 colours)`;
}

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
    if (!review) {
      const onlyIndex = args.indexOf('--only');
      const only = onlyIndex >= 0 ? (args[onlyIndex + 1] ?? '').split(',') : null;
      for (const scene of SCENES.filter((candidate) => only === null || only.includes(candidate.id))) {
        // A fresh context per scene: no view's state or stored setting leaks into the next shot.
        const context = await browser.newContext({
          viewport: { width: DOCS.width, height: DOCS.height },
          colorScheme: DOCS.scheme,
          deviceScaleFactor: 1,
          reducedMotion: 'reduce',
        });
        const page = await context.newPage();
        await playScene(page, url, scene);
        const file = resolve(out, `${scene.id}.png`);
        await page.screenshot({ path: file });
        process.stdout.write(`${file} ${shrink(file)}\n`);
        await context.close();
      }
      return 0;
    }
    for (const shot of REVIEW) {
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
