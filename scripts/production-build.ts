// The one way the measurement scripts build the app: a production build whatever the environment of their
// process. They run through Vite's module runner (scripts/run-ts.mjs, scripts/bench.mjs), which leaves
// NODE_ENV=development in the process; Vite derives import.meta.env.PROD from NODE_ENV, not from the mode, so
// a plain build() there made a development build (no service worker, Svelte's dev checks).
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build, type InlineConfig } from 'vite';
import {
  describeBuild,
  developmentRefusal,
  judgeBuild,
  readBuildStamp,
  sourcesFingerprint,
  type BuildStamp,
} from './build-stamp.ts';

/** vite build with mode 'production' and NODE_ENV=production for its duration (restored afterwards). */
export async function productionBuild(config: InlineConfig): Promise<void> {
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ logLevel: 'warn', ...config, mode: 'production' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
}

export interface AppBuildOptions {
  root: string;
  /** Build folder, relative to root or absolute; default dist. */
  outDir?: string;
  /** Build even when the folder holds a production build of the current sources. */
  rebuild?: boolean;
  /** --dev: a development build of the current sources already there is measured as it is. */
  allowDev?: boolean;
  /** Where progress goes; default stderr. */
  log?: (line: string) => void;
}

export interface AppBuild {
  outDir: string;
  stamp: BuildStamp;
  /** Whether this call built it (false: an existing build was reused). */
  built: boolean;
  /** describeBuild(): the line each script prints with its figures. */
  line: string;
}

function folderName(root: string, outDir: string): string {
  const path = relative(root, outDir);
  return path && !path.startsWith('..') ? `${path}/` : outDir;
}

/**
 * Returns a build of the app to measure: the one in outDir when it is a production build of the current
 * sources (a development one too with allowDev), otherwise a fresh production build made there.
 */
export async function ensureAppBuild(options: AppBuildOptions): Promise<AppBuild> {
  const { root } = options;
  const outDir = resolve(root, options.outDir ?? 'dist');
  const folder = folderName(root, outDir);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  if (options.rebuild) {
    log(`Building the app (production) into ${folder}…`);
  } else {
    const stamp = readBuildStamp(outDir);
    const verdict = judgeBuild(stamp, await sourcesFingerprint(root), {
      folder,
      hasIndex: existsSync(resolve(outDir, 'index.html')),
      allowDev: options.allowDev ?? false,
    });
    if (verdict.reuse)
      return { outDir, stamp: stamp as BuildStamp, built: false, line: describeBuild(stamp, folder) };
    log(`${verdict.reason}: building the app (production) into ${folder}…`);
  }
  await productionBuild({ root, build: { outDir, emptyOutDir: true } });
  const stamp = readBuildStamp(outDir);
  // The build's own stamp says what it made; never measure a build that is not what was asked for.
  if (stamp === null || !stamp.production)
    throw new Error(
      `The build just made in ${folder} is not a production build (${describeBuild(stamp, folder)}).`,
    );
  return { outDir, stamp, built: true, line: describeBuild(stamp, folder) };
}

/**
 * An existing build a script was told to use as it is (bench --no-build, --dist): its stamp and line, or the
 * sentence refusing it (no build there; a development build without --dev).
 */
export async function existingAppBuild(
  root: string,
  outDir: string,
  options: { allowDev: boolean; remedy: string },
): Promise<{ stamp: BuildStamp | null; line: string } | { refusal: string }> {
  const folder = folderName(root, outDir);
  if (!existsSync(resolve(outDir, 'index.html')))
    return { refusal: `${folder} holds no build. ${options.remedy}` };
  const stamp = readBuildStamp(outDir);
  const refusal = developmentRefusal(stamp, options.allowDev, options.remedy);
  if (refusal !== null) return { refusal };
  // Measuring an older build on purpose is allowed (comparing builds); the output says it is one.
  const current = stamp !== null && stamp.sources === (await sourcesFingerprint(root));
  return { stamp, line: `${describeBuild(stamp, folder)}${current ? '' : ' (not the current sources)'}` };
}
