// Serves the embedded models (models/<name>/...) at /models/ in dev and preview, and copies them into the build.
// Vite's SPA fallback would answer a missing model file with index.html and status 200; here a missing
// file is a plain 404, so the app can name the file that is missing.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { cp, readdir } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Connect, Plugin } from 'vite';

const CONTENT_TYPES: Record<string, string> = {
  '.json': 'application/json',
  '.onnx': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Folders under models/ that are not model folders (recipes, docs) are neither served nor shipped. */
const NOT_SHIPPED = new Set(['recipes']);

function isShippedPath(relative: string): boolean {
  const top = relative.split('/')[0] ?? '';
  return !NOT_SHIPPED.has(top) && !relative.endsWith('.md');
}

function modelsMiddleware(modelsDir: string): Connect.NextHandleFunction {
  return (req, res, next) => {
    const url = req.url ?? '';
    if (!url.startsWith('/models/')) return next();
    const relative = decodeURIComponent(url.slice('/models/'.length).split('?')[0] ?? '');
    const file = normalize(join(modelsDir, relative));
    const found = file.startsWith(modelsDir + sep) && existsSync(file) && statSync(file).isFile();
    if (!found || !isShippedPath(relative)) {
      res.statusCode = 404;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(`Not found: /models/${relative}`);
      return;
    }
    const stats = statSync(file);
    // Model files keep their names across builds, so the browser may keep them but must ask first: a
    // warm page gets a 304 instead of the whole model again.
    const etag = `W/"${stats.size}-${Math.trunc(stats.mtimeMs)}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Last-Modified', stats.mtime.toUTCString());
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.statusCode = 200;
    res.setHeader('Content-Type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
    res.setHeader('Content-Length', String(stats.size));
    createReadStream(file).pipe(res);
  };
}

export function embeddedModels(root: string): Plugin {
  const modelsDir = resolve(root, 'models');
  let outDir = resolve(root, 'dist');
  return {
    name: 'glassbox-embedded-models',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    configureServer(server) {
      server.middlewares.use(modelsMiddleware(modelsDir));
    },
    configurePreviewServer(server) {
      server.middlewares.use(modelsMiddleware(modelsDir));
    },
    async writeBundle() {
      for (const entry of await readdir(modelsDir, { withFileTypes: true })) {
        if (!entry.isDirectory() || NOT_SHIPPED.has(entry.name)) continue;
        await cp(join(modelsDir, entry.name), join(outDir, 'models', entry.name), {
          recursive: true,
          filter: (source) => !source.endsWith('.md'),
        });
      }
    },
  };
}
