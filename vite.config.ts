// Build, dev server and test configuration. The servers' headers (cross-origin isolation for threaded WASM,
// the Content-Security-Policy and other defence in depth) come from scripts/security-headers.ts, which also
// writes the policy into index.html.
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';
import { embeddedModels } from './scripts/vite-plugin-models.ts';
import { contentSecurityPolicyMeta, securityHeaders } from './scripts/security-headers.ts';
import { immutableAssets } from './scripts/vite-plugin-immutable-assets.ts';
import { serviceWorker } from './scripts/vite-plugin-service-worker.ts';
import { buildStamp } from './scripts/build-stamp.ts';

export default defineConfig({
  plugins: [
    svelte(),
    embeddedModels(import.meta.dirname),
    contentSecurityPolicyMeta(),
    immutableAssets(),
    // The service worker is written after the build (it lists the build's files); dev has none.
    serviceWorker(import.meta.dirname),
    // build-stamp.json: production or development, and from which sources (the measurement scripts check it).
    buildStamp(import.meta.dirname),
  ],
  // The dev server's policy also allows Vite's injected styles and its HMR WebSocket; preview serves the build.
  server: { headers: securityHeaders('dev') },
  preview: { headers: securityHeaders('production') },
  // With the default 'iife' format a build using 2 WASM threads hangs without an error.
  worker: { format: 'es' },
  // Pre-bundling onnxruntime-web breaks how it finds its .wasm files next to its module.
  // Listing the worker-only dependencies up front spares a full page reload the first time dev starts.
  // entries: the app's page only. By default the dependency scan reads every .html in the project, and
  // scripts/parity/page (transformers.js, installed on demand) and scripts/viewer-harness are pages of their own.
  optimizeDeps: {
    entries: ['index.html'],
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
