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
          // sirv sets no-cache after this runs; the header is fixed when the response starts.
          const writeHead = res.writeHead.bind(res);
          res.writeHead = ((...args: Parameters<typeof res.writeHead>) => {
            res.setHeader('Cache-Control', IMMUTABLE);
            return writeHead(...args);
          }) as typeof res.writeHead;
        }
        next();
      });
    },
  };
}
