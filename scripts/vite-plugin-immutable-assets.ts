// The build's /assets/ files carry a content hash in their names, so the preview server may let the
// browser keep them (as a static host should): a worker that restarts (Stop, the watchdog, a crash) then
// takes ONNX Runtime's 28 MB .wasm, and V8's compiled code for it, from the cache instead of asking again.
import type { Plugin } from 'vite';

export const IMMUTABLE = 'public, max-age=31536000, immutable';

export function immutableAssets(): Plugin {
  return {
    name: 'glassbox-immutable-assets',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.startsWith('/assets/')) {
          // The static handler sets no-cache, by setHeader or in writeHead's own headers: override both
          // when the response starts.
          const writeHead = res.writeHead.bind(res);
          res.writeHead = ((...args: unknown[]) => {
            res.setHeader('Cache-Control', IMMUTABLE);
            const headers = args.at(-1);
            if (headers && typeof headers === 'object' && !Array.isArray(headers)) {
              for (const key of Object.keys(headers)) {
                if (key.toLowerCase() === 'cache-control')
                  (headers as Record<string, string>)[key] = IMMUTABLE;
              }
            }
            return (writeHead as (...all: unknown[]) => typeof res)(...args);
          }) as typeof res.writeHead;
        }
        next();
      });
    },
  };
}
