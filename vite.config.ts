// Build, dev server and test configuration. COOP/COEP make the page cross-origin isolated, which
// onnxruntime-web needs for multi-threaded WASM (without them it silently runs on one thread).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { embeddedModels } from './scripts/vite-plugin-models.ts';

const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  // Defence in depth (docs/features.md says how to serve dist/ with the same headers): no MIME sniffing, no
  // referrer sent to a hub or model server, and no other site may frame the page. A full script/connect
  // Content-Security-Policy is still to come: this one only forbids framing.
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "frame-ancestors 'none'",
};

/** Build outputs whose name carries a content hash (dist/assets/name-Hash.ext): never change in place. */
const HASHED_ASSET = /^\/assets\/[^/?]+-[\w-]{8}\.\w+(\?.*)?$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Long-lived caching of hashed assets from the preview server (the runtime's .wasm, the JS chunks): a warm
 * page neither downloads nor revalidates them. The static file server keeps a Cache-Control already set.
 */
function immutableHashedAssets(): Plugin {
  return {
    name: 'glassbox-immutable-hashed-assets',
    configurePreviewServer(server) {
      server.middlewares.use((req, res, next) => {
        if (HASHED_ASSET.test(req.url ?? '')) res.setHeader('Cache-Control', IMMUTABLE);
        next();
      });
    },
  };
}

export default defineConfig({
  plugins: [svelte(), embeddedModels(import.meta.dirname), immutableHashedAssets()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  // With the default 'iife' format a build using 2 WASM threads hangs without an error.
  worker: { format: 'es' },
  // Pre-bundling onnxruntime-web breaks how it finds its .wasm files next to its module.
  // Listing the worker-only dependencies up front spares a full page reload the first time dev starts.
  optimizeDeps: {
    exclude: ['onnxruntime-web'],
    include: ['comlink', '@huggingface/tokenizers', 'protobufjs/light.js', '@dagrejs/dagre'],
  },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', environment: 'node', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
