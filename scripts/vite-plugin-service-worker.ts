// Writes the production build's service worker (dist/sw.js): lists every file of the finished build
// (app shell, hashed assets, ONNX Runtime files, embedded models, samples), hashes their contents into a
// version, and bundles workers/offline/service-worker.ts with that list. Build only: the dev server has no worker.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { build, type Plugin } from 'vite';
import type { PrecacheManifest } from '../src/lib/offline/precache.ts';
import { BUILD_STAMP_FILE } from './build-stamp.ts';

export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Not precached: the worker itself, the build's stamp (for the measurement scripts, not the app), and folders
 * the e2e setup writes into dist/ for its error tests.
 */
const SKIPPED = [SERVICE_WORKER_FILE, BUILD_STAMP_FILE, 'e2e-fixtures/'];

async function listFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => !path.split('/').some((part) => part.startsWith('.')))
    .filter((path) => !SKIPPED.some((skip) => path === skip || path.startsWith(skip)))
    .sort();
}

/** The manifest of a built folder: its files and a hash of their paths and contents. */
export async function precacheManifest(outDir: string): Promise<PrecacheManifest> {
  const files = await listFiles(outDir);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const path of files) {
    const full = join(outDir, path);
    bytes += (await stat(full)).size;
    hash
      .update(path)
      .update('\0')
      .update(await readFile(full))
      .update('\0');
  }
  return { version: hash.digest('hex').slice(0, 16), files, bytes };
}

export function serviceWorker(root: string): Plugin {
  let outDir = resolve(root, 'dist');
  return {
    name: 'glassbox-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    // After writeBundle, so the embedded models copied there are in the list.
    async closeBundle() {
      const manifest = await precacheManifest(outDir);
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        publicDir: false,
        define: { __PRECACHE_MANIFEST__: JSON.stringify(manifest) },
        build: {
          outDir,
          emptyOutDir: false,
          copyPublicDir: false,
          target: 'es2022',
          minify: false,
          lib: {
            entry: resolve(root, 'workers/offline/service-worker.ts'),
            formats: ['iife'],
            name: 'glassboxServiceWorker',
            fileName: () => SERVICE_WORKER_FILE,
          },
        },
      });
      this.info?.(
        `service worker: ${manifest.files.length} files, ${(manifest.bytes / 1e6).toFixed(1)} MB precached`,
      );
    },
  };
}
