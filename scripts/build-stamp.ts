// What a build of the app was made as (production or development) and from which sources, written into the
// build as build-stamp.json by every `vite build` (the buildStamp plugin in vite.config.ts). The measurement
// scripts read it to tell a production build of the current sources from a stale or development one: a
// development build (import.meta.env.PROD false: Svelte's dev checks, no service worker) is not what a user
// gets, so figures taken from it would mislead.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

export const BUILD_STAMP_FILE = 'build-stamp.json';

export interface BuildStamp {
  /** Vite's mode (`--mode`), 'production' unless asked otherwise. */
  mode: string;
  /** import.meta.env.PROD of the build: true only when NODE_ENV was 'production' while it was made. */
  production: boolean;
  /** sourcesFingerprint() of the sources it was built from. */
  sources: string;
  builtAt: string;
}

/** Everything under the root that changes what `vite build` makes (relative paths; folders are walked). */
export const BUILD_INPUTS: readonly string[] = [
  'index.html',
  'package.json',
  'package-lock.json',
  'vite.config.ts',
  'svelte.config.js',
  'tsconfig.json',
  'src',
  'workers',
  'public',
  'models',
  'lessons',
  'scripts/security-headers.ts',
  'scripts/vite-plugin-immutable-assets.ts',
  'scripts/vite-plugin-models.ts',
  'scripts/vite-plugin-service-worker.ts',
];

/** Not shipped, so not part of what a build is made from: model recipes (and their caches), dotfiles. */
function skipped(path: string): boolean {
  return (
    path === 'models/recipes' ||
    path.startsWith('models/recipes/') ||
    path.split('/').some((part) => part.startsWith('.'))
  );
}

async function filesOf(root: string, input: string): Promise<string[]> {
  const full = resolve(root, input);
  if (!existsSync(full)) return [];
  const entries = await readdir(full, { withFileTypes: true, recursive: true }).catch(() => null);
  if (entries === null) return [input]; // a file, not a folder
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/** A hash of the paths and contents of the build's inputs: equal exactly when the sources are. */
export async function sourcesFingerprint(
  root: string,
  inputs: readonly string[] = BUILD_INPUTS,
): Promise<string> {
  const files = (await Promise.all(inputs.map((input) => filesOf(root, input))))
    .flat()
    .filter((path) => !skipped(path))
    .sort();
  const hash = createHash('sha256');
  for (const path of files)
    hash
      .update(path)
      .update('\0')
      .update(await readFile(resolve(root, path)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The stamp in a JSON text, or null when it is not one (a hand-made or truncated file is not trusted). */
export function parseBuildStamp(text: string): BuildStamp | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { mode, production, sources, builtAt } = value as Record<string, unknown>;
  if (typeof mode !== 'string' || typeof production !== 'boolean' || typeof sources !== 'string') return null;
  return { mode, production, sources, builtAt: typeof builtAt === 'string' ? builtAt : '' };
}

export function readBuildStamp(outDir: string): BuildStamp | null {
  const file = resolve(outDir, BUILD_STAMP_FILE);
  if (!existsSync(file)) return null;
  return parseBuildStamp(readFileSync(file, 'utf8'));
}

export type BuildVerdict = { reuse: true } | { reuse: false; reason: string };

/**
 * Whether a build folder can be measured as it is. folder: how to name it in the reason; hasIndex: whether it
 * holds index.html; allowDev: --dev, a development build of the current sources is then measured as it is.
 */
export function judgeBuild(
  stamp: BuildStamp | null,
  currentSources: string,
  options: { folder: string; hasIndex: boolean; allowDev: boolean },
): BuildVerdict {
  const { folder } = options;
  if (!options.hasIndex) return { reuse: false, reason: `${folder} holds no build` };
  if (stamp === null)
    return {
      reuse: false,
      reason: `${folder} has no ${BUILD_STAMP_FILE}, so whether it is a production build is unknown`,
    };
  if (!stamp.production && !options.allowDev)
    return {
      reuse: false,
      reason: `${folder} is a development build (mode ${stamp.mode}), not what users get`,
    };
  if (stamp.sources !== currentSources)
    return { reuse: false, reason: `${folder} was built from other sources than the current ones` };
  return { reuse: true };
}

/**
 * The sentence that refuses to report figures from a build that is not a production build, or null when the
 * figures may be reported. remedy: how to get a production build with this script.
 */
export function developmentRefusal(
  stamp: BuildStamp | null,
  allowDev: boolean,
  remedy: string,
): string | null {
  if (allowDev || stamp?.production === true) return null;
  const what =
    stamp === null
      ? `has no ${BUILD_STAMP_FILE}, so it may be a development build`
      : `is a development build (mode ${stamp.mode}, import.meta.env.PROD false): no service worker, Svelte's development checks`;
  return `Refusing to report: the build ${what}; its figures are not what users get. ${remedy} Pass --dev to measure it anyway (its figures are then labelled development).`;
}

/**
 * The page's own word on its build (import.meta.env.PROD, in a benchmark result's environment), checked as
 * well as the build's stamp: null when the result may be reported.
 */
export function pageBuildProblem(build: string | undefined, allowDev: boolean): string | null {
  if (build === 'production' || (allowDev && build === 'development')) return null;
  return build === 'development'
    ? 'the page reports a development build: its figures are not what users get (--dev allows it)'
    : 'the page does not say whether it is a production build';
}

/** One line naming the build a script measures, for its output. */
export function describeBuild(stamp: BuildStamp | null, folder: string): string {
  if (stamp === null) return `build: unknown (no ${BUILD_STAMP_FILE}) in ${folder}`;
  const kind = stamp.production ? 'production' : `DEVELOPMENT (mode ${stamp.mode})`;
  return `build: ${kind}, sources ${stamp.sources}, built ${stamp.builtAt || 'at an unknown time'}, in ${folder}`;
}

/** Writes build-stamp.json into every build of the app (the fingerprint is taken as the build starts). */
export function buildStamp(root: string): Plugin {
  let outDir = resolve(root, 'dist');
  let stamp: Omit<BuildStamp, 'sources'> = { mode: '', production: false, builtAt: '' };
  let sources: Promise<string> = Promise.resolve('');
  return {
    name: 'glassbox-build-stamp',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      stamp = { mode: config.mode, production: config.isProduction, builtAt: '' };
    },
    buildStart() {
      sources = sourcesFingerprint(root);
    },
    async writeBundle() {
      const done: BuildStamp = {
        mode: stamp.mode,
        production: stamp.production,
        sources: await sources,
        builtAt: new Date().toISOString(),
      };
      await writeFile(join(outDir, BUILD_STAMP_FILE), `${JSON.stringify(done, null, 2)}\n`);
    },
  };
}
