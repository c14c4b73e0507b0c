// Vite config of the value-viewer harness: its own root (this folder), so the app's `vite build` never
// sees it. Served by `npm run viewer-harness` and by tests/e2e/value-viewers.test.ts.
import { resolve } from 'node:path';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const repoRoot = resolve(import.meta.dirname, '../..');

export default defineConfig({
  root: import.meta.dirname,
  plugins: [svelte({ configFile: resolve(repoRoot, 'svelte.config.js') })],
  server: { port: 5180, strictPort: false, fs: { allow: [repoRoot] } },
  // Nothing to pre-bundle but svelte itself; skipping discovery avoids a reload mid-test.
  optimizeDeps: {
    noDiscovery: true,
    include: ['svelte', 'svelte/internal/client', 'svelte/internal/disclose-version'],
  },
  logLevel: 'warn',
});
